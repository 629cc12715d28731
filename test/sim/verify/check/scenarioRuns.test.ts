import { describe, expect, it } from "vitest";
import { CachingScenarioRunner } from "../../../../sim/verify/check/scenarioRuns.ts";
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
});
