import { describe, expect, it } from "vitest";
import { configNameOf, expandSweepPoints } from "../../../../sim/execute/sweep/sweepPoint.ts";

describe("expandSweepPoints", () => {
  it("takes the full product of the axes, then the zip together, then the seeds fastest", () => {
    const points = expandSweepPoints({
      seeds: [1, 2],
      axes: [{ key: "a", values: [1, 2] }],
      zip: [
        { key: "z1", values: [10, 20] },
        { key: "z2", values: ["x", "y"] },
      ],
    });
    expect(points).toHaveLength(8);
    expect(points[0]).toEqual([
      ["a", 1],
      ["z1", 10],
      ["z2", "x"],
      ["seed", 1],
    ]);
    expect(points[1]).toEqual([
      ["a", 1],
      ["z1", 10],
      ["z2", "x"],
      ["seed", 2],
    ]);
    expect(points[2]).toEqual([
      ["a", 1],
      ["z1", 20],
      ["z2", "y"],
      ["seed", 1],
    ]);
    expect(points[7]).toEqual([
      ["a", 2],
      ["z1", 20],
      ["z2", "y"],
      ["seed", 2],
    ]);
  });
});

describe("configNameOf", () => {
  it("names the scenario, then key=value in sorted key order, seed last", () => {
    const point = [
      ["ledger.stale_threshold", 2],
      ["ledger.capacity", 64],
      ["seed", 1],
    ] as const;
    expect(configNameOf("diag_stale_false_evict", point)).toBe("diag_stale_false_evict__ledger.capacity=64__ledger.stale_threshold=2__seed=1");
  });

  it("makes any value a safe directory name", () => {
    expect(configNameOf("s", [["dataset.streams[0].path", "data/atac x.zarr"]])).toBe("s__dataset.streams_0_.path=data_atac_x.zarr");
    expect(configNameOf("s", [["dataset.groups[0].cells", [1, 2]]])).toBe("s__dataset.groups_0_.cells=_1_2_");
  });

  it("cuts a name over 200 characters and ends it in a hash of the whole", () => {
    const long = configNameOf("s", [["description", "x".repeat(300)]]);
    const other = configNameOf("s", [["description", `${"x".repeat(299)}y`]]);
    expect(long).toHaveLength(200);
    expect(long).toMatch(/~[0-9a-f]{12}$/);
    expect(other).not.toBe(long);
  });
});
