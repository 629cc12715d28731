import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/globalSetup.ts"],
    // vitest's default is one worker fewer than the cores, which on a 2-core machine runs
    // every file in one worker; the slow files mostly wait on child processes (a sweep's
    // pool, Chromium, npm pack, a mutant's vitest), so one worker a core keeps both busy.
    maxWorkers: Math.max(availableParallelism(), 2),
    // End-to-end tests spawn the real CLI; give them room on a loaded 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
