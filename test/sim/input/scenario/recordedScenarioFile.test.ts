import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isRecordedScenarioFile } from "../../../../sim/input/scenario/recordedScenarioFile.ts";
import { loadScenario } from "../../../../sim/input/scenario/loadScenario.ts";
import { RUN_MARKER } from "../../../../sim/format/runFiles.ts";
import { tempDirsPerTest } from "../../../helpers/runCli.ts";
import { MINIMAL_SCENARIO } from "./scenarioFiles.ts";

const tempDir = tempDirsPerTest("sim-recorded-scenario-");
const MARKER = '{"format":"sim-run","format_version":1}\n';
const DIAGNOSTIC = MINIMAL_SCENARIO.replace("[run]", '[run]\nbaseline = "healthy"');

/** A directory holding `scenario.resolved.toml` of a diagnostic, with the run marker or without. */
function recordIn(marked: boolean): string {
  const dir = join(tempDir(), "run");
  mkdirSync(dir);
  if (marked) writeFileSync(join(dir, RUN_MARKER), MARKER);
  writeFileSync(join(dir, "scenario.resolved.toml"), DIAGNOSTIC);
  return join(dir, "scenario.resolved.toml");
}

describe("isRecordedScenarioFile", () => {
  it("is a run directory's scenario.resolved.toml only: the name beside the run marker", () => {
    expect(isRecordedScenarioFile(recordIn(true))).toBe(true);
    expect(isRecordedScenarioFile(recordIn(false))).toBe(false);
    // Another file's name beside the marker is a scenario file, not the record.
    const dir = tempDir();
    writeFileSync(join(dir, RUN_MARKER), MARKER);
    writeFileSync(join(dir, "diag.toml"), DIAGNOSTIC);
    expect(isRecordedScenarioFile(join(dir, "diag.toml"))).toBe(false);
  });

  it("lets the record of a diagnostic load without its baseline beside it, and nothing else", () => {
    const scenario = loadScenario(recordIn(true));
    expect(scenario.baseline).toBe("healthy");
    // A copy out of its run directory is a scenario file like any other: its baseline must be beside it.
    expect(() => loadScenario(recordIn(false))).toThrow(/run\.baseline = "healthy": expected the name of a scenario file beside this one/);
  });
});
