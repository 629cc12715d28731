import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseMetricsText } from "../../sim/format/metricsRows.ts";
import { makeTempDir, PROJECT_ROOT } from "../helpers/runCli.ts";

/**
 * The package as a user gets it: `npm pack` of this project (dist/ is built by the
 * global setup), installed into a fresh project from the tarball, then used from plain
 * JavaScript and type-checked from TypeScript through the three entry points. npm
 * installs the dependencies from its cache when it can (`npm ci` filled it), from the
 * registry otherwise. vitest is the matcher's peer dependency: the consumer links ours.
 */
const FIXTURES = join(PROJECT_ROOT, "test/fixtures/golden");

function run(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

const CONSUMER_JS = `
import { simulate, UserError } from "stream-mixing-sim";
import { loadScenario, UserError as HarnessUserError } from "stream-mixing-sim/harness";
const scenario = loadScenario("tiny_healthy.toml");
const rows = simulate(scenario.model, scenario.steps);
let refusal;
try {
  loadScenario("bad.toml");
} catch (error) {
  refusal = { isUserError: error instanceof UserError, sameClass: UserError === HarnessUserError, exitCode: error.exitCode, message: error.message };
}
console.log(JSON.stringify({ name: scenario.name, steps: scenario.steps, rows, refusal }));
`;

const CONSUMER_TS = `
import { simulate, Engine, validateModelConfig, UserError, type MetricsRow } from "stream-mixing-sim";
import { loadScenario, checkScenarios, type Scenario, type CheckScenariosResult } from "stream-mixing-sim/harness";
import { expect } from "vitest";
import "stream-mixing-sim/vitest";

const scenario: Scenario = loadScenario("tiny_healthy.toml");
const rows: readonly MetricsRow[] = simulate(scenario.model, scenario.steps);
validateModelConfig(scenario.model);
new Engine(scenario.model).runStep();
const pinned: Promise<void> = expect(rows).toMatchGoldenFile("golden/tiny_healthy.jsonl", scenario.golden);
const checked: Promise<CheckScenariosResult> = checkScenarios({ cwd: ".", update: false, twice: false });
const caught: boolean = new UserError("x") instanceof Error;
// @ts-expect-error: the matcher takes the golden file's path, not a number
void expect(rows).toMatchGoldenFile(5);
void pinned; void checked; void caught;
`;

const TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    strict: true,
    noEmit: true,
    // The package's own declarations are checked by its build; the consumer's use of them is checked here.
    skipLibCheck: true,
    types: ["node"],
    typeRoots: [join(PROJECT_ROOT, "node_modules/@types")],
  },
  files: ["consumer.ts"],
};

describe("the packed package", () => {
  it("installs from its tarball into a separate project, runs from JavaScript, type-checks from TypeScript and ships the bin", () => {
    const temp = makeTempDir("sim-pack-");
    try {
      const packed = JSON.parse(run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", temp.dir], PROJECT_ROOT).stdout) as { filename: string; files: { path: string }[] }[];
      const shipped = packed[0]!.files.map((file) => file.path);
      for (const file of ["dist/src/index.js", "dist/src/index.d.ts", "dist/sim/harness.js", "dist/sim/harness.d.ts", "dist/sim/vitest.js", "dist/sim/vitest.d.ts", "dist/sim/cli.js", "bin/sim.js", "schema/scenario.schema.json", "schema/sweep.schema.json"]) {
        expect(shipped).toContain(file);
      }
      expect(shipped.filter((file) => file.startsWith("test/") || /^(src|sim)\/.*\.ts$/.test(file))).toEqual([]);

      const consumer = join(temp.dir, "consumer");
      mkdirSync(consumer);
      writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
      run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", join(temp.dir, packed[0]!.filename)], consumer);

      copyFileSync(join(FIXTURES, "scenarios/tiny_healthy.toml"), join(consumer, "tiny_healthy.toml"));
      writeFileSync(join(consumer, "bad.toml"), '[run]\nsteps = "many"\n');
      writeFileSync(join(consumer, "consumer.mjs"), CONSUMER_JS);
      const out = JSON.parse(run(process.execPath, ["consumer.mjs"], consumer).stdout) as {
        name: string;
        steps: number;
        rows: unknown[];
        refusal: { isUserError: boolean; sameClass: boolean; exitCode: number; message: string };
      };
      expect(out.name).toBe("tiny_healthy");
      expect(out.rows).toEqual(parseMetricsText(readFileSync(join(FIXTURES, "golden/tiny_healthy.jsonl"), "utf8"), "tiny_healthy.jsonl"));
      expect(out.rows).toHaveLength(out.steps);
      expect(out.refusal).toEqual({
        isUserError: true,
        sameClass: true,
        exitCode: 2,
        message: 'bad.toml has 2 problems:\n  bad.toml: dataset is missing: expected a table\n  bad.toml: run.steps has the wrong type: expected an integer >= 1, but got "many" (a string)',
      });

      // The published schemas are addressable by package path, as an editor's #:schema directive or a tool would name them.
      const resolved = run(process.execPath, ["--input-type=module", "-e", 'console.log(import.meta.resolve("stream-mixing-sim/schema/scenario.schema.json"))'], consumer).stdout.trim();
      expect(readFileSync(new URL(resolved), "utf8")).toBe(readFileSync(join(PROJECT_ROOT, "schema/scenario.schema.json"), "utf8"));

      expect(run(join(consumer, "node_modules/.bin/sim"), ["--version"], consumer).stdout.trim()).toBe(JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")).version);

      symlinkSync(join(PROJECT_ROOT, "node_modules/vitest"), join(consumer, "node_modules/vitest"), "dir");
      writeFileSync(join(consumer, "consumer.ts"), CONSUMER_TS);
      writeFileSync(join(consumer, "tsconfig.json"), JSON.stringify(TSCONFIG));
      run(process.execPath, [join(PROJECT_ROOT, "node_modules/typescript/bin/tsc"), "-p", "."], consumer);
    } finally {
      temp.cleanup();
    }
  });
});
