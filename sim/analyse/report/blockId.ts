/** An HTML id (and SVG file prefix) from a scenario name: letters, digits, `-` and `_` only. */
export function blockIdOf(name: string): string {
  const id = name.replace(/[^A-Za-z0-9_-]/g, "_");
  return /^[A-Za-z]/.test(id) ? id : `b-${id}`;
}
