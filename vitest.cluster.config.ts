import { defineConfig } from "vitest/config";

/**
 * `npm run test:cluster`: the sweep launcher against a real one-node Slurm that
 * test/cluster/slurmSetup.ts starts (as root, from Debian's slurmctld, slurmd and munge)
 * and stops by pid. Kept out of `npm test`, which must run anywhere without root.
 */
export default defineConfig({
  test: {
    include: ["test/cluster/**/*.cluster.test.ts"],
    globalSetup: ["test/globalSetup.ts", "test/cluster/slurmSetup.ts"],
    // One file, its cases in order: they share the cluster and each waits on its jobs.
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 120_000,
  },
});
