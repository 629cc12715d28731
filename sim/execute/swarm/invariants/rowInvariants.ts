import { EVICTION_KEYS, FALSE_EVICTION_KEYS, LEDGER_SUM_KEYS, WIPE_COUNT_KEY } from "../../../../src/ledger/ledgerMetricKeys.ts";
import {
  EXHAUST_EVENTS_KEY,
  MODALITY_KEY_PREFIX,
  REMAINING_FRACTION_MAX_KEY,
  REMAINING_FRACTION_MIN_KEY,
  REMAINING_MAX_KEY,
  REMAINING_MIN_KEY,
  STEPS_SINCE_PICK_MAX_KEY,
} from "../../../../src/streamMixing/stepMetricKeys.ts";
import type { RecordedStep } from "../recordRun.ts";
import { ACTIVE_SET_KEYS } from "./activeSetKeys.ts";
import { type Invariant, type InvariantContext, ledgerBirthStep, numStreamsMixedAt } from "./invariant.ts";

/** The active-set keys: a rank (or the cluster) emits all five or none. */
const ACTIVE_KEYS = ACTIVE_SET_KEYS.map((active) => active.key);
/** Keys whose values count something: integers >= 0. */
const COUNT_KEYS = [REMAINING_MIN_KEY, REMAINING_MAX_KEY, STEPS_SINCE_PICK_MAX_KEY, EXHAUST_EVENTS_KEY, ...LEDGER_SUM_KEYS, WIPE_COUNT_KEY];

type Values = Readonly<Record<string, number>>;

/** Names the row a value came from: the cluster row or a rank's. */
function where(step: number, rank: number | undefined): string {
  return rank === undefined ? `step ${step} (cluster row)` : `step ${step} rank ${rank}`;
}

/** Every row a step wrote, the cluster row first: the per-step facts hold in each. */
function rowsOf(step: RecordedStep): { values: Values; rank: number | undefined }[] {
  return [{ values: step.row, rank: undefined }, ...step.perRank.map((values) => ({ values, rank: values.rank }))];
}

/**
 * An invariant that holds in each row a step wrote, checked row by row, the cluster row
 * first: `check` returns the broken fact (naming the row with `where`) or undefined.
 */
function inEveryRow(id: string, check: (values: Values, step: number, rank: number | undefined) => string | undefined): Invariant {
  return {
    id,
    observe: (step) => {
      for (const { values, rank } of rowsOf(step)) {
        const broken = check(values, step.row.step, rank);
        if (broken !== undefined) return broken;
      }
      return undefined;
    },
  };
}

function fanOut(values: Values): number {
  let total = 0;
  for (const key of Object.keys(values)) if (key.startsWith(MODALITY_KEY_PREFIX)) total += values[key] as number;
  return total;
}

/** Every value is a finite number (no NaN, no infinity): a sentinel must never leak into a row. */
export function finiteValues(): Invariant {
  return inEveryRow("finite-values", (values, step, rank) => {
    for (const key of Object.keys(values)) {
      const value = values[key];
      if (typeof value !== "number" || !Number.isFinite(value)) return `${where(step, rank)}: ${key} = ${String(value)} is not a finite number`;
    }
    return undefined;
  });
}

/** Counts (remaining picks, steps since pick, exhausts, evictions, wipes, fan-out) are integers >= 0. */
export function countsAreNaturals(): Invariant {
  return inEveryRow("counts-are-naturals", (values, step, rank) => {
    for (const key of Object.keys(values)) {
      const isCount = COUNT_KEYS.includes(key) || key.startsWith(MODALITY_KEY_PREFIX) || (key.endsWith("_max") && COUNT_KEYS.includes(key.slice(0, -4)));
      const value = values[key] as number;
      if (isCount && !(Number.isInteger(value) && value >= 0)) return `${where(step, rank)}: ${key} = ${value} is not an integer >= 0`;
    }
    return undefined;
  });
}

/**
 * The active-set keys come together: all five or none, and a modality count only beside
 * them (a rank without active readers emits only its exhaust delta).
 */
export function activeKeysTogether(): Invariant {
  return inEveryRow("active-keys-together", (values, step, rank) => {
    const present = ACTIVE_KEYS.filter((key) => key in values);
    if (present.length !== 0 && present.length !== ACTIVE_KEYS.length) return `${where(step, rank)}: only ${present.join(", ")} of the five active-set keys are present`;
    if (present.length === 0 && fanOut(values) > 0) return `${where(step, rank)}: a modality count without the active-set keys`;
    if (present.length > 0 && fanOut(values) === 0) return `${where(step, rank)}: the active-set keys without any modality count`;
    return undefined;
  });
}

/**
 * Fractions lie in (0, 1] and remaining picks are >= 1: a reader whose slice is done
 * leaves the active set before the snapshot, so every active reader has work left.
 * And min <= max, for picks and for fractions.
 */
export function remainingBounds(): Invariant {
  return inEveryRow("remaining-bounds", (values, step, rank) => {
    if (!(REMAINING_MIN_KEY in values)) return undefined;
    const at = where(step, rank);
    for (const key of [REMAINING_FRACTION_MIN_KEY, REMAINING_FRACTION_MAX_KEY]) {
      const fraction = values[key] as number;
      if (!(fraction > 0 && fraction <= 1)) return `${at}: ${key} = ${fraction} is outside (0, 1]`;
    }
    if ((values[REMAINING_MIN_KEY] as number) < 1) return `${at}: ${REMAINING_MIN_KEY} = ${values[REMAINING_MIN_KEY]} < 1, but an active reader has cells left`;
    if ((values[REMAINING_MIN_KEY] as number) > (values[REMAINING_MAX_KEY] as number)) {
      return `${at}: ${REMAINING_MIN_KEY} = ${values[REMAINING_MIN_KEY]} > ${REMAINING_MAX_KEY} = ${values[REMAINING_MAX_KEY]}`;
    }
    if ((values[REMAINING_FRACTION_MIN_KEY] as number) > (values[REMAINING_FRACTION_MAX_KEY] as number)) {
      return `${at}: ${REMAINING_FRACTION_MIN_KEY} = ${values[REMAINING_FRACTION_MIN_KEY]} > ${REMAINING_FRACTION_MAX_KEY} = ${values[REMAINING_FRACTION_MAX_KEY]}`;
    }
    return undefined;
  });
}

