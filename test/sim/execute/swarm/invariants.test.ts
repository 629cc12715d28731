import { describe, expect, it } from "vitest";
import { modelInvariants, checkInvariants } from "../../../../sim/execute/swarm/invariants/checkInvariants.ts";
import type { Invariant, InvariantContext } from "../../../../sim/execute/swarm/invariants/invariant.ts";
import { recordRun, type RecordedRun, type RecordedStep } from "../../../../sim/execute/swarm/recordRun.ts";
import { scenarioOfCase } from "../../../../sim/execute/swarm/scenarioOfCase.ts";
import type { SwarmCase } from "../../../../sim/execute/swarm/swarmCase.ts";

/**
 * A small run that reaches every path the invariants read: three ranks, packing over
 * three modalities, two batches a step, exhausts and refills, LRU and stale evictions,
 * stale false evictions, a sweep every other step, and a resume that shrinks K.
 */
const REFERENCE: SwarmCase = {
  name: "reference",
  steps: 14,
  snapshotStep: 0,
  model: {
    seed: 3,
    world_size: 3,
    batches_per_step: 2,
    dataset: {
      layout: "nested",
      num_streams_mixed: 3,
      batching_mode: "per_modality",
      pick_weighting: "remaining_picks",
      bs: 4,
      groups: [
        { modality: "rna", streams: 3, cells: 40 },
        { modality: "atac", streams: 2, cells: [20, 60], bs: 3 },
        { modality: "protein", streams: 1, cells: 2 },
      ],
    },
    ledger: { capacity: 5, wipe_mode: "periodic_stale", wipe_interval: 2, stale_threshold: 0, recently_evicted_capacity: 8, group_cells: 2 },
    resume: { at_step: 8, num_streams_mixed: 2 },
  },
};

const run: RecordedRun = recordRun(scenarioOfCase(REFERENCE));
const context: InvariantContext = { model: REFERENCE.model, streams: run.engine.streams };

type MutableStep = { row: Record<string, number>; perRank: Record<string, number>[]; events: Record<string, unknown>[]; logs: Record<string, unknown>[] };

/** A deep copy of the run's steps with one step changed. */
function corrupted(change: (steps: MutableStep[]) => void): RecordedStep[] {
  const steps = JSON.parse(JSON.stringify(run.steps.map((s) => ({ row: s.row, perRank: s.perRank, events: s.events, logs: s.logs })))) as MutableStep[];
  change(steps);
  return steps as unknown as RecordedStep[];
}

