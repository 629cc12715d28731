import { describe, expect, it } from "vitest";
import { runMetricsEvery } from "../../../../sim/execute/run/runMetricsEvery.ts";
import { MemoryRunStore } from "../../../helpers/memoryRunStore.ts";

/** A store holding one run directory, /run, whose scenario.resolved.toml is `toml` (none when undefined). */
const runWith = (toml?: string) => new MemoryRunStore().put("/run", toml === undefined ? { "events.jsonl": "" } : { "scenario.resolved.toml": toml });

describe("runMetricsEvery", () => {
  it("reads [run] metrics_every from the run's scenario.resolved.toml, through the store", () => {
    expect(runMetricsEvery("/run", runWith('name = "x"\n[run]\nsteps = 100\nmetrics_every = 10\n'))).toBe(10);
  });

  it("is 1 when the run wrote every step: no scenario.resolved.toml, no key, or a value that is no step count", () => {
    expect(runMetricsEvery("/run", runWith())).toBe(1);
    expect(runMetricsEvery("/run", runWith("[run]\nsteps = 100\n"))).toBe(1);
    expect(runMetricsEvery("/run", runWith("[run]\nmetrics_every = 0\n"))).toBe(1);
    expect(runMetricsEvery("/run", runWith("[run]\nmetrics_every = 2.5\n"))).toBe(1);
    expect(runMetricsEvery("/run", runWith("run = 3\n"))).toBe(1);
  });

  it("leaves a scenario that does not parse to the reader that names it: 1", () => {
    expect(runMetricsEvery("/run", runWith("[run\nmetrics_every = 10\n"))).toBe(1);
  });
});
