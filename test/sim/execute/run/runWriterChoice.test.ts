import { describe, expect, it } from "vitest";
import { WRITER_THREAD_MIN_ROWS, writesOnThread } from "../../../../sim/execute/run/runWriterChoice.ts";

const long = { steps: WRITER_THREAD_MIN_ROWS, firstStep: 1, metricsEvery: 1, perRank: false, worldSize: 4, cores: 2 };

describe("writesOnThread", () => {
  it("writes on a thread from WRITER_THREAD_MIN_ROWS rows on two cores, on the engine's below or on one core", () => {
    expect(writesOnThread(long)).toBe(true);
    expect(writesOnThread({ ...long, steps: WRITER_THREAD_MIN_ROWS - 1 })).toBe(false);
    expect(writesOnThread({ ...long, cores: 1 })).toBe(false);
  });

  it("counts the rows written: metrics_every's steps, a resumed run's steps left, every rank's rows with --per-rank", () => {
    expect(writesOnThread({ ...long, metricsEvery: 2 })).toBe(false);
    expect(writesOnThread({ ...long, steps: 2 * WRITER_THREAD_MIN_ROWS, metricsEvery: 2 })).toBe(true);
    expect(writesOnThread({ ...long, steps: 2 * WRITER_THREAD_MIN_ROWS, firstStep: WRITER_THREAD_MIN_ROWS + 2 })).toBe(false);
    expect(writesOnThread({ ...long, steps: WRITER_THREAD_MIN_ROWS / 5, perRank: true })).toBe(true);
    expect(writesOnThread({ ...long, steps: WRITER_THREAD_MIN_ROWS / 5 - 1, perRank: true })).toBe(false);
  });

  it("does what the caller asks, either way", () => {
    expect(writesOnThread({ ...long, steps: 10, writerThread: true })).toBe(true);
    expect(writesOnThread({ ...long, writerThread: false })).toBe(false);
  });
});
