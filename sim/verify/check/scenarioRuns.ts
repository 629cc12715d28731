import { resolve } from "node:path";
import { UserError } from "../../../src/errors.ts";
import type { MetricsRow } from "../../../src/engine/metricsRow.ts";
import { baselineFileOf } from "../../input/scenario/checkScenarioRules.ts";
import type { Scenario } from "../../input/scenario/scenario.ts";

/**
 * The longest run whose rows a check keeps, so that a baseline shared by many diagnostics
 * is simulated once: a few MB at this length. A longer run (up to the step limit, where
 * its rows would take about a GB) is simulated again each time its rows are needed, a
 * row at a time, which costs time and no memory.
 */
export const KEPT_RUN_STEPS_MAX = 20_000;

/** What checking needs to run scenarios and find their baselines. */
export interface ScenarioRunner {
  /** The scenario's rows in step order, as the engine makes them; a run of at most KEPT_RUN_STEPS_MAX steps is simulated at most once per check. */
  rowsOf(scenario: Scenario): Iterable<MetricsRow>;
  /** The baseline scenario named by `scenario.baseline`: `<baseline>.toml` beside the scenario file. */
  baselineOf(scenario: Scenario): Promise<Scenario>;
}

/** The rows of one run of a scenario, made as they are iterated. */
export type SimulateScenario = (scenario: Scenario) => Iterable<MetricsRow>;
export type LoadScenario = (file: string) => Scenario | Promise<Scenario>;

/**
 * Runs scenarios and remembers the rows of the short ones by absolute file path, so the
 * healthy baseline that every diagnostic is held against (and that is itself checked) is
 * simulated once per `sim check`, not once per diagnostic.
 */
export class CachingScenarioRunner implements ScenarioRunner {
  private readonly rowsByFile = new Map<string, MetricsRow[]>();
  private readonly scenariosByFile = new Map<string, Scenario>();

  constructor(
    private readonly simulateScenario: SimulateScenario,
    private readonly loadScenario: LoadScenario,
    private readonly cwd: string,
  ) {}

  rowsOf(scenario: Scenario): Iterable<MetricsRow> {
    if (scenario.steps > KEPT_RUN_STEPS_MAX) return { [Symbol.iterator]: () => this.simulateScenario(scenario)[Symbol.iterator]() };
    const key = resolve(this.cwd, scenario.file);
    let rows = this.rowsByFile.get(key);
    if (rows === undefined) {
      rows = [...this.simulateScenario(scenario)];
      this.rowsByFile.set(key, rows);
    }
    return rows;
  }
  async baselineOf(scenario: Scenario): Promise<Scenario> {
    const baseline = scenario.baseline;
    if (baseline === undefined) throw new UserError(`${scenario.file}: the scenario names no baseline`);
    const file = scenario.baselineFile ?? baselineFileOf(scenario.file, baseline);
    const key = resolve(this.cwd, file);
    let loaded = this.scenariosByFile.get(key);
    if (loaded === undefined) {
      try {
        loaded = await this.loadScenario(file);
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        throw new UserError(`${scenario.file}: baseline "${baseline}" (${file}): ${error.message}`, error.exitCode);
      }
      this.scenariosByFile.set(key, loaded);
    }
    return loaded;
  }
}
