import { describe, expect, it } from "vitest";
import { parseTrace } from "../../../../sim/input/trace/parseTrace.ts";
import { formatTraceEvent } from "../../../../sim/input/trace/traceLine.ts";
import { FIXTURE_NAMES } from "../../execute/run/fixtureScenarios.ts";
import { tracedRun } from "./traceHelpers.ts";

describe("trace.jsonl", () => {
  it("starts with the run header and has every event kind with step first", async () => {
    const { trace } = await tracedRun("nested_modality_resume");
    expect(trace.header).toMatchObject({ kind: "run", world_size: 4, steps: 40, ledger: { capacity: 5, wipe_mode: "periodic_stale", stale_threshold: 3, wipe_interval: 2 } });
    const kinds = new Set(trace.events.map((e) => e.kind));
    for (const kind of ["epoch_start", "pick", "exhaust", "refill", "store", "evict", "false_evict", "sweep", "resume"]) expect(kinds).toContain(kind);
    const full = await tracedRun("direct_stream_full_wipe");
    expect(new Set(full.trace.events.map((e) => e.kind))).toContain("wipe");
  });

  it("formats keys in a stable order: step, kind, rank, then the rest sorted", () => {
    expect(formatTraceEvent({ rank: 2, step: 7, gid: 5, kind: "evict", mode: "lru", last_step: 3 } as never)).toBe(
      '{"step":7,"kind":"evict","rank":2,"gid":5,"last_step":3,"mode":"lru"}',
    );
  });

  it("is identical across two runs of each fixture", async () => {
    for (const name of FIXTURE_NAMES) {
      const a = await tracedRun(name, 30);
      const b = await tracedRun(name, 31);
      expect(JSON.stringify(b.trace.events.filter((e) => e.step <= 30))).toBe(JSON.stringify(a.trace.events));
    }
  });

  it("refuses an invalid line naming the file and line", () => {
    const good = '{"step":1,"rank":0,"gid":3}\n';
    expect(() => parseTrace(good + '{"step":2,"rank":0}\n', "t.jsonl")).toThrow(/^t\.jsonl:2: invalid trace line: "gid" must be an integer >= 0/);
    expect(() => parseTrace(good + good + "{not json\n", "t.jsonl")).toThrow(/^t\.jsonl:3: invalid trace line: not JSON/);
    expect(() => parseTrace('{"step":2,"rank":0,"gid":1}\n' + good, "t.jsonl")).toThrow(/^t\.jsonl:2: .*steps must not decrease/);
    expect(() => parseTrace('{"step":0,"rank":0,"gid":1}\n', "t.jsonl")).toThrow(/^t\.jsonl:1: .*"step" must be an integer >= 1/);
    expect(() => parseTrace(good + '{"step":1,"kind":"bogus","rank":0}\n', "t.jsonl")).toThrow(/^t\.jsonl:2: .*unknown "kind" "bogus"/);
  });

  it("reads the minimal recorded format", () => {
    const trace = parseTrace('{"step":1,"rank":1,"gid":3}\n{"step":4,"kind":"resume"}\n{"step":4,"rank":0,"gid":2}\n', "t.jsonl");
    expect(trace.header).toBeUndefined();
    expect(trace.events.map((e) => e.kind)).toEqual(["store", "resume", "store"]);
  });
});
