import { relative, resolve } from "node:path";
import { UserError } from "../../src/errors.ts";
import { EXIT } from "../exitCodes.ts";
import { exportTensorBoard } from "../export/exportTensorBoard.ts";
import { readMetricsSource } from "../export/metricsSource.ts";
import { formatWandbHistory } from "../export/wandbHistory.ts";
import { writeFileAtomicallySync } from "../io/atomicWrite.ts";
import type { SimCommand } from "./simCommand.ts";

const FORMATS = ["tensorboard", "wandb-history"] as const;

interface ExportArgs {
  readonly format: (typeof FORMATS)[number];
  readonly input: readonly string[];
  readonly out?: string;
}

/**
 * `sim export <format> <run-dir | golden file>... [--out <path>]` (docs/tensorboard-and-wandb.md):
 *   - `tensorboard`: one TensorBoard run per input under the log directory --out, for run
 *     directories made before runs wrote tensorboard/ and for golden files;
 *   - `wandb-history`: one input's rows as W&B history-export JSONL, to --out or stdout.
 * Every input is read and checked before anything is written (bad input: exit 2 naming
 * it), and files are written under temporary names and renamed, so no partial output.
 */
export const exportCommand: SimCommand<ExportArgs> = {
  command: "export <format> <input..>",
  describe: "Export run directories or golden files as TensorBoard event files (tensorboard) or W&B history JSONL (wandb-history)",
  builder: (yargs) =>
    yargs
      .positional("format", { type: "string", choices: FORMATS, demandOption: true, describe: "tensorboard: event files under --out; wandb-history: JSONL with _step" })
      .positional("input", { type: "string", array: true, demandOption: true, describe: "run directories or golden files (wandb-history: one)" })
      .option("out", { type: "string", describe: "tensorboard: the log directory (required); wandb-history: the output file (default: stdout)" }) as never,
  run: async (args, io) => {
    const sources = args.input.map((input) => readMetricsSource(input, resolve(io.cwd, input)));
    if (args.format === "wandb-history") {
      if (sources.length !== 1) throw new UserError(`export wandb-history takes one run directory or golden file, but got ${sources.length}: ${args.input.join(", ")}`);
      const text = formatWandbHistory((sources[0] as (typeof sources)[number]).rows);
      if (args.out === undefined) io.stdout(text);
      else writeFileAtomicallySync(resolve(io.cwd, args.out), text);
      return EXIT.ok;
    }
    if (args.out === undefined) throw new UserError("export tensorboard needs --out <logdir>: the directory to write one TensorBoard run per input into");
    const logDir = resolve(io.cwd, args.out);
    const files = exportTensorBoard(sources, logDir, (message) => io.stderr(`sim: warning: ${message}\n`));
    for (const file of files) io.stdout(`wrote ${relative(io.cwd, file) || file}\n`);
    io.stdout(`view them: tensorboard --logdir ${args.out}\n`);
    return EXIT.ok;
  },
};
