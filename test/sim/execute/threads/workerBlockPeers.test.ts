import { describe, expect, it } from "vitest";
import type * as EngineModule from "../../../../src/engine/engine.ts";
import type * as Errors from "../../../../src/errors.ts";
import type * as WorkerBlockPeersModule from "../../../../sim/execute/threads/workerBlockPeers.ts";
import { builtModule } from "../../../helpers/builtModule.ts";
import { baseConfig } from "../../../src/config/baseConfig.ts";

// Built, as the fixture threads of test/fixtures/threads/ are: the engine's threads then
// load the built block worker, not the sources through tsx (about 0.2 s of CPU a thread,
// test/helpers/builtModule.ts). The engine, its threads and the AssertionError they throw
// come from the same build.
const { Engine } = await builtModule<typeof EngineModule>("src/engine/engine.ts");
const { AssertionError } = await builtModule<typeof Errors>("src/errors.ts");
const { workerBlockPeers, workerBlockPeersRunning } = await builtModule<typeof WorkerBlockPeersModule>("sim/execute/threads/workerBlockPeers.ts");

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

  it("steps the same rows as one thread when its threads are woken with no new operation", () => {
    const config = { ...baseConfig(), world_size: 4 };
    const steps = 40;
    const plain = new Engine(config);
    const expected = Array.from({ length: steps }, () => JSON.stringify(plain.runStep().row));
    const blockPeers = workerBlockPeersRunning(new URL("../../../fixtures/threads/strayWakeWorker.js", import.meta.url).href);
    const engine = new Engine(config, { threads: 2, blockPeers });
    try {
      // A thread that took a stray wake-up for the next operation drew a step's batches
      // twice or answered a phase it had not done: other rows, or a block without gids.
      expect(Array.from({ length: steps }, () => JSON.stringify(engine.runStep().row))).toEqual(expected);
    } finally {
      engine.close();
    }
  }, 60_000);

  it.each([
    ["ends (process.exit)", "exitingWorker.js", "the engine's thread of ranks 2 to 3 (block 1) ended in the middle of the run, exit code 7"],
    ["throws outside its operations", "throwingWorker.js", "the engine's thread of block 1 failed outside its operations: the block's thread broke between its operations"],
  ])(
    "fails the step with what happened, rather than waiting, when a thread %s",
    (_what, fixture, message) => {
      const config = { ...baseConfig(), world_size: 4 };
      const blockPeers = workerBlockPeersRunning(new URL(`../../../fixtures/threads/${fixture}`, import.meta.url).href);
      const engine = new Engine(config, { threads: 2, blockPeers });
      try {
        expect(() => engine.runStep()).toThrow(message);
        // The engine stays failed rather than waiting on the thread at its next step.
        expect(() => engine.runStep()).toThrow(fixture === "exitingWorker.js" ? "ended in the middle of the run" : "failed outside its operations");
      } finally {
        engine.close();
      }
    },
    60_000,
  );
});
