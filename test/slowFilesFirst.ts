import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The test files that take five seconds or more, in the order they should start: longest
 * first, as measured (a whole `npx vitest run`'s JSON report: each file's time, at load
 * 11 to 14 on 2 cores). Most of their time is child processes (the CLI, a sweep's pool,
 * npm, tsc, Chromium, a mutant's vitest) or threads, so two of them side by side keep
 * both cores busy, and the suite ends on the many short files, which the two workers
 * share evenly. packedTarball and k8sImage share one packed package
 * (test/helpers/packedPackage.ts): they sit far apart, so that the second finds it made
 * instead of blocking its worker while the first packs.
 */
export const SLOW_FILES = [
  "test/docs/docCommands.test.ts",
  "test/e2e/mutateCatalog.test.ts",
  "test/e2e/mutate.test.ts",
  "test/package/packedTarball.test.ts",
  "test/e2e/badInput.test.ts",
  "test/e2e/longRunMemory.test.ts",
  "test/e2e/new.test.ts",
  "test/e2e/sweep.test.ts",
  "test/e2e/sweepInterrupts.test.ts",
  "test/sim/execute/run/runWriterThread.test.ts",
  "test/e2e/sweepVerdicts.test.ts",
  "test/sim/execute/sweep/findRunsOnThreads.test.ts",
  "test/properties/corruptInput.property.test.ts",
  "test/properties/threads.property.test.ts",
  "test/e2e/report.browser.test.ts",
  "test/e2e/watch.browser.test.ts",
  "test/e2e/k8sImage.test.ts",
  "test/sim/input/snapshot/exactResume.test.ts",
  "test/e2e/report.test.ts",
  "test/sim/input/scenario/publishedSchema.test.ts",
  "test/properties/engine.property.test.ts",
  "test/e2e/run.test.ts",
  "test/e2e/sweepLaunch.test.ts",
];

/**
 * vitest starts the files it has timings for longest first, which balances the two
 * workers; but it has none in a fresh clone (CI) or after `npm ci`, which empties
 * node_modules/.vite, and then it starts the largest files first. The slowest files
 * are small ones that spawn processes, so they started last: sim mutate's catalog test
 * (about 30 s) then ran alone on one worker for the suite's last 16 s, the other idle.
 * Here, whenever vitest lacks the timing of any file, the files in SLOW_FILES start
 * first, in that order, and the rest follow in vitest's order.
 */
export class SlowFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const root = this.ctx.config.root;
    const path = (file: TestSpecification): string => relative(root, file.moduleId);
    if (sorted.every((file) => this.ctx.cache.getFileTestResults(`${file.project.name}:${path(file)}`) !== undefined)) return sorted;
    const rank = (file: TestSpecification): number => {
      const index = SLOW_FILES.indexOf(path(file));
      return index === -1 ? SLOW_FILES.length : index;
    };
    return sorted
      .map((file, order) => ({ file, order, rank: rank(file) }))
      .sort((a, b) => a.rank - b.rank || a.order - b.order)
      .map(({ file }) => file);
  }
}
