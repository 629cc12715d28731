import yargs from "yargs";
import { AssertionError, UserError } from "../src/errors.ts";
import { commands } from "./cli/commands/index.ts";
import { buildArgs, type SimCommand, type SimCommandGroup } from "./cli/commands/simCommand.ts";
import { EXIT } from "./exitCodes.ts";
import { type CliIo, processIo } from "./io/cliIo.ts";
import { refusedOperation } from "./io/refusedFileOperation.ts";
import { HARNESS_VERSION } from "./version.ts";

/** A usage error from yargs (unknown option, missing argument). */
class UsageError extends UserError {}

/**
 * Parses `argv`, runs the command and returns its exit code. A user error prints its
 * message without a stack (exit 2, or its own code); anything else is a bug and
 * prints its stack with a request to report it (exit 3). `available` is the published
 * CLI's commands unless the caller adds its own: the repository's CLI
 * (tools/repositoryCli.ts) adds `sim mutate`, which the package does not carry.
 */
export async function main(argv: readonly string[], io: CliIo = processIo, available: readonly (SimCommand | SimCommandGroup)[] = commands): Promise<number> {
  let exitCode: number = EXIT.ok;
  let parser = yargs([...argv])
    .scriptName("sim")
    .usage("$0 <command> [options]\n\nDeterministic simulation of stream mixing and the group-state ledger (TECH-3501).")
    .strict()
    .demandCommand(1, "Name a command; `sim --help` lists them.")
    .recommendCommands()
    .exitProcess(false)
    .version(HARNESS_VERSION)
    .wrap(Math.min(100, io.columns ?? 100))
    // `sim completion >> ~/.bashrc` (or ~/.zshrc): yargs' own script, which asks sim for
    // the commands and options of what is typed so far.
    .completion("completion", "Print a bash/zsh completion script for sim: `sim completion >> ~/.bashrc`")
    .example("$0 run scenarios/healthy_smoke.toml", "run a scenario into runs/healthy_smoke/ and print its summary")
    .epilog("Exit codes: 0 ok, 1 a check failed, 2 bad input or usage, 3 internal error, 130 interrupted.")
    .fail((message, error) => {
      // yargs reports its own usage errors (an option without its value, say) as a YError:
      // those are the user's, not bugs. A command's own exception passes through.
      if (error !== undefined && error !== null && error.name !== "YError") throw error;
      throw new UsageError(usageMessage(message ?? error?.message ?? "bad usage", argv));
    });
  skipHelpCache(parser);
  const commandModule = (command: SimCommand) => ({
    command: command.command,
    describe: command.describe,
    builder: (yargs: typeof parser) => buildArgs(command, yargs),
    handler: async (args: Record<string, unknown>) => {
      exitCode = await command.run(args, io);
    },
  });
  for (const command of available) {
    if ("subcommands" in command) {
      parser = parser.command({
        command: command.command,
        describe: command.describe,
        builder: (group) => command.subcommands.reduce((built, sub) => built.command(commandModule(sub)), group.example(command.example[0], command.example[1])),
        handler: () => undefined,
      });
    } else {
      parser = parser.command(commandModule(command));
    }
  }
  try {
    // The parse callback keeps yargs from printing --help and --version itself (through
    // console.log): the text goes to io.stdout like every other output, so that a command
    // run in-process prints where its caller says.
    await parser.parseAsync([...argv], {}, (_error, _args, output) => {
      if (output !== undefined && output !== "") io.stdout(`${output}\n`);
    });
    return exitCode;
  } catch (error) {
    // A full disk or a read-only file system met where no writer named the file is still the machine's refusal, not a bug.
    const refused = error instanceof UserError ? error : refusedOperation(error);
    if (refused !== undefined) {
      io.stderr(`sim: ${refused.message}\n`);
      return refused.exitCode;
    }
    const detail = error instanceof AssertionError ? error.stack : error instanceof Error ? error.stack : String(error);
    io.stderr(`sim: internal error (a bug in the harness; please report it with the command line):\n${detail}\n`);
    return EXIT.internalError;
  }
}

/**
 * yargs formats the running command's whole --help text each time it starts a command's
 * handler (its command.js caches the text for a `showHelp()` from inside the handler,
 * which sim never calls: --help and a usage error are handled before any handler runs,
 * and our `fail` throws): wrapping every line of it through string-width, about 5 ms a
 * command in a warm process. The cache is its usage object's, one for the parse.
 */
function skipHelpCache(parser: unknown): void {
  const usage = (parser as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } }).getInternalMethods?.().getUsageInstance?.();
  if (usage?.cacheHelpMessage !== undefined) usage.cacheHelpMessage = () => undefined;
}

/** yargs' wording, with "Not enough arguments following: steps" said as the option a user typed. */
function usageMessage(message: string, argv: readonly string[]): string {
  const missing = /^Not enough arguments following: (\S+)$/.exec(message);
  if (missing) return `--${missing[1]} needs a value (--${missing[1]} <value>)`;
  // "Not enough non-option arguments: got 0, need at least 1": say which command wanted what.
  const positionals = /^Not enough non-option arguments: got (\d+), need at least (\d+)$/.exec(message);
  if (positionals) {
    const [got, need] = [Number(positionals[1]), Number(positionals[2])];
    const words = argv.filter((word) => !word.startsWith("-"));
    const command = `sim ${words.slice(0, Math.max(1, words.length - got)).join(" ")}`;
    return `\`${command}\` needs ${need === 1 ? "an argument" : `${need} arguments`}${got > 0 ? ` (got ${got})` : ""}: \`${command} --help\` shows what to give`;
  }
  // recommendCommands says only "Did you mean run?": name what was typed as well.
  if (/^Did you mean /.test(message) && argv[0] !== undefined) return `unknown command ${JSON.stringify(argv[0])}; ${message.charAt(0).toLowerCase()}${message.slice(1)}`;
  return message;
}

/** The bin's entry point: the real process's arguments and streams. */
export async function runCli(argv: readonly string[], available: readonly (SimCommand | SimCommandGroup)[] = commands): Promise<number> {
  // A reader that stops early (`sim run ... | head -1`) closes the pipe: what was
  // written is what was wanted, so the command ends quietly with exit 0 instead of an
  // EPIPE stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(EXIT.ok);
      throw error;
    });
  }
  return main(argv, processIo, available);
}
