import { Engine } from "../../../src/engine/engine.ts";
import { EVICTION_KEYS, FALSE_EVICTION_KEYS, WIPE_COUNT_KEY } from "../../../src/ledger/ledgerMetricKeys.ts";
import { formatRow } from "../../format/jsonl.ts";
import { ledgerAccessTraceOf } from "../ledgerReplay/ledgerAccessTrace.ts";
import { ledgerReplayGrid } from "../ledgerReplay/ledgerReplayGrid.ts";
import { resolvedScenarioSha256 } from "../run/scenarioHash.ts";
import type { Scenario } from "../../input/scenario/scenario.ts";
import { formatSnapshotFile, snapshotFileOf } from "../../input/snapshot/snapshotFile.ts";
import { checkSnapshotFits, parseSnapshotFile } from "../../input/snapshot/readSnapshotFile.ts";
import { parseTrace } from "../../input/trace/parseTrace.ts";
import { buildTraceHeader } from "../../input/trace/traceHeader.ts";
import { formatTraceEvent } from "../../input/trace/traceLine.ts";
import { HARNESS_VERSION } from "../../version.ts";
import { checkInvariants } from "./invariants/checkInvariants.ts";
import { recordRun, type RecordedRun } from "./recordRun.ts";
import { SWARM_CHECKS, type SwarmCheckFailure, type SwarmCheckName } from "./swarmCheck.ts";

/** A recorded run as the files would hold it: its rows, per-rank rows and trace events, one line each. */
interface RecordedLines {
  readonly rows: string[];
  readonly perRank: string[];
  readonly trace: string[];
}

/** The engine's own path of a run: its rows as lines, the snapshot file text after the snapshot step, and the final state. */
interface FusedRun {
  readonly rowLines: string[];
  readonly snapshotText: string;
  readonly finalState: string;
}

/**
 * One scenario's runs, each made once and shared by the checks that read it, and their
 * lines, each formatted once: three checks compare the recorded run's lines and two the
 * fused run's, which formatted the same lines again for each (about a seventh of a case's
 * CPU).
 */
class SwarmRun {
  private recordedRun: RecordedRun | undefined;
  private recordedRunLines: RecordedLines | undefined;
  private fusedRun: FusedRun | undefined;

  constructor(
    readonly scenario: Scenario,
    readonly snapshotStep: number,
  ) {}

  /** The plan's path: per-rank dicts and the trace on. */
  recorded(): RecordedRun {
    return (this.recordedRun ??= recordRun(this.scenario));
  }

  /** The recorded run's lines. */
  recordedLines(): RecordedLines {
    return (this.recordedRunLines ??= linesOf(this.recorded()));
  }

  /** The engine's own path (the fused drain, no trace), with the snapshot file text after `snapshotStep` and the final state. */
  fused(): FusedRun {
    if (this.fusedRun !== undefined) return this.fusedRun;
    const engine = new Engine(this.scenario.model);
    const rowLines: string[] = [];
    let snapshotText = this.snapshotFileText(engine);
    for (let i = 0; i < this.scenario.steps; i++) {
      rowLines.push(formatRow(engine.runStep().row));
      if (engine.step === this.snapshotStep) snapshotText = this.snapshotFileText(engine);
    }
    this.fusedRun = { rowLines, snapshotText, finalState: JSON.stringify(engine.toSnapshot()) };
    return this.fusedRun;
  }

  private snapshotFileText(engine: Engine): string {
    return formatSnapshotFile(snapshotFileOf({ name: this.scenario.name, sha256: resolvedScenarioSha256(this.scenario.resolved) }, engine));
  }
}

/** The first line two texts differ at, as a sentence; undefined when they are equal. */
function firstDifference(what: string, expected: readonly string[], actual: readonly string[], lineName: (i: number) => string): string | undefined {
  const length = Math.max(expected.length, actual.length);
  for (let i = 0; i < length; i++) {
    if (expected[i] !== actual[i]) return `${what} differ at ${lineName(i)}:\n  expected ${expected[i] ?? "(nothing)"}\n  actual   ${actual[i] ?? "(nothing)"}`;
  }
  return undefined;
}

function linesOf(run: RecordedRun): RecordedLines {
  return {
    rows: run.steps.map((s) => formatRow(s.row)),
    perRank: run.steps.flatMap((s) => s.perRank.map((r) => formatRow(r))),
    trace: run.steps.flatMap((s) => s.events.map(formatTraceEvent)),
  };
}

