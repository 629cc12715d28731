import { commands } from "../sim/cli/commands/index.ts";
import { reportCommand } from "../sim/cli/commands/report.ts";
import { withAction, type SimCommand, type SimCommandGroup } from "../sim/cli/commands/simCommand.ts";
import { main as packageMain, runCli as packageRunCli } from "../sim/cli.ts";
import type { CliIo } from "../sim/io/cliIo.ts";
import { processIo } from "../sim/io/cliIo.ts";
import { mutateCommand } from "./mutate/mutateCommand.ts";

/**
 * The repository's `sim` (bin/sim.js over dist/, and the tests' in-process runs): the
 * published CLI's commands and the development ones, which need this repository's
 * sources and tests and so stay out of the package (tools/buildPackage.ts refuses a
 * bundle that holds any of tools/). `sim mutate` is listed after `sim report`, where
 * `sim --help` has always shown it.
 */
export const REPOSITORY_COMMANDS: readonly (SimCommand | SimCommandGroup)[] = commands.flatMap((command) =>
  command.command === reportCommand.command ? [command, withAction(mutateCommand, async () => (await import("./mutate/mutateAction.ts")).runMutate)] : [command],
);

/** `main` of sim/cli.ts with the development commands. */
export function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  return packageMain(argv, io, REPOSITORY_COMMANDS);
}

/** The repository bin's entry point. */
export function runCli(argv: readonly string[]): Promise<number> {
  return packageRunCli(argv, REPOSITORY_COMMANDS);
}
