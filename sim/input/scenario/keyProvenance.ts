/**
 * Which file (or command-line option) contributed each key of a merged scenario, so that
 * an error about a key inherited through `extends` names the parent file that wrote it.
 * Paths are dotted paths as users write them (`dataset.groups[1].bs`); a path that was
 * not recorded itself belongs to its nearest recorded ancestor.
 */
export class KeyProvenance {
  private readonly sources = new Map<string, string>();

  constructor(private readonly rootSource: string) {}

  /** Records `source` for `path`, forgetting whatever it replaced underneath. */
  assign(path: string, source: string): void {
    for (const key of [...this.sources.keys()]) {
      if (key.startsWith(`${path}.`) || key.startsWith(`${path}[`)) this.sources.delete(key);
    }
    this.sources.set(path, source);
  }

  /** An independent copy, for a caller that edits one document many ways (each point of a sweep). */
  clone(): KeyProvenance {
    const copy = new KeyProvenance(this.rootSource);
    for (const [path, source] of this.sources) copy.sources.set(path, source);
    return copy;
  }

  sourceOf(path: string): string {
    for (let at: string | undefined = path; at !== undefined; at = parentPath(at)) {
      const source = this.sources.get(at);
      if (source !== undefined) return source;
    }
    return this.rootSource;
  }
}

/** `a.b[2].c` -> `a.b[2]` -> `a.b` -> `a` -> undefined. */
export function parentPath(path: string): string | undefined {
  const cut = Math.max(path.lastIndexOf("."), path.lastIndexOf("["));
  return cut <= 0 ? undefined : path.slice(0, cut);
}
