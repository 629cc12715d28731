import { describe, expect, it } from "vitest";
import { GoldenFileError } from "../../../sim/format/goldenFileError.ts";
import { parseMetricsText, type RowsLayout } from "../../../sim/format/metricsRows.ts";
import { GOLDEN_LAYOUT } from "../../../sim/verify/golden/goldenLayout.ts";

const parseGolden = (text: string, file: string, layout: RowsLayout = GOLDEN_LAYOUT): ReturnType<typeof parseMetricsText> => parseMetricsText(text, file, layout);

const FILE = "golden/demo.jsonl";

function errorOf(text: string): GoldenFileError {
  try {
    parseGolden(text, FILE);
  } catch (error) {
    if (error instanceof GoldenFileError) return error;
    throw error;
  }
  throw new Error("parseGolden did not throw");
}

describe("parseMetricsText (the metrics rows reader over a text)", () => {
  it("reads rows in order", () => {
    expect(parseGolden('{"step":1,"a":0.5}\n{"step":2,"a":-3}\n', FILE)).toEqual([
      { step: 1, a: 0.5 },
      { step: 2, a: -3 },
    ]);
  });

  it("accepts CRLF line endings", () => {
    expect(parseGolden('{"step":1,"a":1}\r\n{"step":2,"a":2}\r\n', FILE)).toEqual([
      { step: 1, a: 1 },
      { step: 2, a: 2 },
    ]);
  });

  it("names the file and line of a truncated last line", () => {
    const error = errorOf('{"step":1,"a":1}\n{"step":2,"a":2}\n{"step":3,"a"');
    expect(error.message).toBe("golden/demo.jsonl:3: the last line does not end with a newline (the file looks truncated)");
    expect(error.exitCode).toBe(2);
    expect(error.line).toBe(3);
  });

  it("names the line of a non-JSON line", () => {
    const error = errorOf('{"step":1,"a":1}\nnot json\n{"step":3,"a":2}\n');
    expect(error.line).toBe(2);
    // A line that is simply not JSON is not called truncated (issue 13: "looks truncated" was wrong here).
    expect(error.message).toMatch(/^golden\/demo\.jsonl:2: not a JSON value: /);
    expect(error.message).not.toMatch(/truncated/);
  });

  it("names a line cut in the middle even when it ends in a newline", () => {
    expect(errorOf('{"step":1,"a":1}\n{"step":2,"a":\n').message).toMatch(/^golden\/demo\.jsonl:2: not a JSON value/);
  });

  it("refuses a row without step, a non-integer step and a gap", () => {
    expect(errorOf('{"step":1}\n{"a":1}\n').message).toBe('golden/demo.jsonl:2: the row has no "step"');
    expect(errorOf('{"step":1.5}\n').message).toBe('golden/demo.jsonl:1: "step" must be an integer, but is 1.5');
    expect(errorOf('{"step":1}\n{"step":3}\n').message).toBe("golden/demo.jsonl:2: expected step 2 (steps count from 1 with no gaps), but found step 3");
  });

  it("reads rows counting from firstStep (a resumed run's metrics.jsonl), and refuses a gap there", () => {
    expect(parseGolden('{"step":31,"a":1}\n{"step":32,"a":2}\n', "runs/r/metrics.jsonl", { firstStep: 31 }).map((row) => row.step)).toEqual([31, 32]);
    expect(() => parseGolden('{"step":31}\n{"step":33}\n', "runs/r/metrics.jsonl", { firstStep: 31 })).toThrow(
      "runs/r/metrics.jsonl:2: expected step 32 (steps count from 31 with no gaps), but found step 33",
    );
  });

  it("refuses arrays, non-numbers, empty lines and empty files", () => {
    expect(errorOf("[1]\n").message).toBe('golden/demo.jsonl:1: not a JSON object; every line must be one row {"step": n, ...}');
    expect(errorOf('{"step":1,"a":"x"}\n').message).toBe('golden/demo.jsonl:1: metric "a" must be a number, but is "x"');
    expect(errorOf('{"step":1}\n\n{"step":2}\n').message).toBe("golden/demo.jsonl:2: empty line; every line must hold one row");
    expect(errorOf("").message).toBe("golden/demo.jsonl:1: the file is empty (truncated?); regenerate it with `sim check --update`");
  });

  it("reads a run's layout: steps from a resumed run's first step, several rows a step", () => {
    expect(parseGolden('{"step":5,"a":1}\n{"step":6,"a":2}\n', FILE, { firstStep: 5 })).toEqual([
      { step: 5, a: 1 },
      { step: 6, a: 2 },
    ]);
    const perRank = '{"step":1,"rank":0}\n{"step":1,"rank":1}\n{"step":2,"rank":0}\n{"step":2,"rank":1}\n';
    expect(parseGolden(perRank, FILE, { rowsPerStep: 2 })).toHaveLength(4);
    expect(() => parseGolden('{"step":1,"rank":0}\n{"step":2,"rank":1}\n', FILE, { rowsPerStep: 2 })).toThrow(
      "golden/demo.jsonl:2: expected step 1 (steps count from 1 with no gaps, 2 row(s) a step), but found step 2",
    );
  });

  describe("a file written with metrics_every", () => {
    const text = (steps: number[], perStep = 1): string =>
      steps.flatMap((step) => Array.from({ length: perStep }, (_, rank) => JSON.stringify(perStep === 1 ? { step } : { step, rank }) + "\n")).join("");

    it("reads the multiples of N and the last step, with the last step known or not", () => {
      expect(parseGolden(text([10, 20, 23]), FILE, { every: 10, lastStep: 23 }).map((row) => row.step)).toEqual([10, 20, 23]);
      expect(parseGolden(text([10, 20, 23]), FILE, { every: 10 }).map((row) => row.step)).toEqual([10, 20, 23]);
      expect(parseGolden(text([20, 23]), "runs/r/metrics.jsonl", { every: 10, firstStep: 11, lastStep: 23 }).map((row) => row.step)).toEqual([20, 23]);
      expect(parseGolden(text([10, 20, 23], 2), FILE, { every: 10, lastStep: 23, rowsPerStep: 2 })).toHaveLength(6);
      expect(parseGolden(text([10, 20, 23], 2), FILE, { every: 10, rowsPerStep: "ranks" })).toHaveLength(6);
    });

    it("refuses a file written at another N at its first row, saying so", () => {
      expect(() => parseGolden(text([1, 2, 3]), FILE, { every: 10, lastStep: 3 })).toThrow(
        "golden/demo.jsonl:1: expected step 3 (from step 1 on, the multiples of 10 and the last step (metrics_every = 10)), but found step 1: was the file written with another metrics_every",
      );
      expect(() => parseGolden(text([1, 2, 3]), FILE, { every: 2 })).toThrow(
        "golden/demo.jsonl:1: expected step 2 (from step 1 on, the multiples of 2 and the last step (metrics_every = 2)), but found step 1: was the file written with another metrics_every",
      );
      expect(() => parseGolden(text([10, 20]), FILE)).toThrow(
        "golden/demo.jsonl:1: expected step 1 (steps count from 1 with no gaps), but found step 10: was the file written with another metrics_every",
      );
    });

    it("refuses a row after an off-multiple last step, a gap and a truncated file", () => {
      expect(() => parseGolden(text([10, 15, 20]), FILE, { every: 10 })).toThrow(
        "golden/demo.jsonl:3: step 20 after step 15, which is off the multiples of 10 and so must be the file's last",
      );
      expect(() => parseGolden(text([10, 30]), FILE, { every: 10 })).toThrow("golden/demo.jsonl:2: expected step 20");
      expect(() => parseGolden(text([10, 20]), "runs/r/metrics.jsonl", { every: 10, lastStep: 23 })).toThrow(
        "runs/r/metrics.jsonl:3: expected 3 rows (the multiples of 10 and the last step (metrics_every = 10) of steps 1..23, as artifacts.json records), found 2: the file is truncated",
      );
    });
  });
});
