import { describe, expect, it } from "vitest";
import { runStatusOf, STALE_HEARTBEAT_MS } from "../../../../sim/execute/run/runStatus.ts";
import { MemoryRunStore } from "../../../helpers/memoryRunStore.ts";

const at = (iso: string) => ({ isoNow: () => iso, monotonicMs: () => 0, epochMs: () => Date.parse(iso) });

/** A store holding one run directory, /run, with these lines of events.jsonl and a heartbeat written at `heartbeatTime`. */
function runStore(events: string[], heartbeatTime?: string): MemoryRunStore {
  const files: Record<string, string> = { "events.jsonl": events.map((e) => e + "\n").join("") };
  if (heartbeatTime !== undefined) files["heartbeat.json"] = JSON.stringify({ time: heartbeatTime, status: "RUNNING", last_step: 7, steps: 10 });
  return new MemoryRunStore().put("/run", files);
}

const STARTED = '{"time":"2026-01-01T00:00:00.000Z","event":"STARTED"}';

describe("runStatusOf", () => {
  it("a terminal event decides, whatever the heartbeat", () => {
    expect(runStatusOf("/run", at("2026-01-01T00:00:00.000Z"), runStore([STARTED, '{"event":"COMPLETED","step":10}'], "2020-01-01T00:00:00.000Z"))).toEqual({ kind: "completed" });
    expect(runStatusOf("/run", at("2026-01-01T00:00:00.000Z"), runStore([STARTED, '{"event":"FAILED","reason":"interrupted by SIGINT"}']))).toEqual({
      kind: "failed",
      reason: "interrupted by SIGINT",
    });
  });

  it("no terminal event: running while the heartbeat is fresh, died once it is stale", () => {
    const store = runStore([STARTED, '{"event":"RUNNING","step":7}'], "2026-01-01T00:00:00.000Z");
    expect(runStatusOf("/run", at(new Date(Date.parse("2026-01-01T00:00:00.000Z") + STALE_HEARTBEAT_MS).toISOString()), store)).toEqual({ kind: "running", lastStep: 7 });
    expect(runStatusOf("/run", at(new Date(Date.parse("2026-01-01T00:00:00.000Z") + STALE_HEARTBEAT_MS + 1).toISOString()), store)).toEqual({
      kind: "died",
      lastStep: 7,
      lastSeen: "2026-01-01T00:00:00.000Z",
    });
  });

  it("no heartbeat at all and a torn last line: died, the torn line skipped", () => {
    expect(runStatusOf("/run", at("2026-01-01T00:00:00.000Z"), runStore([STARTED, '{"event":"RUNN']))).toEqual({ kind: "died", lastStep: undefined, lastSeen: undefined });
  });

  it("a torn heartbeat is judged by the events alone", () => {
    const store = runStore([STARTED, '{"event":"RUNNING","step":3}']).put("/run", { "heartbeat.json": '{"time":"2026-01-01T00:0' });
    expect(runStatusOf("/run", at("2026-01-01T00:00:01.000Z"), store)).toEqual({ kind: "died", lastStep: 3, lastSeen: undefined });
  });
});
