import { formatCheckReport, goldenStatus, signatureDetails } from "../../verify/check/formatCheckReport.ts";
import type { CheckScenariosResult } from "../../verify/check/checkScenarios.ts";
import { reproduceLine } from "../../verify/check/reproduceLine.ts";
import type { ScenarioCheck } from "../../verify/check/scenarioCheck.ts";
import { formatExpectationResult } from "../../verify/expect/formatExpectationResult.ts";
import type { ExpectationResult } from "../../verify/expect/expectationResult.ts";
import { formatGoldenMismatch } from "../../verify/golden/formatGoldenComparison.ts";
import type { Scenario } from "../../input/scenario/scenario.ts";
import { resolvedScenarioToml } from "../../input/scenario/resolvedScenarioToml.ts";
import { blockIdOf } from "./blockId.ts";
import { buildBlockCharts, type ChartRun, type ExpectationOverlay } from "./blockCharts.ts";
import type { ReportBlock, ReportDocument, ReportNote } from "./reportDocument.ts";

/**
 * The report of `sim check --report`: one block per scenario with its verdict, the
 * golden outcome, every expectation and signature as a line, and its charts. A
 * diagnostic is drawn against its baseline (the healthy run as the dashed line); a
 * golden mismatch draws the golden file's values beside the run's and marks the first
 * divergent step; every expectation is drawn on its metric's chart. The result must
 * come from checkScenarios with `keepRows`.
 */
export function checkReport(result: CheckScenariosResult): ReportDocument {
  const failed = result.checks.filter((check) => !check.passed).length;
  const blocks = result.checks.map((check, index) => scenarioBlock(check, result.scenarios[index] as Scenario));
  return { title: `sim check: ${result.checks.length} scenarios, ${result.checks.length - failed} passed, ${failed} failed`, blocks, summary: formatCheckReport(result) };
}

function scenarioBlock(check: ScenarioCheck, scenario: Scenario): ReportBlock {
  const rows = check.rows;
  if (rows === undefined) throw new Error(`checkReport needs the rows of ${check.name}: call checkScenarios with keepRows`);
  const runs: ChartRun[] = [{ label: check.name, ...rows.run }];
  const golden = check.golden;
  if (golden.kind === "mismatch" && rows.golden !== undefined) runs.push({ label: "golden", ...rows.golden });
  const baselineName = scenario.baseline;
  if (rows.baseline !== undefined && baselineName !== undefined) runs.push({ label: `baseline ${baselineName}`, ...rows.baseline });

  const onBaseline = new Map<ExpectationResult, ExpectationResult>();
  if (check.signatures.kind === "checked") for (const separation of check.signatures.separations) onBaseline.set(separation.onScenario, separation.onBaseline);
  const overlays: ExpectationOverlay[] = check.expectations.map((result) => {
    const baselineResult = onBaseline.get(result);
    return baselineResult === undefined ? { result } : { result, onBaseline: baselineResult };
  });
  const charts = buildBlockCharts(runs, { expectations: overlays, ...(golden.kind === "mismatch" ? { firstDivergence: golden.mismatch.firstDifference } : {}) });

  return {
    id: blockIdOf(check.name),
    title: check.name,
    verdict: check.passed ? "pass" : "fail",
    runs: [
      {
        label: check.name,
        name: check.name,
        description: scenario.description,
        seed: check.seed,
        steps: `1..${check.steps}`,
        source: check.file,
        reproduce: reproduceLine(check.file, check.seed),
        resolvedToml: resolvedScenarioToml(scenario),
      },
    ],
    notes: scenarioNotes(check, baselineName),
    charts,
  };
}

function scenarioNotes(check: ScenarioCheck, baselineName: string | undefined): ReportNote[] {
  const notes: ReportNote[] = [];
  const golden = check.golden;
  if (golden.kind === "mismatch") {
    const [first, ...rest] = formatGoldenMismatch(golden.mismatch);
    notes.push({ text: `golden: the run differs from ${golden.path}: ${first ?? ""}`, passed: false });
    for (const line of rest) notes.push({ text: line });
  } else if (golden.kind === "missing") {
    notes.push({ text: `golden: no golden file ${golden.path}`, passed: false });
  } else {
    notes.push({ text: `golden: ${goldenStatus(golden)} (${golden.path})`, passed: true });
  }
  for (const result of check.expectations) {
    notes.push({ text: `${result.expectation.signature ? "signature " : ""}"${result.expectation.name}": ${formatExpectationResult(result)}`, passed: result.passed });
  }
  if (check.signatures.kind === "checked") {
    for (const separation of check.signatures.separations) {
      if (separation.separated)
        notes.push({
          text: `signature "${separation.expectation.name}" separates from ${check.signatures.baseline}: there ${formatExpectationResult(separation.onBaseline)}`,
          passed: true,
        });
    }
  }
  for (const line of signatureDetails(check.signatures)) notes.push({ text: line.trim(), passed: false });
  if (baselineName !== undefined && check.rows?.baseline !== undefined)
    notes.push({
      text: `charts: the solid lines are this scenario, the ${golden.kind === "mismatch" ? "dotted" : "dashed"} ones its baseline ${baselineName} over the same steps${golden.kind === "mismatch" ? ", the dashed ones the golden file" : ""}`,
    });
  if (check.determinism !== undefined) {
    notes.push({
      text: check.determinism.identical
        ? "determinism: two runs in one process are identical"
        : check.determinism.differingOutput !== undefined
          ? `determinism: two runs write different ${check.determinism.differingOutput}`
          : `determinism: two runs differ first at step ${check.determinism.firstDifferentStep}`,
      passed: check.determinism.identical,
    });
  }
  return notes;
}
