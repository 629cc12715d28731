import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { UserError } from "../../src/errors.ts";
import { EXIT } from "../../sim/exitCodes.ts";
import { writeFileAtomicallySync } from "../../sim/io/atomicWrite.ts";
import type { CliIo } from "../../sim/io/cliIo.ts";
import { checkOutputFile, outputTarget } from "../../sim/io/outputDestination.ts";
import { startProgress } from "../../sim/io/progress.ts";
import { DEFAULT_CATALOG_FILE } from "./1-load-catalog.ts";
import { formatFailingKillers, formatResultTable, formatSummary } from "./formatReport.ts";
import { runMutation } from "./runMutation.ts";
import { withStopSignals } from "../../sim/io/withStopSignals.ts";
import { intOption, MAX_JOBS } from "../../sim/cli/commands/intOption.ts";
import type { MutateArgs } from "./mutateCommand.ts";

/** `sim mutate`: runs the catalog's mutants and prints the verdicts. */
export async function runMutate(args: MutateArgs, io: CliIo): Promise<number> {
  if ((args.reporter === undefined) !== (args.output === undefined)) throw new UserError("--reporter and --output go together: --reporter junit|json --output <file>");
  // The destination is checked before any mutant runs (minutes of work), so the run never ends on an output it cannot write; `-` is stdout.
  const target = args.output === undefined || args.output === "-" ? undefined : outputTarget("--output", io.cwd, args.output);
  if (target !== undefined) checkOutputFile(target);
  // The report on stdout leaves the console's text to stderr.
  const human = args.output === "-" ? io.stderr : io.stdout;
  // The XML builder is loaded only when a report is asked for.
  const writeReport = async (junit: (formats: typeof import("./mutateJUnit.ts")) => string, json: (formats: typeof import("./mutateJson.ts")) => string): Promise<void> => {
    if (args.output === undefined) return;
    const text = args.reporter === "json" ? json(await import("./mutateJson.ts")) : junit(await import("./mutateJUnit.ts"));
    if (target === undefined) io.stdout(text);
    else writeFileAtomicallySync(target.path, text);
  };
  const jobs = intOption("jobs", args.jobs, 1, MAX_JOBS) ?? availableParallelism();
  return withInterruptCleanup(io, async (signal, onCleanupNeeded) => {
    const display = startProgress(io, { label: "sim mutate", unit: "mutants", total: 0 });
    const outcome = await runMutation({
      projectRoot: resolve(io.cwd),
      // The default is applied here, so that the command module stays light.
      catalogFile: args.catalog ?? DEFAULT_CATALOG_FILE,
      ...(args.only === undefined ? {} : { only: args.only }),
      jobs,
      env: io.env,
      signal,
      monotonicMs: () => io.clock.monotonicMs(),
      onCleanupNeeded,
      progress: (line) => display.log(`sim mutate: ${line}\n`),
      onMutantsDone: (done, total) => display.update(done, total),
    }).finally(display.stop);
    if (outcome.kind === "killersNotPassing") {
      io.stderr(formatFailingKillers(outcome.failing));
      await writeReport(
        (junit) => junit.formatFailingKillersJUnit(outcome.failing),
        (json) => json.formatFailingKillersJson(outcome.failing),
      );
      // A killer that runs no test is the catalog pointing at nothing (bad input); one
      // that fails is a broken test suite (a failed check).
      return outcome.failing.some((b) => b.outcome.verdict === "inconclusive") ? EXIT.badInput : EXIT.checkFailed;
    }
    human(formatResultTable(outcome.results));
    await writeReport(
      (junit) => junit.formatMutateJUnit(outcome.results),
      (json) => json.formatMutateJson(outcome.results, outcome.selected),
    );
    human(`\n${formatSummary(outcome.results, outcome.selected, outcome.elapsedMs, outcome.interrupted)}`);
    if (outcome.interrupted) return EXIT.interrupted;
    const allKilled = outcome.results.length === outcome.selected && outcome.results.every((r) => r.status === "killed");
    return allKilled ? EXIT.ok : EXIT.checkFailed;
  });
}

/**
 * Turns SIGINT and SIGTERM into an abort for the duration of `body`: the running killers
 * are stopped, no new mutant starts, and the temporary copies are removed before the
 * command returns 130. A second signal exits at once. A cleanup registered with
 * `onCleanupNeeded` also runs if the process exits some other way meanwhile.
 */
async function withInterruptCleanup(io: CliIo, body: (signal: AbortSignal, onCleanupNeeded: (cleanup: () => void) => () => void) => Promise<number>): Promise<number> {
  const controller = new AbortController();
  const onSignal = (name: string): void => {
    if (controller.signal.aborted) {
      // A second signal while cleaning up: leave now; the exit handler removes the copies.
      io.exit(EXIT.interrupted);
    }
    io.stderr(`sim mutate: ${name}: stopping the killers and removing the temporary copies\n`);
    controller.abort();
  };
  const onCleanupNeeded = (cleanup: () => void): (() => void) => io.onExit(cleanup);
  return withStopSignals(
    io,
    async () => {
      const code = await body(controller.signal, onCleanupNeeded);
      return controller.signal.aborted ? EXIT.interrupted : code;
    },
    onSignal,
  );
}
