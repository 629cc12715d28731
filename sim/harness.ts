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
export { loadScenario, type ScenarioOverrides } from "./input/scenario/loadScenario.ts";
export { goldenPath, scenarioPath, shippedScenarioNames } from "./input/scenario/shippedScenarios.ts";
export type { Scenario, Expectation, GoldenTolerances } from "./input/scenario/scenario.ts";
export { checkScenarios, type CheckScenariosOptions, type CheckScenariosResult } from "./verify/check/checkScenarios.ts";
export type { ScenarioCheck, GoldenOutcome, SignatureOutcome } from "./verify/check/scenarioCheck.ts";
export { formatCheckReport } from "./verify/check/formatCheckReport.ts";
export { executeRun, type RunRequest, type RunEnvironment, type RunOutcome } from "./execute/run/executeRun.ts";
export { simulate, type SimulateOptions } from "./execute/threads/simulate.ts";
export { engineThreads, coresPerJob } from "./execute/threads/engineThreads.ts";
export { workerBlockPeers } from "./execute/threads/workerBlockPeers.ts";
export { systemClock, type Clock } from "./io/clock.ts";
export { UserError } from "../src/errors.ts";
export { ScenarioError } from "./input/scenario/scenarioError.ts";
export { GoldenFileError } from "./format/goldenFileError.ts";
