import { describe, expect, it } from "vitest";
import { UserError } from "../../../../src/errors.ts";
import { mergeSweeps } from "../../../../sim/execute/sweep/mergeSweeps.ts";
import { MemorySweepStore } from "../../../helpers/memorySweepStore.ts";
import { completedRun, manifestOf } from "./sweepFixtures.ts";

/** Shard directories /s1 and /s2 of the sweep of configs a, b, c, with the runs given per directory. */
function shards(runs: Record<string, Record<string, Record<string, string>>>): MemorySweepStore {
  const store = new MemorySweepStore();
  for (const [dir, ofDir] of Object.entries(runs)) {
    store.manifests.set(dir, manifestOf());
    for (const [path, files] of Object.entries(ofDir)) store.runs.put(`${dir}/${path}`, files);
  }
  return store;
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof UserError) return error.message;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("mergeSweeps", () => {
  it("copies each config's run into the output directory, with sweep.json, and counts what was already there", () => {
    const store = shards({ "/s1": { a: completedRun("a"), b: completedRun("b") }, "/s2": { c: completedRun("c") }, "/out": { a: completedRun("a") } });
    expect(mergeSweeps(store, ["/s1", "/s2"], "/out")).toEqual({ copied: 2, present: 1 });
    expect(store.copies).toEqual([
      { from: "/s1/b", to: "/out/b" },
      { from: "/s2/c", to: "/out/c" },
    ]);
    expect(store.manifests.get("/out")).toEqual(manifestOf());
    expect(store.runs.text("/out/c", "metrics.jsonl")).toBe(completedRun("c")["metrics.jsonl"]);
  });

  it("refuses before copying anything: a missing config, one run twice with different results, and a damaged copy", () => {
    const store = shards({
      "/s1": { a: completedRun("a"), b: completedRun("b", '{"step":1,"loss":1}\n') },
      "/s2": { a: { ...completedRun("a"), "metrics.jsonl": "cut" }, b: completedRun("b", '{"step":1,"loss":2}\n') },
    });
    const message = refusal(() => mergeSweeps(store, ["/s1", "/s2"], "/out"));
    expect(message).toMatch(/^refusing to merge \/s1, \/s2 into \/out: 3 problems:/);
    expect(message).toContain(
      "config a has a damaged copy: /s2/a (damaged: /s2/a/metrics.jsonl does not match artifacts.json's metrics_sha256); /s1/a is intact: remove or re-run the damaged copy",
    );
    expect(message).toContain("config b was run twice with different results: /s1/b");
    expect(message).toContain("missing c: no completed run at /s1/c, /s2/c");
    expect(store.copies).toEqual([]);
    expect(store.madeDirectories).toEqual([]);
  });

  it("replaces a run of ours that did not complete, but never a folder of the user's or another complete run", () => {
    const store = shards({ "/s1": { a: completedRun("a"), b: completedRun("b"), c: completedRun("c") } });
    store.runs.put("/out/a", { ".sim-run": "{}", "events.jsonl": '{"event":"STARTED"}\n' });
    expect(mergeSweeps(store, ["/s1"], "/out")).toEqual({ copied: 3, present: 0 });

    const refused = shards({ "/s1": { a: completedRun("a"), b: completedRun("b"), c: completedRun("c") } });
    refused.runs.put("/out/a", { "notes.txt": "mine" });
    refused.runs.put("/out/b", completedRun("b", '{"step":1,"loss":7}\n'));
    const message = refusal(() => mergeSweeps(refused, ["/s1"], "/out"));
    expect(message).toContain("/out/a is in the place of a but is not a run directory");
    expect(message).toContain("/out/b already holds a different run of b");
  });
});
