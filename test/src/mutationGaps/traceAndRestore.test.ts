import { describe, expect, it } from "vitest";
import { UserError } from "../../../src/errors.ts";
import { GroupStateLedger } from "../../../src/ledger/groupStateLedger.ts";
import type { TraceEvent } from "../../../src/trace/traceEvent.ts";
import { batch, makeDataset, nestedDataset } from "../streamMixing/datasetFixture.ts";

// Stryker found these untested: the store and sweep events that `sim explain` and ledger
// replay read, a state dict naming a stream the dataset does not have, and a restore
// onto a dataset holding an undrained snapshot.

function tracedLedger(events: TraceEvent[]): GroupStateLedger {
  return new GroupStateLedger({
    rank: 0,
    capacity: 8,
    wipeMode: "periodic_stale",
    wipeIntervalSteps: 1,
    staleThresholdSteps: 1,
    recentlyEvictedCapacity: 8,
    trace: (event) => events.push(event),
  });
}

describe("ledger trace events", () => {
  it("mark a store fresh with no previous step, and a re-store with its previous step", () => {
    const events: TraceEvent[] = [];
    const ledger = tracedLedger(events);
    ledger.storeState(5, 1);
    ledger.storeState(5, 2);
    expect(events).toEqual([
      { kind: "store", rank: 0, gid: 5, fresh: true, prev_step: null },
      { kind: "store", rank: 0, gid: 5, fresh: false, prev_step: 1 },
    ]);
  });

  it("count the entries a stale sweep removed", () => {
    const events: TraceEvent[] = [];
    const ledger = tracedLedger(events);
    ledger.storeState(1, 1);
    ledger.storeState(2, 1);
    ledger.storeState(3, 3);
    events.length = 0;
    ledger.maybeWipe(4);
    expect(events.filter((e) => e.kind === "sweep")).toEqual([{ kind: "sweep", rank: 0, removed: 2 }]);
  });
});

describe("StreamMixingDataset state", () => {
  it("refuses a state dict that names a stream it does not have, as a user error naming it", () => {
    const dataset = makeDataset({ dataset: nestedDataset([{ modality: "rna", streams: 2, cells: 40 }], { k: 2 }) });
    batch(dataset, 1);
    const state = dataset.stateDict();
    const renamed = { ...state, pool: [...state.pool, "no-such-stream"] };
    const fresh = makeDataset({ dataset: nestedDataset([{ modality: "rna", streams: 2, cells: 40 }], { k: 2 }) });
    expect(() => fresh.loadStateDict(renamed, 2)).toThrow(UserError);
    expect(() => fresh.loadStateDict(renamed, 2)).toThrow("the state dict names stream no-such-stream");
  });

  it("drops an undrained step snapshot when restoring a harness snapshot", () => {
    const config = nestedDataset([{ modality: "rna", streams: 2, cells: 40 }], { k: 2 });
    const saved = makeDataset({ dataset: config }).toSnapshot();
    const dataset = makeDataset({ dataset: config });
    batch(dataset, 1);
    dataset.restoreSnapshot(saved);
    expect(dataset.drainStepMetrics()).toEqual({});
  });
});
