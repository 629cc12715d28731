/**
 * A targeted mutant from the catalog: one exact edit of one source file, and the
 * killers (tests and scenarios) that must catch it. These are the values every
 * phase of `sim mutate` passes along; none of them touches the file system.
 */

/** A vitest test file, optionally narrowed by a test-name filter passed to `-t`. */
export interface TestKiller {
  readonly kind: "test";
  /** Path relative to the project root. */
  readonly file: string;
  /** vitest's `-t` pattern (a regular expression over the full test name). */
  readonly name?: string;
}

/** A scenario run through `sim check <file>` in the mutated copy. */
export interface ScenarioKiller {
  readonly kind: "scenario";
  /** Path relative to the project root. */
  readonly file: string;
}

export type Killer = TestKiller | ScenarioKiller;

export interface Mutant {
  readonly id: string;
  /** What bug the mutant models, in one sentence. */
  readonly description: string;
  /** The mutated source file, relative to the project root. */
  readonly file: string;
  /** Exact text that occurs exactly once in `file`. */
  readonly find: string;
  readonly replace: string;
  /** Tried in order; the first that fails kills the mutant. */
  readonly killedBy: readonly Killer[];
}

export interface Catalog {
  /** The catalog file as named on the command line or by default. */
  readonly file: string;
  readonly mutants: readonly Mutant[];
}

/** A killer in the short form the table prints: `test/x.test.ts -t "name"` or `scenarios/x.toml`. */
export function killerLabel(killer: Killer): string {
  if (killer.kind === "scenario") return `check ${killer.file}`;
  return killer.name === undefined ? killer.file : `${killer.file} -t ${JSON.stringify(killer.name)}`;
}

/** A stable key for deduplicating killers shared by several mutants. */
export function killerKey(killer: Killer): string {
  return killer.kind === "scenario" ? `scenario\0${killer.file}` : `test\0${killer.file}\0${killer.name ?? ""}`;
}
