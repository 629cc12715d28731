import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { nodeRunStore } from "../../../../sim/execute/run/nodeRunStore.ts";

describe("nodeRunStore.holds", () => {
  let runDir: string;
  beforeEach(() => {
    runDir = mkdtempSync(join(tmpdir(), "node-run-store-"));
  });
  afterEach(() => rmSync(runDir, { recursive: true, force: true }));

  it("is true for a file of the run, false for one it did not write, a broken link, or a run directory that is not there", () => {
    writeFileSync(join(runDir, "events.jsonl"), "");
    symlinkSync(join(runDir, "gone.jsonl"), join(runDir, "trace.jsonl"));
    expect(nodeRunStore.holds(runDir, "events.jsonl")).toBe(true);
    expect(nodeRunStore.holds(runDir, "metrics.jsonl")).toBe(false);
    expect(nodeRunStore.holds(runDir, "trace.jsonl")).toBe(false);
    expect(nodeRunStore.holds(join(runDir, "nothing"), "events.jsonl")).toBe(false);
  });

  it("is true for a link to a file of the run, as every reader opens it", () => {
    mkdirSync(join(runDir, "elsewhere"));
    writeFileSync(join(runDir, "elsewhere", "metrics.jsonl"), "");
    symlinkSync(join(runDir, "elsewhere", "metrics.jsonl"), join(runDir, "metrics.jsonl"));
    expect(nodeRunStore.holds(runDir, "metrics.jsonl")).toBe(true);
  });
});
