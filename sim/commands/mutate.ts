import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import type { Argv } from "yargs";
import { EXIT } from "../exitCodes.ts";
import type { CliIo } from "../io/cliIo.ts";
import { DEFAULT_CATALOG_FILE } from "../mutate/1-load-catalog.ts";
import { formatFailingKillers, formatResultTable, formatSummary } from "../mutate/formatReport.ts";
import { runMutation } from "../mutate/runMutation.ts";
import { intOption } from "./intOption.ts";

/** More parallel mutants than this only thrashes: each one runs a test suite. */
const MAX_JOBS = 256;
import type { SimCommand } from "./simCommand.ts";

interface MutateArgs {
  readonly only?: string[];
  readonly jobs?: string;
  readonly catalog: string;
}

/**
 * `sim mutate`: the plan's mutation-sanity check as a command (docs/mutation.md). Exit 0
 * when every selected mutant is killed by a named killer; 1 when one survived, was
 * unviable or errored, or when a killer already fails on the unmutated code; 2 for a bad
 * catalog or a killer that runs no test on the unmutated code; 130 when interrupted
 * (the temporary copies are removed first).
 */
export const mutateCommand: SimCommand<MutateArgs> = {
  command: "mutate",
  describe: "Apply each catalog mutant to a temporary copy of the project and check that its named tests or scenarios catch it",
  builder: (yargs: Argv) =>
    yargs
      .option("only", { type: "string", array: true, describe: "Run only these mutant ids" })
      .option("jobs", { type: "string", requiresArg: true, describe: "Mutants run in parallel (default: the machine's available parallelism)" })
      .option("catalog", { type: "string", default: DEFAULT_CATALOG_FILE, describe: "The mutant catalog, relative to the working directory" }) as unknown as Argv<MutateArgs>,
  run: async (args, io) => {
    const jobs = intOption("jobs", args.jobs, 1, MAX_JOBS) ?? availableParallelism();
    return withInterruptCleanup(io, async (signal, onCleanupNeeded) => {
      const outcome = await runMutation({
        projectRoot: resolve(io.cwd),
        catalogFile: args.catalog,
        ...(args.only === undefined ? {} : { only: args.only }),
        jobs,
        signal,
        monotonicMs: () => io.clock.monotonicMs(),
        onCleanupNeeded,
        progress: (line) => io.stderr(`sim mutate: ${line}\n`),
      });
      if (outcome.kind === "killersNotPassing") {
        io.stderr(formatFailingKillers(outcome.failing));
        // A killer that runs no test is the catalog pointing at nothing (bad input); one
        // that fails is a broken test suite (a failed check).
        return outcome.failing.some((b) => b.outcome.verdict === "inconclusive") ? EXIT.badInput : EXIT.checkFailed;
      }
      io.stdout(formatResultTable(outcome.results));
      io.stdout(`\n${formatSummary(outcome.results, outcome.selected, outcome.elapsedMs, outcome.interrupted)}`);
      if (outcome.interrupted) return EXIT.interrupted;
      const allKilled = outcome.results.length === outcome.selected && outcome.results.every((r) => r.status === "killed");
      return allKilled ? EXIT.ok : EXIT.checkFailed;
    });
  },
};

/**
 * Turns SIGINT and SIGTERM into an abort for the duration of `body`: the running killers
 * are stopped, no new mutant starts, and the temporary copies are removed before the
 * command returns 130. A second signal exits at once. A cleanup registered with
 * `onCleanupNeeded` also runs if the process exits some other way meanwhile.
 */
async function withInterruptCleanup(
  io: CliIo,
  body: (signal: AbortSignal, onCleanupNeeded: (cleanup: () => void) => () => void) => Promise<number>,
): Promise<number> {
  const controller = new AbortController();
  const onSignal = (name: string): void => {
    if (controller.signal.aborted) {
      // A second signal while cleaning up: leave now; the exit handler removes the copies.
      process.exit(EXIT.interrupted);
    }
    io.stderr(`sim mutate: ${name}: stopping the killers and removing the temporary copies\n`);
    controller.abort();
  };
  const stopListening = [io.onSignal("SIGINT", () => onSignal("SIGINT")), io.onSignal("SIGTERM", () => onSignal("SIGTERM"))];
  const onCleanupNeeded = (cleanup: () => void): (() => void) => io.onExit(cleanup);
  try {
    const code = await body(controller.signal, onCleanupNeeded);
    return controller.signal.aborted ? EXIT.interrupted : code;
  } finally {
    for (const stop of stopListening) stop();
  }
}
