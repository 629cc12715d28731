import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseTrace, type ParsedTrace } from "../../../../sim/input/trace/parseTrace.ts";
import { makeTempDir } from "../../../helpers/runCli.ts";
import { fixtureScenario } from "../../execute/run/fixtureScenarios.ts";
import { runToDir } from "../../execute/run/runInMemory.ts";

export interface TracedRun {
  readonly trace: ParsedTrace;
  readonly rows: Record<string, number>[];
  readonly lines: string[];
}

const cache = new Map<string, TracedRun>();

/** Runs a fixture scenario with --trace once per test file and parses what it wrote. */
export async function tracedRun(name: string, steps?: number): Promise<TracedRun> {
  const key = `${name}:${steps}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const { dir, cleanup } = makeTempDir("sim-trace-");
  try {
    await runToDir({ scenario: fixtureScenario(name, steps), outDir: dir, perRank: false, trace: true });
    const file = join(dir, "trace.jsonl");
    const lines = readFileSync(join(dir, "metrics.jsonl"), "utf8")
      .split("\n")
      .filter((l) => l !== "");
    const run = { trace: parseTrace(readFileSync(file, "utf8"), file), lines, rows: lines.map((l) => JSON.parse(l) as Record<string, number>) };
    cache.set(key, run);
    return run;
  } finally {
    cleanup();
  }
}

/** The sum over all steps of one metric key. */
export function sumOf(rows: readonly Record<string, number>[], key: string): number {
  return rows.reduce((total, row) => total + (row[key] ?? 0), 0);
}
