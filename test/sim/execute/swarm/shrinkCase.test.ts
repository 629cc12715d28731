import { describe, expect, it } from "vitest";
import { deriveSwarmCase } from "../../../../sim/execute/swarm/deriveSwarmCase.ts";
import { scenarioOfCase } from "../../../../sim/execute/swarm/scenarioOfCase.ts";
import { shrinkCase, smallerIntegers } from "../../../../sim/execute/swarm/shrinkCase.ts";
import type { SwarmCase } from "../../../../sim/execute/swarm/swarmCase.ts";

/** The first derived case of seed 99 that is big in every direction the shrinker must undo. */
function bigCase(): SwarmCase {
  for (let i = 0; ; i++) {
    const c = deriveSwarmCase(99, i);
    const m = c.model;
    if (
      m.world_size >= 6 &&
      c.steps >= 10 &&
      m.resume !== undefined &&
      m.dataset.layout === "direct" &&
      (m.dataset.streams ?? []).length >= 3 &&
      m.ledger.wipe_mode === "periodic_stale" &&
      m.dataset.batching_mode === "per_modality" &&
      c.snapshotStep > 0
    ) {
      return c;
    }
  }
}

describe("smallerIntegers", () => {
  it("offers the minimum first, then values halving the distance back to the value", () => {
    expect(smallerIntegers(20, 1)).toEqual([1, 11, 16, 18, 19]);
    expect(smallerIntegers(2, 1)).toEqual([1]);
    expect(smallerIntegers(1, 1)).toEqual([]);
  });
});

describe("shrinkCase", () => {
  it("shrinks a deliberately broken check (fails when world_size >= 3 and steps >= 5) to world_size 3, steps 5 and everything else minimal", () => {
    const failing = bigCase();
    const broken = (scenario: ReturnType<typeof scenarioOfCase>) => scenario.model.world_size >= 3 && scenario.steps >= 5;
    expect(broken(scenarioOfCase(failing))).toBe(true);
    const { minimal, attempts } = shrinkCase(failing, (scenario) => broken(scenario));
    expect(attempts).toBeGreaterThan(0);
    expect(minimal).toEqual({
      name: failing.name,
      steps: 5,
      snapshotStep: 0,
      model: {
        seed: 0,
        world_size: 3,
        batches_per_step: 1,
        dataset: {
          layout: "nested",
          num_streams_mixed: 1,
          batching_mode: "per_stream",
          pick_weighting: "remaining_picks",
          bs: 1,
          groups: [{ modality: "m0", streams: 1, cells: 1 }],
        },
        ledger: { capacity: 1, wipe_mode: "none", recently_evicted_capacity: 1, group_cells: 0 },
      },
    });
    // The minimal case is a scenario a user could write: the real loader takes it.
    expect(scenarioOfCase(minimal).model.world_size).toBe(3);
  });

  it("is deterministic, and keeps what the failure needs (here the resume and per_modality packing)", () => {
    const failing = bigCase();
    const needsResumeAndPacking = (scenario: ReturnType<typeof scenarioOfCase>) => scenario.model.resume !== undefined && scenario.model.dataset.batching_mode === "per_modality";
    const first = shrinkCase(failing, (scenario) => needsResumeAndPacking(scenario));
    const second = shrinkCase(failing, (scenario) => needsResumeAndPacking(scenario));
    expect(second).toEqual(first);
    expect(first.minimal.model.resume).toEqual({ at_step: 1, num_streams_mixed: 1 });
    expect(first.minimal.model.dataset.batching_mode).toBe("per_modality");
    expect(first.minimal.steps).toBe(1);
    expect(first.minimal.model.world_size).toBe(1);
  });

  it("shrinks the snapshot step only as far as the failure allows", () => {
    const failing = bigCase();
    const { minimal } = shrinkCase(failing, (_scenario, snapshotStep) => snapshotStep >= 2);
    expect(minimal.snapshotStep).toBe(2);
    expect(minimal.steps).toBe(3);
  });
});
