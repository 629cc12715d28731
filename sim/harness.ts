/**
 * The harness's reusable parts, for code that drives the simulator from outside the CLI:
 *
 *   import { loadScenario, checkScenarios, executeRun } from "stream-mixing-sim/harness";
 *
 * `simulate(config, steps, { threads })` here steps the ranks on worker threads (the
 * main entry's `simulate` is the pure model's, which starts no thread of its own).
 *
 * Every function returns values and throws a UserError (exported from the main entry)
 * for bad input; nothing here exits the process or prints.
 */
export { loadScenario, type ScenarioOverrides } from "./scenario/loadScenario.ts";
export { goldenPath, scenarioPath, shippedScenarioNames } from "./scenario/shippedScenarios.ts";
export type { Scenario, Expectation, GoldenTolerances } from "./scenario/scenario.ts";
export { checkScenarios, type CheckScenariosOptions, type CheckScenariosResult } from "./check/checkScenarios.ts";
export type { ScenarioCheck, GoldenOutcome, SignatureOutcome } from "./check/scenarioCheck.ts";
export { formatCheckReport } from "./check/formatCheckReport.ts";
export { executeRun, type RunRequest, type RunEnvironment, type RunOutcome } from "./run/executeRun.ts";
export { simulate, type SimulateOptions } from "./threads/simulate.ts";
export { engineThreads, coresPerJob } from "./threads/engineThreads.ts";
export { workerBlockPeers } from "./threads/workerBlockPeers.ts";
export { systemClock, type Clock } from "./io/clock.ts";
export { UserError } from "../src/errors.ts";
export { ScenarioError } from "./scenario/scenarioError.ts";
export { GoldenFileError } from "./golden/goldenFileError.ts";
