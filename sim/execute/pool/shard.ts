import { UserError } from "../../../src/errors.ts";

/** One slice of a sharded job: shard `index` of `count`, 1-based as vitest's and Playwright's `--shard`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Shards a job may be cut into at most; more is surely a typo, and the limit bounds the bins. */
const MAX_SHARDS = 10_000;

/** Parses `--shard i/n` (1 <= i <= n); anything else is refused naming the option and the value. */
export function parseShard(text: string, option = "--shard"): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || count > MAX_SHARDS || index < 1 || index > count) {
    throw new UserError(`${option} ${text}: expected i/n with 1 <= i <= n <= ${MAX_SHARDS} (1-based: shards 1/3, 2/3 and 3/3 make a whole), e.g. ${option} 2/3`);
  }
  return { index, count };
}

export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}

/**
 * Deals items into `count` bins of about equal total cost, the same way on every
 * machine: greedy longest processing time first. Items go in order of cost, largest
 * first (ties in list order), each into the bin with the least cost so far (ties to
 * the lowest bin). Returns each item's bin, 0-based, in the items' order.
 */
export function assignBins(costs: readonly number[], count: number): number[] {
  const order = costs.map((cost, i) => ({ cost, i })).sort((a, b) => b.cost - a.cost || a.i - b.i);
  const loads = new Array<number>(count).fill(0);
  const bins = new Array<number>(costs.length).fill(0);
  for (const { cost, i } of order) {
    let best = 0;
    for (let bin = 1; bin < count; bin++) if ((loads[bin] as number) < (loads[best] as number)) best = bin;
    bins[i] = best;
    loads[best] = (loads[best] as number) + cost;
  }
  return bins;
}

/** The items of `shard`, in their original order (cost-balanced by assignBins). */
export function itemsOfShard<T>(items: readonly T[], costOf: (item: T) => number, shard: Shard): T[] {
  const bins = assignBins(items.map(costOf), shard.count);
  return items.filter((_, i) => bins[i] === shard.index - 1);
}
