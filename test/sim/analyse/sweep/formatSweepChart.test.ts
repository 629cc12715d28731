import { describe, expect, it } from "vitest";
import { formatSweepChart } from "../../../../sim/analyse/sweep/formatSweepChart.ts";

describe("formatSweepChart", () => {
  it("prints a row per x value and a column per line: the mean, its range when the configs differ, - when none", () => {
    const text = formatSweepChart({
      title: "m (sum) by t",
      xAxis: "t",
      x: ["2", "10"],
      series: [
        { name: "c=4", mean: [2.5, 3], min: [1, 3], max: [4, 3], count: [2, 1] },
        { name: "c=64", mean: [null, 0], min: [null, 0], max: [null, 0], count: [0, 1] },
      ],
    });
    expect(text).toBe(["m (sum) by t", "t           c=4  c=64", "--  -----------  ----", "2   2.50 [1..4]     -", "10            3     0", ""].join("\n"));
  });
});
