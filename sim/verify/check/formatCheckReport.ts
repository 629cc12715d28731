import { plural } from "../../format/plural.ts";
import { formatExpectationResult } from "../expect/formatExpectationResult.ts";
import { formatGoldenMismatch } from "../golden/formatGoldenComparison.ts";
import { describeUpdate } from "../golden/goldenUpdate.ts";
import { alignColumns } from "../../format/alignColumns.ts";
import { reproduceLine } from "./reproduceLine.ts";
import type { GoldenOutcome, ScenarioCheck, SignatureOutcome } from "./scenarioCheck.ts";

export interface CheckReport {
  readonly checks: readonly ScenarioCheck[];
  /** Golden file paths that no checked scenario owns. */
  readonly orphanGoldens: readonly string[];
  readonly update: boolean;
}

const HEADER = ["scenario", "steps", "golden", "expect", "signatures", "time ms"];
const RIGHT_ALIGNED = new Set([1, 5]);

/** The whole text `sim check` prints: the table, failure details, updates, orphans, a summary line. */
export function formatCheckReport(report: CheckReport): string {
  // The determinism column appears only when `--twice` audited the scenarios.
  const audited = report.checks.some((check) => check.determinism !== undefined);
  const header = audited ? [...HEADER.slice(0, 5), "twice", ...HEADER.slice(5)] : HEADER;
  const rows = report.checks.map((check) => {
    const row = tableRow(check);
    return audited ? [...row.slice(0, 5), determinismStatus(check), ...row.slice(5)] : row;
  });
  const lines = alignColumns([header, ...rows], { rightAligned: audited ? new Set([1, 6]) : RIGHT_ALIGNED });
  for (const check of report.checks) if (!check.passed) lines.push("", ...failureDetails(check));
  if (report.update) {
    lines.push("", "Golden files:");
    for (const check of report.checks) if (check.golden.kind === "update") lines.push(`  ${check.golden.path}: ${describeUpdate(check.golden.update)}`);
  }
  if (report.orphanGoldens.length > 0) {
    lines.push("", `Golden files that no scenario owns (delete them or add their scenario): ${report.orphanGoldens.join(", ")}`);
  }
  const failed = report.checks.filter((check) => !check.passed).length;
  lines.push("", `${plural(report.checks.length, "scenario")}: ${report.checks.length - failed} passed, ${failed} failed`);
  return lines.join("\n") + "\n";
}

function tableRow(check: ScenarioCheck): string[] {
  const expectationsPassed = check.expectations.filter((result) => result.passed).length;
  return [
    check.name,
    String(check.steps),
    goldenStatus(check.golden),
    `${expectationsPassed}/${check.expectations.length}`,
    signatureStatus(check.signatures),
    String(Math.round(check.elapsedMs)),
  ];
}

function determinismStatus(check: ScenarioCheck): string {
  const audit = check.determinism;
  if (audit === undefined) return "-";
  if (audit.identical) return "identical";
  return audit.differingOutput !== undefined ? `DIFFERS in ${audit.differingOutput}` : `DIFFERS at step ${audit.firstDifferentStep}`;
}

export function goldenStatus(golden: GoldenOutcome): string {
  switch (golden.kind) {
    case "match":
      return "match";
    case "mismatch":
      return "MISMATCH";
    case "missing":
      return "MISSING";
    case "update":
      if (golden.update.kind !== "changed") return golden.update.kind;
      return `changed (${golden.update.stepsDiffering} ${golden.update.stepsDiffering === 1 ? "step" : "steps"})`;
  }
}

function signatureStatus(signatures: SignatureOutcome): string {
  switch (signatures.kind) {
    case "none":
      return "-";
    case "checked": {
      const separated = signatures.separations.filter((s) => s.separated).length;
      return `${separated}/${signatures.separations.length} separate`;
    }
    case "no signatures":
      return "NO SIGNATURES";
    case "no baseline":
      return "NO BASELINE";
  }
}

/** A failed scenario's block as the console shows it: `FAIL name (file)`, each reason (first divergence first), the reproduce line. */
export function failureDetails(check: ScenarioCheck): string[] {
  const lines = [`FAIL ${check.name} (${check.file})`];
  const golden = check.golden;
  if (golden.kind === "missing") lines.push(`  golden: no golden file ${golden.path}; run \`sim check --update ${check.file}\` locally`);
  if (golden.kind === "mismatch") {
    lines.push(`  golden: the run differs from ${golden.path}`);
    for (const line of formatGoldenMismatch(golden.mismatch)) lines.push(`    ${line}`);
    lines.push(`    if the model's change is intended, accept it: npx sim check --update ${check.file}`);
  }
  for (const result of check.expectations) {
    if (!result.passed) lines.push(`  expectation "${result.expectation.name}" failed: ${formatExpectationResult(result)}`);
  }
  lines.push(...signatureDetails(check.signatures));
  if (check.determinism?.identical === false) {
    lines.push(
      check.determinism.differingOutput !== undefined
        ? `  determinism: two runs of the same scenario and seed in one process give the same rows but write different ${check.determinism.differingOutput} (byte comparison)`
        : `  determinism: two runs of the same scenario and seed in one process differ first at step ${check.determinism.firstDifferentStep} (compared row by row)`,
    );
  }
  lines.push(`  reproduce: ${reproduceLine(check.file, check.seed)}`);
  return lines;
}

export function signatureDetails(signatures: SignatureOutcome): string[] {
  switch (signatures.kind) {
    case "none":
      return [];
    case "no signatures":
      return [`  signatures: the scenario names baseline "${signatures.baseline}" but marks no expectation signature = true, so nothing separates it from the baseline`];
    case "no baseline":
      return [`  signatures: ${signatures.signatures} expectations are marked signature = true but the scenario names no baseline to hold them against`];
    case "checked":
      return signatures.separations
        .filter((s) => !s.separated)
        .map((s) =>
          s.onScenario.passed
            ? `  signature "${s.expectation.name}" does not separate from healthy: it also holds on ${signatures.baseline}: ${formatExpectationResult(s.onBaseline)}`
            : `  signature "${s.expectation.name}" does not hold on this scenario (see the expectation above)`,
        );
  }
}
