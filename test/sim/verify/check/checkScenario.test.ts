import { describe, expect, it } from "vitest";
import { checkScenario, type CheckDeps } from "../../../../sim/verify/check/checkScenario.ts";
import { formatCheckReport } from "../../../../sim/verify/check/formatCheckReport.ts";
import type { ScenarioRunner } from "../../../../sim/verify/check/scenarioRuns.ts";
import type { MetricsRow } from "../../../../src/engine/metricsRow.ts";
import { formatRows } from "../../../../sim/format/jsonl.ts";
import { MemoryGoldenStore } from "../../../../sim/verify/golden/goldenStore.ts";
import { fakeClock } from "../../../../sim/io/clock.ts";
import type { Expectation, Scenario } from "../../../../sim/input/scenario/scenario.ts";

const rows = (...values: Record<string, number>[]): MetricsRow[] => values.map((v, i) => ({ step: i + 1, ...v }) as MetricsRow);

const HEALTHY_ROWS = rows({ evictions: 0 }, { evictions: 0 }, { evictions: 0 });
const DIAG_ROWS = rows({ evictions: 0 }, { evictions: 4 }, { evictions: 1 });

function scenario(name: string, expectations: Partial<Expectation>[], baseline?: string): Scenario {
  return {
    file: `scenarios/${name}.toml`,
    name,
    description: "",
    steps: 3,
    metricsEvery: 1,
    ...(baseline === undefined ? {} : { baseline }),
    model: { seed: 7 } as Scenario["model"],
    expectations: expectations.map((e) => ({ name: "e", metric: "evictions", stat: "max", op: ">", value: 0, signature: false, ...e })),
    golden: { rel: 0, abs: 0, rules: [] },
    resolved: {},
    chain: [],
  };
}

function runner(byName: Record<string, MetricsRow[]>, baselines: Record<string, Scenario> = {}): ScenarioRunner & { runs: string[] } {
  const runs: string[] = [];
  return {
    runs,
    rowsOf: (s) => {
      runs.push(s.name);
      return byName[s.name] as MetricsRow[];
    },
    baselineOf: async (s) => baselines[s.baseline as string] as Scenario,
  };
}

function deps(store: MemoryGoldenStore, run: ScenarioRunner, update = false): CheckDeps {
  return { goldens: store, runner: run, clock: fakeClock(0, 5), update };
}

const healthy = scenario("healthy", [{ name: "no evictions", op: "==", value: 0 }]);

