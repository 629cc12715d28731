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
    // Each point as [a, z1 and z2 zipped, seed]: the seeds turn fastest, the zip next, the axis slowest.
    const expected = [
      [1, 10, "x", 1],
      [1, 10, "x", 2],
      [1, 20, "y", 1],
      [1, 20, "y", 2],
      [2, 10, "x", 1],
      [2, 10, "x", 2],
      [2, 20, "y", 1],
      [2, 20, "y", 2],
    ].map(([a, z1, z2, seed]) => [
      ["a", a],
      ["z1", z1],
      ["z2", z2],
      ["seed", seed],
    ]);
    expect(points).toEqual(expected);
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
