import { availableParallelism } from "node:os";
import type { ModelConfig } from "../../../src/config/modelConfig.ts";
import type { EngineOptions } from "../../../src/engine/engine.ts";
import { threadsFor } from "../../../src/engine/rankBlocks.ts";
import { workerBlockPeers } from "./workerBlockPeers.ts";

/** Most threads `--threads` may ask for: one per core of a large machine; more only thrashes. */
export const MAX_THREADS = 256;

/**
 * The engine options that step a run of `config` on threads: `requested` threads (at
 * most one per rank), or by default one per core of `cores` for a world large enough
 * to use them (threadsFor). With one thread the engine starts none.
 */
export function engineThreads(config: ModelConfig, requested?: number, cores: number = availableParallelism()): Pick<EngineOptions, "threads" | "blockPeers"> {
  const threads = threadsFor(config.world_size, cores, requested);
  return threads > 1 ? { threads, blockPeers: workerBlockPeers } : { threads: 1 };
}

/**
 * How many cores each of `jobs` parallel runs may use, so that the pool's workers
 * times their threads do not ask for more than the machine's cores (at least 1 each).
 */
export function coresPerJob(jobs: number, cores: number = availableParallelism()): number {
  return Math.max(1, Math.floor(cores / Math.max(1, jobs)));
}
