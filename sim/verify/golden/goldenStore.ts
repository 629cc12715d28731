import { compareCodeUnits } from "../../format/codeUnitOrder.ts";
import { type Line, linesOfText } from "../../io/lineReader.ts";

/**
 * Everything golden handling needs from the file system, behind one small interface
 * (vitest's SnapshotEnvironment lesson): the logic is tested against the in-memory
 * store, and nodeGoldenStore.ts is the only module that touches disk.
 */
export interface GoldenStore {
  /** The golden file of scenario `name` as shown to the user, e.g. "golden/healthy_smoke.jsonl". */
  pathOf(name: string): string;
  /**
   * The file's lines, read as they are iterated (a golden file at the step limit is 640 MB),
   * or undefined when there is no golden file for `name`. The comparison stops reading at
   * its first difference; ending the iteration closes the file.
   */
  lines(name: string): Promise<Iterable<Line> | undefined>;
  /** The file's size in bytes, or undefined when there is no golden file for `name`. */
  bytes(name: string): Promise<number | undefined>;
  /** Starts a new version of the file, written a line at a time and put in place only by its commit (a temporary file and a rename on disk). */
  draft(name: string): Promise<GoldenDraft>;
  /** The scenario names of every golden file present, sorted. */
  list(): Promise<string[]>;
}

/**
 * A new version of a golden file, being written: the file itself keeps its old bytes (or
 * stays absent) until commit, and discard leaves it so. `sim check --update` writes one
 * per scenario as the run's rows pass, compares it with the file and commits it only once
 * every scenario is planned, so memory holds neither the old text nor the new.
 */
export interface GoldenDraft {
  readonly name: string;
  /** Appends text (whole lines). */
  write(text: string): void;
  /** Ends the writing; the draft can then be read back. */
  close(): void;
  /** Bytes written. */
  readonly bytes: number;
  /** The draft's lines, after close. */
  lines(): Iterable<Line>;
  /** Puts the draft in the file's place, in one step. */
  commit(): void;
  /** Drops the draft; the file is untouched. Safe to call at any time, and again. */
  discard(): void;
}

/** A golden store in memory, for tests and dry runs. */
export class MemoryGoldenStore implements GoldenStore {
  readonly files = new Map<string, string>();
  readonly writes: string[] = [];
  /** Drafts not yet committed or discarded, by name: a test sees that a failed or stopped update leaves none. */
  readonly openDrafts = new Set<string>();

  constructor(initial: Readonly<Record<string, string>> = {}) {
    for (const [name, contents] of Object.entries(initial)) this.files.set(name, contents);
  }

  pathOf(name: string): string {
    return `golden/${name}.jsonl`;
  }

  async lines(name: string): Promise<Iterable<Line> | undefined> {
    const text = this.files.get(name);
    return text === undefined ? undefined : linesOfText(text);
  }

  async bytes(name: string): Promise<number | undefined> {
    const text = this.files.get(name);
    return text === undefined ? undefined : Buffer.byteLength(text);
  }

  async draft(name: string): Promise<GoldenDraft> {
    let text = "";
    let open = true;
    this.openDrafts.add(name);
    const done = (): void => {
      open = false;
      this.openDrafts.delete(name);
    };
    return {
      name,
      write: (more) => {
        if (!open) throw new Error(`draft of ${name}: write after commit or discard`);
        text += more;
      },
      close: () => undefined,
      get bytes() {
        return Buffer.byteLength(text);
      },
      lines: () => linesOfText(text),
      commit: () => {
        if (!open) throw new Error(`draft of ${name}: commit after commit or discard`);
        this.writes.push(name);
        this.files.set(name, text);
        done();
      },
      discard: done,
    };
  }

  async list(): Promise<string[]> {
    return [...this.files.keys()].sort(compareCodeUnits);
  }
}

