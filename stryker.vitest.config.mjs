// The vitest config Stryker runs (stryker.config.mjs): the project's own, minus the tests
// that cannot score the model. End-to-end tests spawn the CLI in child processes, where
// Stryker cannot see which mutant is active or which test covers what; the mutate tests
// read src/ as text, which Stryker's instrumented copy no longer matches.
import { configDefaults, defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config.ts";

export default mergeConfig(
  base,
  defineConfig({
    test: { exclude: [...configDefaults.exclude, "test/e2e/**", "test/tools/mutate/**"] },
  }),
);