const CHECKS: Readonly<Record<SwarmCheckName, (run: SwarmRun) => string | undefined>> = {
  /** The model's invariants at every step, read from the rows, the per-rank rows and the trace. */
  invariants: (run) => {
    const recorded = run.recorded();
    return checkInvariants(recorded, { model: run.scenario.model, streams: recorded.engine.streams });
  },

  /** A second run of the same scenario writes the same bytes: rows, per-rank rows and trace. */
  "run-twice": (run) => {
    const first = run.recordedLines();
    const second = linesOf(recordRun(run.scenario));
    return (
      firstDifference("the rows of two runs", first.rows, second.rows, (i) => `step ${i + 1}`) ??
      firstDifference("the per-rank rows of two runs", first.perRank, second.perRank, (i) => `per-rank line ${i + 1}`) ??
      firstDifference("the traces of two runs", first.trace, second.trace, (i) => `trace event ${i + 1}`)
    );
  },

  /** The engine's fused drain gives the same rows as the plan's path through the per-rank dicts and aggregateStepMetrics. */
  "fused-drain": (run) => firstDifference("the fused drain's rows and the dict path's rows", run.recordedLines().rows, run.fused().rowLines, (i) => `step ${i + 1}`),

  /**
   * A snapshot taken after `snapshotStep`, written as a snapshot file and read back,
   * continues to the same rows and the same final state as the uninterrupted run.
   */
  "exact-resume": (run) => {
    const { scenario, snapshotStep } = run;
    const fused = run.fused();
    const file = `${scenario.name}.snapshot.json`;
    const snapshot = parseSnapshotFile(fused.snapshotText, file);
    checkSnapshotFits(snapshot, file, {
      harnessVersion: HARNESS_VERSION,
      scenario: scenario.name,
      scenarioSha256: resolvedScenarioSha256(scenario.resolved),
      steps: scenario.steps,
      worldSize: scenario.model.world_size,
    });
    const resumed = Engine.fromSnapshot(scenario.model, snapshot.engine);
    const rows: string[] = [];
    while (resumed.step < scenario.steps) rows.push(formatRow(resumed.runStep().row));
    return (
      firstDifference(
        `the rows resumed from the snapshot after step ${snapshotStep} and the uninterrupted rows`,
        fused.rowLines.slice(snapshotStep),
        rows,
        (i) => `step ${snapshotStep + i + 1}`,
      ) ??
      (JSON.stringify(resumed.toSnapshot()) === fused.finalState
        ? undefined
        : `the engine state after step ${scenario.steps} differs between the resumed and the uninterrupted run`)
    );
  },

  /**
   * `sim ledger-replay` of the run's trace at the run's own ledger settings (the header's,
   * as the command takes them) reproduces the run's ledger counters: the four eviction
   * counts summed over the run, and the last step's wipe count.
   */
  "ledger-replay": (run) => {
    const { scenario } = run;
    const recorded = run.recorded();
    const header = buildTraceHeader({
      scenario: scenario.name,
      steps: scenario.steps,
      harnessVersion: HARNESS_VERSION,
      model: scenario.model,
      streams: recorded.engine.streams.streams,
    });
    const text = [JSON.stringify(header), ...run.recordedLines().trace].join("\n") + "\n";
    const own = header.ledger;
    const report = ledgerReplayGrid(ledgerAccessTraceOf(parseTrace(text, `${scenario.name}.trace.jsonl`)), {
      capacities: [own.capacity],
      staleThresholds: [own.stale_threshold],
      wipeModes: [own.wipe_mode],
      wipeIntervals: [own.wipe_interval],
      recentlyEvictedCapacity: own.recently_evicted_capacity,
    });
    const replayed = report.rows[0];
    if (replayed === undefined) return "the ledger replay at the run's own settings gave no row";
    const sum = (key: string): number => recorded.steps.reduce((total, s) => total + (s.row[key] as number), 0);
    const lastRow = recorded.steps[recorded.steps.length - 1]?.row;
    const pairs: [string, number, number][] = [
      [EVICTION_KEYS.lru, sum(EVICTION_KEYS.lru), replayed.evictionsLru],
      [EVICTION_KEYS.stale, sum(EVICTION_KEYS.stale), replayed.evictionsStale],
      [FALSE_EVICTION_KEYS.lru, sum(FALSE_EVICTION_KEYS.lru), replayed.falseEvictionsLru],
      [FALSE_EVICTION_KEYS.stale, sum(FALSE_EVICTION_KEYS.stale), replayed.falseEvictionsStale],
      [`${WIPE_COUNT_KEY} (last step)`, lastRow?.[WIPE_COUNT_KEY] ?? 0, replayed.wipeCount],
    ];
    for (const [key, counted, replayedValue] of pairs) {
      if (counted !== replayedValue) return `the ledger replay of the trace gives ${key} = ${replayedValue}; the run counted ${counted}`;
    }
    return undefined;
  },
};

/**
 * One check; an exception in the model or the harness while checking is that check's
 * failure too (an assertion in the engine is exactly what a swarm is for finding).
 */
function runOneCheck(check: SwarmCheckName, run: SwarmRun): string | undefined {
  try {
    return CHECKS[check](run);
  } catch (error) {
    return `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
  }
}

/** Runs the named checks on one scenario, in SWARM_CHECKS order, and returns the first failure. */
export function runSwarmChecks(scenario: Scenario, snapshotStep: number, checks: readonly SwarmCheckName[] = SWARM_CHECKS): SwarmCheckFailure | undefined {
  const run = new SwarmRun(scenario, snapshotStep);
  for (const check of SWARM_CHECKS) {
    if (!checks.includes(check)) continue;
    const message = runOneCheck(check, run);
    if (message !== undefined) return { check, message };
  }
  return undefined;
}
