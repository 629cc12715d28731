import { MutantTypeChecker } from "./typeCheck.ts";
import { Workspace } from "./workspace.ts";

export interface PreparedWorkspace {
  readonly workspace: Workspace;
  /** Removes the copies and drops the exit-time cleanup; call it on every path out. */
  readonly release: () => void;
  /** The type checker kept for the mutants, holding the unmutated program. */
  readonly typeChecker: MutantTypeChecker;
  /** The unmutated project's own errors in its configuration, syntax, options and globals (MutantTypeChecker.baseline). */
  readonly baselineDiagnostics: readonly string[];
  readonly typeCheckMs: number;
}

/**
 * Phase 2: snapshots the working tree into a pristine copy (read once, never written)
 * and builds the TypeScript program the mutants' checks then build on. Errors that the
 * unmutated project already has are not the mutants': a half-finished file elsewhere in
 * the tree does not make every mutant unviable. The command warns about those this phase
 * finds (configuration, syntax, options, globals).
 *
 * The exit-time cleanup is registered as soon as the copy exists, so that a process
 * that exits during the type check (a second interrupt, say) still removes it.
 */
export async function prepareWorkspace(
  projectRoot: string,
  options: {
    signal: AbortSignal;
    monotonicMs: () => number;
    onCleanupNeeded?: ((cleanup: () => void) => () => void) | undefined;
    /** Called with the snapshot before the type check, to start work that needs only the snapshot. */
    beforeTypeCheck?: ((workspace: Workspace) => void) | undefined;
  },
): Promise<PreparedWorkspace> {
  const workspace = Workspace.create(projectRoot);
  const unregister = options.onCleanupNeeded?.(() => workspace.dispose()) ?? (() => undefined);
  const release = (): void => {
    unregister();
    workspace.dispose();
  };
  try {
    options.beforeTypeCheck?.(workspace);
    const typeChecker = await MutantTypeChecker.create(workspace.pristineDir);
    const check = typeChecker.baseline(options.monotonicMs);
    return { workspace, release, typeChecker, baselineDiagnostics: check.diagnostics, typeCheckMs: check.elapsedMs };
  } catch (error) {
    release();
    throw error;
  }
}
