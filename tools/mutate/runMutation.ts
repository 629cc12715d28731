import { loadCatalog, selectMutants } from "./1-load-catalog.ts";
import { type PreparedWorkspace, prepareWorkspace } from "./2-prepare-workspace.ts";
import type { Workspace } from "./workspace.ts";
import { confirmKillers, type KillerBaseline } from "./3-confirm-killers.ts";
import { runMutants } from "./4-run-mutants.ts";
import { seconds } from "./formatReport.ts";
import { Lanes } from "./lanes.ts";
import type { Mutant } from "./mutant.ts";
import type { MutantResult } from "./mutantStatus.ts";
import { assert } from "../../src/errors.ts";

export interface MutationOptions {
  readonly projectRoot: string;
  readonly catalogFile?: string;
  readonly only?: readonly string[];
  readonly jobs: number;
  /** The environment the killers run with (the command's, not necessarily this process's). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal: AbortSignal;
  readonly monotonicMs: () => number;
  /** Registers a synchronous cleanup to run if the process exits early; returns its unregister. */
  readonly onCleanupNeeded?: (cleanup: () => void) => () => void;
  /** A progress line per phase and per finished mutant (stderr, not the report). */
  readonly progress?: (line: string) => void;
  /** Mutants finished of those selected: 0 once they are known, then after each (a progress display). */
  readonly onMutantsDone?: (done: number, total: number) => void;
}

export type MutationOutcome =
  /** Phase 3 found killers that do not pass on the unmutated code: nothing was mutated. */
  | { readonly kind: "killersNotPassing"; readonly failing: readonly KillerBaseline[]; readonly baselineDiagnostics: readonly string[] }
  /** Every selected mutant ran (or was cut short by an interrupt, `interrupted`). */
  | {
      readonly kind: "finished";
      readonly results: readonly MutantResult[];
      readonly selected: number;
      readonly interrupted: boolean;
      readonly baselineDiagnostics: readonly string[];
      readonly elapsedMs: number;
    };

/**
 * `sim mutate`, as four phases in the StrykerJS manner:
 *   1. load and check the catalog against the working tree (a bad catalog throws, exit 2);
 *   2. snapshot the project into a pristine temporary copy and build its TypeScript program;
 *   3. confirm that every killer passes on the unmutated snapshot (its killers run
 *      while phase 2 type-checks: they need only the snapshot);
 *   4. run each mutant in a lane (a copy per job, reused), in parallel, and classify it.
 * The expensive tools stay warm across phases: one TypeScript program (phase 2 builds it,
 * each mutant's check checks what the edit affects) and one vitest per lane (phase 3
 * starts it, phase 4 reuses it). The temporary copies and the warm vitests are removed on
 * every path out, interrupts included. Results are data; the command formats them and
 * chooses the exit code.
 */
