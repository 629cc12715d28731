import { resolve } from "node:path";
import { UserError } from "../../../src/errors.ts";
import type { MetricsRow } from "../../../src/engine/metricsRow.ts";
import { baselineFileOf } from "../../input/scenario/checkScenarioRules.ts";
import type { Scenario } from "../../input/scenario/scenario.ts";

/** What checking needs to run scenarios and find their baselines. */
export interface ScenarioRunner {
  /** The scenario's rows; each scenario file is simulated at most once per check. */
  rowsOf(scenario: Scenario): MetricsRow[];
  /** The baseline scenario named by `scenario.baseline`: `<baseline>.toml` beside the scenario file. */
  baselineOf(scenario: Scenario): Promise<Scenario>;
}

export type SimulateScenario = (scenario: Scenario) => MetricsRow[];
export type LoadScenario = (file: string) => Scenario | Promise<Scenario>;

/**
 * Runs scenarios once and remembers their rows by absolute file path, so the healthy
 * baseline that every diagnostic is held against (and that is itself checked) is
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

  rowsOf(scenario: Scenario): MetricsRow[] {
    const key = resolve(this.cwd, scenario.file);
    let rows = this.rowsByFile.get(key);
    if (rows === undefined) {
      rows = this.simulateScenario(scenario);
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
