import { assert } from "../errors.ts";

export type ReduceOp = "min" | "max" | "sum";

/**
 * In-process collectives over W simulated ranks. Every reduction runs in rank order,
 * so a floating-point sum is the same on every machine and every run.
 */
export interface Collectives {
  /**
   * Element-wise all-reduce of one vector of `width` values per rank, packed rank-major
   * in `packed` (rank r's vector at `r * width`). The result is a new vector; `packed`
   * is left as it was and must not be kept after the call (the caller rewrites it).
   */
  allReduce(packed: Float64Array, width: number, op: ReduceOp): Float64Array;
}

export const inProcessCollectives: Collectives = {
  allReduce(packed, width, op) {
    return allReduceInto(packed, width, op, new Float64Array(width));
  },
};

/**
 * The in-process all-reduce into the caller's `out` (its first `width` values), which
 * it returns: the engine reduces every step into vectors it keeps, where a new vector
 * per reduction per step was garbage for the collector.
 */
export function allReduceInto(packed: Float64Array, width: number, op: ReduceOp, out: Float64Array): Float64Array {
  assert(width >= 1 && packed.length >= width && packed.length % width === 0 && out.length >= width, "all-reduce over whole vectors of at least one rank");
  // Column by column, each in rank order with its running value in a local: the
  // row-by-row pass over every rank's vector loaded and stored `out[k]` at every rank,
  // which at tens of ranks cost more than the arithmetic. Two columns at a time, so
  // that two chains of dependent additions (or comparisons) run side by side, where one
  // column's chain kept the processor waiting on each addition before the next. Each
  // column's values are combined in the same order as before (rank 0, then 1, ...), so
  // a sum rounds alike.
  const end = packed.length;
  let k = 0;
  for (; k + 1 < width; k += 2) {
    let first = packed[k] as number;
    let second = packed[k + 1] as number;
    switch (op) {
      case "min":
        for (let i = k + width; i < end; i += width) {
          if ((packed[i] as number) < first) first = packed[i] as number;
          if ((packed[i + 1] as number) < second) second = packed[i + 1] as number;
        }
        break;
      case "max":
        for (let i = k + width; i < end; i += width) {
          if ((packed[i] as number) > first) first = packed[i] as number;
          if ((packed[i + 1] as number) > second) second = packed[i + 1] as number;
        }
        break;
      case "sum":
        for (let i = k + width; i < end; i += width) {
          first += packed[i] as number;
          second += packed[i + 1] as number;
        }
        break;
    }
    out[k] = first;
    out[k + 1] = second;
  }
  if (k < width) {
    let value = packed[k] as number;
    switch (op) {
      case "min":
        for (let i = k + width; i < end; i += width) if ((packed[i] as number) < value) value = packed[i] as number;
        break;
      case "max":
        for (let i = k + width; i < end; i += width) if ((packed[i] as number) > value) value = packed[i] as number;
        break;
      case "sum":
        for (let i = k + width; i < end; i += width) value += packed[i] as number;
        break;
    }
    out[k] = value;
  }
  return out;
}

/** The model's `dist_sum`: a scalar sum in rank order. */
export function distSum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
