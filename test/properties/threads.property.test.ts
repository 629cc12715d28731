import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BlockPeersFactory } from "../../src/engine/blockPeers.ts";
import { Engine, type LogLine } from "../../src/engine/engine.ts";
import type { ModelConfig } from "../../src/config/modelConfig.ts";
import type * as WorkerBlockPeers from "../../sim/execute/threads/workerBlockPeers.ts";
import { builtModule } from "../helpers/builtModule.ts";
import { inProcessBlockPeers } from "../helpers/inProcessBlockPeers.ts";
import { configArb } from "./configArb.ts";

/** What a run gives out: its rows, its log lines and its final state, as text. */
function runOf(config: ModelConfig, steps: number, split: { threads: number; snapshotAt: number; resumeThreads: number }, blockPeers: BlockPeersFactory): string {
  const logs: LogLine[] = [];
  const options = (threads: number) => ({ threads: Math.min(threads, config.world_size), blockPeers, log: (line: LogLine) => logs.push(line) });
  const rows: string[] = [];
  let engine = new Engine(config, options(split.threads));
  try {
    while (engine.step < steps) {
      rows.push(JSON.stringify(engine.runStep().row));
      if (engine.step === split.snapshotAt) {
        // Through JSON, as a snapshot file carries it, into an engine on another count of threads.
        const snapshot = JSON.parse(JSON.stringify(engine.toSnapshot()));
        engine.close();
        engine = Engine.fromSnapshot(config, snapshot, options(split.resumeThreads));
      }
    }
    return JSON.stringify({ rows, logs, state: engine.toSnapshot() });
  } finally {
    engine.close();
  }
}

// Built, so that the engine's rank threads load the built block worker, as the bin's do,
// rather than the sources through tsx (test/helpers/builtModule.ts): dist/ is built from
// these sources before the suite runs, so the threads step the same code as this engine.
const { workerBlockPeers } = await builtModule<typeof WorkerBlockPeers>("sim/execute/threads/workerBlockPeers.ts");

const splitArb = (steps: number) =>
  fc.record({ threads: fc.integer({ min: 1, max: 4 }), snapshotAt: fc.integer({ min: 0, max: steps }), resumeThreads: fc.integer({ min: 1, max: 4 }) });

describe("an engine on threads", () => {
  it("gives the rows, log lines and state of one thread for every split of the ranks, across a snapshot taken on N threads and resumed on M", () => {
    fc.assert(
      fc.property(
        configArb.chain((run) => fc.tuple(fc.constant(run), splitArb(run.steps))),
        ([{ config, steps }, split]) => {
          const one = runOf(config, steps, { threads: 1, snapshotAt: 0, resumeThreads: 1 }, inProcessBlockPeers);
          expect(runOf(config, steps, split, inProcessBlockPeers)).toBe(one);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("gives the same on worker threads", () => {
    // Each engine starts its worker threads, which load the model's modules: a few runs
    // of wider worlds, where every block has ranks to step.
    fc.assert(
      fc.property(
        configArb.chain((run) => fc.tuple(fc.constant({ ...run, config: { ...run.config, world_size: run.config.world_size + 3 } }), splitArb(run.steps))),
        ([{ config, steps }, split]) => {
          const one = runOf(config, steps, { threads: 1, snapshotAt: 0, resumeThreads: 1 }, workerBlockPeers);
          expect(runOf(config, steps, { ...split, threads: Math.max(2, split.threads) }, workerBlockPeers)).toBe(one);
        },
      ),
      { numRuns: 4 },
    );
  }, 120_000);
});
