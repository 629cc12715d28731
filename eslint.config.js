// The lint rules that keep the model deterministic: randomness comes only from the
// seeded Rng, and wall-clock time only from the harness's edges (sim/io, tools/bench).
import { builtinModules } from "node:module";
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const bannedClockAndEntropy = {
  "no-restricted-properties": [
    "error",
    { object: "Math", property: "random", message: "Use the seeded Rng passed in (src/rng/rng.ts); Math.random breaks determinism." },
    { object: "Date", property: "now", message: "The model and engine have no clock; wall-clock time lives in sim/io/clock.ts." },
    { object: "performance", property: "now", message: "The model and engine have no clock; wall-clock time lives in sim/io/clock.ts." },
  ],
  "no-restricted-syntax": ["error", { selector: "NewExpression[callee.name='Date']", message: "The model and engine have no clock; wall-clock time lives in sim/io/clock.ts." }],
};

export default tseslint.config(
  // schemaChecks.generated.ts is ajv's generated code (npm run schema), held to its schemas by a test.
  { ignores: ["node_modules/**", "dist/**", "lib/**", "runs/**", "reports/**", ".stryker-tmp/**", "sim/input/schemaChecks.generated.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Everything but the clock edge and the benchmark is banned from reading entropy or time.
    files: ["src/**/*.ts", "sim/**/*.ts", "tools/mutate/**/*.ts"],
    ignores: ["sim/io/clock.ts", "tools/bench/**"],
    rules: bannedClockAndEntropy,
  },
  {
    // A function longer than a screen hides its phases: an orchestrator reads as a table
    // of contents of short functions that name them (style.md). Tests are exempt: a
    // describe block is a list of cases, not a procedure.
    files: ["src/**/*.ts", "sim/**/*.ts", "tools/**/*.ts"],
    rules: { "max-lines-per-function": ["error", { max: 70 }] },
  },
  {
    // The model is pure and at the bottom (README, "Layout"): no I/O, no process, nothing
    // of the harness. sim/ imports src/, never the other way.
    files: ["src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: builtinModules.map((name) => ({ name, message: "src/ is pure: files, processes and the environment belong to the harness (sim/)." })),
          patterns: [
            { group: ["node:*"], message: "src/ is pure: files, processes and the environment belong to the harness (sim/)." },
            { group: ["**/sim", "**/sim/**"], message: "src/ is the model under the harness: sim/ imports src/, never the other way; pass what the model needs in." },
          ],
        },
      ],
    },
  },
  {
    // The test files of a vitest worker share its module cache (isolate: false in
    // vitest.config.ts), so what one file mocks, stubs or sets would leak into the next.
    files: ["test/**/*.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        ...["mock", "doMock", "stubGlobal", "stubEnv", "spyOn", "resetModules"].map((property) => ({
          object: "vi",
          property,
          message: "Test files share their worker's modules (isolate: false): pass a replacement in (a CliIo, an option) instead of patching a module or a global.",
        })),
        { object: "process", property: "chdir", message: "Test files share their worker's process: pass a cwd (runMain's cwd option) instead." },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "AssignmentExpression[left.object.object.name='process'][left.object.property.name='env'], UnaryExpression[operator='delete'][argument.object.object.name='process'][argument.object.property.name='env']",
          message: "Test files share their worker's process: pass env to runMain or to the child process instead of changing process.env.",
        },
      ],
    },
  },
);
