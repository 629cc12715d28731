/** Plain code-unit order, the same on every machine and locale (what a file listing or a chart list is sorted by). */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
