import { describe, expect, it } from "vitest";
import { Engine } from "../../../../src/engine/engine.ts";
import { AssertionError } from "../../../../src/errors.ts";
import { workerBlockPeers } from "../../../../sim/execute/threads/workerBlockPeers.ts";
import { baseConfig } from "../../../src/config/baseConfig.ts";

describe("workerBlockPeers", () => {
  it("carries a thread's broken invariant back to the engine as an assertion", () => {
    const config = { ...baseConfig(), world_size: 4 };
    const plain = new Engine(config);
    for (let i = 0; i < 5; i++) plain.runStep();
    const snapshot = plain.toSnapshot();
    // Rank 3's ledger holding a gid that rank 0 owns: the thread of ranks 2 and 3 refuses it.
    const ledgers = snapshot.ledgers.map((l, rank) => (rank === 3 ? { ...l, entries: [[4, 1] as const] } : l));
    const engine = Engine.fromSnapshot(config, { ...snapshot, ledgers }, { threads: 2, blockPeers: workerBlockPeers });
    try {
      expect(() => engine.runStep()).toThrow(AssertionError);
    } finally {
      engine.close();
    }
  }, 60_000);

  it("steps on the threads it was asked for, and keeps its ranks' objects to a single-threaded engine", () => {
    const config = { ...baseConfig(), world_size: 4 };
    const engine = new Engine(config, { threads: 2, blockPeers: workerBlockPeers });
    try {
      expect(engine.threads).toBe(2);
      expect(() => engine.rankDatasets).toThrow("single-threaded engine");
      expect(new Engine(config, { threads: 2, blockPeers: workerBlockPeers, perRank: true }).threads).toBe(1);
    } finally {
      engine.close();
    }
  }, 60_000);
});
