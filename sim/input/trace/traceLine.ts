import type { StampedTraceEvent } from "../../../src/engine/engine.ts";

/** Orders fields by name as Array.prototype.sort orders their names (UTF-16 code units). */
function byName(a: readonly [string, unknown], b: readonly [string, unknown]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

/**
 * One trace event as a JSON line with a stable key order: `step`, `kind`, `rank`, then
 * the event's other fields sorted by name. Two runs of one scenario give equal bytes.
 */
export function formatTraceEvent(event: StampedTraceEvent): string {
  const rest = Object.entries(event)
    .filter(([key]) => key !== "step" && key !== "kind" && key !== "rank")
    .sort(byName);
  const parts = [`"step":${JSON.stringify(event.step)}`, `"kind":${JSON.stringify(event.kind)}`, `"rank":${JSON.stringify(event.rank)}`];
  for (const [key, value] of rest) parts.push(`${JSON.stringify(key)}:${JSON.stringify(value)}`);
  return `{${parts.join(",")}}`;
}
