import { describe, expect, it } from "vitest";
import { readdirSync } from "node:fs";
import type { MetricsRow } from "../../../../src/engine/metricsRow.ts";
import { auditDeterminism, DeterminismAuditor, engineRerun, type ScenarioRerun } from "../../../../sim/verify/audit/auditDeterminism.ts";
import type { RunDigest } from "../../../../sim/verify/audit/wandbRunDigest.ts";
import { FIXTURE_NAMES, fixtureScenario } from "../../execute/run/fixtureScenarios.ts";
import { tempDirsPerTest } from "../../../helpers/runCli.ts";

const tempDir = tempDirsPerTest("sim-audit-test-");

describe("auditDeterminism", () => {
  for (const name of FIXTURE_NAMES) {
    it(`${name} is deterministic within one process`, () => {
      const scenario = fixtureScenario(name);
      expect(auditDeterminism(scenario, engineRerun(scenario))).toEqual({ identical: true });
    });
  }

  it("names the first step at which a second run diverges", () => {
    const scenario = fixtureScenario("nested_stream_lru");
    const flaky: ScenarioRerun = function* (s) {
      for (const row of engineRerun(s)) {
        yield row.step >= 17 ? { ...row, "ledger/evictions/lru": (row["ledger/evictions/lru"] ?? 0) + 1 } : row;
      }
    };
    expect(auditDeterminism(scenario, engineRerun(scenario), flaky)).toEqual({ identical: false, firstDifferentStep: 17 });
  });

  it("a second run that stops early differs at its first missing step", () => {
    const scenario = fixtureScenario("nested_stream_lru", 10);
    const short: ScenarioRerun = (s) => [...engineRerun(s)].slice(0, 8);
    expect(auditDeterminism(scenario, engineRerun(scenario), short)).toEqual({ identical: false, firstDifferentStep: 9 });
  });
});

describe("auditDeterminism's W&B byte comparison", () => {
  it("writes the same W&B offline run twice for the same rows, and names wandb/ when a writer differs though the rows agree", async () => {
    const { wandbRunDigest } = await import("../../../../sim/verify/audit/wandbRunDigest.ts");
    const scenario = fixtureScenario("nested_stream_lru");
    const rows = [...engineRerun(scenario)];
    const digestOf = (written: readonly MetricsRow[]): string => {
      const digester = wandbRunDigest(scenario);
      for (const row of written) digester.writeRow(row);
      return digester.digest();
    };
    expect(digestOf(rows)).toBe(digestOf(rows));
    expect(digestOf(rows)).not.toBe(digestOf(rows.slice(1)));
    let calls = 0;
    const clockReadingWriter: RunDigest = () => ({ writeRow: () => undefined, digest: () => String(calls++), discard: () => undefined });
    expect(auditDeterminism(scenario, rows, engineRerun, clockReadingWriter)).toEqual({ identical: false, differingOutput: "wandb/" });
    expect(auditDeterminism(scenario, rows)).toEqual({ identical: true });
  });

  it("leaves no directory behind, whether the digest is taken or the audit discarded half-way", async () => {
    const { wandbRunDigestIn } = await import("../../../../sim/verify/audit/wandbRunDigest.ts");
    const scenario = fixtureScenario("nested_stream_lru");
    // A directory of this test's own, so that other test files' audits are not counted.
    const root = tempDir();
    const taken = wandbRunDigestIn(root)(scenario);
    const dropped = wandbRunDigestIn(root)(scenario);
    for (const row of engineRerun(scenario)) {
      taken.writeRow(row);
      dropped.writeRow(row);
    }
    expect(readdirSync(root)).toHaveLength(2);
    taken.digest();
    dropped.discard();
    expect(readdirSync(root)).toEqual([]);
    const auditor = new DeterminismAuditor(scenario, engineRerun, wandbRunDigestIn(root));
    auditor.push([...engineRerun(scenario)][0] as MetricsRow);
    expect(readdirSync(root)).toHaveLength(2);
    auditor.discard();
    expect(readdirSync(root)).toEqual([]);
  });
});

describe("DeterminismAuditor", () => {
  it("makes the second run in step with the first and no further than its first difference", () => {
    const scenario = fixtureScenario("nested_stream_lru", 40);
    let made = 0;
    const counted: ScenarioRerun = function* (s) {
      for (const row of engineRerun(s)) {
        made++;
        yield row.step === 5 ? { ...row, "ledger/evictions/lru": -1 } : row;
      }
    };
    const auditor = new DeterminismAuditor(scenario, counted);
    let pushed = 0;
    for (const row of engineRerun(scenario)) {
      auditor.push(row);
      pushed++;
      // The second run is never ahead of the first: it makes a row as the check's row arrives.
      expect(made).toBe(Math.min(pushed, 5));
    }
    expect(auditor.finish()).toEqual({ identical: false, firstDifferentStep: 5 });
  });

  it("names a thinned run's step, not its row's index", () => {
    const scenario = { ...fixtureScenario("nested_stream_lru", 40), metricsEvery: 10 };
    const flaky: ScenarioRerun = function* (s) {
      for (const row of engineRerun(s)) yield row.step === 30 ? { ...row, step_extra: 1 } : row;
    };
    expect(auditDeterminism(scenario, engineRerun(scenario), flaky)).toEqual({ identical: false, firstDifferentStep: 30 });
  });
});
