import { describe, expect, it } from "vitest";
import type { ModelConfig } from "../../../src/config/modelConfig.ts";
import { ConfigError } from "../../../src/errors.ts";
import { Engine, type LogLine, type StampedTraceEvent } from "../../../src/engine/engine.ts";
import { simulate } from "../../../src/engine/simulate.ts";
import { baseConfig, withConfig } from "../config/baseConfig.ts";

const LEDGER_KEYS = [
  "ledger/evictions/lru",
  "ledger/evictions/lru_max",
  "ledger/evictions/stale",
  "ledger/evictions/stale_max",
  "ledger/false_evictions/lru",
  "ledger/false_evictions/lru_max",
  "ledger/false_evictions/stale",
  "ledger/false_evictions/stale_max",
  "ledger_wipe_count",
  "ledger_wipe_count_max",
];

describe("Engine", () => {
  it("counts steps from 1 and emits the ledger counters every step, zeros included", () => {
    const rows = simulate(baseConfig(), 6);
    expect(rows.map((r) => r.step)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const row of rows) {
      for (const key of LEDGER_KEYS) expect(row[key], `${key} at step ${row.step}`).toBeTypeOf("number");
      expect(row["stream_mixing/refill/exhaust_events"]).toBeTypeOf("number");
    }
    // Wipe interval 2: a sweep at steps 2, 4, 6 on every rank; the mean is the count.
    expect(rows.map((r) => r.ledger_wipe_count)).toEqual([0, 1, 1, 2, 2, 3]);
  });

  it("gives a per-rank view whose local values reduce to the row", () => {
    const engine = new Engine(withConfig({ run: { world_size: 4 }, ledger: { capacity: 2 } }), { perRank: true });
    let evictions = 0;
    for (let i = 0; i < 30; i++) {
      const { row, perRank } = engine.runStep();
      expect(perRank?.map((r) => [r.step, r.rank])).toEqual([0, 1, 2, 3].map((rank) => [row.step, rank]));
      const locals = perRank ?? [];
      for (const key of ["ledger/evictions/lru", "ledger/evictions/stale", "ledger/false_evictions/lru", "ledger/false_evictions/stale"]) {
        expect(row[key]).toBe(locals.reduce((n, r) => n + (r[key] as number), 0));
        expect(row[`${key}_max`]).toBe(Math.max(...locals.map((r) => r[key] as number)));
      }
      expect(row["stream_mixing/refill/exhaust_events"]).toBe(locals.reduce((n, r) => n + (r["stream_mixing/refill/exhaust_events"] ?? 0), 0));
      const mins = locals.map((r) => r["stream_mixing/active/remaining_min"]).filter((v) => v !== undefined);
      if (mins.length > 0) expect(row["stream_mixing/active/remaining_min"]).toBe(Math.min(...(mins as number[])));
      evictions += row["ledger/evictions/lru"] as number;
    }
    expect(evictions).toBeGreaterThan(0);
  });

  it("routes every store to the owner ledger gid mod W", () => {
    const stores: StampedTraceEvent[] = [];
    const engine = new Engine(withConfig({ run: { world_size: 3 } }), { trace: (e) => e.kind === "store" && stores.push(e) });
    for (let i = 0; i < 10; i++) engine.runStep();
    expect(stores.length).toBeGreaterThan(0);
    for (const e of stores) if (e.kind === "store") expect(e.rank).toBe(e.gid % 3);
  });

  it("leaves out the stream_mixing keys when collectStepMetrics is off, and the ledger keys stay identical", () => {
    const on = simulate(baseConfig(), 20);
    const off = simulate(baseConfig(), 20, { collectStepMetrics: false });
    for (let i = 0; i < 20; i++) {
      const ledgerOnly = Object.fromEntries(Object.entries(on[i] as object).filter(([k]) => !k.startsWith("stream_mixing/")));
      expect(off[i]).toEqual(ledgerOnly);
    }
  });

  it("refuses a config the model cannot run before building anything", () => {
    expect(() => new Engine(withConfig({ dataset: { num_streams_mixed: 0 } }))).toThrow(ConfigError);
  });
});

describe("Engine modeled resume", () => {
  const config: ModelConfig = {
    ...withConfig({
      run: { world_size: 2 },
      dataset: {
        num_streams_mixed: 3,
        groups: [
          { modality: "rna", streams: 3, cells: 200 },
          { modality: "atac", streams: 2, cells: 200 },
        ],
      },
      ledger: { capacity: 50 },
    }),
    resume: { at_step: 6, num_streams_mixed: 1 },
  };

  it("truncates K at at_step, logs one INFO line per rank that dropped readers, and starts the ledgers empty", () => {
    const lines: LogLine[] = [];
    const resumes: StampedTraceEvent[] = [];
    const engine = new Engine(config, { log: (l) => lines.push(l), trace: (e) => e.kind === "resume" && resumes.push(e) });
    for (let i = 0; i < 5; i++) engine.runStep();
    const before = engine.rankDatasets.map((d) => d.active.map((r) => ({ name: r.stream.name, remaining: r.remainingCells })));
    expect(engine.rankLedgers.map((l) => l.size).every((n) => n > 0)).toBe(true);
    expect(lines).toEqual([]);

    engine.runStep();
    expect(lines.map((l) => [l.step, l.rank, l.level])).toEqual([
      [6, 0, "INFO"],
      [6, 1, "INFO"],
    ]);
    lines.forEach((line, rank) => {
      for (const dropped of (before[rank] ?? []).slice(1)) expect(line.message).toContain(`${dropped.name} (${dropped.remaining} cells remaining)`);
    });
    expect(resumes.map((e) => e.kind === "resume" && e.dropped.length)).toEqual([2, 2]);
    expect(engine.rankDatasets.map((d) => d.numStreamsMixed)).toEqual([1, 1]);
    // The kept reader is the head of each rank's saved active list.
    expect(engine.rankDatasets.map((d) => d.active[0]?.stream.name)).toEqual(before.map((b) => b[0]?.name));
    // The ledgers started empty at step 6, so they only hold step-6 stores: one group per rank.
    expect(engine.rankLedgers.reduce((n, l) => n + l.size, 0)).toBeLessThanOrEqual(2 * 2);
    expect(engine.rankLedgers.flatMap((l) => l.toSnapshot().entries.map(([, step]) => step)).every((s) => s === 6)).toBe(true);
  });

  it("changes nothing before at_step", () => {
    const withResume = simulate(config, 5);
    const without = simulate({ ...config, resume: undefined }, 5);
    expect(withResume).toEqual(without);
    expect(simulate(config, 12)).not.toEqual(simulate({ ...config, resume: undefined }, 12));
  });

  it("refuses a world-size change", () => {
    expect(() => new Engine({ ...config, resume: { at_step: 6, num_streams_mixed: 1, world_size: 3 } })).toThrow(/resume\.world_size = 3/);
  });
});