/** The first complaint of one invariant (fresh) over the steps. */
function violation(id: string, steps: readonly RecordedStep[]): string | undefined {
  const invariant = modelInvariants(context).find((i) => i.id === id) as Invariant;
  expect(invariant, id).toBeDefined();
  for (const step of steps) {
    const problem = invariant.observe(step);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** The first step (index) whose events include `kind`, and that event's index. */
function firstEvent(steps: MutableStep[], kind: string, rank?: number): { step: number; event: number } {
  for (let s = 0; s < steps.length; s++) {
    const event = (steps[s] as MutableStep).events.findIndex((e) => e.kind === kind && (rank === undefined || e.rank === rank));
    if (event >= 0) return { step: s, event };
  }
  throw new Error(`no ${kind} event`);
}

const FRACTION_MAX = "stream_mixing/active/remaining_fraction_max";
const REMAINING_MIN = "stream_mixing/active/remaining_min";
const REMAINING_MAX = "stream_mixing/active/remaining_max";
const SINCE = "stream_mixing/active/steps_since_pick_max";
const EXHAUST = "stream_mixing/refill/exhaust_events";
const LRU = "ledger/evictions/lru";

describe("the swarm's model invariants", () => {
  it("reaches every path: exhausts, both eviction modes, false evictions, sweeps and a resume that drops readers", () => {
    const kinds = new Set(run.steps.flatMap((s) => s.events.map((e) => e.kind)));
    expect([...kinds].sort()).toEqual(["epoch_start", "evict", "exhaust", "false_evict", "pick", "refill", "resume", "store", "sweep"]);
    const dropped = run.steps.flatMap((s) => s.events.flatMap((e) => (e.kind === "resume" ? e.dropped : [])));
    expect(dropped.length).toBeGreaterThan(0);
    const total = (key: string) => run.steps.reduce((t, s) => t + (s.row[key] as number), 0);
    expect(total(LRU)).toBeGreaterThan(0);
    expect(total("ledger/evictions/stale")).toBeGreaterThan(0);
    expect(total("ledger/false_evictions/stale")).toBeGreaterThan(0);
  });

  it("all hold on the real run", () => {
    expect(checkInvariants(run, context)).toBeUndefined();
    for (const invariant of modelInvariants(context)) expect(violation(invariant.id, run.steps), invariant.id).toBeUndefined();
  });

  it("finite-values: a NaN in the cluster row", () => {
    expect(
      violation(
        "finite-values",
        corrupted((s) => void (s[3]!.row[LRU] = NaN)),
      ),
    ).toMatch(/step 4 \(cluster row\): ledger\/evictions\/lru = NaN is not a finite number/);
  });

  it("counts-are-naturals: a fractional count in a rank's row", () => {
    expect(
      violation(
        "counts-are-naturals",
        corrupted((s) => void (s[2]!.perRank[1]![REMAINING_MAX] = 2.5)),
      ),
    ).toMatch(/step 3 rank 1: .*remaining_max = 2.5 is not an integer >= 0/);
  });

  it("active-keys-together: one of the five active-set keys missing", () => {
    expect(
      violation(
        "active-keys-together",
        corrupted((s) => void delete s[4]!.row[SINCE]),
      ),
    ).toMatch(/step 5 \(cluster row\): only .* of the five active-set keys/);
  });

  it("remaining-bounds: a fraction above 1, and min above max", () => {
    expect(
      violation(
        "remaining-bounds",
        corrupted((s) => void (s[0]!.perRank[2]![FRACTION_MAX] = 1.5)),
      ),
    ).toMatch(/step 1 rank 2: .*remaining_fraction_max = 1.5 is outside \(0, 1\]/);
    expect(
      violation(
        "remaining-bounds",
        corrupted((s) => void (s[5]!.row[REMAINING_MIN] = (s[5]!.row[REMAINING_MAX] as number) + 1)),
      ),
    ).toMatch(/step 6 \(cluster row\): .*remaining_min = \d+ > .*remaining_max/);
  });

  it("steps-since-pick-bounded: a reader idle since before step 1", () => {
    expect(
      violation(
        "steps-since-pick-bounded",
        corrupted((s) => void (s[2]!.row[SINCE] = 3)),
      ),
    ).toMatch(/step 3 \(cluster row\): .*steps_since_pick_max = 3 > step - 1 = 2/);
  });

  it("fan-out-bounded: more active readers on a rank than K, and after the resume more than the resumed K", () => {
    expect(
      violation(
        "fan-out-bounded",
        corrupted((s) => void (s[1]!.perRank[0]!["stream_mixing/active/modalities/rna"] = 4)),
      ),
    ).toMatch(/step 2 rank 0: fan-out \d+ > K = 3/);
    expect(
      violation(
        "fan-out-bounded",
        corrupted((s) => void (s[9]!.perRank[0]!["stream_mixing/active/modalities/rna"] = 3)),
      ),
    ).toMatch(/step 10 rank 0: fan-out \d+ > K = 2/);
  });

  it("sum-mode-max-bounded: a _max above its sum", () => {
    expect(
      violation(
        "sum-mode-max-bounded",
        corrupted((s) => void (s[6]!.row[`${LRU}_max`] = (s[6]!.row[LRU] as number) + 1)),
      ),
    ).toMatch(/step 7 \(cluster row\): ledger\/evictions\/lru_max = \d+ > ledger\/evictions\/lru/);
  });

  it("wipe-count-follows-cadence: a wipe count off the cadence, and one that survives the resume", () => {
    expect(
      violation(
        "wipe-count-follows-cadence",
        corrupted((s) => void (s[3]!.perRank[1]!.ledger_wipe_count = 3)),
      ),
    ).toMatch(/step 4 rank 1: ledger_wipe_count = 3, expected 2/);
    // After the resume at step 8 the ledgers are new: at step 9 they have swept once (step 8).
    expect(
      violation(
        "wipe-count-follows-cadence",
        corrupted((s) => void (s[8]!.row.ledger_wipe_count = 4)),
      ),
    ).toMatch(/step 9 \(cluster row\): ledger_wipe_count = 4, expected 1 \(wipes on the cadence since step 8\)/);
  });

  it("false-evictions-bounded: more false evictions than evictions of that mode", () => {
    expect(
      violation(
        "false-evictions-bounded",
        corrupted((s) => void (s[0]!.perRank[0]!["ledger/false_evictions/lru"] = 1)),
      ),
    ).toMatch(/step 1 rank 0: cumulative ledger\/false_evictions\/lru = 1 > cumulative ledger\/evictions\/lru = 0/);
  });

  it("cluster-is-reduction-of-ranks: an exhaust count that is not the ranks' sum", () => {
    expect(
      violation(
        "cluster-is-reduction-of-ranks",
        corrupted((s) => void (s[4]!.row[EXHAUST] = (s[4]!.row[EXHAUST] as number) + 1)),
      ),
    ).toMatch(/step 5 .*exhaust_events = \d+, but the per-rank rows reduce to \d+/);
  });

  it("active-set-follows-trace: a reader exhausted twice in an epoch, an exhaust delta the trace does not show, a resume that drops the wrong readers", () => {
    const twice = corrupted((s) => {
      const at = firstEvent(s, "exhaust");
      const event = s[at.step]!.events[at.event]!;
      // The same reader exhausts again at the end of the step (it has already left the active set).
      s[at.step]!.events.push({ ...event });
    });
    expect(violation("active-set-follows-trace", twice)).toMatch(/exhausts (a second time|but is not active)/);
    expect(
      violation(
        "active-set-follows-trace",
        corrupted((s) => void (s[2]!.perRank[0]![EXHAUST] = 7)),
      ),
    ).toMatch(/step 3 rank 0: .*exhaust_events = 7, but the trace has \d+ exhaust event/);
    const wrongDrop = corrupted((s) => {
      const at = firstEvent(s, "resume");
      (s[at.step]!.events[at.event] as { dropped: unknown[] }).dropped = [];
    });
    expect(violation("active-set-follows-trace", wrongDrop)).toMatch(/the resume reports \[\] dropped/);
  });

  it("active-set-follows-trace: FR1 values the rebuilt active set does not give, epoch orders that differ between ranks, a resume that logs nothing", () => {
    expect(
      violation(
        "active-set-follows-trace",
        corrupted((s) => void (s[3]!.perRank[1]![REMAINING_MAX] = (s[3]!.perRank[1]![REMAINING_MAX] as number) + 1)),
      ),
    ).toMatch(/step 4 rank 1: .*remaining_max = \d+, but the active set rebuilt from the trace gives \d+/);
    expect(
      violation(
        "active-set-follows-trace",
        corrupted((s) => void (s[6]!.perRank[0]![SINCE] = 0)),
      ),
    ).toMatch(/step 7 rank 0: .*steps_since_pick_max = 0, but the active set rebuilt from the trace gives \d+/);
    const reordered = corrupted((s) => {
      const starts = s[0]!.events.filter((e) => e.kind === "epoch_start") as { pool: string[] }[];
      const last = starts[starts.length - 1]!;
      last.pool = [...last.pool].reverse();
    });
    expect(violation("active-set-follows-trace", reordered)).toMatch(/epoch 1's pool orders its streams .*, another rank's/);
    const silent = corrupted((s) => {
      for (const step of s) step.logs = [];
    });
    expect(violation("active-set-follows-trace", silent)).toMatch(/step 8 rank \d: the resume dropped \d+ reader\(s\) and logged 0 line\(s\); expected 1/);
  });

  it("ledger-follows-trace: a counter the trace does not show, a store that lies about being fresh, an LRU eviction of the wrong entry", () => {
    expect(
      violation(
        "ledger-follows-trace",
        corrupted((s) => void (s[5]!.perRank[2]![LRU] = 40)),
      ),
    ).toMatch(/step 6 rank 2: ledger\/evictions\/lru = 40, but the trace has \d+ such event/);
    const lyingStore = corrupted((s) => {
      const at = firstEvent(s, "store");
      const event = s[at.step]!.events[at.event] as { fresh: boolean };
      event.fresh = !event.fresh;
    });
    expect(violation("ledger-follows-trace", lyingStore)).toMatch(/says fresh = false, but the gid is not in the ledger/);
    const wrongVictim = corrupted((s) => {
      for (const step of s) {
        const i = step.events.findIndex((e) => e.kind === "evict" && e.mode === "lru");
        if (i < 0) continue;
        const event = step.events[i] as { gid: number; last_step: number; rank: number };
        const stores = s.flatMap((t) => t.events).filter((e) => e.kind === "store" && e.rank === event.rank && e.gid !== event.gid);
        event.gid = (stores[stores.length - 1] as { gid: number }).gid;
        return;
      }
    });
    expect(violation("ledger-follows-trace", wrongVictim)).toMatch(/evicts gid \d+|LRU evicts gid/);
  });

  it("ledger-follows-trace: a fresh store of a gid the ring remembers without its false eviction, and a false eviction the ring does not justify", () => {
    const unreported = corrupted((s) => {
      for (const step of s) {
        const i = step.events.findIndex((e) => e.kind === "false_evict");
        if (i < 0) continue;
        step.events.splice(i, 1);
        step.perRank[step.events[i]!.rank as number]!["ledger/false_evictions/stale"]! -= 1;
        return;
      }
    });
    expect(violation("ledger-follows-trace", unreported)).toMatch(/the fresh store of gid \d+, which the ring remembers evicting \(stale\), is not reported as a false eviction/);
    const wrongMode = corrupted((s) => {
      const at = firstEvent(s, "false_evict");
      (s[at.step]!.events[at.event] as { mode: string }).mode = "lru";
    });
    expect(violation("ledger-follows-trace", wrongMode)).toMatch(/a lru false eviction of gid \d+, which the ring .* does not hold with that mode/);
  });
});