export async function runMutation(options: MutationOptions): Promise<MutationOutcome> {
  const started = options.monotonicMs();
  const progress = options.progress ?? (() => undefined);
  const mutants = loadMutants(options, progress);
  const killers = new KillerLanes(options, mutants);
  const prepared = await prepareWithKillers(options, killers);
  try {
    const { baselineDiagnostics } = prepared;
    progress(
      `phase 2: snapshot in ${prepared.workspace.root}, program built in ${seconds(prepared.typeCheckMs)}${baselineDiagnostics.length > 0 ? ` (${baselineDiagnostics.length} errors already in the unmutated code's configuration, syntax or globals are ignored)` : ""}`,
    );
    const finished = (results: readonly MutantResult[]): MutationOutcome => ({
      kind: "finished",
      results,
      selected: mutants.length,
      interrupted: options.signal.aborted,
      baselineDiagnostics,
      elapsedMs: options.monotonicMs() - started,
    });
    if (options.signal.aborted) return finished([]);
    const baselines = await killers.baselines();
    if (options.signal.aborted) return finished([]);
    const failing = baselines.filter((b) => b.outcome.verdict !== "passed");
    progress(`phase 3: ${baselines.length} killer${baselines.length === 1 ? "" : "s"} run on the unmutated code, ${failing.length} not passing`);
    if (failing.length > 0) return { kind: "killersNotPassing", failing, baselineDiagnostics };
    return finished(await runAllMutants(options, killers, mutants, prepared, baselines, progress));
  } finally {
    await killers.dispose();
    prepared.release();
  }
}

/** Phase 1: the catalog, checked against the working tree (a bad catalog throws, exit 2), and the selected mutants. */
function loadMutants(options: MutationOptions, progress: (line: string) => void): readonly Mutant[] {
  const catalog = loadCatalog(options.projectRoot, options.catalogFile);
  const mutants = selectMutants(catalog, options.only);
  options.onMutantsDone?.(0, mutants.length);
  progress(`phase 1: ${mutants.length} of ${catalog.mutants.length} mutants from ${catalog.file}, ${options.jobs} job${options.jobs === 1 ? "" : "s"}`);
  return mutants;
}

/**
 * The lanes the killers run in, and phase 3 running on them. Phases 2 and 3 overlap:
 * phase 3 needs only the snapshot, so its killers start in their own processes as soon
 * as it exists, while this process type-checks it (synchronous work, and the dearest of
 * a run). The lanes stop with the caller's signal, or when the type check throws.
 */
class KillerLanes {
  private readonly stop = new AbortController();
  private readonly stopWithCaller = (): void => this.stop.abort();
  private lanes: Lanes | undefined;
  private unregister = (): void => undefined;
  private confirming: Promise<KillerBaseline[]> | undefined;

  constructor(
    private readonly options: MutationOptions,
    private readonly mutants: readonly Mutant[],
  ) {
    options.signal.addEventListener("abort", this.stopWithCaller, { once: true });
    if (options.signal.aborted) this.stop.abort();
  }

  /** The timing and signal of work on the lanes: the caller's clock, this stop. */
  get timing(): { readonly signal: AbortSignal; readonly monotonicMs: () => number } {
    return { signal: this.stop.signal, monotonicMs: this.options.monotonicMs };
  }

  /** Phase 3 starts: the lanes open on the snapshot and the killers run on the unmutated code. */
  start(workspace: Workspace): void {
    const lanes = new Lanes(workspace, this.options.env);
    this.lanes = lanes;
    this.unregister = this.options.onCleanupNeeded?.(() => lanes.dispose()) ?? (() => undefined);
    this.confirming = confirmKillers(lanes, this.mutants, { ...this.timing, jobs: this.options.jobs });
    // Awaited after the type check; until then a rejection is not left unhandled.
    this.confirming.catch(() => undefined);
  }

  /** Phase 3's verdicts: how each killer fares on the unmutated code. */
  async baselines(): Promise<KillerBaseline[]> {
    assert(this.confirming !== undefined, "the killers started when the snapshot was made");
    return this.confirming;
  }

  opened(): Lanes {
    assert(this.lanes !== undefined, "the lanes opened when the snapshot was made");
    return this.lanes;
  }

  async dispose(): Promise<void> {
    this.stop.abort();
    await this.confirming?.catch(() => undefined);
    this.unregister();
    this.lanes?.dispose();
    this.options.signal.removeEventListener("abort", this.stopWithCaller);
  }
}

/** Phase 2: the snapshot and its type check, with phase 3 started on the snapshot meanwhile; on failure the lanes are closed. */
async function prepareWithKillers(options: MutationOptions, killers: KillerLanes): Promise<PreparedWorkspace> {
  try {
    return await prepareWorkspace(options.projectRoot, {
      signal: options.signal,
      monotonicMs: options.monotonicMs,
      onCleanupNeeded: options.onCleanupNeeded,
      beforeTypeCheck: (workspace) => killers.start(workspace),
    });
  } catch (error) {
    await killers.dispose();
    throw error;
  }
}

/** Phase 4: every mutant in a lane, in parallel, classified against its killers' baselines. */
async function runAllMutants(
  options: MutationOptions,
  killers: KillerLanes,
  mutants: readonly Mutant[],
  prepared: PreparedWorkspace,
  baselines: readonly KillerBaseline[],
  progress: (line: string) => void,
): Promise<MutantResult[]> {
  let done = 0;
  return runMutants(killers.opened(), mutants, {
    ...killers.timing,
    jobs: options.jobs,
    typeChecker: prepared.typeChecker,
    baselines,
    onResult: (result) => {
      done++;
      options.onMutantsDone?.(done, mutants.length);
      progress(`phase 4: [${done}/${mutants.length}] ${result.id} ${result.status} (${seconds(result.elapsedMs)})`);
    },
  });
}
