import { join } from "node:path";
import { UserError } from "../../../src/errors.ts";
import { TensorBoardRunWriter } from "../../execute/tensorboard/tensorboardRunWriter.ts";
import type { MetricsSource } from "./metricsSource.ts";

/**
 * The TensorBoard run a source becomes under the log directory: a run directory keeps its
 * name, a golden file gets `<scenario>.golden`, so that a golden file and a run of the same
 * scenario sit side by side (`healthy_smoke` and `healthy_smoke.golden`) and overlay.
 */
export function tensorBoardRunName(source: MetricsSource): string {
  return source.kind === "golden file" ? `${source.name}.golden` : source.name;
}

/**
 * Writes one TensorBoard run per source under `logDir` (and a sub-run per rank for a run
 * with per-rank rows), in the same form a run writes its own tensorboard/, reading each
 * source's rows as it writes them. Every file is written under a temporary name first
 * and renamed only when all of them are complete, so a failure (a bad line in a source
 * included) leaves no partial output. Returns the files written.
 */
export function exportTensorBoard(sources: readonly MetricsSource[], logDir: string, warn: (message: string) => void): string[] {
  const byName = new Map<string, string>();
  for (const source of sources) {
    const name = tensorBoardRunName(source);
    const other = byName.get(name);
    if (other !== undefined) throw new UserError(`${other} and ${source.input} would both be written to ${join(logDir, name)}; export them to different --out directories`);
    byName.set(name, source.input);
  }
  const writers: TensorBoardRunWriter[] = [];
  try {
    for (const source of sources) {
      const writer = new TensorBoardRunWriter({
        dir: join(logDir, tensorBoardRunName(source)),
        firstStep: source.firstStep,
        ...(source.runLabel !== undefined ? { runLabel: source.runLabel } : {}),
        warn: (message) => warn(`${source.input}: ${message}`),
        atomic: true,
      });
      writers.push(writer);
      // Streamed: a bad line met half-way aborts every writer, leaving nothing behind.
      for (const row of source.rows()) writer.writeRow(row);
      for (const row of source.rankRows()) writer.writeRankRow(row);
    }
  } catch (error) {
    for (const writer of writers) writer.abort();
    throw error;
  }
  return writers.flatMap((writer) => writer.close());
}
