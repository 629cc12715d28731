import { join } from "node:path";
import { PROJECT_ROOT } from "./runCli.ts";

/**
 * The built form (dist/) of the source module at `sourcePath` (relative to the project
 * root, e.g. "sim/execute/sweep/findRunsOnThreads.ts"), typed as that source module:
 *
 *     import type * as FindRunsOnThreads from "../../sim/execute/sweep/findRunsOnThreads.ts";
 *     const { findRunsOnThreads } = await builtModule<typeof FindRunsOnThreads>("sim/execute/sweep/findRunsOnThreads.ts");
 *
 * It is for the tests of code that starts worker threads or worker processes (a sweep's
 * or a swarm's pool, `sim watch`'s runner, an engine's rank threads, the sweep readers'
 * threads). Such code loads its worker modules from beside itself with its own
 * extension, so from the sources each worker loads the TypeScript through tsx: about
 * 0.2 s of CPU a worker thread, against 0.03 s for the built JavaScript (a thread
 * loading workerBlockPeers alone, measured side by side), and more for a pool's child
 * process. From dist/ the workers load what the bin's workers load. dist/ is current:
 * the suite's global setup builds it from the sources before any test runs
 * (test/globalSetup.ts).
 *
 * A class the test compares by identity (`toThrow(UserError)`) must come from the same
 * build as the code that throws it: take it from here too. `sim mutate` reads a killer
 * test that names `builtModule` or `runBuiltMain` as one that needs dist/ built from the
 * mutant (tools/mutate/runKiller.ts).
 */
export async function builtModule<Module>(sourcePath: string): Promise<Module> {
  if (!sourcePath.endsWith(".ts")) throw new Error(`builtModule takes a source module's path (.ts), got ${sourcePath}`);
  return (await import(join(PROJECT_ROOT, "dist", `${sourcePath.slice(0, -".ts".length)}.js`))) as Module;
}
