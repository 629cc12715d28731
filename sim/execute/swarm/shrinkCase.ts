import type { CellCount } from "../../../src/config/modelConfig.ts";
import { UserError } from "../../../src/errors.ts";
import { modalityOfPath } from "../../../src/streamMixing/modality.ts";
import type { Scenario } from "../../input/scenario/scenario.ts";
import { scenarioOfCase } from "./scenarioOfCase.ts";
import type { SwarmCase } from "./swarmCase.ts";

/** A deep, writable copy of a case, for building one candidate. */
type Draft<T> = T extends readonly (infer E)[] ? Draft<E>[] : T extends object ? { -readonly [K in keyof T]: Draft<T[K]> } : T;
type DraftCase = Draft<SwarmCase>;
interface DraftEntry {
  modality?: string;
  streams?: number;
  path?: string;
  cells: CellCount;
  bs?: number;
}

/** One way to make a case smaller: the candidates it offers, the smallest first. */
interface Shrink {
  readonly name: string;
  readonly candidates: (c: SwarmCase) => SwarmCase[];
}

/** Whether a scenario (with the exact-resume check's snapshot step) still fails the same check. */
export type StillFails = (scenario: Scenario, snapshotStep: number) => boolean;

export interface ShrinkResult {
  readonly minimal: SwarmCase;
  /** Candidates loaded and checked (invalid ones are not counted). */
  readonly attempts: number;
}

/** Every shrink is tried at most this often in all, so that shrinking a slow failure ends. */
const MAX_ATTEMPTS = 1500;

function edit(c: SwarmCase, change: (draft: DraftCase) => void): SwarmCase {
  const draft = JSON.parse(JSON.stringify(c)) as DraftCase;
  change(draft);
  return draft as SwarmCase;
}

/** The dataset's streams or groups, whichever the layout declares. */
function entriesOf(draft: DraftCase): DraftEntry[] {
  const ds = draft.model.dataset;
  return ((ds.layout === "nested" ? ds.groups : ds.streams) ?? []) as DraftEntry[];
}

/** Smaller integers between `min` and `value`, the smallest first: min, then halfway, a quarter of the way back, ..., value - 1. */
export function smallerIntegers(value: number, min: number): number[] {
  if (value <= min) return [];
  const out = new Set<number>([min]);
  for (let gap = Math.floor((value - min) / 2); gap >= 1; gap = Math.floor(gap / 2)) out.add(value - gap);
  out.add(value - 1);
  return [...out].sort((a, b) => a - b);
}

/** A shrink of one integer field: the candidates set it to each smaller integer. */
function integer(name: string, get: (c: SwarmCase) => number | undefined, set: (draft: DraftCase, value: number) => void, min: number): Shrink {
  return {
    name,
    candidates: (c) => {
      const value = get(c);
      return value === undefined ? [] : smallerIntegers(value, min).map((v) => edit(c, (d) => set(d, v)));
    },
  };
}

/** An integer key of the scenario's [run] table that the model config holds (`run.<key>`), shrunk towards `min`. */
function runInteger(key: "world_size" | "batches_per_step" | "seed", min: number): Shrink {
  return integer(
    `run.${key}`,
    (c) => c.model[key],
    (d, v) => void (d.model[key] = v),
    min,
  );
}

/** An integer key of the [ledger] table (`ledger.<key>`), shrunk towards `min`. */
function ledgerInteger(key: "wipe_interval" | "stale_threshold" | "capacity" | "recently_evicted_capacity" | "group_cells", min: number): Shrink {
  return integer(
    `ledger.${key}`,
    (c) => c.model.ledger[key],
    (d, v) => void (d.model.ledger[key] = v),
    min,
  );
}

/** A shrink of each list entry's field, entry by entry. */
function perEntry(name: string, candidatesOf: (c: SwarmCase, index: number, entry: DraftEntry) => SwarmCase[]): Shrink {
  return {
    name,
    candidates: (c) => entriesOf(c as DraftCase).flatMap((entry, i) => candidatesOf(c, i, entry)),
  };
}

function editEntry(c: SwarmCase, index: number, change: (entry: DraftEntry) => void): SwarmCase {
  return edit(c, (d) => change(entriesOf(d)[index] as DraftEntry));
}

/**
 * The shrinks, in the fixed order they are tried: first what removes the most work
 * (the resume, steps, ranks, batches, streams), then what simplifies (the layout, the
 * modes, K, batch sizes, the ledger's settings), then the seeds and names.
 */
