import type { ModelConfig, WipeMode } from "../../../src/config/modelConfig.ts";
import { ledgerSettingsOf } from "../../../src/ledger/ledgerSettings.ts";
import type { StreamSpec } from "../../../src/streamMixing/streamSpec.ts";

/** The ledger settings a trace was recorded with; ledger replay defaults to them. */
export interface TraceLedgerSettings {
  readonly capacity: number;
  readonly wipe_mode: WipeMode;
  readonly wipe_interval: number;
  readonly stale_threshold: number;
  readonly recently_evicted_capacity: number;
  readonly group_cells: number;
}

/**
 * The first line of a harness trace: what was run, so that `sim explain` can rebuild
 * the readers' slices and `sim ledger-replay` can default to the run's own ledger.
 */
export interface TraceHeader {
  readonly kind: "run";
  readonly format_version: number;
  readonly harness_version: string;
  readonly scenario: string;
  readonly seed: number;
  readonly world_size: number;
  readonly steps: number;
  readonly batches_per_step: number;
  readonly num_streams_mixed: number;
  readonly resume: { readonly at_step: number; readonly num_streams_mixed: number } | null;
  readonly ledger: TraceLedgerSettings;
  /** Every stream in declaration order, with its resolved cell count (ranges already drawn). */
  readonly streams: readonly { readonly name: string; readonly modality: string; readonly cells: number; readonly bs: number }[];
}

export const TRACE_FORMAT_VERSION = 1;

export function buildTraceHeader(args: { scenario: string; steps: number; harnessVersion: string; model: ModelConfig; streams: readonly StreamSpec[] }): TraceHeader {
  const { model } = args;
  // The engine's own defaults for the two optional settings.
  const settings = ledgerSettingsOf(model.ledger);
  return {
    kind: "run",
    format_version: TRACE_FORMAT_VERSION,
    harness_version: args.harnessVersion,
    scenario: args.scenario,
    seed: model.seed,
    world_size: model.world_size,
    steps: args.steps,
    batches_per_step: model.batches_per_step,
    num_streams_mixed: model.dataset.num_streams_mixed,
    resume: model.resume === undefined ? null : { at_step: model.resume.at_step, num_streams_mixed: model.resume.num_streams_mixed },
    ledger: {
      capacity: model.ledger.capacity,
      wipe_mode: model.ledger.wipe_mode,
      wipe_interval: settings.wipeIntervalSteps,
      stale_threshold: settings.staleThresholdSteps,
      recently_evicted_capacity: model.ledger.recently_evicted_capacity,
      group_cells: model.ledger.group_cells,
    },
    streams: args.streams.map((s) => ({ name: s.name, modality: s.modality, cells: s.cells, bs: s.bs })),
  };
}
