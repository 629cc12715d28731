/**
 * What writing a run's TensorBoard event file and W&B offline run costs per step, against
 * writing metrics.jsonl alone (issue 20's target: "per-step cost of writing both formats
 * at most 1.5x the cost of writing metrics.jsonl alone"). The rows are made first (the
 * bench config's engine), so only the writing is timed: each variant writes the same
 * rows into a fresh temporary directory, alternated over several runs so that machine
 * noise hits them alike. Each variant does what a run does for its files
 * (RunOutputs.writeStep): metrics.jsonl's bytes go through the sha256 that
 * artifacts.json's metrics_sha256 is, and `run` writes all three from one reading of
 * each row, as a run does, so that `run` - `jsonl` is what the TensorBoard and W&B files
 * add to a run's writing. `jsonl-unhashed` is metrics.jsonl without its hash, this
 * section's jsonl figure before the hash was counted. Each variant's CPU time is taken
 * too, the same ratio over it printed beside the wall times' (`-cpu`): the writes' syncs
 * are most of the wall times, and the machine's load moves them far more than the CPU
 * times. docs/bench.md, section 11.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { Engine } from "../../src/engine/engine.ts";
import type { MetricsRow } from "../../src/engine/metricsRow.ts";
import { RowColumns } from "../../sim/format/rowColumns.ts";
import { RowLineEncoder } from "../../sim/format/rowLineEncoder.ts";
import { systemClock } from "../../sim/io/clock.ts";
import { AppendOnlyFile } from "../../sim/execute/run/appendOnlyFile.ts";
import { fixedWallTime } from "../../sim/execute/run/wallTime.ts";
import { TensorBoardRunWriter } from "../../sim/execute/tensorboard/tensorboardRunWriter.ts";
import { WandbRunWriter } from "../../sim/execute/wandb/wandbRunWriter.ts";
import { BENCH_CONFIG, WORLD_SIZE } from "./benchConfig.ts";
import { type BenchSection, type ScriptLine, tableRow } from "./benchSection.ts";
import { median } from "./benchStats.ts";

const STEPS = 20_000;
const RUNS_PER_VARIANT = 5;
const VARIANTS = ["jsonl", "tensorboard", "wandb", "run", "jsonl-unhashed"] as const;
type Variant = (typeof VARIANTS)[number];

function rowsOfBenchConfig(): MetricsRow[] {
  const engine = new Engine(BENCH_CONFIG);
  const rows: MetricsRow[] = [];
  for (let i = 0; i < STEPS; i++) rows.push(engine.runStep().row);
  return rows;
}

function tensorBoardWriter(dir: string): TensorBoardRunWriter {
  return new TensorBoardRunWriter({ dir: join(dir, "tensorboard"), firstStep: 1, wallTime: fixedWallTime(1), runLabel: "bench", warn: () => undefined });
}

function wandbWriter(dir: string): WandbRunWriter {
  return new WandbRunWriter({
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
}

/** metrics.jsonl as a run writes it: its rows' lines batched and hashed as written (`hashed`), the hash's digest taken at the end. */
function metricsFile(dir: string, hashed: boolean): { file: AppendOnlyFile; done: () => void } {
  const hash = createHash("sha256");
  const file = new AppendOnlyFile(join(dir, "metrics.jsonl"), hashed ? { onWrite: (bytes) => hash.update(bytes) } : {});
  return {
    file,
    done: () => {
      file.close();
      if (hashed) hash.digest("hex");
    },
  };
}

/**
 * Writes every row as `variant` does into `dir` and returns the wall time in ms (files
 * closed, so flushed and synced) and the process's CPU time in ms (the writing's own
 * work, the kernel's share of the writes included, without the waits for the disk).
 */
