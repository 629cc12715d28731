import { UserError } from "../../src/errors.ts";
import type { StampedTraceEvent } from "../../src/engine/engine.ts";
import { TRACE_EVENT_KINDS } from "../../src/trace/traceEvent.ts";
import type { TraceHeader } from "./traceHeader.ts";

/** A trace file after parsing: the harness header when there is one, then the events in file order. */
export interface ParsedTrace {
  readonly file: string;
  readonly header?: TraceHeader;
  readonly events: readonly StampedTraceEvent[];
}

const KNOWN_KINDS: ReadonlySet<string> = new Set(TRACE_EVENT_KINDS);

function isNonNegativeInt(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

/**
 * Parses a trace: a harness trace (a `{"kind":"run",...}` header, then stamped model
 * events) or a recorded trace from a real run in the minimal format, one
 * `{"step": n, "rank": r, "gid": g}` store per line (rank = the owner rank). A minimal
 * line may also be `{"step": n, "kind": "resume"}` (every ledger restarts empty). Steps
 * must never decrease. Any invalid line is a UserError naming the file and line.
 */
export function parseTrace(text: string, file: string): ParsedTrace {
  const lines = text.split("\n");
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  let header: TraceHeader | undefined;
  const events: StampedTraceEvent[] = [];
  let lastStep = 0;
  lines.forEach((line, i) => {
    const lineNo = i + 1;
    const fail = (why: string): never => {
      throw new UserError(`${file}:${lineNo}: invalid trace line: ${why}\n  ${line.length > 200 ? line.slice(0, 200) + "..." : line}`);
    };
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      fail(`not JSON (${(error as Error).message})`);
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) fail("expected a JSON object");
    const record = value as Record<string, unknown>;
    if (record.kind === "run") {
      if (lineNo !== 1) fail('a "run" header may only be the first line');
      if (!isNonNegativeInt(record.world_size) || typeof record.ledger !== "object" || !Array.isArray(record.streams)) {
        fail('the "run" header needs world_size, ledger and streams');
      }
      header = record as unknown as TraceHeader;
      return;
    }
    if (!isNonNegativeInt(record.step) || record.step < 1) fail(`"step" must be an integer >= 1, got ${JSON.stringify(record.step)}`);
    const step = record.step as number;
    if (step < lastStep) fail(`step ${step} comes after step ${lastStep}; steps must not decrease`);
    lastStep = step;
    if (record.kind === undefined) {
      if (!isNonNegativeInt(record.rank)) fail(`"rank" must be an integer >= 0, got ${JSON.stringify(record.rank)}`);
      if (!isNonNegativeInt(record.gid)) fail(`"gid" must be an integer >= 0, got ${JSON.stringify(record.gid)}`);
      // A minimal store line does not say whether the write was fresh; replay recomputes it.
      events.push({ step, kind: "store", rank: record.rank as number, gid: record.gid as number, fresh: false, prev_step: null });
      return;
    }
    if (typeof record.kind !== "string" || !KNOWN_KINDS.has(record.kind)) fail(`unknown "kind" ${JSON.stringify(record.kind)}`);
    if (record.kind === "resume" && header === undefined && record.rank === undefined) {
      events.push({ step, kind: "resume", rank: 0, num_streams_mixed: 0, dropped: [] });
      return;
    }
    if (!isNonNegativeInt(record.rank)) fail(`"rank" must be an integer >= 0, got ${JSON.stringify(record.rank)}`);
    if ((record.kind === "store" || record.kind === "evict" || record.kind === "false_evict") && !isNonNegativeInt(record.gid)) {
      fail(`"gid" must be an integer >= 0, got ${JSON.stringify(record.gid)}`);
    }
    events.push(record as unknown as StampedTraceEvent);
  });
  return header === undefined ? { file, events } : { file, header, events };
}
