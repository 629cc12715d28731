import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import TOML from "@iarna/toml";
import { UserError } from "../../src/errors.ts";
import { loadScenario } from "../scenario/loadScenario.ts";
import type { Scenario } from "../scenario/scenario.ts";
import type { RunArtifacts } from "./runArtifacts.ts";
import { readRunFile } from "./readRunDirectory.ts";
import { RUN_FILES } from "./runFiles.ts";
import { scenarioSha256 } from "./scenarioHash.ts";

/**
 * Loads a run directory's scenario.resolved.toml as the scenario to re-run, with the
 * recorded seed and steps. The file is loaded from a private copy without
 * `run.baseline` (a diagnostic's baseline file lives beside the original scenario, not
 * in the run directory, and does not change what runs) and with `run.name` set to the
 * recorded name. The hash is taken of the file as recorded.
 */
export function loadRecordedScenario(runDir: string, artifacts: RunArtifacts): { scenario: Scenario; fileSha256: string } {
  const file = join(runDir, RUN_FILES.resolvedScenario);
  const text = readRunFile(runDir, RUN_FILES.resolvedScenario, "the scenario as run");
  let recorded: Record<string, unknown>;
  try {
    recorded = TOML.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new UserError(`${file}: not valid TOML: ${(error as Error).message}`);
  }
  const fileSha256 = scenarioSha256(recorded);
  const run = { ...((recorded.run as Record<string, unknown> | undefined) ?? {}) };
  delete run.baseline;
  run.name = artifacts.scenario;
  const dir = mkdtempSync(join(tmpdir(), "sim-replay-"));
  try {
    const copy = join(dir, `${artifacts.scenario}.toml`);
    writeFileSync(copy, TOML.stringify({ ...recorded, run } as TOML.JsonMap));
    return { scenario: loadScenario(copy, { steps: artifacts.steps, seed: artifacts.seed }), fileSha256 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
