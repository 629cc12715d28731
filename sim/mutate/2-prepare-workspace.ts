import { typeCheck } from "./typeCheck.ts";
import { Workspace } from "./workspace.ts";

export interface PreparedWorkspace {
  readonly workspace: Workspace;
  /** The unmutated project's own type errors: a mutant is unviable only for new ones. */
  readonly baselineDiagnostics: readonly string[];
  readonly typeCheckMs: number;
}

export const TYPE_CHECK_TIMEOUT_MS = 180_000;

/**
 * Phase 2: snapshots the working tree into a pristine copy (read once, never written)
 * and type-checks it. Errors that the unmutated project already has are remembered
 * rather than fatal, so that a half-finished file elsewhere in the tree does not make
 * every mutant unviable; the command warns about them.
 */
export async function prepareWorkspace(projectRoot: string, options: { signal: AbortSignal; monotonicMs: () => number }): Promise<PreparedWorkspace> {
  const workspace = Workspace.create(projectRoot);
  try {
    const check = await typeCheck(workspace.pristineDir, { timeoutMs: TYPE_CHECK_TIMEOUT_MS, signal: options.signal, monotonicMs: options.monotonicMs });
    return { workspace, baselineDiagnostics: check.diagnostics, typeCheckMs: check.elapsedMs };
  } catch (error) {
    workspace.dispose();
    throw error;
  }
}
