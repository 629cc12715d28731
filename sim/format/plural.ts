/** `1 scenario`, `2 scenarios`, `0 scenarios`: a count with its noun, plural unless the count is one. */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}
