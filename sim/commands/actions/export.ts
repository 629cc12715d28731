import { resolve } from "node:path";
import { UserError } from "../../../src/errors.ts";
import { EXIT } from "../../exitCodes.ts";
import { exportTensorBoard } from "../../export/exportTensorBoard.ts";
import { readMetricsSource } from "../../export/metricsSource.ts";
import { formatWandbHistory } from "../../export/wandbHistory.ts";
import { writeFileAtomicallySync } from "../../io/atomicWrite.ts";
import type { CliIo } from "../../io/cliIo.ts";
import { shownPath } from "../../io/shownPath.ts";
import type { ExportArgs } from "../export.ts";

/**
 * `sim export <format> <input>... [--out]`: every input is read and checked before
 * anything is written (bad input: exit 2 naming it); files are written under temporary
 * names and renamed, so there is no partial output.
 */
export async function runExport(args: ExportArgs, io: CliIo): Promise<number> {
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
  for (const file of files) io.stdout(`wrote ${shownPath(io.cwd, file)}\n`);
  io.stdout(`view them: tensorboard --logdir ${args.out}\n`);
  return EXIT.ok;
}
