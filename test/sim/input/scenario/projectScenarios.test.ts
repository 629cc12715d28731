import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseMetricsText } from "../../../../sim/format/metricsRows.ts";
import { loadScenario } from "../../../../sim/input/scenario/loadScenario.ts";
import { PROJECT_ROOT } from "../../../helpers/runCli.ts";

const SCENARIO_DIR = join(PROJECT_ROOT, "scenarios");
const GOLDEN_DIR = join(PROJECT_ROOT, "golden");
const DIAGNOSTICS = ["diag_exhaust_spike", "diag_imbalanced_bs", "diag_stale_false_evict"];

/** Discovered, not listed: adding a scenario with its golden (as the README says) must not break the suite. */
const SCENARIO_FILES = readdirSync(SCENARIO_DIR)
  .filter((name) => name.endsWith(".toml"))
  .sort();
const GOLDEN_FILES = readdirSync(GOLDEN_DIR)
  .filter((name) => name.endsWith(".jsonl"))
  .sort();
const stem = (name: string): string => name.replace(/\.[^.]+$/, "");

describe("the project's scenarios", () => {
  it("include the six scenarios of issue 3", () => {
    for (const name of ["diag_exhaust_spike", "diag_imbalanced_bs", "diag_stale_false_evict", "direct_layout", "healthy_smoke", "resume_reshard"]) {
      expect(SCENARIO_FILES).toContain(`${name}.toml`);
    }
  });

  it.each(SCENARIO_FILES)("%s loads, states expectations and has a golden file that parses", (name) => {
    expect(loadScenario(join(SCENARIO_DIR, name)).expectations.length).toBeGreaterThan(0);
    const golden = join(GOLDEN_DIR, `${stem(name)}.jsonl`);
    expect(existsSync(golden), `${golden} is missing: create it with \`npx sim check --update scenarios/${name}\``).toBe(true);
    expect(parseMetricsText(readFileSync(golden, "utf8"), golden).length).toBeGreaterThan(0);
  });

  it("have a golden file each, and every golden file has its scenario", () => {
    expect(GOLDEN_FILES.map(stem)).toEqual(SCENARIO_FILES.map(stem));
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
