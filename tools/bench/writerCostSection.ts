/**
 * What writing a run's TensorBoard event file and W&B offline run costs per step, against
 * writing metrics.jsonl alone (issue 20's target: "per-step cost of writing both formats
 * at most 1.5x the cost of writing metrics.jsonl alone", printed as the TensorBoard
 * writer's time plus the W&B writer's, each writing the rows on its own, over the
 * metrics.jsonl writer's). The rows are made first (the bench config's engine), so only
 * the writing is timed: each variant writes the same rows into a fresh temporary
 * directory, alternated over several runs so that machine noise hits them alike.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Engine } from "../../src/engine/engine.ts";
import type { MetricsRow } from "../../src/engine/metricsRow.ts";
import { RowLineEncoder } from "../../sim/format/rowLineEncoder.ts";
import { systemClock } from "../../sim/io/clock.ts";
import { AppendOnlyFile } from "../../sim/execute/run/appendOnlyFile.ts";
import { fixedWallTime } from "../../sim/execute/run/wallTime.ts";
import { TensorBoardRunWriter } from "../../sim/analyse/tensorboard/tensorboardRunWriter.ts";
import { WandbRunWriter } from "../../sim/analyse/wandb/wandbRunWriter.ts";
import { BENCH_CONFIG, WORLD_SIZE } from "./benchConfig.ts";
import { type BenchSection, type ScriptLine, tableRow } from "./benchSection.ts";
import { median } from "./benchStats.ts";

const STEPS = 20_000;
const RUNS_PER_VARIANT = 5;
type Variant = "jsonl" | "tensorboard" | "wandb";
const VARIANTS: readonly Variant[] = ["jsonl", "tensorboard", "wandb"];

function rowsOfBenchConfig(): MetricsRow[] {
  const engine = new Engine(BENCH_CONFIG);
  const rows: MetricsRow[] = [];
  for (let i = 0; i < STEPS; i++) rows.push(engine.runStep().row);
  return rows;
}

/** Writes every row in one format into `dir` and returns the wall time in ms (files closed, so flushed and synced). */
function timeWriting(variant: Variant, rows: readonly MetricsRow[], dir: string): number {
  const startMs = systemClock.monotonicMs();
  if (variant === "jsonl") {
    const file = new AppendOnlyFile(join(dir, "metrics.jsonl"));
    const lines = new RowLineEncoder();
    for (const row of rows) file.appendEncoded(lines.load(row), lines);
    file.close();
  } else if (variant === "tensorboard") {
    const writer = new TensorBoardRunWriter({ dir: join(dir, "tensorboard"), firstStep: 1, warn: () => undefined });
    for (const row of rows) writer.writeRow(row);
    writer.close();
  } else {
    const writer = new WandbRunWriter({
      dir: join(dir, "wandb"),
      project: "bench",
      name: "bench",
      tags: [],
      resolved: {},
      scenarioSha256: "0".repeat(64),
      seed: 1,
      steps: STEPS,
      firstStep: 1,
      wallTime: fixedWallTime(1),
    });
    for (const row of rows) writer.writeRow(row);
    writer.finish(0);
    writer.close();
  }
  return systemClock.monotonicMs() - startMs;
}

export const writerCostSection: BenchSection = {
  title: `writing a run's files: metrics.jsonl alone, the TensorBoard event file, the W&B offline run; W=${WORLD_SIZE} bench config rows, ${STEPS} steps, ${RUNS_PER_VARIANT} runs per variant`,
  async run(out): Promise<readonly ScriptLine[]> {
    const rows = rowsOfBenchConfig();
    const times: Record<Variant, number[]> = { jsonl: [], tensorboard: [], wandb: [] };
    const loadAtStart = loadavg()[0] as number;
    const root = mkdtempSync(join(tmpdir(), "sim-bench-writers-"));
    try {
      // One untimed pass of each first, so that the timed runs measure optimised code.
      for (const variant of VARIANTS) timeWriting(variant, rows, mkdtempSync(join(root, "warm-")));
      for (let run = 0; run < RUNS_PER_VARIANT; run++) {
        const order = run % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
        for (const variant of order) times[variant].push(timeWriting(variant, rows, mkdtempSync(join(root, `${variant}-`))));
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    const perStepUs = (variant: Variant): number => (median(times[variant]) * 1000) / STEPS;
    const jsonlUs = perStepUs("jsonl");
    const bothUs = perStepUs("tensorboard") + perStepUs("wandb");
    for (const variant of VARIANTS) out(tableRow(`${variant}: wall time per run (ms)`, times[variant].map((v) => v.toFixed(0)).join(" ")));
    out(tableRow("load average (1 min) at the start", loadAtStart.toFixed(2)));
    out(tableRow("metrics.jsonl per step (us)", jsonlUs.toFixed(2)));
    out(tableRow("TensorBoard event file per step (us)", perStepUs("tensorboard").toFixed(2)));
    out(tableRow("W&B offline run per step (us)", perStepUs("wandb").toFixed(2)));
    out(tableRow("TensorBoard + W&B / metrics.jsonl (target <= 1.5)", (bothUs / jsonlUs).toFixed(2)));
    return [
      { key: "writer-jsonl-us-per-step", value: jsonlUs.toFixed(2) },
      { key: "writer-tensorboard-wandb-us-per-step", value: bothUs.toFixed(2) },
      { key: "writer-tensorboard-wandb-vs-jsonl", value: (bothUs / jsonlUs).toFixed(2) },
    ];
  },
};
