import { declareArgs, type ArgsOf, type CommandDeclaration } from "./simCommand.ts";

/** The formats `sim export` writes: TensorBoard event files, W&B history JSONL. */
const EXPORT_FORMATS = ["tensorboard", "wandb-history"] as const;

const exportArgs = declareArgs({
  positionals: {
    format: { type: "string", choices: EXPORT_FORMATS, demandOption: true, describe: "tensorboard: event files under --out; wandb-history: JSONL with _step" },
    input: { type: "string", array: true, demandOption: true, describe: "run directories or golden files (wandb-history: one)" },
  },
  options: {
    out: { type: "string", requiresArg: true, describe: "tensorboard: the log directory (required); wandb-history: the output file (default: stdout)" },
  },
});
export type ExportArgs = ArgsOf<typeof exportArgs>;

/**
 * `sim export <format> <run-dir | golden file>... [--out <path>]` (docs/tensorboard-and-wandb.md):
 *   - `tensorboard`: one TensorBoard run per input under the log directory --out, for run
 *     directories made before runs wrote tensorboard/ and for golden files;
 *   - `wandb-history`: one input's rows as W&B history-export JSONL, to --out or stdout.
 * The work lives in actions/export.ts, loaded on use.
 */
export const exportCommand: CommandDeclaration<typeof exportArgs> = {
  command: "export <format> <input..>",
  describe: "Export run directories or golden files as TensorBoard event files (tensorboard) or W&B history JSONL (wandb-history)",
  example: ["$0 export tensorboard golden/healthy_smoke.jsonl runs/healthy_smoke --out tb/", "a golden file and a run as TensorBoard runs, overlaid"],
  args: exportArgs,
};
