import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../../../tools/repositoryCli.ts";
import { startProgress } from "../../../../sim/io/progress.ts";
import { memoryIo } from "../../../helpers/memoryIo.ts";
import { PROJECT_ROOT, tempDirsPerTest } from "../../../helpers/runCli.ts";
import { builtMain } from "../../../helpers/runMain.ts";

const tempDir = tempDirsPerTest("sim-progress-");
const FIXTURES = join(PROJECT_ROOT, "test/fixtures/golden");

describe("progress displays of long commands", () => {
  it("sim run on a terminal: one display counting the run's steps, stopped at the end; stdout unchanged", async () => {
    const out = join(tempDir(), "r");
    const io = memoryIo(PROJECT_ROOT, { stderrIsTerminal: true });
    expect(await main(["run", "scenarios/healthy_smoke.toml", "--steps", "25", "--out", out], io)).toBe(0);
    expect(io.displays).toHaveLength(1);
    const display = io.displays[0]!;
    expect(display.spec).toEqual({ label: "sim run healthy_smoke", unit: "steps", total: 25, start: 0 });
    expect(display.updates.map(([done]) => done)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(display.stopped).toBe(true);
    expect(io.err()).toBe("");
    expect(io.out()).toContain("run healthy_smoke: completed");
  });

  it("sim replay on a terminal: the re-run's steps, stopped before the verdict", async () => {
    const out = join(tempDir(), "r");
    expect(await main(["run", "scenarios/healthy_smoke.toml", "--steps", "25", "--out", out], memoryIo(PROJECT_ROOT))).toBe(0);
    const io = memoryIo(PROJECT_ROOT, { stderrIsTerminal: true });
    expect(await main(["replay", out], io)).toBe(0);
    expect(io.displays).toHaveLength(1);
    expect(io.displays[0]!.spec).toEqual({ label: "sim replay healthy_smoke", unit: "steps", total: 25 });
    expect(io.displays[0]!.updates.map(([done]) => done)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(io.displays[0]!.stopped).toBe(true);
    expect(io.out()).toContain("replay healthy_smoke: identical (25 rows");
  });

  it("sim check on a terminal: scenarios done of the total, one update per scenario", async () => {
    const io = memoryIo(FIXTURES, { stderrIsTerminal: true });
    expect(await main(["check"], io)).toBe(0);
    expect(io.displays).toHaveLength(1);
    expect(io.displays[0]!.spec).toMatchObject({ label: "sim check", unit: "scenarios" });
    expect(io.displays[0]!.updates).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(io.displays[0]!.stopped).toBe(true);
  });

  it("sim sweep on a terminal: configs done of this invocation's configs, already complete ones counted at once", async () => {
    const out = join(tempDir(), "sweep");
    const argv = ["sweep", "test/fixtures/sweeps/small_sweep.toml", "--out", out, "--jobs", "1", "--shard", "1/3"];
    // The built CLI, whose pool worker loads the built modules rather than the sources through tsx.
    const built = await builtMain();
    const io = memoryIo(PROJECT_ROOT, { stderrIsTerminal: true });
    expect(await built(argv, io)).toBe(0);
    expect(io.displays).toHaveLength(1);
    expect(io.displays[0]!.spec).toEqual({ label: "sim sweep small_sweep", unit: "configs", total: 0 });
    expect(io.displays[0]!.updates).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(io.displays[0]!.stopped).toBe(true);
    expect(io.out()).toContain("2 configs, 0 already complete, 2 run, 0 failed");
    const again = memoryIo(PROJECT_ROOT, { stderrIsTerminal: true });
    expect(await built(argv, again)).toBe(0);
    expect(again.displays[0]!.updates).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(again.out()).toContain("2 configs, 2 already complete, 0 run, 0 failed");
  }, 60_000);

  it("sim swarm on a terminal: runs done of the shard's runs, cleared before the summary", async () => {
    const io = memoryIo(tempDir(), { stderrIsTerminal: true });
    expect(await main(["swarm", "--runs", "7", "--seed", "3", "--jobs", "1", "--shard", "2/3"], io)).toBe(0);
    expect(io.displays).toHaveLength(1);
    expect(io.displays[0]!.spec).toEqual({ label: "sim swarm", unit: "runs", total: 2 });
    expect(io.displays[0]!.updates.map(([done]) => done)).toEqual([1, 2]);
    expect(io.displays[0]!.stopped).toBe(true);
    expect(io.out()).toMatch(/swarm seed 3: 2 runs, 10 checks, all held/);
  });

  it("nothing when stderr is not a terminal, or when CI is set", async () => {
    for (const io of [memoryIo(FIXTURES, { stderrIsTerminal: false }), memoryIo(FIXTURES, { stderrIsTerminal: true, env: { CI: "true" } })]) {
      expect(await main(["check"], io)).toBe(0);
      expect(io.displays).toEqual([]);
      expect(io.err()).toBe("");
    }
  });

  it("sim mutate on a terminal: the display is stopped even when the command fails on a bad catalog", async () => {
    const io = memoryIo(tempDir(), { stderrIsTerminal: true });
    expect(await main(["mutate", "--catalog", "missing.toml"], io)).toBe(2);
    expect(io.displays).toHaveLength(1);
    expect(io.displays[0]!.stopped).toBe(true);
  });
});

describe("startProgress", () => {
  it("logs through the display on a terminal, and straight to stderr without one", () => {
    const terminal = memoryIo(PROJECT_ROOT, { stderrIsTerminal: true });
    startProgress(terminal, { label: "x", unit: "things", total: 3 }).log("phase 1\n");
    expect(terminal.displays[0]!.logs).toEqual(["phase 1\n"]);
    expect(terminal.err()).toBe("");
    const pipe = memoryIo(PROJECT_ROOT, { stderrIsTerminal: false });
    const display = startProgress(pipe, { label: "x", unit: "things", total: 3 });
    display.update(1);
    display.log("phase 1\n");
    display.stop();
    expect(pipe.displays).toEqual([]);
    expect(pipe.err()).toBe("phase 1\n");
  });
});
