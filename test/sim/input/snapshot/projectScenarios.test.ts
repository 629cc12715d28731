import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatRow } from "../../../../sim/format/jsonl.ts";
import { ledgerAccessTraceOf } from "../../../../sim/execute/ledgerReplay/ledgerAccessTrace.ts";
import { replayLedger } from "../../../../sim/execute/ledgerReplay/replayLedger.ts";
import { loadScenario } from "../../../../sim/input/scenario/loadScenario.ts";
import { parseSnapshotFile } from "../../../../sim/input/snapshot/readSnapshotFile.ts";
import { parseTrace } from "../../../../sim/input/trace/parseTrace.ts";
import { makeTempDir, PROJECT_ROOT } from "../../../helpers/runCli.ts";
import { reconstructStep } from "../../analyse/explain/reconstructStepOracle.ts";
import { runToDir } from "../../execute/run/runInMemory.ts";

/**
 * The project's own scenarios (scenarios/*.toml), whatever they are: exact resume,
 * trace reconstruction and ledger replay must hold for every one of them.
 */
const dir = join(PROJECT_ROOT, "scenarios");
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".toml"))
  .sort();
const root = makeTempDir("sim-project-");
afterAll(() => root.cleanup());
const lines = (file: string): string[] =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l !== "");

describe.runIf(files.length > 0)("project scenarios", () => {
  for (const file of files) {
    it(`${file}: resume from snapshots equals the uninterrupted run; the trace explains and replays every step`, async () => {
      const scenario = loadScenario(join(dir, file));
      const every = Math.max(1, Math.floor(scenario.steps / 4));
      const full = join(root.dir, file, "full");
      await runToDir({ scenario, outDir: full, perRank: false, trace: true, snapshotEverySteps: every });
      const rows = lines(join(full, "metrics.jsonl"));
      expect(rows).toHaveLength(scenario.steps);

      for (const step of [every, 2 * every, 3 * every].filter((s) => s < scenario.steps)) {
        const snap = join(full, "snapshots", `step-${step}.json`);
        const out = join(root.dir, file, `from-${step}`);
        await runToDir({ scenario, outDir: out, perRank: false, trace: false, resumeFrom: { file: snap, snapshot: parseSnapshotFile(readFileSync(snap, "utf8"), snap) } });
        expect(readFileSync(join(out, "metrics.jsonl"), "utf8")).toBe(rows.slice(step).join("\n") + "\n");
      }

      const traceFile = join(full, "trace.jsonl");
      const trace = parseTrace(readFileSync(traceFile, "utf8"), traceFile);
      for (const step of [1, 2, every, every + 1, scenario.steps - 1, scenario.steps].filter((s) => s >= 1 && s <= scenario.steps)) {
        expect(formatRow({ step, ...reconstructStep(trace.header!, trace.events, step).values })).toBe(rows[step - 1]);
      }
      const parsed = rows.map((l) => JSON.parse(l) as Record<string, number>);
      const sum = (key: string): number => parsed.reduce((t, r) => t + (r[key] ?? 0), 0);
      const h = trace.header!.ledger;
      const counts = replayLedger(ledgerAccessTraceOf(trace), {
        capacity: h.capacity,
        wipeMode: h.wipe_mode,
        wipeIntervalSteps: h.wipe_interval,
        staleThresholdSteps: h.stale_threshold,
        recentlyEvictedCapacity: h.recently_evicted_capacity,
      });
      expect([counts.evictionsLru, counts.evictionsStale, counts.falseEvictionsLru, counts.falseEvictionsStale]).toEqual([
        sum("ledger/evictions/lru"),
        sum("ledger/evictions/stale"),
        sum("ledger/false_evictions/lru"),
        sum("ledger/false_evictions/stale"),
      ]);
    });
  }
});
