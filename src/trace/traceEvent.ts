import type { EvictionMode } from "../ledger/evictionMode.ts";

/**
 * Model events, as the model reports them to an optional sink. They carry the rank
 * they happened on; the engine stamps the step. Names follow the plan's vocabulary.
 * `rank` is the dataset's rank for dataset events and the owner rank for ledger events.
 */
export type TraceEvent =
  | { readonly kind: "epoch_start"; readonly rank: number; readonly epoch: number; readonly pool: readonly string[] }
  | { readonly kind: "pick"; readonly rank: number; readonly reader: string; readonly takes: readonly { readonly reader: string; readonly cells: number }[] }
  | { readonly kind: "exhaust"; readonly rank: number; readonly reader: string }
  | { readonly kind: "refill"; readonly rank: number; readonly reader: string; readonly slot: number }
  | { readonly kind: "store"; readonly rank: number; readonly gid: number; readonly fresh: boolean; readonly prev_step: number | null }
  | { readonly kind: "evict"; readonly rank: number; readonly gid: number; readonly mode: EvictionMode; readonly last_step: number }
  | { readonly kind: "false_evict"; readonly rank: number; readonly gid: number; readonly mode: EvictionMode }
  | { readonly kind: "sweep"; readonly rank: number; readonly removed: number }
  | { readonly kind: "wipe"; readonly rank: number; readonly removed: number }
  | {
      readonly kind: "resume";
      readonly rank: number;
      readonly num_streams_mixed: number;
      readonly dropped: readonly { readonly reader: string; readonly remaining_cells: number }[];
    };

/** Every event kind, in the order the table in docs/runs-and-replay.md lists them; parsers check against it. */
export const TRACE_EVENT_KINDS = ["epoch_start", "pick", "exhaust", "refill", "store", "evict", "false_evict", "sweep", "wipe", "resume"] as const;
export type TraceEventKind = (typeof TRACE_EVENT_KINDS)[number];
// Fails to compile when the list and the union disagree in either direction.
const _KINDS_MATCH_EVENTS: [TraceEventKind, TraceEvent["kind"]] extends [TraceEvent["kind"], TraceEventKind] ? true : never = true;
void _KINDS_MATCH_EVENTS;

export type TraceSink = (event: TraceEvent) => void;

/** Where the model's log lines go (the Python stack's `logger`); the harness owns the output. */
export type LogSink = (level: "INFO" | "WARNING", message: string) => void;
