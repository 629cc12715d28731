import type { Argv } from "yargs";
import type { CliIo } from "../io/cliIo.ts";

/**
 * One CLI command: its yargs definition and a `run` that returns the exit code. The
 * command prints through `io`; only sim/cli.ts turns errors into text and exit codes.
 */
export interface SimCommand<Args = Record<string, unknown>> {
  readonly command: string;
  readonly describe: string;
  readonly builder: (yargs: Argv) => Argv<Args>;
  readonly run: (args: Args, io: CliIo) => Promise<number>;
}

/**
 * A command with subcommands (`sim sweep <file>`, `sim sweep status ...`): yargs runs
 * the matching subcommand's handler only, so each subcommand is a SimCommand of its own;
 * a subcommand whose command string starts with `$0` is the default.
 */
export interface SimCommandGroup {
  readonly command: string;
  readonly describe: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly subcommands: readonly SimCommand<any>[];
}