const SHRINKS: readonly Shrink[] = [
  { name: "no resume", candidates: (c) => (c.model.resume === undefined ? [] : [edit(c, (d) => delete d.model.resume)]) },
  integer(
    "resume.at_step",
    (c) => c.model.resume?.at_step,
    (d, v) => void (d.model.resume!.at_step = v),
    1,
  ),
  integer(
    "resume.num_streams_mixed",
    (c) => c.model.resume?.num_streams_mixed,
    (d, v) => void (d.model.resume!.num_streams_mixed = v),
    1,
  ),
  integer(
    "run.steps",
    (c) => c.steps,
    (d, v) => void (d.steps = v),
    1,
  ),
  runInteger("world_size", 1),
  runInteger("batches_per_step", 1),
  {
    name: "fewer streams",
    candidates: (c) => {
      const count = entriesOf(c as DraftCase).length;
      return count <= 1 ? [] : Array.from({ length: count }, (_, i) => edit(c, (d) => void entriesOf(d).splice(i, 1)));
    },
  },
  perEntry("group streams", (c, i, entry) => smallerIntegers(entry.streams ?? 1, 1).map((v) => editEntry(c, i, (e) => void (e.streams = v)))),
  {
    name: "nested layout",
    candidates: (c) =>
      c.model.dataset.layout === "nested"
        ? []
        : [
            edit(c, (d) => {
              const ds = d.model.dataset;
              ds.layout = "nested";
              ds.groups = (ds.streams ?? []).map((s) => ({ modality: modalityOfPath(s.path) ?? "m", streams: 1, cells: s.cells, ...(s.bs === undefined ? {} : { bs: s.bs }) }));
              delete ds.streams;
            }),
          ],
  },
  perEntry("fixed cells", (c, i, entry) =>
    typeof entry.cells === "number"
      ? []
      : [
          editEntry(c, i, (e) => void (e.cells = (entry.cells as readonly [number, number])[0])),
          editEntry(c, i, (e) => void (e.cells = (entry.cells as readonly [number, number])[1])),
        ],
  ),
  perEntry("fewer cells", (c, i, entry) => (typeof entry.cells === "number" ? smallerIntegers(entry.cells, 0).map((v) => editEntry(c, i, (e) => void (e.cells = v))) : [])),
  perEntry("no stream bs", (c, i, entry) => (entry.bs === undefined ? [] : [editEntry(c, i, (e) => delete e.bs)])),
  perEntry("smaller stream bs", (c, i, entry) => (entry.bs === undefined ? [] : smallerIntegers(entry.bs, 1).map((v) => editEntry(c, i, (e) => void (e.bs = v))))),
  integer(
    "dataset.num_streams_mixed",
    (c) => c.model.dataset.num_streams_mixed,
    (d, v) => void (d.model.dataset.num_streams_mixed = v),
    1,
  ),
  { name: "per_stream batching", candidates: (c) => (c.model.dataset.batching_mode === "per_stream" ? [] : [edit(c, (d) => void (d.model.dataset.batching_mode = "per_stream"))]) },
  {
    name: "remaining_picks weighting",
    candidates: (c) => (c.model.dataset.pick_weighting === "remaining_picks" ? [] : [edit(c, (d) => void (d.model.dataset.pick_weighting = "remaining_picks"))]),
  },
  integer(
    "dataset.bs",
    (c) => c.model.dataset.bs,
    (d, v) => void (d.model.dataset.bs = v),
    1,
  ),
  {
    name: "no wipe",
    candidates: (c) =>
      c.model.ledger.wipe_mode === "none"
        ? []
        : [
            edit(c, (d) => {
              d.model.ledger.wipe_mode = "none";
              delete d.model.ledger.wipe_interval;
              delete d.model.ledger.stale_threshold;
            }),
          ],
  },
  ledgerInteger("wipe_interval", 1),
  ledgerInteger("stale_threshold", 0),
  ledgerInteger("capacity", 1),
  ledgerInteger("recently_evicted_capacity", 1),
  ledgerInteger("group_cells", 0),
  runInteger("seed", 0),
  integer(
    "snapshot step",
    (c) => c.snapshotStep,
    (d, v) => void (d.snapshotStep = v),
    0,
  ),
  {
    name: "plain names",
    candidates: (c) => {
      const plain = edit(c, (d) => {
        const order: string[] = [];
        const plainName = (modality: string): string => {
          if (!order.includes(modality)) order.push(modality);
          return `m${order.indexOf(modality)}`;
        };
        for (const [i, entry] of entriesOf(d).entries()) {
          if (entry.path !== undefined) entry.path = `data/${plainName(modalityOfPath(entry.path) ?? "m")}/s${i}`;
          else entry.modality = plainName(entry.modality as string);
        }
      });
      return JSON.stringify(plain) === JSON.stringify(c) ? [] : [plain];
    },
  },
];

/**
 * Shrinks a failing case greedily and deterministically: for each shrink in the fixed
 * order, the first candidate (smallest first) that loads and still fails replaces the
 * case, and that shrink is tried again; passes repeat until none makes progress. A
 * candidate the scenario loader refuses (or whose snapshot step is not inside the run)
 * is skipped, so every case on the way, and the minimal one, is a valid scenario a user
 * could write.
 */
export function shrinkCase(failing: SwarmCase, stillFails: StillFails): ShrinkResult {
  let current = failing;
  let attempts = 0;
  const tryCandidate = (candidate: SwarmCase): boolean => {
    // The exact-resume check snapshots after a step of the run, before its last one.
    if (candidate.snapshotStep >= candidate.steps) return false;
    let scenario: Scenario;
    try {
      scenario = scenarioOfCase(candidate);
    } catch (error) {
      if (error instanceof UserError) return false;
      throw error;
    }
    attempts++;
    return stillFails(scenario, candidate.snapshotStep);
  };
  let progressed = true;
  while (progressed && attempts < MAX_ATTEMPTS) {
    progressed = false;
    for (const shrink of SHRINKS) {
      let shrunk = true;
      while (shrunk && attempts < MAX_ATTEMPTS) {
        shrunk = false;
        for (const candidate of shrink.candidates(current)) {
          if (attempts >= MAX_ATTEMPTS) break;
          if (tryCandidate(candidate)) {
            current = candidate;
            shrunk = true;
            progressed = true;
            break;
          }
        }
      }
    }
  }
  return { minimal: current, attempts };
}
