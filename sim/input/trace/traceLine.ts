import type { StampedTraceEvent } from "../../../src/engine/engine.ts";

/**
 * One trace event as a JSON line with a stable key order: `step`, `kind`, `rank`, then
 * the event's other fields sorted by name. Two runs of one scenario give equal bytes.
 */
export function formatTraceEvent(event: StampedTraceEvent): string {
  const record = event as unknown as Record<string, unknown>;
  const rest = Object.keys(record)
    .filter((k) => k !== "step" && k !== "kind" && k !== "rank")
    .sort();
  const parts = [`"step":${JSON.stringify(event.step)}`, `"kind":${JSON.stringify(event.kind)}`, `"rank":${JSON.stringify(event.rank)}`];
  for (const key of rest) parts.push(`${JSON.stringify(key)}:${JSON.stringify(record[key])}`);
  return `{${parts.join(",")}}`;
}
