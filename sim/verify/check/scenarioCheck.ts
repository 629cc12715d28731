import type { ExpectationResult } from "../expect/expectationResult.ts";
import type { GoldenMismatch } from "../golden/goldenComparison.ts";
import type { GoldenUpdate } from "../golden/goldenUpdate.ts";
import type { Expectation } from "../../input/scenario/scenario.ts";
import type { DeterminismAudit } from "../audit/auditDeterminism.ts";
import type { DrawnRows } from "../../format/drawnRows.ts";

/** How a scenario's run stands against its golden file. */
export type GoldenOutcome =
  | { readonly kind: "match"; readonly path: string; readonly totalValues: number }
  | { readonly kind: "mismatch"; readonly path: string; readonly mismatch: GoldenMismatch }
  /** No golden file: a failure, never a silent creation. */
  | { readonly kind: "missing"; readonly path: string }
  /** `--update`: what the update will do (written by the command after every scenario is checked). */
  | { readonly kind: "update"; readonly path: string; readonly update: GoldenUpdate };

/** One signature expectation held against the baseline: it must hold here and not there. */
export interface SignatureSeparation {
  readonly expectation: Expectation;
  readonly onScenario: ExpectationResult;
  readonly onBaseline: ExpectationResult;
  readonly separated: boolean;
}

export type SignatureOutcome =
  /** Neither a baseline nor a signature expectation: a healthy scenario. */
  | { readonly kind: "none" }
  | { readonly kind: "checked"; readonly baseline: string; readonly separations: readonly SignatureSeparation[] }
  /** A baseline but no signature expectation: nothing shows the diagnostic differs from it. */
  | { readonly kind: "no signatures"; readonly baseline: string }
  /** Signature expectations but no baseline to hold them against. */
  | { readonly kind: "no baseline"; readonly signatures: number };

/** The rows a check compared, kept on request as the report draws them (`sim check --report`): all of a short run's, a long run's summary and packed values. */
export interface CheckedRows {
  readonly run: DrawnRows;
  /** The baseline's rows over the scenario's steps, for a diagnostic. */
  readonly baseline?: DrawnRows;
  /** The golden file's rows, when the run differs from them (they are drawn beside its rows). */
  readonly golden?: DrawnRows;
}

/** Everything `sim check` found about one scenario, as data. */
export interface ScenarioCheck {
  readonly name: string;
  readonly file: string;
  readonly seed: number;
  readonly steps: number;
  readonly golden: GoldenOutcome;
  readonly expectations: readonly ExpectationResult[];
  readonly signatures: SignatureOutcome;
  /** `--twice`: the scenario run twice in one process, compared row by row. */
  readonly determinism?: DeterminismAudit;
  readonly elapsedMs: number;
  readonly passed: boolean;
  /** With `keepRows`: the rows behind the verdict. */
  readonly rows?: CheckedRows;
}

export function goldenPassed(golden: GoldenOutcome): boolean {
  return golden.kind === "match" || golden.kind === "update";
}

export function signaturesPassed(signatures: SignatureOutcome): boolean {
  if (signatures.kind === "none") return true;
  if (signatures.kind === "checked") return signatures.separations.every((s) => s.separated);
  return false;
}
