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
