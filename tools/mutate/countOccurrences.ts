/** How many times `needle` occurs in `text`, overlapping occurrences included. */
export function countOccurrences(text: string, needle: string): number {
  if (needle === "") return 0;
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) count++;
  return count;
}

/**
 * Applies a mutant's edit to a source text, or says why it cannot: the `find` text must
 * occur exactly once, otherwise the catalog no longer describes this source.
 */
export function applyEdit(text: string, find: string, replace: string): { ok: true; text: string } | { ok: false; occurrences: number } {
  const occurrences = countOccurrences(text, find);
  if (occurrences !== 1) return { ok: false, occurrences };
  const at = text.indexOf(find);
  return { ok: true, text: text.slice(0, at) + replace + text.slice(at + find.length) };
}

/** The sentence for a `find` that does not occur exactly once. */
export function describeFindMismatch(file: string, occurrences: number): string {
  return occurrences === 0
    ? `"find" no longer occurs in ${file} (the source moved on: update the catalog)`
    : `"find" occurs ${occurrences} times in ${file}; it must occur exactly once (add surrounding text to make it unique)`;
}
