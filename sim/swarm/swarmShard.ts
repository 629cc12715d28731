import { UserError } from "../../src/errors.ts";

/** One of `count` shards, `index` counted from 1 (as vitest's and Playwright's --shard). */
export interface SwarmShard {
  readonly index: number;
  readonly count: number;
}

/** Parses `--shard i/n` (1 <= i <= n); anything else is a user error naming the option and the value. */
export function parseSwarmShard(text: string): SwarmShard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || !Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    throw new UserError(`--shard must be i/n with 1 <= i <= n (e.g. 2/4), got ${JSON.stringify(text)}`);
  }
  return { index, count };
}

/** Whether run `runIndex` belongs to the shard: indices are dealt round-robin, so every shard gets about the same share. */
export function inSwarmShard(runIndex: number, shard: SwarmShard | undefined): boolean {
  return shard === undefined || runIndex % shard.count === shard.index - 1;
}
