import { describe, expect, it } from "vitest";
import type { StopSignal } from "../../../sim/io/cliIo.ts";
import { withStopSignals } from "../../../sim/io/withStopSignals.ts";
import { testIo } from "../../helpers/runMain.ts";

describe("withStopSignals", () => {
  it("reports no stop until a signal comes, then names the signal", async () => {
    const io = testIo();
    const seen = await withStopSignals(io, async (stopRequested) => {
      const before = stopRequested();
      io.raise("SIGTERM");
      return [before, stopRequested()];
    });
    expect(seen).toEqual([undefined, "interrupted by SIGTERM"]);
  });

  it("removes its handlers when the body returns and when it throws", async () => {
    const io = testIo();
    await withStopSignals(io, async () => expect(io.handlerCount()).toBe(2));
    expect(io.handlerCount()).toBe(0);
    await expect(withStopSignals(io, async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(io.handlerCount()).toBe(0);
  });

  it("tells onSignal of every signal, in order", async () => {
    const io = testIo();
    const told: StopSignal[] = [];
    await withStopSignals(
      io,
      async () => {
        io.raise("SIGINT");
        io.raise("SIGTERM");
      },
      (signal) => told.push(signal),
    );
    expect(told).toEqual(["SIGINT", "SIGTERM"]);
  });
});
