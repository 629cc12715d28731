import { describe, expect, it } from "vitest";
import { findRuns } from "../../../../sim/execute/sweep/findRuns.ts";
import { MemoryRunStore } from "../../../helpers/memoryRunStore.ts";
import { completedRun, scenarioHashOf } from "./sweepFixtures.ts";

describe("findRuns", () => {
  it("reads a completed run's identity and result, and says in words why another did not complete", () => {
    const store = new MemoryRunStore()
      .put("/s/a", completedRun("a"))
      .put("/s/b", { "events.jsonl": '{"event":"STARTED"}\n{"event":"FAILED","step":4,"reason":"out of memory"}\n' })
      .put("/s/c", { "events.jsonl": '{"event":"STARTED"}\n{"event":"RUNNING","step":2}\n{"event":"RUNN' })
      .put("/s/d", { ...completedRun("d"), "artifacts.json": '{"format_version":3' })
      .put("/s/e", { "artifacts.json": "{}" });
    const runs = findRuns("/s", store);
    expect(runs.map((run) => run.path)).toEqual(["a", "b", "c", "d", "e"]);
    expect(runs[0]).toMatchObject({ sweepDir: "/s", absolute: "/s/a", completed: true, scenarioSha256: scenarioHashOf("a"), steps: 10 });
    expect(runs.slice(1).map((run) => [run.completed, run.failure])).toEqual([
      [false, "FAILED at step 4: out of memory"],
      [false, "RUNNING but never COMPLETED (its worker was killed, or it is still running)"],
      [false, "events.jsonl records COMPLETED but artifacts.json is missing or broken"],
      [false, "no lifecycle events (events.jsonl is missing or empty)"],
    ]);
  });

  it("names a completed run whose metrics no longer match artifacts.json damaged, not complete", () => {
    const store = new MemoryRunStore().put("/s/a", { ...completedRun("a"), "metrics.jsonl": '{"step":1,"loss":9}\n' });
    expect(findRuns("/s", store)).toEqual([
      { sweepDir: "/s", path: "a", absolute: "/s/a", completed: false, failure: "damaged: /s/a/metrics.jsonl does not match artifacts.json's metrics_sha256", damaged: true },
    ]);
  });

  it("looks up to four levels down, not inside a run directory or snapshots/, and finds nothing under a missing directory", () => {
    const store = new MemoryRunStore()
      .put("/s/x/y/z/a", completedRun("a"))
      .put("/s/x/y/z/w/b", completedRun("b"))
      .put("/s/a2", completedRun("a"))
      .put("/s/a2/inner", completedRun("c"))
      .put("/s/snapshots/c", completedRun("c"));
    expect(findRuns("/s", store).map((run) => run.path)).toEqual(["a2", "x/y/z/a"]);
    expect(findRuns("/elsewhere", store)).toEqual([]);
  });
});
