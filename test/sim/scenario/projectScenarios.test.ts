import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../../sim/scenario/loadScenario.ts";
import { PROJECT_ROOT } from "../../helpers/runCli.ts";

const SCENARIO_DIR = join(PROJECT_ROOT, "scenarios");
const DIAGNOSTICS = ["diag_exhaust_spike", "diag_imbalanced_bs", "diag_stale_false_evict"];

describe("the project's scenarios", () => {
  it("are the six scenarios of issue 3, and each loads", () => {
    const names = readdirSync(SCENARIO_DIR).filter((name) => name.endsWith(".toml")).sort();
    expect(names).toEqual([
      "diag_exhaust_spike.toml",
      "diag_imbalanced_bs.toml",
      "diag_stale_false_evict.toml",
      "direct_layout.toml",
      "healthy_smoke.toml",
      "resume_reshard.toml",
    ]);
    for (const name of names) expect(loadScenario(join(SCENARIO_DIR, name)).expectations.length).toBeGreaterThan(0);
  });

  it("keeps the healthy smoke run at 8 ranks with per_modality packing over several modalities", () => {
    const healthy = loadScenario(join(SCENARIO_DIR, "healthy_smoke.toml"));
    expect(healthy.model.world_size).toBe(8);
    expect(healthy.model.dataset.batching_mode).toBe("per_modality");
    expect(healthy.model.dataset.groups?.map((group) => group.modality)).toEqual(["rna", "atac", "protein"]);
    expect(healthy.expectations.some((expectation) => expectation.signature)).toBe(false);
  });

  it.each(DIAGNOSTICS)("%s extends the healthy run, names it as baseline and marks signature expectations", (name) => {
    const scenario = loadScenario(join(SCENARIO_DIR, `${name}.toml`));
    expect(scenario.chain.map((file) => file.slice(SCENARIO_DIR.length + 1))).toEqual([`${name}.toml`, "healthy_smoke.toml"]);
    expect(scenario.baseline).toBe("healthy_smoke");
    expect(scenario.expectations.filter((expectation) => expectation.signature).length).toBeGreaterThan(0);
  });

  it("shrinks K on resume in resume_reshard", () => {
    const scenario = loadScenario(join(SCENARIO_DIR, "resume_reshard.toml"));
    expect(scenario.model.resume?.num_streams_mixed).toBeLessThan(scenario.model.dataset.num_streams_mixed);
  });
});
