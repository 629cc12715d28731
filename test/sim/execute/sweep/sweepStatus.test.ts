import { describe, expect, it } from "vitest";
import { formatSweepStatus, readManifests, sweepStatus } from "../../../../sim/execute/sweep/sweepStatus.ts";
import { sha256Of } from "../../../helpers/memoryRunStore.ts";
import { MemorySweepStore } from "../../../helpers/memorySweepStore.ts";
import { completedRun, manifestOf } from "./sweepFixtures.ts";

/** A sweep directory /s with sweep.json of configs a, b, c and the runs given. */
function sweepWith(runs: Record<string, Record<string, string>>): MemorySweepStore {
  const store = new MemorySweepStore();
  store.manifests.set("/s", manifestOf());
  for (const [path, files] of Object.entries(runs)) store.runs.put(`/s/${path}`, files);
  return store;
}

/** Each config's problems as "kind: detail", by config. */
function problemsOf(store: MemorySweepStore, dirs: readonly string[] = ["/s"]): Record<string, string[]> {
  const status = sweepStatus(store, dirs);
  return Object.fromEntries(status.configs.map((state) => [state.config.name, state.problems.map((p) => `${p.kind}: ${p.detail}`)]));
}

describe("sweepStatus", () => {
  it("is complete when every config has exactly one completed run in place", () => {
    const status = sweepStatus(sweepWith({ a: completedRun("a"), b: completedRun("b"), c: completedRun("c") }), ["/s"]);
    expect(status.complete).toBe(true);
    expect(status.configs.map((state) => state.run?.absolute)).toEqual(["/s/a", "/s/b", "/s/c"]);
    expect(formatSweepStatus(status)).toMatch(/: complete: all 3 configs have exactly one completed run in place\n$/);
  });

  it("names missing, failed and damaged configs", () => {
    const store = sweepWith({ a: completedRun("a"), b: { "events.jsonl": '{"event":"FAILED","step":2,"reason":"boom"}\n' }, c: { ...completedRun("c"), "metrics.jsonl": "" } });
    store.runs.files.delete("/s/a/events.jsonl");
    store.runs.files.delete("/s/a/artifacts.json");
    expect(problemsOf(store)).toEqual({
      a: ["missing: no run at /s/a"],
      b: ["failed: /s/b: FAILED at step 2: boom"],
      c: ["damaged: /s/c: damaged: /s/c/metrics.jsonl does not match artifacts.json's metrics_sha256"],
    });
    expect(formatSweepStatus(sweepStatus(store, ["/s"]))).toMatch(/incomplete: 0 of 3 configs complete; 1 missing, 1 failed, 1 damaged\n$/);
  });

  it("names a run out of its place misrouted, a config run twice duplicated, and a run of no config a stray", () => {
    const store = sweepWith({ a: completedRun("b"), "b-copy": completedRun("b"), c: completedRun("c"), elsewhere: completedRun("z") });
    expect(problemsOf(store)).toEqual({
      a: ["misrouted: its destination /s/a holds the run of config b"],
      b: [
        "misrouted: its completed run is at /s/a, outside its destination /s/b",
        "misrouted: its completed run is at /s/b-copy, outside its destination /s/b",
        "duplicated: 2 completed runs: /s/a, /s/b-copy",
      ],
      c: [],
    });
    expect(sweepStatus(store, ["/s"]).strays.map((run) => run.absolute)).toEqual(["/s/elsewhere"]);
  });

  it("checks only the named configs, and a shard of them", () => {
    const store = sweepWith({ a: completedRun("a") });
    expect(sweepStatus(store, ["/s"], undefined, new Set(["a", "c"])).configs.map((state) => state.config.name)).toEqual(["a", "c"]);
    const shards = [1, 2].map((index) => sweepStatus(store, ["/s"], { index, count: 2 }).configs.map((state) => state.config.name));
    expect(shards.flat().sort()).toEqual(["a", "b", "c"]);
  });
});

describe("readManifests", () => {
  it("refuses one directory named twice, directories of different sweeps, and no directory at all", () => {
    const store = new MemorySweepStore();
    store.manifests.set("/s", manifestOf());
    store.manifests.set("/t", manifestOf(["a", "b", "c"], sha256Of("another sweep")));
    store.links.set("/link", "/s");
    expect(() => readManifests(store, ["/s", "/link"])).toThrow("/link: the same directory as /s, named twice");
    expect(() => readManifests(store, ["/s", "/t"])).toThrow("/t/sweep.json is of another sweep than /s/sweep.json");
    expect(() => readManifests(store, [])).toThrow("name at least one sweep directory");
  });
});
