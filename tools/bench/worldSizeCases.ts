import type { ModelConfig } from "../../src/config/modelConfig.ts";
import { BENCH_CONFIG, withWorldSize } from "./benchConfig.ts";

/** One configuration of the world-size table: the bench config at a world size, or a variant of it. */
export interface WorldSizeCase {
  readonly id: string;
  readonly label: string;
  readonly worldSize: number;
  readonly config: ModelConfig;
}

const perModality = (config: ModelConfig): ModelConfig => ({ ...config, dataset: { ...config.dataset, batching_mode: "per_modality" } });

export const WORLD_SIZE_CASES: readonly WorldSizeCase[] = [
  { id: "w64", label: "W=64", worldSize: 64, config: withWorldSize(BENCH_CONFIG, 64) },
  { id: "w1024", label: "W=1024", worldSize: 1024, config: withWorldSize(BENCH_CONFIG, 1024) },
  { id: "w4096", label: "W=4096", worldSize: 4096, config: withWorldSize(BENCH_CONFIG, 4096) },
  { id: "w64-per-modality", label: "W=64 per_modality", worldSize: 64, config: perModality(withWorldSize(BENCH_CONFIG, 64)) },
  { id: "w64-two-batches", label: "W=64 batches_per_step=2", worldSize: 64, config: { ...withWorldSize(BENCH_CONFIG, 64), batches_per_step: 2 } },
];

/** What a child process measured for one case. */
export interface WorldSizeResult {
  readonly runsMs: readonly number[];
  readonly stepsPerRun: number;
  readonly heapMiB: readonly [number, number];
  readonly heapAtSteps: readonly [number, number];
  readonly peakRssMiB: number;
}
