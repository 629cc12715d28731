import { formatJUnitXml, type JUnitCase } from "../../sim/format/junitXml.ts";
import type { KillerBaseline } from "./3-confirm-killers.ts";
import { killerLabel } from "./mutant.ts";
import type { MutantResult } from "./mutantStatus.ts";

const CLASSNAME = "sim-mutate";

/**
 * `sim mutate --reporter junit`: one test case per mutant. Only `killed` passes:
 * `survived` and `error` are failures, and so is `unviable`, as the command's exit code
 * counts it (a mutant that does not compile proves nothing about the tests). The failure
 * message is the console's "Not killed" line.
 */
export function formatMutateJUnit(results: readonly MutantResult[]): string {
  const cases = results.map((r): JUnitCase => {
    const base = { name: r.id, classname: CLASSNAME, timeMs: r.elapsedMs };
    if (r.status === "killed") return base;
    const line = `${r.id} (${r.status}): ${r.detail}`;
    return { ...base, failure: { type: r.status, message: line, text: r.killer === undefined ? line : `${line}\nkiller: ${r.killer}` } };
  });
  return formatJUnitXml({ name: "sim mutate", cases });
}

/** Phase 3's stop as JUnit: one failed case per killer that does not pass on the unmutated code. */
export function formatFailingKillersJUnit(failing: readonly KillerBaseline[]): string {
  const cases = failing.map((b): JUnitCase => {
    const line = `${killerLabel(b.killer)} does not pass on the unmutated code: ${b.outcome.detail} (named by ${b.mutantIds.join(", ")})`;
    return { name: `baseline ${killerLabel(b.killer)}`, classname: CLASSNAME, timeMs: b.outcome.elapsedMs, failure: { type: b.outcome.verdict, message: line, text: line } };
  });
  return formatJUnitXml({ name: "sim mutate", cases });
}
