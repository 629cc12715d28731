import { simulateRows } from "../../../src/engine/simulate.ts";
import type { MetricsRow } from "../../../src/engine/metricsRow.ts";
import type { Scenario } from "../../input/scenario/scenario.ts";
import { RowFormatter } from "../../format/jsonl.ts";
import { writtenRowsOf } from "../../format/writtenSteps.ts";
import { type RunDigest, wandbRunDigest } from "./wandbRunDigest.ts";

export interface DeterminismAudit {
  readonly identical: boolean;
  /** The step of the first row that differs (a missing row counts as different). */
  readonly firstDifferentStep?: number;
  /** Set when the rows agree but the W&B offline runs written from them do not (wandbRunDigest.ts). */
  readonly differingOutput?: "wandb/";
}

/** Runs a scenario once more from step 1, in memory, a row at a time (tests inject one that diverges). */
export type ScenarioRerun = (scenario: Scenario) => Iterable<MetricsRow>;

export const engineRerun: ScenarioRerun = (scenario) => writtenRowsOf(simulateRows(scenario.model, scenario.steps), { every: scenario.metricsEvery, lastStep: scenario.steps });

/** An audit fed a run a row at a time (the check's one pass feeds it; tests inject one). */
export interface RunAudit {
  /** The run's next row. */
  push(row: MetricsRow): void;
  /** The verdict, once every row is pushed. */
  finish(): DeterminismAudit;
  /** Ends the audit early (the check failed or stopped), leaving no file behind; safe to call at any time, and again. */
  discard(): void;
}

/**
 * The determinism audit of `sim check --twice`, fed the check's own run a row at a time:
 * each row is held against the same row of one more run of the scenario in this process,
 * made in step with it, as canonical text (the bytes metrics.jsonl and golden files hold),
 * and the first row that differs is the step at which the two runs diverged; the second
 * run is not made past it. While the rows agree, each run's rows also go to the W&B
 * offline run written from them (wandbRunDigest.ts), whose bytes must agree too, so that a
 * writer that read the clock is caught. Memory holds a row of each run, never a run.
 */
export class DeterminismAuditor implements RunAudit {
  private readonly second: Iterator<MetricsRow>;
  private readonly firstText = new RowFormatter();
  private readonly secondText = new RowFormatter();
  private readonly digests: readonly [ReturnType<RunDigest>, ReturnType<RunDigest>];
  private firstDifferentStep: number | undefined;
  private ended = false;

  constructor(scenario: Scenario, rerun: ScenarioRerun = engineRerun, runDigest: RunDigest = wandbRunDigest) {
    this.second = rerun(scenario)[Symbol.iterator]();
    const first = runDigest(scenario);
    try {
      this.digests = [first, runDigest(scenario)];
    } catch (error) {
      first.discard();
      throw error;
    }
  }

  push(row: MetricsRow): void {
    if (this.firstDifferentStep !== undefined) return;
    const other = this.second.next();
    if (other.done === true || this.firstText.format(row) !== this.secondText.format(other.value)) {
      this.diverged(row.step);
      return;
    }
    this.digests[0].writeRow(row);
    this.digests[1].writeRow(other.value);
  }

  /** The audit's files are gone after it. */
  finish(): DeterminismAudit {
    try {
      if (this.firstDifferentStep === undefined) {
        const extra = this.second.next();
        if (extra.done !== true) this.diverged(extra.value.step);
      }
      if (this.firstDifferentStep !== undefined) return { identical: false, firstDifferentStep: this.firstDifferentStep };
      // The rows agree: so must the W&B offline runs written from them (the fixed clock's; `--wall-time now` runs differ by design).
      const [first, second] = this.digests;
      if (first.digest() !== second.digest()) return { identical: false, differingOutput: "wandb/" };
      return { identical: true };
    } finally {
      this.discard();
    }
  }

  /** Stops the second run and removes the audit's files. */
  discard(): void {
    if (this.ended) return;
    this.ended = true;
    this.second.return?.();
    for (const digest of this.digests) digest.discard();
  }

  private diverged(step: number): void {
    this.firstDifferentStep = step;
    // Nothing after the first difference is compared: the second run stops here.
    this.second.return?.();
  }
}

/** The audit of a whole run at hand: `firstRun`'s rows pushed through a DeterminismAuditor. */
export function auditDeterminism(scenario: Scenario, firstRun: Iterable<MetricsRow>, rerun: ScenarioRerun = engineRerun, runDigest: RunDigest = wandbRunDigest): DeterminismAudit {
  const auditor = new DeterminismAuditor(scenario, rerun, runDigest);
  try {
    for (const row of firstRun) auditor.push(row);
    return auditor.finish();
  } finally {
    auditor.discard();
  }
}
