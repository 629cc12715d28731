import type { ModelConfig } from "../../../../src/config/modelConfig.ts";
import type { ResolvedStreams } from "../../../../src/streamMixing/streamSpec.ts";
import type { RecordedStep } from "../recordRun.ts";

/**
 * One invariant of the model, checked from outside the engine on every step of a
 * recorded run (rows, per-rank rows and trace events). `observe` sees the steps in
 * order and may keep state across them; it returns a sentence naming the step (and the
 * rank) when the invariant breaks, else undefined.
 */
export interface Invariant {
  /** Stable id, named in failure reports and in docs/swarm.md. */
  readonly id: string;
  observe(step: RecordedStep): string | undefined;
}

/** What every invariant may know of the run besides its steps. */
export interface InvariantContext {
  readonly model: ModelConfig;
  /** The streams as resolved for the run (cell ranges drawn), as its trace header records them. */
  readonly streams: ResolvedStreams;
}

/** K in force at `step`: the resumed K from the resume step on. */
export function numStreamsMixedAt(model: ModelConfig, step: number): number {
  const resume = model.resume;
  return resume !== undefined && step >= resume.at_step ? resume.num_streams_mixed : model.dataset.num_streams_mixed;
}

/** The first step of the current ledger life: a modeled resume rebuilds every ledger at its step. */
export function ledgerBirthStep(model: ModelConfig, step: number): number {
  const resume = model.resume;
  return resume !== undefined && step >= resume.at_step ? resume.at_step : 1;
}
