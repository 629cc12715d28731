import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EVICTION_MODES } from "../../src/ledger/evictionMode.ts";
import { Engine } from "../../src/engine/engine.ts";
import { simulate } from "../../src/engine/simulate.ts";
import type { MetricsRow } from "../../src/engine/metricsRow.ts";
import { configArb } from "./configArb.ts";

const NUM_RUNS = 150;
const FAN_OUT = "stream_mixing/active/modalities/";

describe("engine properties over random small configs", () => {
  it("cumulative false evictions never exceed cumulative evictions of the same mode (full wipes included)", () => {
    fc.assert(
      fc.property(configArb, ({ config, steps }) => {
        const rows = simulate(config, steps);
        for (const mode of EVICTION_MODES) {
          let evictions = 0;
          let falseEvictions = 0;
          for (const row of rows) {
            evictions += row[`ledger/evictions/${mode}`] as number;
            falseEvictions += row[`ledger/false_evictions/${mode}`] as number;
            expect(falseEvictions, `${mode} at step ${row.step}`).toBeLessThanOrEqual(evictions);
          }
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("keeps fractions in [0, 1], the fan-out at most K*W, and every value finite", () => {
    fc.assert(
      fc.property(configArb, ({ config, steps }) => {
        const maxK = Math.max(config.dataset.num_streams_mixed, config.resume?.num_streams_mixed ?? 0);
        for (const row of simulate(config, steps)) {
          for (const [key, value] of Object.entries(row)) {
            expect(Number.isFinite(value), key).toBe(true);
            if (key.includes("remaining_fraction")) {
              expect(value).toBeGreaterThanOrEqual(0);
              expect(value).toBeLessThanOrEqual(1);
            }
          }
          const fanOut = Object.entries(row)
            .filter(([k]) => k.startsWith(FAN_OUT))
            .reduce((n, [, v]) => n + v, 0);
          expect(fanOut).toBeLessThanOrEqual(maxK * config.world_size);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("gives identical rows for the same seed twice", () => {
    fc.assert(
      fc.property(configArb, ({ config, steps }) => {
        const first: MetricsRow[] = simulate(config, steps);
        expect(JSON.stringify(simulate(config, steps))).toBe(JSON.stringify(first));
      }),
      { numRuns: 60 },
    );
  });

  it("gives the same rows through the fused drain as through the plan's drained dicts and aggregateStepMetrics", () => {
    // Asking for the per-rank view makes the engine drain dicts and aggregate them; the
    // plain engine packs every rank's snapshot straight into the all-reduce vectors.
    fc.assert(
      fc.property(configArb, ({ config, steps }) => {
        const fused = new Engine(config);
        const viaDicts = new Engine(config, { perRank: true });
        for (let i = 0; i < steps; i++) expect(JSON.stringify(fused.runStep().row)).toBe(JSON.stringify(viaDicts.runStep().row));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("exhausts every non-empty reader exactly once in exactly one epoch", () => {
    fc.assert(
      fc.property(configArb, ({ config }) => {
        // No resume here: a K truncation drops readers for the epoch without exhausting them.
        const { resume: _resume, ...plain } = config;
        const epochOf: number[] = Array.from({ length: config.world_size }, () => 0);
        const epochOneExhausts: string[] = [];
        let epochOneExhaustTotal = 0;
        const engine = new Engine(plain, {
          trace: (event) => {
            if (event.kind === "epoch_start") epochOf[event.rank] = event.epoch;
            if (event.kind === "exhaust" && epochOf[event.rank] === 1) {
              epochOneExhausts.push(`${event.reader}@${event.rank}`);
              epochOneExhaustTotal++;
            }
          },
          perRank: true,
        });
        const datasets = engine.rankDatasets;
        const nonEmptySlices = datasets.flatMap((d) => d.readers.filter((r) => r.sliceCells > 0).map((r) => `${r.stream.name}@${d.rank}`));
        const readable = datasets.filter((d) => d.readers.some((r) => r.sliceCells > 0));
        // "Finished epoch 1": the rank's active set emptied after epoch 1 began, or epoch 2 began.
        const finished = () => readable.every((d) => d.epoch > 1 || (d.epoch === 1 && d.active.length === 0));
        let perRankSum = 0;
        let guard = 0;
        while (!finished()) {
          const { perRank } = engine.runStep();
          // With one batch per step, a step's exhausts belong to the epoch the rank is in after it.
          if (config.batches_per_step === 1) {
            for (const local of perRank ?? []) if (datasets[local.rank]?.epoch === 1) perRankSum += local["stream_mixing/refill/exhaust_events"] ?? 0;
          }
          expect(++guard).toBeLessThan(10_000);
        }
        expect([...epochOneExhausts].sort()).toEqual([...nonEmptySlices].sort());
        expect(epochOneExhaustTotal).toBe(nonEmptySlices.length);
        if (config.batches_per_step === 1) expect(perRankSum).toBe(nonEmptySlices.length);
      }),
      { numRuns: 100 },
    );
  });
});
