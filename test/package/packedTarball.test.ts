import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { ParseConfigFileHost } from "typescript";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseMetricsText } from "../../sim/format/metricsRows.ts";
import { packedPackage } from "../helpers/packedPackage.ts";
import { makeTempDir, PROJECT_ROOT } from "../helpers/runCli.ts";

/**
 * The package as a user gets it: the published build (`npm run build:package`, lib/),
 * `npm pack`ed, installed from the tarball into an empty ES module project (and that
 * install copied into a CommonJS one), then used from plain JavaScript, from the README's vitest
 * example as the README prints it, from TypeScript (strict, nodenext) and through its
 * bins. npm installs the runtime dependencies from its cache when it can (`npm ci`
 * filled it), from the registry otherwise. vitest is the matcher's optional peer: it is
 * linked into each consumer after the install is measured.
 */
const FIXTURES = join(PROJECT_ROOT, "test/fixtures/golden");

/** What the issue allows an install of the tarball to add to an empty project. */
const MAX_INSTALL_MB = 15;
const MAX_INSTALLED_PACKAGES = 20;

function run(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** The README's library example, exactly as printed: the ```ts block of its "Pinning" section. */
function readmeExample(): string {
  const readme = readFileSync(join(PROJECT_ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Pinning the simulator's output"));
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  if (block === null) throw new Error("README.md: no ```ts block in its Pinning section");
  return block[1]!;
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

const CONSUMER_CJS = `
const { simulate, UserError } = require("stream-mixing-sim");
const { loadScenario, scenarioPath, UserError: HarnessUserError } = require("stream-mixing-sim/harness");
const scenario = loadScenario(require.resolve("stream-mixing-sim/scenarios/healthy_smoke.toml"));
console.log(JSON.stringify({ rows: simulate(scenario.model, scenario.steps).length, sameClass: UserError === HarnessUserError, path: scenarioPath("healthy_smoke") }));
`;

const CONSUMER_TS = `
import { simulate, Engine, validateModelConfig, UserError, type MetricsRow } from "stream-mixing-sim";
import { loadScenario, checkScenarios, scenarioPath, goldenPath, type Scenario, type CheckScenariosResult } from "stream-mixing-sim/harness";
import { expect } from "vitest";
import "stream-mixing-sim/vitest";

const scenario: Scenario = loadScenario(scenarioPath("healthy_smoke"));
const rows: readonly MetricsRow[] = simulate(scenario.model, scenario.steps);
validateModelConfig(scenario.model);
new Engine(scenario.model).runStep();
const pinned: Promise<void> = expect(rows).toMatchGoldenFile(goldenPath("healthy_smoke"), scenario.golden);
const checked: Promise<CheckScenariosResult> = checkScenarios({ cwd: ".", update: false, twice: false });
const caught: boolean = new UserError("x") instanceof Error;
// @ts-expect-error: the matcher takes the golden file's path, not a number
void expect(rows).toMatchGoldenFile(5);
// @ts-expect-error: a scenario's steps are a number
const steps: string = scenario.steps;
void pinned; void checked; void caught; void steps;
`;

function tsconfig(): object {
  return {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      noEmit: true,
      // The package's own declarations are checked too, as a strict consumer's tsc does:
      // one that named a type of a bundled package (ajv's) would not resolve here.
      skipLibCheck: false,
      types: ["node"],
      typeRoots: [join(PROJECT_ROOT, "node_modules/@types")],
    },
    files: ["consumer.ts"],
  };
}

/**
 * What `tsc -p dir` reports (`file: TSnnnn: message`), but for the type errors inside
 * the declarations of other packages than this one: the consumer's code and the
 * package's declarations are checked whole (skipLibCheck is off), while TypeScript's own
 * libraries, @types/node and vitest's declarations, which are not the package's to
 * check, were 9 of the 9.3 s that tsc spent checking here.
 */
async function typeErrors(dir: string): Promise<string[]> {
  const ts = (await import("typescript")).default;
  const parseHost: ParseConfigFileHost = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined };
  const config = ts.getParsedCommandLineOfConfigFile(join(dir, "tsconfig.json"), {}, parseHost);
  if (config === undefined) throw new Error(`${dir}/tsconfig.json: unreadable`);
  const host = ts.createCompilerHost(config.options);
  // Doc comments parsed as tsc parses them (only those that can change a type error), where the API's default parses all.
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, host, configFileParsingDiagnostics: config.errors });
  const ours = program.getSourceFiles().filter((file) => !file.fileName.includes("/node_modules/") || file.fileName.includes("/node_modules/stream-mixing-sim/"));
  return [
    ...program.getConfigFileParsingDiagnostics(),
    ...program.getOptionsDiagnostics(),
    ...program.getSyntacticDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...ours.flatMap((file) => program.getSemanticDiagnostics(file)),
  ].map((d) => `${d.file === undefined ? "" : `${relative(dir, d.file.fileName)}: `}TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
}

let temp: { dir: string; cleanup: () => void };
let shipped: readonly string[];
let tarball: string;
/** The ES module consumer and the CommonJS one, each with the tarball installed. */
let esm: string;
let cjs: string;
let installedMb: number;
let installedPackages: string[];

/** The ES module consumer: an empty project with the tarball installed. */
function esModuleConsumer(): string {
  const dir = join(temp.dir, "esm");
  mkdirSync(dir);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "esm", private: true, type: "module" }));
  run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", tarball], dir);
  return dir;
}

/**
 * The CommonJS consumer, with the ES module consumer's install copied in: npm installs the
 * same tree whatever the project's module type, and a second install of the tarball was
 * about 1.3 s of CPU. Its package.json is the ES module one's but for its name and type.
 */
function commonJsConsumer(): string {
  const dir = join(temp.dir, "cjs");
  mkdirSync(dir);
  const manifest = JSON.parse(readFileSync(join(esm, "package.json"), "utf8")) as Record<string, unknown>;
  writeFileSync(join(dir, "package.json"), JSON.stringify({ ...manifest, name: "cjs", type: "commonjs" }));
  cpSync(join(esm, "node_modules"), join(dir, "node_modules"), { recursive: true, verbatimSymlinks: true });
  return dir;
}

/**
 * The packages installed under a node_modules directory, as paths, nested installs
 * included: what `npm ls --all --parseable` lists, read from the directories rather than
 * from another npm process (about 0.3 s of CPU).
 */
function packagesUnder(modules: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(modules).sort()) {
    // npm's own entries (.bin, .package-lock.json) are not packages.
    if (entry.startsWith(".")) continue;
    const names = entry.startsWith("@") ? readdirSync(join(modules, entry)).map((name) => `${entry}/${name}`) : [entry];
    for (const name of names) {
      const dir = join(modules, name);
      found.push(dir);
      if (existsSync(join(dir, "node_modules"))) found.push(...packagesUnder(join(dir, "node_modules")));
    }
  }
  return found;
}

/** Links our vitest (the optional peer) into a consumer and runs the README's example test there. */
function runReadmeExample(dir: string): string {
  if (!existsSync(join(dir, "node_modules/vitest"))) symlinkSync(join(PROJECT_ROOT, "node_modules/vitest"), join(dir, "node_modules/vitest"), "dir");
  mkdirSync(join(dir, "test"), { recursive: true });
  writeFileSync(join(dir, "test/mixing.test.ts"), readmeExample());
  return stripVTControlCharacters(run(process.execPath, [join(dir, "node_modules/vitest/vitest.mjs"), "run"], dir).stdout);
}

beforeAll(() => {
  temp = makeTempDir("sim-pack-");
  ({ tarball, shipped } = packedPackage());
  esm = esModuleConsumer();
  installedMb = Number(run("du", ["-sm", "node_modules"], esm).stdout.split("\t")[0]);
  installedPackages = packagesUnder(join(esm, "node_modules"));
  cjs = commonJsConsumer();
}, 300_000);

afterAll(() => temp?.cleanup());

describe("the packed package", () => {
  it("ships the bundle, its types, the scenarios and goldens, the licence and changelog, and no source or source map", () => {
    for (const file of [
      "lib/index.js",
      "lib/harness.js",
      "lib/vitest.js",
      "lib/cli.js",
      "lib/sweepWorker.js",
      "lib/findRunsWorker.js",
      "lib/swarmWorker.js",
      "lib/watchWorker.js",
      "lib/rankBlockWorker.js",
      "lib/runWriterWorker.js",
      "lib/echarts.min.js",
      "lib/THIRD-PARTY-LICENSES.txt",
      "lib/types/src/index.d.ts",
      "lib/types/sim/harness.d.ts",
      "lib/types/sim/vitest.d.ts",
      "bin/sim.js",
      "scenarios/healthy_smoke.toml",
      "golden/healthy_smoke.jsonl",
      "schema/scenario.schema.json",
      "schema/sweep.schema.json",
      "LICENSE",
      "CHANGELOG.md",
      "README.md",
      "package.json",
    ]) {
      expect(shipped).toContain(file);
    }
    expect(shipped.filter((file) => file.endsWith(".map") || file.startsWith("test/") || file.startsWith("dist/") || /^(src|sim|tools)\//.test(file))).toEqual([]);
    expect(shipped.length).toBeLessThan(250);
  });

  it(`adds at most ${MAX_INSTALL_MB} MB and ${MAX_INSTALLED_PACKAGES} packages to an empty project`, () => {
    expect(installedMb).toBeLessThanOrEqual(MAX_INSTALL_MB);
    expect(installedPackages.length).toBeLessThanOrEqual(MAX_INSTALLED_PACKAGES);
    expect(installedPackages.some((path) => path.endsWith("node_modules/echarts"))).toBe(false);
  });

  it("runs from an ES module project's JavaScript, and the README's example test passes there unchanged", () => {
    copyFileSync(join(FIXTURES, "scenarios/tiny_healthy.toml"), join(esm, "tiny_healthy.toml"));
    writeFileSync(join(esm, "bad.toml"), '[run]\nsteps = "many"\n');
    writeFileSync(join(esm, "consumer.mjs"), CONSUMER_JS);
    const out = JSON.parse(run(process.execPath, ["consumer.mjs"], esm).stdout) as {
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
      message:
        'bad.toml has 2 problems:\n  bad.toml: dataset is missing: expected a table\n  bad.toml: run.steps has the wrong type: expected an integer >= 1, but got "many" (a string)',
    });
    // The published schemas are addressable by package path, as an editor's #:schema directive or a tool would name them.
    const resolved = run(process.execPath, ["--input-type=module", "-e", 'console.log(import.meta.resolve("stream-mixing-sim/schema/scenario.schema.json"))'], esm).stdout.trim();
    expect(readFileSync(new URL(resolved), "utf8")).toBe(readFileSync(join(PROJECT_ROOT, "schema/scenario.schema.json"), "utf8"));
    expect(runReadmeExample(esm)).toMatch(/Tests +1 passed \(1\)/);
  });

  it("requires from a CommonJS project, type-checks there (strict, nodenext), and the README's example test passes there unchanged", async () => {
    writeFileSync(join(cjs, "consumer.cjs"), CONSUMER_CJS);
    expect(JSON.parse(run(process.execPath, ["consumer.cjs"], cjs).stdout)).toEqual({
      rows: 200,
      sameClass: true,
      path: join(cjs, "node_modules/stream-mixing-sim/scenarios/healthy_smoke.toml"),
    });
    expect(runReadmeExample(cjs)).toMatch(/Tests +1 passed \(1\)/);
    writeFileSync(join(cjs, "consumer.ts"), CONSUMER_TS);
    writeFileSync(join(cjs, "tsconfig.json"), JSON.stringify(tsconfig()));
    expect(await typeErrors(cjs)).toEqual([]);
  });

  it("runs its bins under both names: a run (on one thread and on two), its report with the bundled chart engine, and a sweep on the worker pool", () => {
    const version = (JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { version: string }).version;
    expect(run(join(esm, "node_modules/.bin/sim"), ["--version"], esm).stdout.trim()).toBe(version);
    const bin = join(esm, "node_modules/.bin/stream-mixing-sim");
    const scenario = "node_modules/stream-mixing-sim/scenarios/healthy_smoke.toml";
    run(bin, ["run", scenario, "--steps", "20", "--out", "runs/smoke"], esm);
    // The engine's rank-block threads start from their own bundled module beside the CLI.
    run(bin, ["run", scenario, "--steps", "20", "--threads", "2", "--out", "runs/threaded"], esm);
    expect(readFileSync(join(esm, "runs/threaded/metrics.jsonl"), "utf8")).toBe(readFileSync(join(esm, "runs/smoke/metrics.jsonl"), "utf8"));
    expect(run(bin, ["report", "runs/smoke", "--out", "report.html", "--images", "svg"], esm).stdout).toContain("report: report.html");
    expect(readFileSync(join(esm, "report.html"), "utf8")).toContain("echarts");
    expect(readFileSync(join(esm, "svg/ledger_wipe_count.svg"), "utf8")).toMatch(/^<svg/);
    writeFileSync(join(esm, "sweep.toml"), `extends = "${scenario}"\n[run]\nname = "packed"\nsteps = 10\n[sweep]\nseeds = [1, 2]\n`);
    expect(run(bin, ["sweep", "sweep.toml", "--out", "swept", "--jobs", "2"], esm).stdout).toContain("2 configs");
  });

  it("leaves the development commands out: its CLI holds no code of tools/ and does not know `sim mutate`", () => {
    // esbuild marks each bundled module with its path; package.json's scripts name tools/ files too, so the mark is looked for.
    expect(readFileSync(join(esm, "node_modules/stream-mixing-sim/lib/cli.js"), "utf8")).not.toMatch(/^\/\/ tools\//m);
    const mutate = spawnSync(join(esm, "node_modules/.bin/sim"), ["mutate"], { cwd: esm, encoding: "utf8" });
    expect({ status: mutate.status, stderr: mutate.stderr }).toEqual({ status: 2, stderr: expect.stringContaining("Unknown argument: mutate") });
  });
});
