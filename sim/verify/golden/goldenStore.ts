import { type Line, linesOfText } from "../../io/lineReader.ts";

/**
 * Everything golden handling needs from the file system, behind one small interface
 * (vitest's SnapshotEnvironment lesson): the logic is tested against the in-memory
 * store, and nodeGoldenStore.ts is the only module that touches disk.
 */
export interface GoldenStore {
  /** The golden file of scenario `name` as shown to the user, e.g. "golden/healthy_smoke.jsonl". */
  pathOf(name: string): string;
  /** The file's text, or undefined when there is no golden file for `name` (for an update, which rewrites the file whole). */
  read(name: string): Promise<string | undefined>;
  /**
   * The file's lines, read as they are iterated (a golden file at the step limit is 640 MB),
   * or undefined when there is no golden file for `name`. The comparison stops reading at
   * its first difference; ending the iteration closes the file.
   */
  lines(name: string): Promise<Iterable<Line> | undefined>;
  /** Replaces the file as a whole (temp file and rename on disk). */
  write(name: string, contents: string): Promise<void>;
  /** The scenario names of every golden file present, sorted. */
  list(): Promise<string[]>;
}

/** A golden store in memory, for tests and dry runs. */
export class MemoryGoldenStore implements GoldenStore {
  readonly files = new Map<string, string>();
  readonly writes: string[] = [];

  constructor(initial: Readonly<Record<string, string>> = {}) {
    for (const [name, contents] of Object.entries(initial)) this.files.set(name, contents);
  }

  pathOf(name: string): string {
    return `golden/${name}.jsonl`;
  }

  async read(name: string): Promise<string | undefined> {
    return this.files.get(name);
  }

  async lines(name: string): Promise<Iterable<Line> | undefined> {
    const text = this.files.get(name);
    return text === undefined ? undefined : linesOfText(text);
  }

  async write(name: string, contents: string): Promise<void> {
    this.writes.push(name);
    this.files.set(name, contents);
  }

  async list(): Promise<string[]> {
    return [...this.files.keys()].sort(compareCodeUnits);
  }
}

/** Plain code-unit order, the same on every machine and locale. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
