import type { ErrorObject } from "ajv";
import { UserError } from "../../../src/errors.ts";
import type { StampedTraceEvent } from "../../../src/engine/engine.ts";
import type { TraceEventKind } from "../../../src/trace/traceEvent.ts";
import { describeJsonError } from "../../io/jsonError.ts";
import { type Line, linesOfFile, linesOfText } from "../../io/lineReader.ts";
import { quoteLine } from "../../io/showText.ts";
import { atMostLimit, LIMITS } from "../../limits.ts";
import type { SchemaCheck } from "../jsonSchemaFields.ts";
import { recordSchemaProblems } from "../scenario/schemaErrors.ts";
import type { TraceHeader } from "./traceHeader.ts";
import { validateMinimalStore, validateTraceEvent, validateTraceHeader } from "./traceSchema.ts";

/** A trace file after parsing: the harness header when there is one, then the events in file order. */
export interface ParsedTrace {
  readonly file: string;
  readonly header?: TraceHeader;
  readonly events: readonly StampedTraceEvent[];
}

function isNonNegativeInt(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

/** ajv's errors for one line as one phrase: "takes has the wrong type: expected an array, but got "oops" (a string)". */
function schemaProblem(errors: readonly ErrorObject[] | null | undefined, record: unknown): string {
  return recordSchemaProblems(errors, record).join("; ");
}

/** One line of a trace, read: the harness header, or a model event. */
export type TraceItem = { readonly header: TraceHeader; readonly event?: undefined } | { readonly header?: undefined; readonly event: StampedTraceEvent };

/**
 * Parses a trace held in memory (a swarm's recorded run); traceItemsOf reads the same
 * lines from a file one at a time.
 */
export function parseTrace(text: string, file: string): ParsedTrace {
  return collectTrace(traceItemsOf(linesOfText(text), file), file);
}

/** A trace file's items, streamed: memory holds one line however long the run. */
export function readTraceItems(path: string, shown: string, kind = "trace"): Generator<TraceItem, void, undefined> {
  return traceItemsOf(linesOfFile(path, { shown, kind }), shown);
}

/** All of a trace's items as a ParsedTrace (what ledger replay works on). */
export function collectTrace(items: Iterable<TraceItem>, file: string): ParsedTrace {
  let header: TraceHeader | undefined;
  const events: StampedTraceEvent[] = [];
  for (const item of items) {
    if (item.header !== undefined) header = item.header;
    else events.push(item.event);
  }
  return header === undefined ? { file, events } : { file, header, events };
}

/**
 * Reads a trace: a harness trace (a `{"kind":"run",...}` header, then stamped model
 * events) or a recorded trace from a real run in the minimal format, one
 * `{"step": n, "rank": r, "gid": g}` store per line (rank = the owner rank). A minimal
 * line may also be `{"step": n, "kind": "resume"}` (every ledger restarts empty). Steps
 * must never decrease. Every line is checked against its kind's schema (traceSchema.ts)
 * and, in a harness trace, against the header: ranks below its world size, readers among
 * its streams, refill slots below K, steps within its run. Any invalid line is a
 * UserError naming the file, the line and the field. Items come one line at a time.
 */
export function* traceItemsOf(lines: Iterable<Line>, file: string): Generator<TraceItem, void, undefined> {
  let header: TraceHeader | undefined;
  let streamNames: Set<string> | undefined;
  let maxSlot = 0;
  let lastStep = 0;
  for (const { text: line, number: lineNo } of lines) {
    const fail = (why: string): never => {
      throw new UserError(`${file}:${lineNo}: invalid trace line: ${why}\n  ${quoteLine(line)}`);
    };
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      fail(`not JSON (${describeJsonError(line, error).reason})`);
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) fail("expected a JSON object");
    const record = value as Record<string, unknown>;
    if (record.kind === "run") {
      if (lineNo !== 1) fail('a "run" header may only be the first line');
      if (!isNonNegativeInt(record.world_size) || typeof record.ledger !== "object" || !Array.isArray(record.streams)) {
        fail('the "run" header needs world_size, ledger and streams');
      }
      if (!validateTraceHeader(record)) return fail(`the "run" header: ${schemaProblem(validateTraceHeader.errors, record)}`);
      header = record;
      streamNames = new Set(header.streams.map((s) => s.name));
      if (streamNames.size !== header.streams.length) fail('the "run" header names a stream twice');
      maxSlot = Math.max(header.num_streams_mixed, header.resume?.num_streams_mixed ?? 0) - 1;
      yield { header };
      continue;
    }
    if (!isNonNegativeInt(record.step) || record.step < 1) fail(`"step" must be an integer >= 1, got ${JSON.stringify(record.step)}`);
    const step = record.step as number;
    if (step > LIMITS.steps) fail(`"step" ${step}: expected ${atMostLimit("steps")}`);
    if (header !== undefined && step > header.steps) fail(`"step" ${step} is past the run's last step ${header.steps} (the header's "steps")`);
    if (step < lastStep) fail(`step ${step} comes after step ${lastStep}; steps must not decrease`);
    lastStep = step;
    if (record.kind === undefined) {
      if (!isNonNegativeInt(record.rank)) fail(`"rank" must be an integer >= 0, got ${JSON.stringify(record.rank)}`);
      if (!isNonNegativeInt(record.gid)) fail(`"gid" must be an integer >= 0, got ${JSON.stringify(record.gid)}`);
      if ((record.rank as number) >= LIMITS.worldSize) fail(`"rank" ${String(record.rank)}: ranks count from 0 and the world size is ${atMostLimit("worldSize")}`);
      if (!validateMinimalStore(record)) fail(schemaProblem(validateMinimalStore.errors, record));
      if (header !== undefined && (record.rank as number) >= header.world_size) fail(`"rank" ${String(record.rank)} is not a rank of the run's world size ${header.world_size}`);
      // A minimal store line does not say whether the write was fresh; replay recomputes it.
      yield { event: { step, kind: "store", rank: record.rank as number, gid: record.gid as number, fresh: false, prev_step: null } };
      continue;
    }
    if (typeof record.kind !== "string" || !Object.hasOwn(validateTraceEvent, record.kind)) fail(`unknown "kind" ${JSON.stringify(record.kind)}`);
    const kind = record.kind as TraceEventKind;
    if (kind === "resume" && header === undefined && record.rank === undefined) {
      yield { event: { step, kind: "resume", rank: 0, num_streams_mixed: 0, dropped: [] } };
      continue;
    }
    if (!isNonNegativeInt(record.rank)) fail(`"rank" must be an integer >= 0, got ${JSON.stringify(record.rank)}`);
    if ((kind === "store" || kind === "evict" || kind === "false_evict") && !isNonNegativeInt(record.gid)) {
      fail(`"gid" must be an integer >= 0, got ${JSON.stringify(record.gid)}`);
    }
    const validate: SchemaCheck<StampedTraceEvent> = validateTraceEvent[kind];
    if (!validate(record)) return fail(schemaProblem(validate.errors, record));
    if (header !== undefined) checkAgainstHeader(record, header, streamNames as Set<string>, maxSlot, fail);
    yield { event: record };
  }
}

