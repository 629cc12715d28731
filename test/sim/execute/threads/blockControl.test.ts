import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { CONTROL, nextOperation } from "../../../../sim/execute/threads/blockControl.ts";

/**
 * A thread that wakes whoever waits on SEQUENCE without changing it (a notify that came
 * late), as soon as someone waits there, and only then starts operation 1. Atomics.notify
 * returns how many it woke, so the stray wake-up happens while the test waits, every time.
 */
const STRAY_THEN_NEXT = `
const { workerData } = require("node:worker_threads");
const { control, sequence } = workerData;
const pause = new Int32Array(new SharedArrayBuffer(4));
while (Atomics.notify(control, sequence) === 0) Atomics.wait(pause, 0, 0, 1);
Atomics.wait(pause, 0, 0, 50);
Atomics.add(control, sequence, 1);
Atomics.notify(control, sequence);
`;

describe("nextOperation", () => {
  it("returns at once when the engine already started the next operation", () => {
    const control = new Int32Array(new SharedArrayBuffer(CONTROL.LENGTH * Int32Array.BYTES_PER_ELEMENT));
    Atomics.store(control, CONTROL.SEQUENCE, 3);
    expect(nextOperation(control, 2)).toBe(3);
  });

  it("takes a wake-up with SEQUENCE unchanged for what it is, not for the next operation", async () => {
    const control = new Int32Array(new SharedArrayBuffer(CONTROL.LENGTH * Int32Array.BYTES_PER_ELEMENT));
    const notifier = new Worker(STRAY_THEN_NEXT, { eval: true, workerData: { control, sequence: CONTROL.SEQUENCE } });
    try {
      // A single Atomics.wait returned on the stray wake-up with SEQUENCE still 0, and the
      // block's thread did its last operation again.
      expect(nextOperation(control, 0)).toBe(1);
    } finally {
      await notifier.terminate();
    }
  }, 30_000);
});
