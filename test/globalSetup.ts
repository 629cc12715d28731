import { execFileSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The tests that spawn the real bin run the built code in dist/: build it once before
 * any test runs (incrementally, so an unchanged tree costs about a second), so that a
 * test never runs a stale build of the sources it sits beside.
 *
 * `SIM_TEST_SKIP_BUILD=1` skips the build: `sim mutate` sets it for the warm vitest it
 * keeps in each project copy, which runs only killers that do not spawn the bin (a
 * killer that does runs through a cold vitest of its own, with the build).
 */
export default function buildOnce(): void {
  if (process.env.SIM_TEST_SKIP_BUILD === "1") return;
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  execFileSync(process.execPath, [resolve(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
}
