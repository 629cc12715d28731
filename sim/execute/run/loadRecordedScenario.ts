import { join } from "node:path";
import { KeyProvenance } from "../../input/scenario/keyProvenance.ts";
import { scenarioFromDocument } from "../../input/scenario/loadScenario.ts";
import { integralFloatsOf, parseTomlText } from "../../input/scenario/readTomlFile.ts";
import type { Scenario } from "../../input/scenario/scenario.ts";
import { isTable } from "../../input/scenario/tomlValue.ts";
import type { RunArtifacts } from "./runArtifacts.ts";
import { readRunFile } from "./readRunDirectory.ts";
import { RUN_FILES } from "../../format/runFiles.ts";
import { scenarioSha256 } from "./scenarioHash.ts";

/**
 * Loads a run directory's scenario.resolved.toml as the scenario to re-run, with the
 * recorded seed and steps. The hash is taken of the file as recorded; then the scenario
 * is built without `run.baseline` (a diagnostic's baseline file lives beside the
 * original scenario, not in the run directory, and does not change what runs) and with
 * `run.name` set to the recorded name. The file is resolved already, so there is no
 * `extends` chain to follow.
 */
export function loadRecordedScenario(runDir: string, artifacts: RunArtifacts): { scenario: Scenario; fileSha256: string } {
  const file = join(runDir, RUN_FILES.resolvedScenario);
  const merged = parseTomlText(readRunFile(runDir, RUN_FILES.resolvedScenario, "the scenario as run"), file);
  const fileSha256 = scenarioSha256(merged);
  const run = isTable(merged.run) ? merged.run : {};
  delete run.baseline;
  run.name = artifacts.scenario;
  merged.run = run;
  const document = { merged, chain: [file], provenance: new KeyProvenance(file), integralFloats: integralFloatsOf(merged).map((float) => ({ ...float, file })) };
  return { scenario: scenarioFromDocument(file, document, { steps: artifacts.steps, seed: artifacts.seed }), fileSha256 };
}
