/**
 * Every command of the published CLI, in the order `sim --help` lists them. The
 * repository's CLI (tools/repositoryCli.ts) adds the development ones (`sim mutate`).
 *
 * How a command is laid out, and how to add an option (one declaration per option):
 *   - `sim/cli/commands/<command>.ts` is light (it is loaded on every start, `--version`
 *     included): a `declareArgs({ positionals, options })` with each argument's yargs
 *     settings, `export type <Command>Args = ArgsOf<typeof ...>`, and the SimCommand
 *     whose `run` imports `actions/<command>.ts` only when the command runs.
 *   - `sim/cli/actions/<command>.ts` does the work; it takes `<Command>Args` by a
 *     type-only import, so the argument type has one source: the declaration.
 *   - A new option is one entry in `options` (name as typed, kebab-case; `type`,
 *     `requiresArg`, `default`, `choices`, `describe`); its field appears in the
 *     action's args with the type yargs infers (`string | undefined` unless it has a
 *     default or `demandOption`). A number is declared `{ ...NUMERIC_OPTION, describe }`
 *     (numericOption.ts: `[number]` in --help, the typed text in args) and parsed with
 *     `intOption` or `numberOption` (intOption.ts) in the action, so that a message can
 *     quote what was typed. No cast is needed anywhere: if one seems to be, the
 *     declaration is wrong.
 *   - Shared pieces: `withStopSignals` (sim/io/withStopSignals.ts) for SIGINT/SIGTERM,
 *     `shownPath` (sim/io/shownPath.ts) for a path in output, `reproduceLine`
 *     (sim/verify/check/reproduceLine.ts) for the `npx sim run ...` line.
 *   - The `--help` text of every command is held by test/sim/cli/commands/help.test.ts.
 */
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
import { exportCommand } from "./export.ts";
import { listCommand } from "./list.ts";
import { watchCommand } from "./watch.ts";
import { newCommand } from "./new.ts";

export const commands: readonly (SimCommand | SimCommandGroup)[] = [
  runCommand,
  sweepCommand,
  replayCommand,
  explainCommand,
  ledgerReplayCommand,
  newCommand,
  validateCommand,
  listCommand,
  watchCommand,
  checkCommand,
  reportCommand,
  swarmCommand,
  exportCommand,
];
