import { runNode } from "./runProcess.ts";

export interface TypeCheckResult {
  /** Diagnostics in a position-free form (`file: error TSnnnn: message`), one per line. */
  readonly diagnostics: readonly string[];
  readonly timedOut: boolean;
  readonly aborted: boolean;
  readonly elapsedMs: number;
}

const TSC = "node_modules/typescript/bin/tsc";

/**
 * Runs `tsc --noEmit -p tsconfig.json` in a project copy. Positions are dropped from the
 * diagnostics so that a baseline error in a mutated file still compares equal after an
 * edit moved its line.
 */
export async function typeCheck(dir: string, options: { timeoutMs: number; signal: AbortSignal; monotonicMs: () => number }): Promise<TypeCheckResult> {
  const started = options.monotonicMs();
  const run = await runNode([TSC, "--noEmit", "-p", "tsconfig.json", "--pretty", "false"], { cwd: dir, timeoutMs: options.timeoutMs, signal: options.signal });
  const diagnostics = run.output
    .split("\n")
    .filter((line) => /error TS\d+:/.test(line))
    .map((line) => line.replace(/\(\d+,\d+\)/, "").trim());
  // tsc exits non-zero without a diagnostic only when it could not run at all.
  if (run.exitCode !== 0 && diagnostics.length === 0 && !run.timedOut && !run.aborted) diagnostics.push(`tsc exited ${run.exitCode}: ${run.output.trim().split("\n")[0] ?? ""}`);
  return { diagnostics, timedOut: run.timedOut, aborted: run.aborted, elapsedMs: options.monotonicMs() - started };
}

/** The diagnostics of `mutated` that the unmutated project does not have. */
export function newDiagnostics(mutated: readonly string[], baseline: readonly string[]): string[] {
  const known = new Set(baseline);
  return mutated.filter((d) => !known.has(d));
}
