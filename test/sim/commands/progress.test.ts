import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../../sim/cli.ts";
import { startProgress } from "../../../sim/io/progress.ts";
import { memoryIo } from "../../helpers/memoryIo.ts";
import { PROJECT_ROOT, tempDirsPerTest } from "../../helpers/runCli.ts";

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

  it("sim check on a terminal: scenarios done of the total, one update per scenario", async () => {
    const io = memoryIo(FIXTURES, { stderrIsTerminal: true });
    expect(await main(["check"], io)).toBe(0);
    expect(io.displays).toHaveLength(1);
    expect(io.displays[0]!.spec).toMatchObject({ label: "sim check", unit: "scenarios" });
    expect(io.displays[0]!.updates).toEqual([[1, 2], [2, 2]]);
    expect(io.displays[0]!.stopped).toBe(true);
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
