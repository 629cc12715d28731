/**
 * A fingerprint of the engine's output on a few configs (rows, per-rank rows, trace
 * and log), so that a performance change can be checked to leave every byte as it was:
 * run it before and after and compare the printed hashes.
 */
import { createHash } from "node:crypto";
import type { ModelConfig } from "../../src/config/modelConfig.ts";
import { Engine } from "../../src/engine/engine.ts";
import { BENCH_CONFIG } from "./benchConfig.ts";

const SMALL: ModelConfig = {
  seed: 7,
  world_size: 3,
  batches_per_step: 2,
  dataset: {
    layout: "nested",
    num_streams_mixed: 3,
    batching_mode: "per_modality",
    pick_weighting: "remaining_cells",
    bs: 5,
    groups: [
      { modality: "rna", streams: 3, cells: [10, 60] },
      { modality: "atac", streams: 2, cells: 40, bs: 3 },
      { modality: "rna", streams: 1, cells: 0 },
    ],
  },
  ledger: { capacity: 6, wipe_mode: "periodic_full", wipe_interval: 7, recently_evicted_capacity: 4, group_cells: 4 },
  resume: { at_step: 30, num_streams_mixed: 2 },
};

const DIRECT: ModelConfig = {
  seed: 11,
  world_size: 5,
  batches_per_step: 1,
  dataset: {
    layout: "direct",
    num_streams_mixed: 2,
    batching_mode: "per_stream",
    pick_weighting: "uniform",
    bs: 4,
    streams: [
      { path: "data/rna/a.zarr", cells: 37 },
      { path: "data/rna/b.zarr", cells: [5, 90] },
      { path: "x/atac/c.zarr", cells: 64, bs: 9 },
      { path: "y/protein/d.zarr", cells: 3 },
    ],
  },
  ledger: { capacity: 3, wipe_mode: "periodic_stale", wipe_interval: 2, stale_threshold: 3, recently_evicted_capacity: 5, group_cells: 0 },
  resume: { at_step: 20, num_streams_mixed: 4 },
};

function fingerprint(config: ModelConfig, steps: number): string {
  const hash = createHash("sha256");
  const engine = new Engine(config, {
    perRank: true,
    trace: (event) => hash.update(JSON.stringify(event)),
    log: (line) => hash.update(JSON.stringify(line)),
  });
  for (let i = 0; i < steps; i++) hash.update(JSON.stringify(engine.runStep()));
  const plain = new Engine(config);
  for (let i = 0; i < steps; i++) hash.update(JSON.stringify(plain.runStep().row));
  return hash.digest("hex").slice(0, 16);
}

console.log(`small  ${fingerprint(SMALL, 200)}`);
console.log(`direct ${fingerprint(DIRECT, 150)}`);
// The bench config as it was when the hashes were first pinned (a larger ring), so that
// tuning the bench does not move the fingerprint.
const BENCH_LIKE: ModelConfig = { ...BENCH_CONFIG, ledger: { ...BENCH_CONFIG.ledger, recently_evicted_capacity: 1_024 } };
console.log(`bench  ${fingerprint(BENCH_LIKE, 300)}`);