describe("checkScenario", () => {
  it("passes a scenario whose golden matches and whose expectations hold", async () => {
    const store = new MemoryGoldenStore({ healthy: formatRows(HEALTHY_ROWS) });
    const check = await checkScenario(healthy, deps(store, runner({ healthy: HEALTHY_ROWS })));
    expect(check).toMatchObject({ name: "healthy", passed: true, golden: { kind: "match", totalValues: 3 }, signatures: { kind: "none" }, elapsedMs: 5 });
  });

  it("fails a scenario with no golden file and never creates one", async () => {
    const store = new MemoryGoldenStore();
    const check = await checkScenario(healthy, deps(store, runner({ healthy: HEALTHY_ROWS })));
    expect(check.golden).toEqual({ kind: "missing", path: "golden/healthy.jsonl" });
    expect(check.passed).toBe(false);
    expect(store.writes).toEqual([]);
    expect(formatCheckReport({ checks: [check], orphanGoldens: [], update: false })).toContain(
      "  golden: no golden file golden/healthy.jsonl; run `sim check --update scenarios/healthy.toml` locally\n  reproduce: npx sim run scenarios/healthy.toml --seed 7\n",
    );
  });

  it("separates a diagnostic whose signature holds on it and not on the baseline", async () => {
    const diag = scenario("diag", [{ name: "evicts", signature: true }], "healthy");
    const run = runner({ healthy: HEALTHY_ROWS, diag: DIAG_ROWS }, { healthy });
    const store = new MemoryGoldenStore({ diag: formatRows(DIAG_ROWS) });
    const check = await checkScenario(diag, deps(store, run));
    expect(check.passed).toBe(true);
    expect(check.signatures.kind === "checked" && check.signatures.separations.map((s) => [s.separated, s.onBaseline.actual])).toEqual([[true, 0]]);
  });

  it("fails a signature that also holds on the baseline: it does not separate from healthy", async () => {
    const diag = scenario("diag", [{ name: "never negative", stat: "min", op: ">=", value: 0, signature: true }], "healthy");
    const run = runner({ healthy: HEALTHY_ROWS, diag: DIAG_ROWS }, { healthy });
    const check = await checkScenario(diag, deps(new MemoryGoldenStore({ diag: formatRows(DIAG_ROWS) }), run));
    expect(check.expectations.every((r) => r.passed)).toBe(true);
    expect(check.passed).toBe(false);
    const text = formatCheckReport({ checks: [check], orphanGoldens: [], update: false });
    expect(text).toContain(
      '  signature "never negative" does not separate from healthy: it also holds on healthy: min of evictions over steps 1..3 (3 steps) = 0, expected >= 0\n',
    );
    expect(text).toContain("0/1 separate");
  });

  it("fails a diagnostic with a baseline but no signature, and a signature with no baseline", async () => {
    const noSignature = scenario("diag", [{ name: "evicts" }], "healthy");
    const run = runner({ healthy: HEALTHY_ROWS, diag: DIAG_ROWS }, { healthy });
    const store = new MemoryGoldenStore({ diag: formatRows(DIAG_ROWS) });
    expect((await checkScenario(noSignature, deps(store, run))).signatures).toEqual({ kind: "no signatures", baseline: "healthy" });
    const noBaseline = scenario("diag", [{ name: "evicts", signature: true }]);
    const check = await checkScenario(noBaseline, deps(store, run));
    expect(check.signatures).toEqual({ kind: "no baseline", signatures: 1 });
    expect(check.passed).toBe(false);
  });

  it("names the first divergence of a golden mismatch in the report", async () => {
    const golden = formatRows(rows({ evictions: 0 }, { evictions: 3 }, { evictions: 1 }));
    const diag = scenario("diag", [{ name: "evicts" }]);
    const check = await checkScenario(diag, deps(new MemoryGoldenStore({ diag: golden }), runner({ diag: DIAG_ROWS })));
    expect(check.golden.kind).toBe("mismatch");
    const text = formatCheckReport({ checks: [check], orphanGoldens: [], update: false });
    expect(text).toContain(
      "  golden: the run differs from golden/diag.jsonl\n    First difference at step 2 key evictions: expected 3, actual 4\n    Mismatched values: 1 / 2 (50%) over steps 1..2 (the comparison stops at the first row that differs)\n",
    );
  });

  it("plans updates without writing, and the report lists them and the orphans", async () => {
    const store = new MemoryGoldenStore({ healthy: formatRows(rows({ evictions: 0 }, { evictions: 1 }, { evictions: 0 })), gone: "x" });
    const check = await checkScenario(healthy, deps(store, runner({ healthy: HEALTHY_ROWS }), true));
    expect(check.golden).toMatchObject({ kind: "update", update: { kind: "changed", stepsDiffering: 1 } });
    expect(store.writes).toEqual([]);
    expect(formatCheckReport({ checks: [check], orphanGoldens: ["golden/gone.jsonl"], update: true })).toBe(
      [
        "scenario  steps  golden            expect  signatures  time ms",
        "healthy       3  changed (1 step)  1/1     -                 5",
        "",
        "Golden files:",
        "  golden/healthy.jsonl: changed: 1 step differs",
        "",
        "Golden files that no scenario owns (delete them or add their scenario): golden/gone.jsonl",
        "",
        "1 scenario: 1 passed, 0 failed",
        "",
      ].join("\n"),
    );
  });
});

