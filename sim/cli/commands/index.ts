/**
 * Every command of the published CLI, in the order `sim --help` lists them. The
 * repository's CLI (tools/repositoryCli.ts) adds the development ones (`sim mutate`).
 *
 * How a command is laid out, and how to add an option (one declaration per option):
 *   - `sim/cli/commands/<command>.ts` is light (it is loaded on every start, `--version`
 *     included): a `declareArgs({ positionals, options })` with each argument's yargs
 *     settings, `export type <Command>Args = ArgsOf<typeof ...>`, and the command's
 *     CommandDeclaration (its command string, --help text and those arguments).
 *   - `sim/cli/actions/<command>.ts` does the work; it takes `<Command>Args` by a
 *     type-only import, so the argument type has one source: the declaration.
 *   - This list pairs each declaration with its action (`withAction`), which imports
 *     `actions/<command>.ts` only when the command runs; tsc holds the action to the
 *     declared arguments. The pairing lives here, above both, so that a declaration
 *     never imports its action and the two make no circle (lint refuses any circle).
 *   - A new option is one entry in `options` (name as typed, kebab-case; `type`,
 *     `requiresArg`, `default`, `choices`, `describe`); its field appears in the
 *     action's args with the type yargs infers (`string | undefined` unless it has a
 *     default or `demandOption`). A number is declared `{ ...NUMERIC_OPTION, describe }`
 *     (numericOption.ts: `[number]` in --help, the typed text in args) and parsed with
 *     `intOption` or `numberOption` (intOption.ts) in the action, so that a message can
 *     quote what was typed. No cast is needed anywhere: if one seems to be, the
 *     declaration is wrong. An option that several commands take (`--json`, `--threads`,
 *     `--jobs`, `--images`, `--reporter`/`--output`) is declared once, in sharedOptions.ts.
 *   - Shared pieces: `withStopSignals` (sim/io/withStopSignals.ts) for SIGINT/SIGTERM,
 *     `shownPath` (sim/io/shownPath.ts) for a path in output, `reproduceLine`
 *     (sim/verify/check/reproduceLine.ts) for the `npx sim run ...` line.
 *   - The `--help` text of every command is held by test/sim/cli/commands/help.test.ts.
 */
import { checkCommand } from "./check.ts";
import { explainCommand } from "./explain.ts";
import { exportCommand } from "./export.ts";
import { ledgerReplayCommand } from "./ledgerReplay.ts";
import { listCommand } from "./list.ts";
import { newCommand } from "./new.ts";
import { replayCommand } from "./replay.ts";
import { reportCommand } from "./report.ts";
import { runCommand } from "./run.ts";
import { withAction, type SimCommand, type SimCommandGroup } from "./simCommand.ts";
import { swarmCommand } from "./swarm.ts";
import { sweepChartCommand, sweepCommand, sweepMergeCommand, sweepReportCommand, sweepRunCommand, sweepStatusCommand } from "./sweep.ts";
import { validateCommand } from "./validate.ts";
import { watchCommand } from "./watch.ts";

const sweepActions = () => import("../actions/sweep.ts");

export const commands: readonly (SimCommand | SimCommandGroup)[] = [
  withAction(runCommand, async () => (await import("../actions/run.ts")).runRun),
  {
    ...sweepCommand,
    subcommands: [
      withAction(sweepRunCommand, async () => (await sweepActions()).runSweepAction),
      withAction(sweepStatusCommand, async () => (await sweepActions()).sweepStatusAction),
      withAction(sweepMergeCommand, async () => (await sweepActions()).sweepMergeAction),
      withAction(sweepChartCommand, async () => (await sweepActions()).sweepChartAction),
      withAction(sweepReportCommand, async () => (await sweepActions()).sweepReportAction),
    ],
  },
  withAction(replayCommand, async () => (await import("../actions/replay.ts")).runReplay),
  withAction(explainCommand, async () => (await import("../actions/explain.ts")).runExplain),
  withAction(ledgerReplayCommand, async () => (await import("../actions/ledgerReplay.ts")).runLedgerReplay),
  withAction(newCommand, async () => (await import("../actions/new.ts")).runNew),
  withAction(validateCommand, async () => (await import("../actions/validate.ts")).runValidate),
  withAction(listCommand, async () => (await import("../actions/list.ts")).runList),
  withAction(watchCommand, async () => (await import("../actions/watch.ts")).runWatch),
  withAction(checkCommand, async () => (await import("../actions/check.ts")).runCheck),
  withAction(reportCommand, async () => (await import("../actions/report.ts")).runReport),
  withAction(swarmCommand, async () => (await import("../actions/swarm.ts")).runSwarmOrReplay),
  withAction(exportCommand, async () => (await import("../actions/export.ts")).runExport),
];
