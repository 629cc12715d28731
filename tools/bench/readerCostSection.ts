/**
 * What two of the readers cost: a report's images and a golden comparison. The CPU of
 * `sim report <run> --images <dir>` in a fresh process (the built bin, on a run of
 * healthy_smoke), ECharts' load included, which was most of it while the report loaded
 * the package's main entry (several hundred ES modules) instead of its one-file build
 * (sim/analyse/report/renderChartSvg.ts); and the CPU of an 80,000-row golden comparison
 * in this process (RowComparison, sim/verify/golden/compareRows.ts), warm, which worked
 * out the rows' sorted keys and their tolerances once a row until it kept them while
 * the keys stay the same.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { MetricsRow } from "../../src/engine/metricsRow.ts";
import { compareRows } from "../../sim/verify/golden/compareRows.ts";
import { type BenchSection, type ScriptLine, tableRow } from "./benchSection.ts";
import { median } from "./benchStats.ts";
import { cpuSplit } from "./processCpu.ts";

const SIM_BIN = fileURLToPath(new URL("../../bin/sim.js", import.meta.url));
const SCENARIO = fileURLToPath(new URL("../../scenarios/healthy_smoke.toml", import.meta.url));
const REPORT_RUNS = 5;
const COMPARISON_ROWS = 80_000;
/** The keys of a row of the long-run test's scenario (test/e2e/longRunMemory.test.ts), step aside. */
const ROW_KEYS = 16;
const COMPARISON_ROUNDS = 5;

export const readerCostSection: BenchSection = {
  title: `Readers: sim report --images (${REPORT_RUNS} processes) and a golden comparison of ${COMPARISON_ROWS} rows (${COMPARISON_ROUNDS} rounds, in-process)`,
  async run(out): Promise<readonly ScriptLine[]> {
    const reportMs = reportImagesCpuMs();
    out(tableRow("report --images, CPU per process (ms)", reportMs.map((ms) => ms.toFixed(0)).join(" ")));
    const compareMs = comparisonCpuMs();
    out(tableRow(`golden comparison of ${COMPARISON_ROWS} rows, CPU (ms)`, compareMs.map((ms) => ms.toFixed(0)).join(" ")));
    return [
      { key: "report-images-cpu-ms", value: median(reportMs).toFixed(0) },
      { key: `golden-compare-cpu-ms@${COMPARISON_ROWS}`, value: median(compareMs).toFixed(0) },
    ];
  },
};

/** The CPU of each `sim report --images` process (its children's CPU as this process counts it, in 10 ms ticks), in milliseconds; none off Linux. */
function reportImagesCpuMs(): number[] {
  const dir = mkdtempSync(join(tmpdir(), "sim-bench-report-"));
  try {
    sim(["run", SCENARIO, "--out", "run"], dir);
    const perProcessMs: number[] = [];
    for (let i = 0; i < REPORT_RUNS; i++) {
      const before = cpuSplit();
      sim(["report", "run", "--out", `report-${i}.html`, "--images", `images-${i}`], dir);
      const after = cpuSplit();
      if (before === undefined || after === undefined) return [];
      perProcessMs.push((after.childrenS - before.childrenS) * 1000);
    }
    return perProcessMs;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function sim(args: readonly string[], cwd: string): void {
  const child = spawnSync(process.execPath, [SIM_BIN, ...args], { cwd, encoding: "utf8" });
  if (child.status !== 0) throw new Error(`sim ${args.join(" ")} exited ${child.status}: ${child.stderr}`);
}

/** The CPU of comparing COMPARISON_ROWS rows with their copies, in milliseconds a round, after an untimed round. */
function comparisonCpuMs(): number[] {
  const rows: MetricsRow[] = [];
  for (let step = 1; step <= COMPARISON_ROWS; step++) {
    const row: Record<string, number> = { step };
    for (let key = 0; key < ROW_KEYS; key++) row[`group/metric_${key}`] = (step * (key + 1)) % 997;
    rows.push(row as MetricsRow);
  }
  const copies = rows.map((row) => ({ ...row }));
  const tolerances = { rel: 0, abs: 0, rules: [] };
  const round = (): void => {
    if (compareRows(rows, copies, tolerances).kind !== "match") throw new Error("a row differs from its copy");
  };
  round();
  const perRoundMs: number[] = [];
  for (let i = 0; i < COMPARISON_ROUNDS; i++) {
    const before = process.cpuUsage();
    round();
    const used = process.cpuUsage(before);
    perRoundMs.push((used.user + used.system) / 1000);
  }
  return perRoundMs;
}