/** A reader joined at step 1 at the earliest, so steps since its pick (or join) are at most step - 1. */
export function stepsSincePickBounded(): Invariant {
  return inEveryRow("steps-since-pick-bounded", (values, step, rank) => {
    const since = values[STEPS_SINCE_PICK_MAX_KEY];
    return since !== undefined && since > step - 1 ? `${where(step, rank)}: ${STEPS_SINCE_PICK_MAX_KEY} = ${since} > step - 1 = ${step - 1}` : undefined;
  });
}

/** Fan-out: a rank has at most K active readers, the cluster at most K x W (K after a resume is the resumed K). */
export function fanOutBounded(context: InvariantContext): Invariant {
  return {
    id: "fan-out-bounded",
    observe: (step) => {
      const k = numStreamsMixedAt(context.model, step.row.step);
      const clusterFanOut = fanOut(step.row);
      if (clusterFanOut > k * context.model.world_size) return `${where(step.row.step, undefined)}: fan-out ${clusterFanOut} > K x W = ${k} x ${context.model.world_size}`;
      for (const local of step.perRank) {
        if (fanOut(local) > k) return `${where(step.row.step, local.rank)}: fan-out ${fanOut(local)} > K = ${k}`;
      }
      return undefined;
    },
  };
}

/** SUM-mode keys: max <= sum <= max x W (the largest rank holds at least the mean). */
export function sumModeMaxBounded(context: InvariantContext): Invariant {
  return {
    id: "sum-mode-max-bounded",
    observe: (step) => {
      for (const key of LEDGER_SUM_KEYS) {
        const sum = step.row[key] as number;
        const max = step.row[`${key}_max`] as number;
        if (sum === undefined || max === undefined) return `${where(step.row.step, undefined)}: ${key} or ${key}_max is missing`;
        if (max > sum) return `${where(step.row.step, undefined)}: ${key}_max = ${max} > ${key} = ${sum}`;
        if (sum > max * context.model.world_size) return `${where(step.row.step, undefined)}: ${key} = ${sum} > ${key}_max x W = ${max} x ${context.model.world_size}`;
      }
      return undefined;
    },
  };
}

/**
 * `ledger_wipe_count` counts the steps on the wipe cadence (`step % wipe_interval == 0`)
 * since the ledger was built (step 1, or the modeled resume, which rebuilds it), on every
 * rank alike; 0 with wipe_mode "none".
 */
export function wipeCountFollowsCadence(context: InvariantContext): Invariant {
  const ledger = context.model.ledger;
  const interval = ledger.wipe_interval ?? 1;
  return inEveryRow("wipe-count-follows-cadence", (values, now, rank) => {
    const birth = ledgerBirthStep(context.model, now);
    const expected = ledger.wipe_mode === "none" ? 0 : Math.floor(now / interval) - Math.floor((birth - 1) / interval);
    if (values[WIPE_COUNT_KEY] !== expected)
      return `${where(now, rank)}: ${WIPE_COUNT_KEY} = ${values[WIPE_COUNT_KEY]}, expected ${expected} (wipes on the cadence since step ${birth})`;
    if (rank === undefined && values[`${WIPE_COUNT_KEY}_max`] !== expected)
      return `${where(now, rank)}: ${WIPE_COUNT_KEY}_max = ${values[`${WIPE_COUNT_KEY}_max`]}, expected ${expected}`;
    return undefined;
  });
}

/**
 * Cumulative false evictions never exceed cumulative evictions of the same mode: a false
 * eviction is the fresh write of a gid the ring remembers evicting. Checked per rank
 * since its ledger was built, and for the cluster over the whole run.
 */
export function falseEvictionsBounded(context: InvariantContext): Invariant {
  const totals = new Map<string, number>();
  const add = (key: string, value: number): number => {
    const total = (totals.get(key) ?? 0) + value;
    totals.set(key, total);
    return total;
  };
  return {
    id: "false-evictions-bounded",
    observe: (step) => {
      const now = step.row.step;
      if (context.model.resume !== undefined && now === context.model.resume.at_step) {
        for (const key of [...totals.keys()]) if (key.startsWith("rank ")) totals.delete(key);
      }
      for (const { values, rank } of rowsOf(step)) {
        const scope = rank === undefined ? "cluster" : `rank ${rank}`;
        for (const mode of ["lru", "stale"] as const) {
          const evictions = add(`${scope} ${EVICTION_KEYS[mode]}`, values[EVICTION_KEYS[mode]] as number);
          const falseEvictions = add(`${scope} ${FALSE_EVICTION_KEYS[mode]}`, values[FALSE_EVICTION_KEYS[mode]] as number);
          if (falseEvictions > evictions)
            return `${where(now, rank)}: cumulative ${FALSE_EVICTION_KEYS[mode]} = ${falseEvictions} > cumulative ${EVICTION_KEYS[mode]} = ${evictions}`;
        }
      }
      return undefined;
    },
  };
}
