import { describe, expect, it } from "vitest";
import { describeWrittenSteps, firstWrittenStepFrom, writesStep, writtenRows, writtenStepCount } from "../../../sim/format/writtenSteps.ts";

/** The written steps of firstStep..lastStep, one by one: what the closed forms must agree with. */
function bruteForce(every: number, firstStep: number, lastStep: number): number[] {
  const steps: number[] = [];
  for (let step = firstStep; step <= lastStep; step++) if (step % every === 0 || step === lastStep) steps.push(step);
  return steps;
}

describe("writtenSteps", () => {
  it("writes the multiples of N and the last step, and every step at N = 1", () => {
    expect(bruteForce(1, 1, 5)).toEqual([1, 2, 3, 4, 5]);
    expect([...Array(23).keys()].map((i) => i + 1).filter((step) => writesStep({ every: 10, lastStep: 23 }, step))).toEqual([10, 20, 23]);
    expect([...Array(20).keys()].map((i) => i + 1).filter((step) => writesStep({ every: 10, lastStep: 20 }, step))).toEqual([10, 20]);
    // N above the run's length: the last step alone.
    expect([...Array(3).keys()].map((i) => i + 1).filter((step) => writesStep({ every: 10, lastStep: 3 }, step))).toEqual([3]);
  });

  it("counts and finds the first written step as the one-by-one walk does, for every N, first step and length up to 25", () => {
    for (let every = 1; every <= 8; every++) {
      for (let lastStep = 1; lastStep <= 25; lastStep++) {
        for (let firstStep = 1; firstStep <= lastStep + 1; firstStep++) {
          const steps = bruteForce(every, firstStep, lastStep);
          const written = { every, lastStep };
          expect(writtenStepCount(written, firstStep)).toBe(steps.length);
          if (steps.length > 0) expect(firstWrittenStepFrom(written, firstStep)).toBe(steps[0]);
        }
      }
    }
  });

  it("keeps the rows of the written steps only", () => {
    const rows = [1, 2, 3, 4, 5, 6, 7].map((step) => ({ step }));
    expect(writtenRows(rows, { every: 3, lastStep: 7 }).map((row) => row.step)).toEqual([3, 6, 7]);
    expect(writtenRows(rows, { every: 1, lastStep: 7 })).toBe(rows);
  });

  it("says which steps in words", () => {
    expect(describeWrittenSteps(1)).toBe("every step");
    expect(describeWrittenSteps(10)).toBe("the multiples of 10 and the last step (metrics_every = 10)");
  });
});
