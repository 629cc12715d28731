import type { SwarmFailure } from "./runSwarmCase.ts";
import type { SwarmReport } from "./runSwarm.ts";

function indent(text: string): string {
  return text
    .trimEnd()
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");
}

/** One failure: the check and why, the derived scenario, the minimal one, where it was written and the line that reproduces it. */
export function formatSwarmFailure(failure: SwarmFailure, written: { file: string; reproduce: string }): string {
  return [
    `FAIL run ${failure.runIndex}: ${failure.check}: ${failure.message}`,
    `  derived scenario:`,
    indent(failure.derivedToml),
    `  minimal scenario (${failure.shrinkAttempts} shrink attempts), which fails with: ${failure.minimalMessage}`,
    indent(failure.minimalToml),
    `  written to ${written.file}`,
    `  reproduce: ${written.reproduce}`,
    "",
  ].join("\n");
}

/** The last line: runs, checks, failures and seconds. */
export function formatSwarmSummary(swarmSeed: number, report: SwarmReport): string {
  const verdict = report.failures === 0 ? "all held" : `${report.failures} run(s) failed`;
  const stopped = report.interrupted ? " (interrupted)" : "";
  return `swarm seed ${swarmSeed}: ${report.runs} runs, ${report.checks} checks, ${verdict}${stopped}, ${(report.wallMs / 1000).toFixed(1)} s\n`;
}