function timeWriting(variant: Variant, rows: readonly MetricsRow[], dir: string): { wallMs: number; cpuMs: number } {
  const startMs = systemClock.monotonicMs();
  const startCpu = process.cpuUsage();
  if (variant === "jsonl" || variant === "jsonl-unhashed") {
    const { file, done } = metricsFile(dir, variant === "jsonl");
    const lines = new RowLineEncoder();
    for (const row of rows) file.appendEncoded(lines.load(row), lines);
    done();
  } else if (variant === "tensorboard") {
    const writer = tensorBoardWriter(dir);
    for (const row of rows) writer.writeRow(row);
    writer.close();
  } else if (variant === "wandb") {
    const writer = wandbWriter(dir);
    for (const row of rows) writer.writeRow(row);
    writer.finish(0);
    writer.close();
  } else {
    // RunOutputs.writeStep's writing: each row read once, into columns, for the three writers.
    const { file, done } = metricsFile(dir, true);
    const lines = new RowLineEncoder();
    const tensorboard = tensorBoardWriter(dir);
    const wandb = wandbWriter(dir);
    const reader = new RowColumns((keys) => keys);
    for (const row of rows) {
      const keys = reader.read(row);
      const values = reader.values;
      file.appendEncoded(lines.loadColumns(keys, values), lines);
      tensorboard.writeColumns(keys, values);
      wandb.writeColumns(keys, values);
    }
    wandb.finish(0);
    tensorboard.close();
    wandb.close();
    done();
  }
  const cpu = process.cpuUsage(startCpu);
  return { wallMs: systemClock.monotonicMs() - startMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

export const writerCostSection: BenchSection = {
  title: `writing a run's files: metrics.jsonl alone, the TensorBoard event file, the W&B offline run, all three as a run writes them; W=${WORLD_SIZE} bench config rows, ${STEPS} steps, ${RUNS_PER_VARIANT} runs per variant`,
  async run(out): Promise<readonly ScriptLine[]> {
    const rows = rowsOfBenchConfig();
    const times = Object.fromEntries(VARIANTS.map((variant) => [variant, [] as number[]])) as Record<Variant, number[]>;
    const cpuTimes = Object.fromEntries(VARIANTS.map((variant) => [variant, [] as number[]])) as Record<Variant, number[]>;
    const loadAtStart = loadavg()[0] as number;
    const root = mkdtempSync(join(tmpdir(), "sim-bench-writers-"));
    try {
      // One untimed pass of each first, so that the timed runs measure optimised code.
      for (const variant of VARIANTS) timeWriting(variant, rows, mkdtempSync(join(root, "warm-")));
      for (let run = 0; run < RUNS_PER_VARIANT; run++) {
        const order = run % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
        for (const variant of order) {
          const { wallMs, cpuMs } = timeWriting(variant, rows, mkdtempSync(join(root, `${variant}-`)));
          times[variant].push(wallMs);
          cpuTimes[variant].push(cpuMs);
        }
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    const perStepUs = (variant: Variant): number => (median(times[variant]) * 1000) / STEPS;
    const cpuPerStepUs = (variant: Variant): number => (median(cpuTimes[variant]) * 1000) / STEPS;
    const cpuRatio = (cpuPerStepUs("tensorboard") + cpuPerStepUs("wandb")) / cpuPerStepUs("jsonl");
    const jsonlUs = perStepUs("jsonl");
    const bothUs = perStepUs("tensorboard") + perStepUs("wandb");
    const addedUs = perStepUs("run") - jsonlUs;
    for (const variant of VARIANTS) out(tableRow(`${variant}: wall time per run (ms)`, times[variant].map((v) => v.toFixed(0)).join(" ")));
    out(tableRow("load average (1 min) at the start", loadAtStart.toFixed(2)));
    out(tableRow("metrics.jsonl per step, hashed as a run does (us)", jsonlUs.toFixed(2)));
    out(tableRow("TensorBoard event file per step (us)", perStepUs("tensorboard").toFixed(2)));
    out(tableRow("W&B offline run per step (us)", perStepUs("wandb").toFixed(2)));
    out(tableRow("TensorBoard + W&B, each alone / metrics.jsonl (target <= 1.5)", (bothUs / jsonlUs).toFixed(2)));
    out(tableRow("all three as a run writes them, per step (us)", perStepUs("run").toFixed(2)));
    out(tableRow("TensorBoard + W&B on top of metrics.jsonl in a run / metrics.jsonl", (addedUs / jsonlUs).toFixed(2)));
    out(
      tableRow("metrics.jsonl unhashed per step (us); TB + W&B alone over it", `${perStepUs("jsonl-unhashed").toFixed(2)}; ${(bothUs / perStepUs("jsonl-unhashed")).toFixed(2)}`),
    );
    out(
      tableRow(
        "CPU per step (us): jsonl, TensorBoard, W&B, run; (TB + W&B) / jsonl",
        `${VARIANTS.filter((variant) => variant !== "jsonl-unhashed")
          .map((variant) => cpuPerStepUs(variant).toFixed(2))
          .join(", ")}; ${cpuRatio.toFixed(2)}`,
      ),
    );
    return [
      { key: "writer-jsonl-us-per-step", value: jsonlUs.toFixed(2) },
      { key: "writer-tensorboard-wandb-us-per-step", value: bothUs.toFixed(2) },
      { key: "writer-tensorboard-wandb-vs-jsonl", value: (bothUs / jsonlUs).toFixed(2) },
      { key: "writer-tensorboard-wandb-added-in-run-vs-jsonl", value: (addedUs / jsonlUs).toFixed(2) },
      { key: "writer-tensorboard-wandb-vs-jsonl-cpu", value: cpuRatio.toFixed(2) },
    ];
  },
};
