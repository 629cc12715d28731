import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { escapeRegExp } from "./test/helpers/escapeRegExp.ts";
import { SlowFilesFirst } from "./test/slowFilesFirst.ts";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The real-Slurm suite needs root and Debian's Slurm packages: `npm run test:cluster` (vitest.cluster.config.ts).
    exclude: ["test/cluster/**", "**/node_modules/**"],
    globalSetup: ["test/globalSetup.ts"],
    // vitest's default is one worker fewer than the cores, which on a 2-core machine runs
    // every file in one worker; the slow files mostly wait on child processes (a sweep's
    // pool, Chromium, npm pack, a mutant's vitest), so one worker a core keeps both busy.
    maxWorkers: Math.max(availableParallelism(), 2),
    // The slow files first even when vitest has no timings yet (test/slowFilesFirst.ts).
    sequence: { sequencer: SlowFilesFirst },
    // The files of a worker share its module cache: most of the ~100 files are a second
    // or less of tests, and re-importing the model, the harness and their dependencies
    // for each (vitest's default isolation) was about a quarter of the suite's CPU. It
    // is safe because nothing here keeps state between files: no test mocks a module,
    // stubs a global or changes the environment (eslint.config.js refuses them in
    // test/), and the model and harness keep none beyond bounded caches. `sim mutate`'s
    // warm vitest (tools/mutate/vitestServer.ts) still isolates, since its files change.
    isolate: false,
    // Worker threads rather than vitest's default child processes: cheaper to start and to
    // talk to, about 5 s of the suite's 60 here. Nothing under test needs a process of its
    // own (no process.chdir, no real signals: those tests spawn the bin), and the native
    // CRC-32C addon (napi-rs) loads in threads.
    pool: "threads",
    // The built code that tests load in-process (test/helpers/builtModule.ts: the tests of
    // code that starts workers) is JavaScript already: Node imports it as the bin does,
    // without vite's transform of each module, as it does node_modules.
    server: { deps: { external: [new RegExp(`^${escapeRegExp(fileURLToPath(new URL("./dist/", import.meta.url)))}`)] } },
    // End-to-end tests spawn the real CLI; give them room on a loaded 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
