import { loadCatalog, selectMutants } from "./1-load-catalog.ts";
import { type PreparedWorkspace, prepareWorkspace } from "./2-prepare-workspace.ts";
import { confirmKillers, type KillerBaseline } from "./3-confirm-killers.ts";
import { runMutants } from "./4-run-mutants.ts";
import { seconds } from "./formatReport.ts";
import { Lanes } from "./lanes.ts";
import type { MutantResult } from "./mutantStatus.ts";

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
 *   2. snapshot the project into a pristine temporary copy and type-check it;
 *   3. confirm that every killer passes on the unmutated snapshot (its killers run
 *      while phase 2 type-checks: they need only the snapshot);
 *   4. run each mutant in a lane (a copy per job, reused), in parallel, and classify it.
 * The expensive tools stay warm across phases: one TypeScript program (phase 2 builds it,
 * each mutant's check re-checks what the edit affects) and one vitest per lane (phase 3
 * starts it, phase 4 reuses it). The temporary copies and the warm vitests are removed on
 * every path out, interrupts included. Results are data; the command formats them and
 * chooses the exit code.
 */
export async function runMutation(options: MutationOptions): Promise<MutationOutcome> {
  const started = options.monotonicMs();
  const progress = options.progress ?? (() => undefined);
  const timing = { signal: options.signal, monotonicMs: options.monotonicMs };

  // Phase 1.
  const catalog = loadCatalog(options.projectRoot, options.catalogFile);
  const mutants = selectMutants(catalog, options.only);
  options.onMutantsDone?.(0, mutants.length);
  progress(`phase 1: ${mutants.length} of ${catalog.mutants.length} mutants from ${catalog.file}, ${options.jobs} job${options.jobs === 1 ? "" : "s"}`);

  // Phases 2 and 3 overlap: phase 3 needs only the snapshot, so its killers start in their
  // own processes as soon as it exists, while this process type-checks it (synchronous
  // work, and the dearest of a run). `stop` ends them if the type check throws.
  const stop = new AbortController();
  const stopWithCaller = (): void => stop.abort();
  options.signal.addEventListener("abort", stopWithCaller, { once: true });
  if (options.signal.aborted) stop.abort();
  const inner = { ...timing, signal: stop.signal };
  let lanes: Lanes | undefined;
  let unregisterLanes = (): void => undefined;
  let confirming: Promise<KillerBaseline[]> | undefined;
  const disposeLanes = async (): Promise<void> => {
    stop.abort();
    await confirming?.catch(() => undefined);
    unregisterLanes();
    lanes?.dispose();
    options.signal.removeEventListener("abort", stopWithCaller);
  };

  // Phase 2 (and the start of phase 3).
  let prepared: PreparedWorkspace;
  try {
    prepared = await prepareWorkspace(options.projectRoot, {
      ...timing,
      onCleanupNeeded: options.onCleanupNeeded,
      beforeTypeCheck: (workspace) => {
        const started = new Lanes(workspace, options.env);
        lanes = started;
        unregisterLanes = options.onCleanupNeeded?.(() => started.dispose()) ?? (() => undefined);
        confirming = confirmKillers(started, mutants, { ...inner, jobs: options.jobs, env: options.env });
        // Awaited after the type check; until then a rejection is not left unhandled.
        confirming.catch(() => undefined);
      },
    });
  } catch (error) {
    await disposeLanes();
    throw error;
  }
  try {
    const { workspace, baselineDiagnostics } = prepared;
    progress(`phase 2: snapshot in ${workspace.root}, type-checked in ${seconds(prepared.typeCheckMs)}${baselineDiagnostics.length > 0 ? ` (${baselineDiagnostics.length} type errors already in the unmutated code are ignored)` : ""}`);
    const finished = (results: readonly MutantResult[]): MutationOutcome => ({
      kind: "finished",
      results,
      selected: mutants.length,
      interrupted: options.signal.aborted,
      baselineDiagnostics,
      elapsedMs: options.monotonicMs() - started,
    });
    if (options.signal.aborted) return finished([]);

    // Phase 3.
    const baselines = await (confirming as Promise<KillerBaseline[]>);
    if (options.signal.aborted) return finished([]);
    const failing = baselines.filter((b) => b.outcome.verdict !== "passed");
    progress(`phase 3: ${baselines.length} killer${baselines.length === 1 ? "" : "s"} run on the unmutated code, ${failing.length} not passing`);
    if (failing.length > 0) return { kind: "killersNotPassing", failing, baselineDiagnostics };

    // Phase 4.
    let done = 0;
    const results = await runMutants(lanes as Lanes, mutants, {
      ...inner,
      jobs: options.jobs,
      env: options.env,
      typeChecker: prepared.typeChecker,
      baselineDiagnostics,
      baselines,
      onResult: (result) => {
        done++;
        options.onMutantsDone?.(done, mutants.length);
        progress(`phase 4: [${done}/${mutants.length}] ${result.id} ${result.status} (${seconds(result.elapsedMs)})`);
      },
    });
    return finished(results);
  } finally {
    await disposeLanes();
    prepared.release();
  }
}
