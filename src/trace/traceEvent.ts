/**
 * Model events, as the model reports them to an optional sink. They carry the rank
 * they happened on; the engine stamps the step. Names follow the plan's vocabulary.
 * `rank` is the dataset's rank for dataset events and the owner rank for ledger events.
 */
export type EvictionModeName = "lru" | "stale";

export type TraceEvent =
  | { readonly kind: "epoch_start"; readonly rank: number; readonly epoch: number; readonly pool: readonly string[] }
  | { readonly kind: "pick"; readonly rank: number; readonly reader: string; readonly takes: readonly { readonly reader: string; readonly cells: number }[] }
  | { readonly kind: "exhaust"; readonly rank: number; readonly reader: string }
  | { readonly kind: "refill"; readonly rank: number; readonly reader: string; readonly slot: number }
  | { readonly kind: "store"; readonly rank: number; readonly gid: number; readonly fresh: boolean; readonly prev_step: number | null }
  | { readonly kind: "evict"; readonly rank: number; readonly gid: number; readonly mode: EvictionModeName; readonly last_step: number }
  | { readonly kind: "false_evict"; readonly rank: number; readonly gid: number; readonly mode: EvictionModeName }
  | { readonly kind: "sweep"; readonly rank: number; readonly removed: number }
  | { readonly kind: "wipe"; readonly rank: number; readonly removed: number }
  | {
      readonly kind: "resume";
      readonly rank: number;
      readonly num_streams_mixed: number;
      readonly dropped: readonly { readonly reader: string; readonly remaining_cells: number }[];
    };

export type TraceSink = (event: TraceEvent) => void;

/** Where the model's log lines go (the Python stack's `logger`); the harness owns the output. */
export type LogSink = (level: "INFO" | "WARNING", message: string) => void;
