import { resolve } from "node:path";
import { UserError } from "../../../src/errors.ts";
import { EXIT } from "../../exitCodes.ts";
import { readMetricsSource } from "../../analyse/export/metricsSource.ts";
import { wandbHistoryLine } from "../../analyse/export/wandbHistory.ts";
import { writeOutputLines } from "../../io/atomicWrite.ts";
import { checkOutputDirectory, checkOutputFile, outputTarget } from "../../io/outputDestination.ts";
import type { MetricsRow } from "../../../src/engine/metricsRow.ts";
import type { CliIo } from "../../io/cliIo.ts";
import { shownPath } from "../../io/shownPath.ts";
import type { ExportArgs } from "../commands/export.ts";

/**
 * `sim export <format> <input>... [--out]`: the inputs are read a row at a time as the
 * output is written, so a run at the step limit exports in flat memory. A bad line is
 * exit 2 naming it, and leaves no partial output: files are written under temporary
 * names and renamed once complete, and W&B history for stdout is checked in a first
 * pass before a line is printed.
 */
export async function runExport(args: ExportArgs, io: CliIo): Promise<number> {
  const out = args.out === undefined ? undefined : outputTarget("--out", io.cwd, args.out);
  if (out !== undefined) {
    if (args.format === "wandb-history") checkOutputFile(out);
    else checkOutputDirectory(out);
  }
  const sources = args.input.map((input) => readMetricsSource(input, resolve(io.cwd, input)));
  if (args.format === "wandb-history") {
    const source = sources[0];
    if (source === undefined || sources.length !== 1)
      throw new UserError(`export wandb-history takes one run directory or golden file, but got ${sources.length}: ${args.input.join(", ")}`);
    if (out !== undefined) {
      writeOutputLines(out, mapRows(source.rows(), wandbHistoryLine));
      return EXIT.ok;
    }
    for (const _row of source.rows()) {
      // The checking pass: the reader refuses a bad line before anything is printed.
    }
    let pending = "";
    for (const row of source.rows()) {
      pending += wandbHistoryLine(row) + "\n";
      if (pending.length >= STDOUT_BATCH_CHARS) {
        io.stdout(pending);
        pending = "";
      }
    }
    if (pending.length > 0) io.stdout(pending);
    return EXIT.ok;
  }
  if (out === undefined) throw new UserError("export tensorboard needs --out <logdir>: the directory to write one TensorBoard run per input into");
  const logDir = out.path;
  // The TensorBoard writer loads for this format only (37 modules with its protobuf encoder, about 30 ms of CPU): W&B history does not use it.
  const { exportTensorBoard } = await import("../../analyse/export/exportTensorBoard.ts");
  const files = exportTensorBoard(sources, logDir, (message) => io.stderr(`sim: warning: ${message}\n`));
  for (const file of files) io.stdout(`wrote ${shownPath(io.cwd, file)}\n`);
  io.stdout(`view them: tensorboard --logdir ${args.out}\n`);
  return EXIT.ok;
}

/** Characters of W&B history gathered before each write to stdout. */
const STDOUT_BATCH_CHARS = 64 * 1024;

function* mapRows<T>(rows: Iterable<MetricsRow>, map: (row: MetricsRow) => T): Generator<T, void, undefined> {
  for (const row of rows) yield map(row);
}
