// The lint rules that keep the model deterministic: randomness comes only from the
// seeded Rng, and wall-clock time only from the harness's edges (sim/io, sim/bench).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const bannedClockAndEntropy = {
  "no-restricted-properties": [
    "error",
    { object: "Math", property: "random", message: "Use the seeded Rng passed in (src/rng/rng.ts); Math.random breaks determinism." },
    { object: "Date", property: "now", message: "The model and engine have no clock; wall-clock time lives in sim/io/clock.ts." },
    { object: "performance", property: "now", message: "The model and engine have no clock; wall-clock time lives in sim/io/clock.ts." },
  ],
  "no-restricted-syntax": [
    "error",
    { selector: "NewExpression[callee.name='Date']", message: "The model and engine have no clock; wall-clock time lives in sim/io/clock.ts." },
  ],
};

export default tseslint.config(
  { ignores: ["node_modules/**", "dist/**", "runs/**", "reports/**", ".stryker-tmp/**"] },
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
    files: ["src/**/*.ts", "sim/**/*.ts"],
    ignores: ["sim/io/clock.ts", "sim/bench/**"],
    rules: bannedClockAndEntropy,
  },
);
