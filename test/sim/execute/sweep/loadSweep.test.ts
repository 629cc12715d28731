import { writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../../../../src/errors.ts";
import { loadScenario } from "../../../../sim/input/scenario/loadScenario.ts";
import { loadSweep } from "../../../../sim/execute/sweep/loadSweep.ts";
import { PROJECT_ROOT, tempDirsPerTest } from "../../../helpers/runCli.ts";

const tempDir = tempDirsPerTest("sim-sweep-load-");
const SMALL = join(PROJECT_ROOT, "test/fixtures/sweeps/small_sweep.toml");

/** A sweep file in a fresh directory that extends the healthy smoke with `body` appended. */
function sweepFile(body: string): string {
  const dir = tempDir();
  const file = join(dir, "s.toml");
  const base = relative(dir, join(PROJECT_ROOT, "scenarios/healthy_smoke.toml"));
  writeFileSync(file, `extends = ${JSON.stringify(base)}\n[run]\nsteps = 10\n${body}\n`);
  return file;
}

function errorOf(file: string): string {
  try {
    loadSweep(file);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error("expected loadSweep to refuse the file");
}

describe("loadSweep", () => {
  it("expands, names and resolves every point as a scenario of its own", () => {
    const sweep = loadSweep(SMALL);
    expect(sweep.axisKeys).toEqual(["ledger.capacity", "seed"]);
    expect(sweep.configs.map((c) => c.name)).toEqual([
      "small_sweep__ledger.capacity=16__seed=1",
      "small_sweep__ledger.capacity=16__seed=2",
      "small_sweep__ledger.capacity=16__seed=3",
      "small_sweep__ledger.capacity=64__seed=1",
      "small_sweep__ledger.capacity=64__seed=2",
      "small_sweep__ledger.capacity=64__seed=3",
    ]);
    const config = sweep.configs[4];
    expect(config?.scenario.model.ledger.capacity).toBe(64);
    expect(config?.scenario.model.seed).toBe(2);
    expect(config?.scenario.name).toBe("small_sweep");
    expect(config?.scenario.resolved).not.toHaveProperty("sweep");
    expect(config?.costRankSteps).toBe(20 * 8);
    expect(new Set(sweep.configs.map((c) => c.scenarioSha256)).size).toBe(6);
  });

  it("gives the same sweep hash on every load, and another when a value changes", () => {
    expect(loadSweep(SMALL).sweepSha256).toBe(loadSweep(SMALL).sweepSha256);
    const a = loadSweep(sweepFile('[sweep.axes]\n"ledger.capacity" = [16, 64]'));
    const b = loadSweep(sweepFile('[sweep.axes]\n"ledger.capacity" = [16, 65]'));
    expect(a.sweepSha256).not.toBe(b.sweepSha256);
  });

  it("varies zipped keys together and reads nested axis tables as dotted keys", () => {
    const sweep = loadSweep(sweepFile('[sweep.axes.ledger]\ncapacity = [8, 16]\n[sweep.zip]\n"dataset.bs" = [16, 32]\n"run.steps" = [12, 6]'));
    expect(sweep.configs.map((c) => [c.scenario.model.ledger.capacity, c.scenario.model.dataset.bs, c.steps])).toEqual([
      [8, 16, 12],
      [8, 32, 6],
      [16, 16, 12],
      [16, 32, 6],
    ]);
  });

  it("leaves the file a plain scenario for every other command: the [sweep] table is accepted and dropped", () => {
    const scenario = loadScenario(SMALL);
    expect(scenario.resolved).not.toHaveProperty("sweep");
    expect(scenario.model.seed).toBe(12);
  });

  it("refuses an unknown axis key with the nearest known key", () => {
    expect(errorOf(sweepFile('[sweep.axes]\n"ledger.stale_treshold" = [1, 2]'))).toMatch(
      /"ledger.stale_treshold" is not a scenario key \(did you mean "ledger.stale_threshold"\?\)/,
    );
  });

  it("refuses an empty axis", () => {
    expect(errorOf(sweepFile('[sweep.axes]\n"ledger.capacity" = []'))).toContain('sweep.axes."ledger.capacity" is empty');
  });

  it("refuses values of the wrong type, naming the point and the key", () => {
    const message = errorOf(sweepFile('[sweep.axes]\n"ledger.capacity" = ["big", "small"]'));
    expect(message).toContain("2 of 2 sweep points are not valid scenarios");
    expect(message).toContain('sweep point s__ledger.capacity=big (ledger.capacity = "big")');
    expect(message).toContain('ledger.capacity has the wrong type: expected an integer >= 1, but got "big" (a string)');
  });

  it("refuses a zip of unequal lengths", () => {
    expect(errorOf(sweepFile('[sweep.zip]\n"dataset.bs" = [16, 32]\n"run.steps" = [4]'))).toContain("need equal lengths; got dataset.bs (2), run.steps (1)");
  });

  it("refuses two points that resolve to one name", () => {
    expect(errorOf(sweepFile('[sweep.axes]\n"description" = ["a/b", "a_b"]'))).toContain("two sweep points resolve to the same config name s__description=a_b");
  });

  it("refuses seeds together with a swept run.seed, and an unknown [sweep] key", () => {
    expect(errorOf(sweepFile('[sweep]\nseeds = [1]\n[sweep.axes]\n"run.seed" = [1, 2]'))).toContain("run.seed is swept and sweep.seeds is set");
    expect(errorOf(sweepFile("[sweep]\nseed = [1]"))).toContain('sweep.seed: unknown key (did you mean "seeds"?)');
  });

  it("refuses a file without a [sweep] table", () => {
    expect(errorOf(join(PROJECT_ROOT, "scenarios/healthy_smoke.toml"))).toContain("no [sweep] table");
  });
});
