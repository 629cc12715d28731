import type { Shard } from "../pool/shard.ts";

/**
 * Whether run `runIndex` belongs to the shard. Swarm runs cost about the same, so the
 * indices are dealt round-robin (every shard gets about the same share, and a shard's
 * runs need not be known in advance, as `--minutes` requires); `--shard` itself is
 * parsed by the sweep's parser, so both commands accept and refuse the same text.
 */
export function inSwarmShard(runIndex: number, shard: Shard | undefined): boolean {
  return shard === undefined || runIndex % shard.count === shard.index - 1;
}

/** How many of runs 0 .. `runs - 1` belong to the shard (every one without a shard). */
export function runsInSwarmShard(runs: number, shard: Shard | undefined): number {
  if (shard === undefined) return runs;
  const first = shard.index - 1;
  return first < runs ? Math.ceil((runs - first) / shard.count) : 0;
}
