import type { KillerVerdict } from "./mutantStatus.ts";

export interface ScenarioCheckRun {
  readonly exitCode: number | null;
  readonly timedOut: boolean;
  readonly timeoutMs?: number;
  /** The check's output, for the detail line. */
  readonly output: string;
}

/**
 * What `sim check <scenario>` says, from its exit codes (sim/exitCodes.ts): 0 passed;
 * 1 a golden mismatch or a failed expectation, a kill; 2 bad input, which proves nothing
 * about the mutant; 3 a model assertion fired, which also means the mutant was caught
 * (the model's own invariants noticed the broken state), reported with that detail;
 * anything else (a signal, a timeout) proves nothing.
 */
export function classifyScenarioCheck(run: ScenarioCheckRun): { verdict: KillerVerdict; detail: string } {
  if (run.timedOut) return { verdict: "inconclusive", detail: `timed out after ${Math.round((run.timeoutMs ?? 0) / 1000)} s` };
  const line = tellingLine(run.output);
  switch (run.exitCode) {
    case 0:
      return { verdict: "passed", detail: "check passed" };
    case 1:
      return { verdict: "failed", detail: line };
    case 3:
      return { verdict: "failed", detail: `internal error (exit 3): ${line}` };
    case 2:
      return { verdict: "inconclusive", detail: `bad input (exit 2): ${line}` };
    default:
      return { verdict: "inconclusive", detail: `sim check ended with ${run.exitCode === null ? "a signal" : `exit ${run.exitCode}`}: ${line}` };
  }
}

/** The first line that says what failed: sim prints `sim: ...` errors and FAIL lines. */
function tellingLine(output: string): string {
  const lines = output
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
  const telling = lines.find((l) => /^sim:|FAIL|mismatch|expect/i.test(l)) ?? lines[lines.length - 1] ?? "(no output)";
  return telling.length > 160 ? `${telling.slice(0, 157)}...` : telling;
}
