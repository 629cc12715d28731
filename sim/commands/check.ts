import { readdir } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { UserError } from "../../src/errors.ts";
import { auditDeterminism } from "../audit/auditDeterminism.ts";
import { checkScenario } from "../check/checkScenario.ts";
import { formatCheckReport } from "../check/formatCheckReport.ts";
import type { ScenarioCheck } from "../check/scenarioCheck.ts";
import { CachingScenarioRunner } from "../check/scenarioRuns.ts";
import type { MetricsRow } from "../engine/metricsRow.ts";
import { simulate } from "../engine/simulate.ts";
import { EXIT } from "../exitCodes.ts";
import { compareCodeUnits } from "../golden/goldenStore.ts";
import { applyGoldenUpdate, findOrphanGoldens } from "../golden/goldenUpdate.ts";
import { nodeGoldenStore } from "../golden/nodeGoldenStore.ts";
import type { CliIo } from "../io/cliIo.ts";
import { loadScenario } from "../scenario/loadScenario.ts";
import type { Scenario } from "../scenario/scenario.ts";
import type { SimCommand } from "./simCommand.ts";

interface CheckArgs {
  readonly scenario?: readonly string[];
  readonly update: boolean;
  readonly force: boolean;
  readonly twice: boolean;
}

const SCENARIO_DIR = "scenarios";
const GOLDEN_DIR = "golden";

/**
 * `sim check [scenario ...] [--update] [--force] [--twice]`:
 *   1. refuse `--update` under CI unless `--force` (golden files are never written in CI);
 *   2. load every scenario first, so bad input stops the check before anything runs;
 *   3. check each scenario (run, golden, expectations, signatures);
 *   4. with `--update`, write the changed golden files, only after every one has been
 *      planned, so a corrupt golden file stops the update with nothing overwritten;
 *   5. print the report; exit 0 all passed, 1 a check failed, 2 bad input.
 */
export const checkCommand: SimCommand<CheckArgs> = {
  command: "check [scenario..]",
  describe: "Run scenarios against their golden files and expectations (default: every scenarios/*.toml).",
  builder: (yargs) =>
    yargs
      .positional("scenario", { type: "string", array: true, describe: "scenario files (default: every *.toml in scenarios/, by name)" })
      .option("update", { type: "boolean", default: false, describe: "rewrite golden files from the runs (refused when CI is set)" })
      .option("force", { type: "boolean", default: false, describe: "with --update: write even when CI is set" })
      .option("twice", { type: "boolean", default: false, describe: "determinism audit: run each scenario once more in this process and compare its per-step hash chain with the check's run" }) as never,
  // (The cast: yargs' inferred argument type cannot name CheckArgs; run() receives the parsed object.)
  run: async (args, io) => runCheck(args, io),
};

async function runCheck(args: CheckArgs, io: CliIo): Promise<number> {
  // 1. Golden files are a local decision: CI only ever compares against them.
  if (args.force && !args.update) throw new UserError("--force only applies to --update");
  if (args.update && isCiSet(io.env.CI) && !args.force) {
    throw new UserError(`refusing --update: the environment variable CI is set (CI=${io.env.CI}); golden files are written locally, or pass --force`);
  }

  // 2. Load everything, reporting every bad file at once.
  const named = args.scenario !== undefined && args.scenario.length > 0 ? [...args.scenario] : undefined;
  const files = named ?? (await defaultScenarioFiles(io.cwd));
  const scenarios = loadAll(files, io.cwd);

  // 3. Check each scenario; the runner simulates each file (and each baseline) once.
  const goldens = nodeGoldenStore(resolve(io.cwd, GOLDEN_DIR), io.cwd);
  const runner = new CachingScenarioRunner(
    (scenario) => simulate(scenario.model, scenario.steps),
    (file) => loadScenario(resolve(io.cwd, file)),
    io.cwd,
  );
  const checks: ScenarioCheck[] = [];
  const audit = args.twice ? (scenario: Scenario, rows: Iterable<MetricsRow>) => auditDeterminism(scenario, rows) : undefined;
  for (const scenario of scenarios) checks.push(await checkScenario(scenario, { goldens, runner, clock: io.clock, update: args.update, ...(audit ? { audit } : {}) }));

  // 4. Write only after every golden file was planned (and so parsed).
  if (args.update) for (const check of checks) if (check.golden.kind === "update") await applyGoldenUpdate(goldens, check.golden.update);

  // 5. Report. Orphans are only knowable when every scenario was checked.
  const orphanGoldens = named !== undefined ? [] : (await findOrphanGoldens(goldens, checks.map((c) => c.name))).map((name) => goldens.pathOf(name));
  io.stdout(formatCheckReport({ checks, orphanGoldens, update: args.update }));
  return checks.every((check) => check.passed) ? EXIT.ok : EXIT.checkFailed;
}

/** CI counts as set unless it is empty, "0" or "false", the values CI systems use for "not CI". */
function isCiSet(value: string | undefined): boolean {
  return value !== undefined && value !== "" && value !== "0" && value.toLowerCase() !== "false";
}

async function defaultScenarioFiles(cwd: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(resolve(cwd, SCENARIO_DIR));
  } catch {
    throw new UserError(`no ${SCENARIO_DIR}/ directory in ${cwd}; name the scenario files to check`);
  }
  const files = entries.filter((entry) => entry.endsWith(".toml")).sort(compareCodeUnits);
  if (files.length === 0) throw new UserError(`no *.toml scenario files in ${SCENARIO_DIR}/`);
  return files.map((entry) => join(SCENARIO_DIR, entry));
}

function loadAll(files: readonly string[], cwd: string): Scenario[] {
  const scenarios: Scenario[] = [];
  const errors: string[] = [];
  for (const file of files) {
    try {
      // The loader resolves against the process's directory; give it an absolute path
      // and keep the file as the user named it for messages and the reproduce line.
      const loaded = loadScenario(resolve(cwd, file));
      scenarios.push({ ...loaded, file: relative(cwd, resolve(cwd, file)) || file });
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      errors.push(error.message);
    }
  }
  if (errors.length > 0) throw new UserError(errors.join("\n"));
  const names = new Map<string, string>();
  for (const scenario of scenarios) {
    const other = names.get(scenario.name);
    if (other !== undefined) throw new UserError(`${other} and ${scenario.file} both have run.name "${scenario.name}"; each golden file belongs to one scenario`);
    names.set(scenario.name, scenario.file);
  }
  return scenarios;
}
