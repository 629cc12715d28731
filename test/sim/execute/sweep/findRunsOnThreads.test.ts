import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../../../../src/errors.ts";
import type * as Errors from "../../../../src/errors.ts";
import { scenarioSha256 } from "../../../../sim/execute/run/scenarioHash.ts";
import { nodeRunStore } from "../../../../sim/execute/run/nodeRunStore.ts";
import { findRuns } from "../../../../sim/execute/sweep/findRuns.ts";
import type * as FindRunsOnThreads from "../../../../sim/execute/sweep/findRunsOnThreads.ts";
import { parseTomlText } from "../../../../sim/input/scenario/readTomlFile.ts";
import { builtModule } from "../../../helpers/builtModule.ts";
import { tempDirsPerTest } from "../../../helpers/runCli.ts";
import { completedRun } from "./sweepFixtures.ts";

const tempDir = tempDirsPerTest("sim-find-runs-");

// Built, so that its threads load the built reader rather than the sources through tsx
// (test/helpers/builtModule.ts); the UserError it throws is the built one.
const { findRunsOnThreads } = await builtModule<typeof FindRunsOnThreads>("sim/execute/sweep/findRunsOnThreads.ts");
const BuiltUserError = (await builtModule<typeof Errors>("src/errors.ts")).UserError;

/** Writes a run directory's files on disk; a completed run gets a scenario.resolved.toml that its artifacts.json's scenario_sha256 matches. */
function writeRun(dir: string, files: Record<string, string>, seed?: number): void {
  mkdirSync(dir, { recursive: true });
  const written = { ...files };
  if (seed !== undefined) {
    const scenario = `[run]\nname = "healthy_smoke"\nseed = ${seed}\nsteps = 10\n`;
    const artifacts = JSON.parse(written["artifacts.json"] as string) as Record<string, unknown>;
    written["artifacts.json"] = JSON.stringify({ ...artifacts, scenario_sha256: scenarioSha256(parseTomlText(scenario, "scenario.resolved.toml") as Record<string, unknown>) });
    written["scenario.resolved.toml"] = scenario;
  }
  for (const [name, text] of Object.entries(written)) writeFileSync(join(dir, name), text);
}

/** Two sweep directories of runs of every kind findRuns tells apart, completed ones among them. */
function sweepDirs(): [string, string] {
  const root = tempDir();
  const first = join(root, "shard-1");
  const second = join(root, "shard-2");
  for (let i = 0; i < 5; i++) writeRun(join(first, `c${i}`), completedRun(`c${i}`), i);
  writeRun(join(first, "failed"), { "events.jsonl": '{"event":"STARTED"}\n{"event":"FAILED","step":3,"reason":"boom"}\n' });
  writeRun(join(first, "killed"), { "events.jsonl": '{"event":"STARTED"}\n' });
  writeRun(join(first, "edited"), { ...completedRun("edited"), "metrics.jsonl": '{"step":1,"loss":99}\n' }, 7);
  writeRun(join(first, "astray", "deeper", "c9"), completedRun("c9"), 9);
  for (let i = 10; i < 14; i++) writeRun(join(second, `c${i}`), completedRun(`c${i}`), i);
  return [first, second];
}

describe("findRunsOnThreads", () => {
  it("finds what findRuns finds, in its order, whichever thread read each run", async () => {
    const dirs = sweepDirs();
    const expected = dirs.map((dir) => findRuns(dir, nodeRunStore));
    expect(expected.flat().filter((run) => run.completed)).toHaveLength(10);
    // One run a thread at least and a run a chunk: four threads, three of them workers, over 15 runs.
    expect(await findRunsOnThreads(dirs, { threads: 4, minRunsPerThread: 1, runsPerChunk: 1 })).toEqual(expected);
    expect(await findRunsOnThreads(dirs, { threads: 1, minRunsPerThread: 1 })).toEqual(expected);
    expect(await findRunsOnThreads([join(dirs[0], "missing")], { threads: 2, minRunsPerThread: 1 })).toEqual([[]]);
    // The workers alone, in chunks of two runs.
    expect(await findRunsOnThreads(dirs, { threads: 2, minRunsPerThread: 1, runsPerChunk: 2, readOnThisThread: false })).toEqual(expected);
  });

  it("keeps a small completed run's metrics text as it was hashed, when asked to", async () => {
    const dirs = sweepDirs();
    const [first] = await findRunsOnThreads(dirs, { threads: 2, minRunsPerThread: 1, runsPerChunk: 1, keepMetricsText: true, readOnThisThread: false });
    const completed = (first ?? []).filter((run) => run.completed);
    expect(completed).toHaveLength(6);
    for (const run of completed) expect(run.metricsText).toBe(readFileSync(join(run.absolute, "metrics.jsonl"), "utf8"));
    expect((first ?? []).filter((run) => !run.completed && run.metricsText !== undefined)).toEqual([]);
  });

  it("throws the error findRuns throws, a UserError with its exit code, when a worker thread meets it", async () => {
    const dirs = sweepDirs();
    // The last run of the second directory: events.jsonl is a directory.
    mkdirSync(join(dirs[1], "z", "events.jsonl"), { recursive: true });
    const expected = ((): unknown => {
      try {
        findRuns(dirs[1], nodeRunStore);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(expected).toBeInstanceOf(UserError);
    for (const readOnThisThread of [true, false]) {
      const thrown = await findRunsOnThreads(dirs, { threads: 2, minRunsPerThread: 1, runsPerChunk: 1, readOnThisThread }).catch((error: unknown) => error);
      expect(thrown).toBeInstanceOf(BuiltUserError);
      expect((thrown as UserError).message).toBe((expected as UserError).message);
      expect((thrown as UserError).exitCode).toBe(2);
    }
  });
});