/** The checks of a schema-valid event against its run: the rank, the readers it names and the slot it fills. */
function checkAgainstHeader(record: Record<string, unknown>, header: TraceHeader, streams: ReadonlySet<string>, maxSlot: number, fail: (why: string) => never): void {
  if ((record.rank as number) >= header.world_size) fail(`"rank" ${String(record.rank)} is not a rank of the run's world size ${header.world_size}`);
  const known = (field: string, name: unknown): void => {
    if (!streams.has(name as string)) fail(`${field} ${JSON.stringify(name)} is not a stream of the run (the header's "streams")`);
  };
  if (typeof record.reader === "string") known('"reader"', record.reader);
  for (const [i, take] of ((record.takes as { reader: string }[] | undefined) ?? []).entries()) known(`"takes"[${i}].reader`, take.reader);
  for (const [i, drop] of ((record.dropped as { reader: string }[] | undefined) ?? []).entries()) known(`"dropped"[${i}].reader`, drop.reader);
  for (const [i, name] of ((record.pool as string[] | undefined) ?? []).entries()) known(`"pool"[${i}]`, name);
  if (typeof record.slot === "number" && record.slot > maxSlot) fail(`"slot" ${record.slot}: the run mixes at most ${maxSlot + 1} readers (slots 0..${maxSlot})`);
}
