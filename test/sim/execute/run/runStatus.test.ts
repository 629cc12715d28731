import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runStatusOf, STALE_HEARTBEAT_MS } from "../../../../sim/execute/run/runStatus.ts";
import { tempDirsPerTest } from "../../../helpers/runCli.ts";

const tempDir = tempDirsPerTest("sim-run-status-");
const at = (iso: string) => ({ isoNow: () => iso, monotonicMs: () => 0, epochMs: () => Date.parse(iso) });

function runDir(events: string[], heartbeatTime?: string): string {
  const dir = join(tempDir(), "run");
  mkdirSync(dir);
  writeFileSync(join(dir, "events.jsonl"), events.map((e) => e + "\n").join(""));
  if (heartbeatTime !== undefined) writeFileSync(join(dir, "heartbeat.json"), JSON.stringify({ time: heartbeatTime, status: "RUNNING", last_step: 7, steps: 10 }));
  return dir;
}

const STARTED = '{"time":"2026-01-01T00:00:00.000Z","event":"STARTED"}';

describe("runStatusOf", () => {
  it("a terminal event decides, whatever the heartbeat", () => {
    expect(runStatusOf(runDir([STARTED, '{"event":"COMPLETED","step":10}'], "2020-01-01T00:00:00.000Z"), at("2026-01-01T00:00:00.000Z"))).toEqual({ kind: "completed" });
    expect(runStatusOf(runDir([STARTED, '{"event":"FAILED","reason":"interrupted by SIGINT"}']), at("2026-01-01T00:00:00.000Z"))).toEqual({ kind: "failed", reason: "interrupted by SIGINT" });
  });

  it("no terminal event: running while the heartbeat is fresh, died once it is stale", () => {
    const dir = runDir([STARTED, '{"event":"RUNNING","step":7}'], "2026-01-01T00:00:00.000Z");
    expect(runStatusOf(dir, at(new Date(Date.parse("2026-01-01T00:00:00.000Z") + STALE_HEARTBEAT_MS).toISOString()))).toEqual({ kind: "running", lastStep: 7 });
    expect(runStatusOf(dir, at(new Date(Date.parse("2026-01-01T00:00:00.000Z") + STALE_HEARTBEAT_MS + 1).toISOString()))).toEqual({
      kind: "died",
      lastStep: 7,
      lastSeen: "2026-01-01T00:00:00.000Z",
    });
  });

  it("no heartbeat at all and a torn last line: died, the torn line skipped", () => {
    expect(runStatusOf(runDir([STARTED, '{"event":"RUNN']), at("2026-01-01T00:00:00.000Z"))).toEqual({ kind: "died", lastStep: undefined, lastSeen: undefined });
  });
});
