import { declareArgs, type ArgsOf, type CommandDeclaration } from "./simCommand.ts";

const replayArgs = declareArgs({
  positionals: {
    "run-dir": { type: "string", demandOption: true, describe: "a directory written by `sim run`" },
  },
});
export type ReplayArgs = ArgsOf<typeof replayArgs>;

/** `sim replay <run-dir>`: re-run a recorded run and compare (the work: actions/replay.ts, loaded on use). */
export const replayCommand: CommandDeclaration<typeof replayArgs> = {
  command: "replay <run-dir>",
  describe: "Re-run a run directory's resolved scenario in memory and compare with its metrics.jsonl",
  example: ["$0 replay runs/healthy_smoke", "re-run a recorded run and compare every output"],
  args: replayArgs,
};
