import { mutateCommand } from "./mutate.ts";
import { explainCommand } from "./explain.ts";
import { runCommand } from "./run.ts";
import { replayCommand } from "./replay.ts";
import { ledgerReplayCommand } from "./ledgerReplay.ts";
import { checkCommand } from "./check.ts";
import type { SimCommand, SimCommandGroup } from "./simCommand.ts";
import { reportCommand } from "./report.ts";
import { swarmCommand } from "./swarm.ts";
import { sweepCommand } from "./sweep.ts";
import { validateCommand } from "./validate.ts";

/**
 * Every CLI command, in the order `sim --help` lists them. Each lives in its own
 * module under sim/commands/.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: readonly (SimCommand<any> | SimCommandGroup)[] = [runCommand, sweepCommand, replayCommand, explainCommand, ledgerReplayCommand, validateCommand, checkCommand, reportCommand, mutateCommand, swarmCommand];