describe("checkScenario --twice (determinism audit)", () => {
  it("passes and shows 'identical' when both audit runs agree; the audit gets the check's own run, not a fresh one", async () => {
    const store = new MemoryGoldenStore({ healthy: formatRows(HEALTHY_ROWS) });
    const audited: { name: string; rows: MetricsRow[] }[] = [];
    const run = runner({ healthy: HEALTHY_ROWS });
    const check = await checkScenario(healthy, {
      ...deps(store, run),
      audit: (s) => {
        const pushed: MetricsRow[] = [];
        audited.push({ name: s.name, rows: pushed });
        return { push: (row) => void pushed.push(row), finish: () => ({ identical: true }), discard: () => undefined };
      },
    });
    expect(audited).toEqual([{ name: "healthy", rows: HEALTHY_ROWS }]);
    expect(audited[0]?.rows[1]).toBe(HEALTHY_ROWS[1]);
    expect(run.runs).toEqual(["healthy"]);
    expect(check).toMatchObject({ passed: true, determinism: { identical: true } });
    expect(formatCheckReport({ checks: [check], orphanGoldens: [], update: false })).toMatch(/twice[\s\S]*healthy .* identical/);
  });

  it("fails a scenario whose two runs diverge, naming the first differing step", async () => {
    const store = new MemoryGoldenStore({ healthy: formatRows(HEALTHY_ROWS) });
    const check = await checkScenario(healthy, {
      ...deps(store, runner({ healthy: HEALTHY_ROWS })),
      audit: () => ({ push: () => undefined, finish: () => ({ identical: false, firstDifferentStep: 2 }), discard: () => undefined }),
    });
    expect(check.passed).toBe(false);
    const report = formatCheckReport({ checks: [check], orphanGoldens: [], update: false });
    expect(report).toContain("DIFFERS at step 2");
    expect(report).toContain("determinism: two runs of the same scenario and seed in one process differ first at step 2");
  });

  it("leaves the table without a twice column when no audit ran", async () => {
    const store = new MemoryGoldenStore({ healthy: formatRows(HEALTHY_ROWS) });
    const check = await checkScenario(healthy, deps(store, runner({ healthy: HEALTHY_ROWS })));
    expect(check.determinism).toBeUndefined();
    expect(formatCheckReport({ checks: [check], orphanGoldens: [], update: false })).not.toContain("twice");
  });

  it("makes the run once and keeps none of it: its rows go to the golden comparison and every expectation as they come", async () => {
    let passes = 0;
    function* made(): Generator<MetricsRow> {
      passes++;
      yield* DIAG_ROWS;
    }
    const diag = scenario("diag", [{ name: "evicts" }, { name: "sum", stat: "sum", op: "==", value: 5 }, { name: "p50", stat: "p50", op: "==", value: 1 }]);
    const once: ScenarioRunner = { rowsOf: () => ({ [Symbol.iterator]: made }), baselineOf: async () => healthy };
    const check = await checkScenario(diag, deps(new MemoryGoldenStore({ diag: formatRows(DIAG_ROWS) }), once));
    expect(check).toMatchObject({ passed: true, golden: { kind: "match", totalValues: 3 } });
    expect(check.expectations.map((result) => result.actual)).toEqual([4, 5, 1]);
    expect(check.rows).toBeUndefined();
    expect(passes).toBe(1);
  });

  it("holds signatures against the baseline's rows up to the scenario's last step, and makes no more of the baseline's run", async () => {
    const made: number[] = [];
    function* longBaseline(): Generator<MetricsRow> {
      for (let step = 1; step <= 1000; step++) {
        made.push(step);
        yield { step, evictions: step <= 3 ? 0 : 9 } as MetricsRow;
      }
    }
    const diag = scenario("diag", [{ name: "evicts", signature: true }], "healthy");
    const run: ScenarioRunner = { rowsOf: (s) => (s.name === "diag" ? DIAG_ROWS : { [Symbol.iterator]: longBaseline }), baselineOf: async () => healthy };
    const check = await checkScenario(diag, deps(new MemoryGoldenStore({ diag: formatRows(DIAG_ROWS) }), run));
    expect(check.signatures).toMatchObject({ kind: "checked", separations: [{ separated: true, onBaseline: { actual: 0, detail: { window: [1, 3] } } }] });
    // Step 4 is made (the first past the scenario's steps), then the run stops.
    expect(made).toEqual([1, 2, 3, 4]);
  });
});
