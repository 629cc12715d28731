import type { Argv, InferredOptionType, Options, PositionalOptions } from "yargs";
import type { CliIo } from "../../io/cliIo.ts";

/** A command's arguments as declared: the positionals (named in its command string) and the options, each with its yargs settings. */
export interface ArgsDeclaration {
  readonly positionals?: Readonly<Record<string, PositionalOptions>>;
  readonly options?: Readonly<Record<string, Options>>;
}

/**
 * The parsed arguments of a declaration, as yargs infers them from each entry's settings
 * (`type`, `array`, `choices`, `default`, `demandOption`): the declaration is the only
 * place an argument's type is written.
 */
export type ArgsOf<D extends ArgsDeclaration> = {
  readonly [K in keyof D["positionals"]]: InferredOptionType<NonNullable<D["positionals"]>[K]>;
} & {
  readonly [K in keyof D["options"]]: InferredOptionType<NonNullable<D["options"]>[K]>;
};

/**
 * Declares a command's arguments; returns them as given, typed exactly (the literal
 * settings, as `as const` would keep them) and checked against yargs' option settings.
 */
export function declareArgs<
  const P extends Readonly<Record<string, PositionalOptions>> = Record<never, never>,
  const O extends Readonly<Record<string, Options>> = Record<never, never>,
>(declaration: { readonly positionals?: P; readonly options?: O }): { readonly positionals: P; readonly options: O } {
  return { positionals: declaration.positionals ?? ({} as P), options: declaration.options ?? ({} as O) };
}

/**
 * What a command module declares (sim/cli/commands/<command>.ts): its command string, its
 * text for `--help` and its arguments. `configure` adds what is not one option's setting
 * (a conflict between two options). The work is not here: the list of commands
 * (commands/index.ts) pairs each declaration with its action (withAction).
 */
export interface CommandDeclaration<D extends ArgsDeclaration = ArgsDeclaration> {
  readonly command: string;
  readonly describe: string;
  /** One example for `--help`: the command line (with `$0` for sim) and what it does. */
  readonly example: readonly [command: string, description: string];
  readonly args: D;
  readonly configure?: (yargs: Argv) => Argv;
}

/** A command's work: it takes the arguments as declared and returns the exit code. */
export type CommandAction<Args> = (args: Args, io: CliIo) => Promise<number>;

/**
 * One CLI command: its declaration and a `run` that returns the exit code. The command
 * prints through `io`; only sim/cli.ts turns errors into text and exit codes.
 */
export interface SimCommand<Args = Record<string, unknown>> extends CommandDeclaration {
  /**
   * Runs the command. (Method syntax on purpose: yargs hands every command a plain
   * record, and this lets a command with its own Args sit in the one list of commands;
   * the record has the declared shape because yargs parsed it from `args`.)
   */
  run(args: Args, io: CliIo): Promise<number>;
}

/**
 * The command of a declaration whose action `load` imports when the command runs, so
 * that starting sim (`--version` included) loads the light declarations only. The action
 * module takes the declared argument type from the declaration's module; the declaration's
 * module imports nothing of the action, so the two make no circle.
 */
export function withAction<D extends ArgsDeclaration>(declared: CommandDeclaration<D>, load: () => Promise<CommandAction<ArgsOf<D>>>): SimCommand<ArgsOf<D>> {
  return { ...declared, run: async (args, io) => (await load())(args, io) };
}

/** The yargs builder of a command: its positionals, in order, then its options, in order. */
export function buildArgs(command: SimCommand, yargs: Argv): Argv {
  let built = yargs;
  for (const [name, settings] of Object.entries(command.args.positionals ?? {})) built = built.positional(name, settings);
  built = built.options(command.args.options ?? {}).example(command.example[0], command.example[1]);
  return command.configure === undefined ? built : command.configure(built);
}

/**
 * A command with subcommands (`sim sweep <file>`, `sim sweep status ...`): yargs runs
 * the matching subcommand's handler only, so each subcommand is a SimCommand of its own;
 * a subcommand whose command string starts with `$0` is the default.
 */
export interface SimCommandGroup extends CommandGroupDeclaration {
  readonly subcommands: readonly SimCommand[];
}

/** What a group's module declares of the group itself; its subcommands are declared one by one beside it. */
export interface CommandGroupDeclaration {
  readonly command: string;
  readonly describe: string;
  readonly example: readonly [command: string, description: string];
}
