import { assert } from "../errors.ts";

export type ReduceOp = "min" | "max" | "sum";

/**
 * In-process collectives over W simulated ranks. Every reduction runs in rank order,
 * so a floating-point sum is the same on every machine and every run.
 */
export interface Collectives {
  /** Element-wise all-reduce of one packed vector per rank (index = rank). */
  allReduce(perRank: readonly Float64Array[], op: ReduceOp): Float64Array;
}

export const inProcessCollectives: Collectives = {
  allReduce(perRank, op) {
    assert(perRank.length > 0, "all-reduce over at least one rank");
    const out = Float64Array.from(perRank[0] as Float64Array);
    for (let rank = 1; rank < perRank.length; rank++) {
      const v = perRank[rank] as Float64Array;
      assert(v.length === out.length, "every rank packs a vector of the same shape");
      combineInto(op, out, v);
    }
    return out;
  },
};

/** `out[i] = op(out[i], v[i])` for every i; one loop per op, so that the op is decided once per rank. */
function combineInto(op: ReduceOp, out: Float64Array, v: Float64Array): void {
  switch (op) {
    case "min":
      for (let i = 0; i < out.length; i++) if ((v[i] as number) < (out[i] as number)) out[i] = v[i] as number;
      return;
    case "max":
      for (let i = 0; i < out.length; i++) if ((v[i] as number) > (out[i] as number)) out[i] = v[i] as number;
      return;
    case "sum":
      for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) + (v[i] as number);
      return;
  }
}

/** The model's `dist_sum`: a scalar sum in rank order. */
export function distSum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
