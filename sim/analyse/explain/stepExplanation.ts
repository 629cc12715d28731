// What `sim explain` says about one step, as data: the active readers at the end of the
// step with the values the metrics read off them, the readers that give each extreme,
// and the step's exhausts, evictions, false evictions, wipes and resumes.
import type { EvictionMode } from "../../../src/ledger/evictionMode.ts";
import type { TraceEvent } from "../../../src/trace/traceEvent.ts";

/** The two trace events that count toward `ledger_wipe_count`. */
export type WipeEventKind = Extract<TraceEvent["kind"], "sweep" | "wipe">;

/** One active reader at the end of the explained step, with every value the metrics read off it. */
export interface ReaderView {
  readonly rank: number;
  readonly reader: string;
  readonly modality: string;
  readonly remainingPicks: number;
  readonly totalPicks: number;
  readonly remainingFraction: number;
  readonly stepsSincePick: number;
  /** The step it was last picked at, or null when it was not picked since it joined. */
  readonly lastPickedStep: number | null;
  readonly joinedStep: number;
}

/** The reader(s) that give an extreme value. */
export interface Extreme {
  readonly value: number;
  readonly readers: readonly ReaderView[];
}

export interface GroupName {
  readonly reader: string;
  /** The reader slice's rank (not the owner rank). */
  readonly rank: number;
  readonly group: number;
}

export interface EvictionView {
  readonly rank: number;
  readonly gid: number;
  readonly group?: GroupName;
  readonly mode: EvictionMode;
  /** The step the entry had last been stored at. */
  readonly lastStep: number;
}

export interface FalseEvictionView {
  readonly rank: number;
  readonly gid: number;
  readonly group?: GroupName;
  readonly mode: EvictionMode;
  /** When the earlier eviction happened and the entry's last store before it, when the trace has them. */
  readonly evictedAtStep?: number;
  readonly lastStepBeforeEviction?: number;
}

export interface StepExplanation {
  readonly step: number;
  readonly active: readonly ReaderView[];
  readonly stepsSincePickMax?: Extreme;
  readonly remainingMin?: Extreme;
  readonly remainingMax?: Extreme;
  readonly fractionMin?: Extreme;
  readonly fractionMax?: Extreme;
  readonly modalities: readonly { readonly modality: string; readonly readers: readonly ReaderView[] }[];
  readonly exhausts: readonly { readonly rank: number; readonly reader: string }[];
  readonly evictions: readonly EvictionView[];
  readonly falseEvictions: readonly FalseEvictionView[];
  readonly wipes: readonly { readonly rank: number; readonly kind: WipeEventKind; readonly removed: number }[];
  /** Every ledger's cumulative wipe count (since the last modeled resume), by owner rank. */
  readonly wipeCounts: readonly number[];
  readonly resumes: readonly { readonly rank: number; readonly dropped: readonly { reader: string; remaining_cells: number }[] }[];
  /** The step's metric values as the engine computed them (the row without `step`). */
  readonly values: Readonly<Record<string, number>>;
}
