/**
 * The line of a scenario file where a dotted key (`ledger.capacity`,
 * `dataset.groups[1].bs`) is written, so that a problem the loader reports by key can be
 * shown at its line (`sim watch`'s error panel, an editor's jump). The loader's parser
 * keeps no positions, so this reads the text the way TOML lays out tables: `[a.b]`
 * headers, `[[a.b]]` entries counted per array, and `key = value` lines, dotted or
 * quoted. A key written inside an inline table or a multi-line value is found at the
 * line of its outer key; a key the file does not write at all is found at the header
 * of its nearest table the file writes, and at no line when there is none.
 */
export function lineOfKey(text: string, dottedPath: string): number | undefined {
  const wanted = normalise(dottedPath);
  let best: { line: number; depth: number } | undefined;
  let table: string[] = [];
  const arrayCounts = new Map<string, number>();
  const consider = (path: readonly string[], line: number): void => {
    // A written path that is the wanted one, or the longest prefix of it.
    if (path.length === 0 || path.length > wanted.length) return;
    if (!path.every((segment, i) => segment === wanted[i])) return;
    if (best === undefined || path.length > best.depth) best = { line, depth: path.length };
  };
  text.split("\n").forEach((raw, index) => {
    const line = index + 1;
    const header = /^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/.exec(raw);
    if (header !== null) {
      const keys = splitKey(header[2] as string);
      if (keys === undefined) return;
      if (header[1] === "[[") {
        // Headers name absolute paths: the entries of one array are counted by its path.
        const arrayPath = keys.join(".");
        const count = arrayCounts.get(arrayPath) ?? 0;
        arrayCounts.set(arrayPath, count + 1);
        table = [...keys.slice(0, -1), `${keys[keys.length - 1]}[${count}]`];
      } else {
        table = keys;
      }
      consider(table.flatMap(expand), line);
      return;
    }
    const assignment = /^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=/.exec(raw);
    if (assignment === null) return;
    const keys = splitKey(assignment[1] as string);
    if (keys !== undefined) consider([...table, ...keys].flatMap(expand), line);
  });
  return best?.line;
}

/** `a.b[1].c` -> ["a", "b", "[1]", "c"]: keys and indices as separate segments. */
function normalise(dottedPath: string): string[] {
  return dottedPath.split(".").flatMap(expand);
}

function expand(segment: string): string[] {
  const match = /^(.*?)((?:\[\d+\])*)$/.exec(segment);
  if (match === null) return [segment];
  return [match[1] as string, ...((match[2] as string).match(/\[\d+\]/g) ?? [])].filter((part) => part !== "");
}

/** A TOML key (`a.b`, `"a.b".c`, `'x'`) split into its parts, or undefined if it is not one. */
function splitKey(text: string): string[] | undefined {
  const parts: string[] = [];
  const pattern = /\s*(?:([A-Za-z0-9_-]+)|"([^"]*)"|'([^']*)')\s*(\.|$)/y;
  let at = 0;
  while (at < text.length) {
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (match === null) return undefined;
    parts.push((match[1] ?? match[2] ?? match[3]) as string);
    at = pattern.lastIndex;
    if (match[4] === "") break;
  }
  return parts.length === 0 ? undefined : parts;
}
