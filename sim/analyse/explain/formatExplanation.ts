import { STEP_METRIC_KEYS as K } from "../../../src/streamMixing/stepMetricKeys.ts";
import { familyOfKey, METRIC_FAMILY_NAMES, type MetricFamily } from "../../../src/metrics/catalog.ts";
import type { Extreme, ReaderView, StepExplanation } from "./stepExplanation.ts";

const MAX_LISTED = 12;

function list<T>(items: readonly T[], show: (item: T) => string): string {
  const shown = items.slice(0, MAX_LISTED).map(show);
  if (items.length > MAX_LISTED) shown.push(`and ${items.length - MAX_LISTED} more`);
  return shown.join("; ");
}

function readerAt(v: ReaderView): string {
  return `${v.reader} on rank ${v.rank}`;
}

function pickHistory(v: ReaderView, step: number): string {
  return v.lastPickedStep === null
    ? `not picked since it joined the active set at step ${v.joinedStep} (${step - v.joinedStep} steps ago)`
    : `last picked at step ${v.lastPickedStep} (${step - v.lastPickedStep} steps ago)`;
}

/** "key = value (metrics.jsonl: recorded)", flagging a re-run that disagrees with the record. */
function valueLine(key: string, e: StepExplanation, recorded: Readonly<Record<string, number>> | undefined): string {
  const value = e.values[key];
  const rec = recorded?.[key];
  const shown = value === undefined ? "not emitted" : String(value);
  if (recorded === undefined) return `${key} = ${shown}`;
  const recShown = rec === undefined ? "not emitted" : String(rec);
  const agree = shown === recShown ? "" : "  <-- DIFFERS from the re-run";
  return `${key} = ${shown} (metrics.jsonl: ${recShown})${agree}`;
}

function extremeLine(label: string, x: Extreme | undefined, describe: (v: ReaderView) => string): string {
  if (x === undefined) return `  ${label}: no rank has an active reader`;
  return `  ${label} ${x.value}: ${list(x.readers, (v) => `${readerAt(v)}, ${describe(v)}`)}`;
}

/** What a family's block reads: the explanation, the recorded row, and the keys of a family in either. */
interface BlockContext {
  readonly e: StepExplanation;
  readonly recorded: Readonly<Record<string, number>> | undefined;
  readonly keysOf: (family: MetricFamily) => string[];
}

/** The explanation of one step in words, one block per metric family (or only `metric`'s family), in catalog order. */
export function formatExplanation(e: StepExplanation, recorded: Readonly<Record<string, number>> | undefined, metric?: string): string {
  const only: MetricFamily | undefined = metric === undefined ? undefined : familyOfKey(metric);
  const keysOf = (family: MetricFamily): string[] => [...new Set([...Object.keys(e.values), ...Object.keys(recorded ?? {})])].filter((k) => familyOfKey(k) === family).sort();
  const blocks: string[] = [];
  if (e.resumes.length > 0) blocks.push(resumeBlock(e));
  for (const family of METRIC_FAMILY_NAMES) if (only === undefined || only === family) blocks.push(FAMILY_BLOCKS[family]({ e, recorded, keysOf }));
  return `step ${e.step}${metric ? ` (${metric})` : ""}:\n` + blocks.join("\n\n") + "\n";
}

function resumeBlock(e: StepExplanation): string {
  return (
    `A modeled resume took effect at the start of step ${e.step}: every ledger restarted empty; ` +
      list(
        e.resumes.filter((r) => r.dropped.length > 0),
        (r) => `rank ${r.rank} dropped ${r.dropped.map((d) => `${d.reader} (${d.remaining_cells} cells left)`).join(", ")}`,
      ) || "no reader was dropped"
  );
}

function gidName(v: { gid: number; group?: { reader: string; rank: number; group: number } }): string {
  return v.group ? `gid ${v.gid} (${v.group.reader}, slice of rank ${v.group.rank}, group ${v.group.group})` : `gid ${v.gid}`;
}

/** Each family's block: the values of its keys, then what produced them. */
const FAMILY_BLOCKS: Readonly<Record<MetricFamily, (context: BlockContext) => string>> = {
  steps_since_pick: ({ e, recorded }) =>
    [valueLine(K.stepsSincePickMax, e, recorded), extremeLine("the largest steps since pick,", e.stepsSincePickMax, (v) => pickHistory(v, e.step))].join("\n"),
  remaining: ({ e, recorded }) => {
    const picks = (v: ReaderView): string => `${v.remainingPicks} of ${v.totalPicks} picks left`;
    return [
      valueLine(K.remainingMin, e, recorded),
      extremeLine("fewest remaining picks,", e.remainingMin, picks),
      valueLine(K.remainingMax, e, recorded),
      extremeLine("most remaining picks,", e.remainingMax, picks),
      valueLine(K.remainingFractionMin, e, recorded),
      extremeLine("smallest remaining fraction,", e.fractionMin, picks),
      valueLine(K.remainingFractionMax, e, recorded),
      extremeLine("largest remaining fraction,", e.fractionMax, picks),
    ].join("\n");
  },
  modalities: ({ e, recorded, keysOf }) => {
    const lines = keysOf("modalities").map((k) => valueLine(k, e, recorded));
    for (const m of e.modalities) lines.push(`  ${m.modality}: ${m.readers.length} active reader(s): ${list(m.readers, readerAt)}`);
    if (lines.length === 0) lines.push("modality fan-out: no rank has an active reader");
    return lines.join("\n");
  },
  exhaust: ({ e, recorded }) =>
    [
      valueLine(K.exhaustEvents, e, recorded),
      e.exhausts.length === 0 ? "  no reader exhausted its slice in this step" : `  exhausted: ${list(e.exhausts, (x) => `${x.reader} on rank ${x.rank}`)}`,
    ].join("\n"),
  evictions: ({ e, recorded, keysOf }) => {
    const lines = keysOf("evictions").map((k) => valueLine(k, e, recorded));
    lines.push(
      e.evictions.length === 0
        ? "  no ledger evicted an entry in this step"
        : `  evicted: ${list(e.evictions, (v) => `${gidName(v)} from owner rank ${v.rank}'s ledger by ${v.mode.toUpperCase()} (last stored at step ${v.lastStep})`)}`,
    );
    return lines.join("\n");
  },
  false_evictions: ({ e, recorded, keysOf }) => {
    const lines = keysOf("false_evictions").map((k) => valueLine(k, e, recorded));
    lines.push(
      e.falseEvictions.length === 0
        ? "  no store in this step found a recently evicted gid"
        : `  falsely evicted (stored again after an eviction): ${list(
            e.falseEvictions,
            (v) =>
              `${gidName(v)} on owner rank ${v.rank}: evicted by ${v.mode.toUpperCase()}` +
              (v.evictedAtStep !== undefined
                ? ` at step ${v.evictedAtStep}, when it had last been stored at step ${v.lastStepBeforeEviction}`
                : " (the eviction is not in the trace)"),
          )}`,
    );
    return lines.join("\n");
  },
  wipe_count: ({ e, recorded, keysOf }) => {
    const lines = keysOf("wipe_count").map((k) => valueLine(k, e, recorded));
    lines.push(`  sweeps and wipes per owner rank since the start or the last modeled resume: ${e.wipeCounts.join(", ")}`);
    if (e.wipes.length > 0)
      lines.push(`  in this step: ${list(e.wipes, (w) => `rank ${w.rank} ${w.kind === "sweep" ? "swept" : "wiped"} ${w.removed} entr${w.removed === 1 ? "y" : "ies"}`)}`);
    return lines.join("\n");
  },
};
