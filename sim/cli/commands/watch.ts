import { NUMERIC_OPTION } from "./numericOption.ts";
import { declareArgs, type ArgsOf, type CommandDeclaration } from "./simCommand.ts";

const watchArgs = declareArgs({
  positionals: {
    scenario: { type: "string", demandOption: true, describe: "the scenario TOML file to watch" },
  },
  options: {
    port: { ...NUMERIC_OPTION, default: "8417", defaultDescription: "8417", describe: "the port to listen on (0: any free port)" },
    host: { type: "string", requiresArg: true, default: "127.0.0.1", describe: "the address to listen on: loopback unless you name another" },
    open: { type: "boolean", default: false, describe: "open the page in the system's browser" },
  },
});
export type WatchArgs = ArgsOf<typeof watchArgs>;

/**
 * `sim watch <scenario> [--port P] [--host H] [--open]`: serves the scenario's check
 * report and re-runs it on every save, the charts following the file (docs/authoring.md).
 * The work lives in actions/watch.ts, loaded on use.
 */
export const watchCommand: CommandDeclaration<typeof watchArgs> = {
  command: "watch <scenario>",
  describe: "Serve a scenario's check report on 127.0.0.1 and re-run it on every save: the charts follow the file",
  example: ["$0 watch scenarios/healthy_smoke.toml --port 8123", "serve the scenario's check report and re-run it on every save"],
  args: watchArgs,
};
