import { describe, expect, it } from "vitest";
import { CachingScenarioRunner, KEPT_RUN_STEPS_MAX } from "../../../../sim/verify/check/scenarioRuns.ts";
import type { MetricsRow } from "../../../../src/engine/metricsRow.ts";
import type { Scenario } from "../../../../sim/input/scenario/scenario.ts";
import { UserError } from "../../../../src/errors.ts";

const scenario = (file: string, baseline?: string) => ({ file, name: file, steps: 1, ...(baseline ? { baseline } : {}) }) as unknown as Scenario;

describe("CachingScenarioRunner", () => {
  it("simulates each scenario file once, however it is named", () => {
    const simulated: string[] = [];
    const runner = new CachingScenarioRunner(
      (s) => (simulated.push(s.file), [{ step: 1 } as MetricsRow]),
      () => scenario("x"),
      "/p",
    );
    const first = runner.rowsOf(scenario("scenarios/a.toml"));
    expect(runner.rowsOf(scenario("/p/scenarios/a.toml"))).toBe(first);
    runner.rowsOf(scenario("scenarios/b.toml"));
    expect(simulated).toEqual(["scenarios/a.toml", "scenarios/b.toml"]);
  });

  it("loads the baseline beside the scenario once, and names it when it cannot", async () => {
    const loaded: string[] = [];
    const runner = new CachingScenarioRunner(
      () => [],
      (file) => (loaded.push(file), scenario(file)),
      "/p",
    );
    await runner.baselineOf(scenario("scenarios/d1.toml", "healthy"));
    await runner.baselineOf(scenario("scenarios/d2.toml", "healthy"));
    expect(loaded).toEqual(["scenarios/healthy.toml"]);
    const failing = new CachingScenarioRunner(
      () => [],
      () => {
        throw new UserError("no such file");
      },
      "/p",
    );
    await expect(failing.baselineOf(scenario("scenarios/d1.toml", "gone"))).rejects.toThrow('scenarios/d1.toml: baseline "gone" (scenarios/gone.toml): no such file');
  });

  it("keeps no run longer than KEPT_RUN_STEPS_MAX: its rows are made again, one at a time, each time they are read", () => {
    const simulated: string[] = [];
    const runner = new CachingScenarioRunner(
      function* (s) {
        simulated.push(s.file);
        yield { step: 1 } as MetricsRow;
      },
      () => scenario("x"),
      "/p",
    );
    const long = { ...scenario("scenarios/long.toml"), steps: KEPT_RUN_STEPS_MAX + 1 } as Scenario;
    const rows = runner.rowsOf(long);
    expect(Array.isArray(rows)).toBe(false);
    expect(simulated).toEqual([]);
    expect([...rows]).toEqual([{ step: 1 }]);
    expect([...runner.rowsOf(long)]).toEqual([{ step: 1 }]);
    expect(simulated).toEqual(["scenarios/long.toml", "scenarios/long.toml"]);
    const short = { ...scenario("scenarios/short.toml"), steps: KEPT_RUN_STEPS_MAX } as Scenario;
    expect(runner.rowsOf(short)).toBe(runner.rowsOf(short));
  });
});
