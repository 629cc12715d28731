/**
 * A safe integer's decimal text written straight into a buffer, with no string made for
 * it: the hand-encoded hot paths (W&B's history records, metrics.jsonl's lines) write a
 * row's counts this way, as a Number-to-String per value was most of their cost. The text
 * is ECMAScript's Number-to-String of the integer (JSON's text of it): its digits, a
 * leading "-" if negative, and "0" for -0.
 */

/** The characters of a safe integer's decimal text: its digits and a leading "-" if negative (-0 is "0"). */
export function decimalLength(value: number): number {
  let length = value < 0 ? 2 : 1;
  let rest = Math.abs(value);
  // Below 2^31 (most values: counts, steps, the fixed clock's seconds), comparisons alone; above, `%` on doubles, a call into the C library.
  if (rest < 0x80000000) {
    return rest < 1e5
      ? length + (rest >= 1e4 ? 4 : rest >= 1000 ? 3 : rest >= 100 ? 2 : rest >= 10 ? 1 : 0)
      : length + (rest >= 1e9 ? 9 : rest >= 1e8 ? 8 : rest >= 1e7 ? 7 : rest >= 1e6 ? 6 : 5);
  }
  while (rest >= 1e4) {
    rest = (rest - (rest % 1e4)) / 1e4;
    length += 4;
  }
  return length + (rest >= 1000 ? 3 : rest >= 100 ? 2 : rest >= 10 ? 1 : 0);
}

/** Writes a safe integer's decimal text of `length` characters at `at`, last digit first; returns the offset after it. */
export function writeDecimal(target: Buffer, at: number, value: number, length: number): number {
  const end = at + length;
  if (value < 0) target[at] = 0x2d;
  let rest = Math.abs(value);
  let c = end;
  // Above 2^31, exact double arithmetic; below, 32-bit integer arithmetic (most values, and much faster).
  for (; rest >= 0x80000000; rest = (rest - (rest % 10)) / 10) target[--c] = 0x30 + (rest % 10);
  let small = rest | 0;
  do {
    const tenth = (small / 10) | 0;
    target[--c] = 0x30 + small - tenth * 10;
    small = tenth;
  } while (small > 0);
  return end;
}
