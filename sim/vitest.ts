/**
 * The vitest matcher, for suites that pin the simulator's output:
 *
 *   import "stream-mixing-sim/vitest";   // in a test file or a setupFiles entry
 *   await expect(simulate(scenario.model, scenario.steps)).toMatchGoldenFile("golden/x.jsonl", scenario.golden);
 *
 * Importing this module registers `toMatchGoldenFile` with vitest's `expect` and types it
 * on vitest's `Assertion`. It compares as `sim check` does (same parser, tolerances and
 * first-difference message). Like vitest's own file snapshots it writes a missing or
 * changed golden file only under vitest's update flag (`vitest -u`), and never when the
 * environment variable CI is set. The path is resolved from the test file's directory,
 * as `toMatchFileSnapshot` resolves its own.
 */
import { dirname } from "node:path";
import { expect, type MatcherState } from "vitest";
import { formatGoldenFileMatch } from "./verify/golden/formatGoldenFileMatch.ts";
import { matchGoldenFile } from "./verify/golden/matchGoldenFile.ts";
import type { GoldenTolerances } from "./input/scenario/scenario.ts";

/** The tolerances a caller may pass: a scenario's `golden`, or any part of one (the rest exact). */
export type GoldenFileTolerances = Partial<GoldenTolerances>;

declare module "vitest" {
  // The type parameter must read exactly as vitest declares it for the interfaces to merge.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars, @typescript-eslint/no-explicit-any
  interface Assertion<T = any> {
    /**
     * Compares metrics rows with a golden JSON-lines file as `sim check` does; resolves
     * when they match. Writes the file under `vitest -u` (never when CI is set).
     */
    toMatchGoldenFile(file: string, tolerances?: GoldenFileTolerances): Promise<void>;
  }
}

const UPDATE_HINT = "`vitest -u` (vitest --update)";

/** Whether vitest runs with its update flag: the snapshot state of the running test says. */
export function updateRequested(state: MatcherState): boolean {
  const snapshotState = (state as { snapshotState?: { snapshotUpdateState?: string } }).snapshotState;
  return snapshotState?.snapshotUpdateState === "all";
}

expect.extend({
  async toMatchGoldenFile(this: MatcherState, received: unknown, file: string, tolerances?: GoldenFileTolerances) {
    if (this.isNot) throw new Error("toMatchGoldenFile cannot be negated: a golden file states what the rows are");
    const cwd = this.testPath === undefined ? process.cwd() : dirname(this.testPath);
    const match = await matchGoldenFile(received, file, tolerances, { update: updateRequested(this), ci: process.env.CI }, cwd);
    return {
      pass: match.kind === "match" || match.kind === "written",
      message: () => formatGoldenFileMatch(match, UPDATE_HINT),
    };
  },
});
