/** Every rank's vector of a rank-major buffer of `width` values per rank, copied out as arrays. */
export function rowsOf(packed: Float64Array, width: number): number[][] {
  return Array.from({ length: packed.length / width }, (_, rank) => [...packed.subarray(rank * width, (rank + 1) * width)]);
}
