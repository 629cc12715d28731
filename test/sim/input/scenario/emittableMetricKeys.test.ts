import { describe, expect, it } from "vitest";
import { simulate } from "../../../../src/engine/simulate.ts";
import { emittableMetricKeys } from "../../../../sim/input/scenario/emittableMetricKeys.ts";
import { loadScenario } from "../../../../sim/input/scenario/loadScenario.ts";
import { PROJECT_ROOT } from "../../../helpers/runCli.ts";
import { join } from "node:path";

describe("emittableMetricKeys", () => {
  it.each(["healthy_smoke", "direct_layout", "resume_reshard"])("covers every key %s's run emits, and emits nothing it lists as unknown", (name) => {
    const scenario = loadScenario(join(PROJECT_ROOT, "scenarios", `${name}.toml`));
    const emitted = new Set<string>();
    for (const row of simulate(scenario.model, Math.min(scenario.steps, 60))) for (const key of Object.keys(row)) if (key !== "step") emitted.add(key);
    const keys = emittableMetricKeys(scenario.model.dataset);
    expect([...emitted].filter((key) => !keys.includes(key))).toEqual([]);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
