import { METRIC_FAMILIES } from "../../src/metrics/catalog.ts";
import { compareCodeUnits } from "./codeUnitOrder.ts";

/**
 * The fan-out families of the metric catalog: every key under one of these prefixes is
 * one line of the family's chart (a line per modality, a line per eviction mode), never
 * a chart of its own, the lesson of seed 000.
 */
export const FAN_OUT_PREFIXES: readonly string[] = METRIC_FAMILIES.flatMap((family) => ("fanOutPrefix" in family ? [family.fanOutPrefix] : []));

/** One line of a chart: a metric key and the name its legend entry shows. */
export interface ChartMember {
  readonly key: string;
  readonly label: string;
  /** The key this one is the `_max` sibling of (drawn in its colour, thinner). */
  readonly siblingOf?: string;
}

/**
 * One chart: `id` names its metric or pattern (the `data-metric` attribute), `section`
 * the key prefix it is grouped under. A "band" chart shades between its `_min` and
 * `_max` members.
 */
export interface ChartGroup {
  readonly id: string;
  readonly title: string;
  readonly section: string;
  readonly kind: "lines" | "band";
  readonly members: readonly ChartMember[];
}

/**
 * Groups metric keys into charts, one chart per metric:
 *   1. a fan-out family (`stream_mixing/active/modalities/*`, `ledger/evictions/*`,
 *      `ledger/false_evictions/*`) is one chart with a line per member;
 *   2. `X_min` and `X_max`, when both exist and `X` does not, share one band chart
 *      (`X_{min,max}`);
 *   3. `X_max`, when `X` exists, is `X`'s sibling and sits in `X`'s chart;
 *   4. any other key is a chart of its own.
 * Charts are sorted by section, then id; members by key. `step` and `rank` are not metrics.
 */
export function groupMetricKeys(keys: Iterable<string>): ChartGroup[] {
  const all = new Set<string>();
  for (const key of keys) if (key !== "step" && key !== "rank") all.add(key);
  const sorted = [...all].sort(compareCodeUnits);
  const charts = new Map<string, { id: string; title: string; kind: "lines" | "band"; members: ChartMember[] }>();
  const chartOfKey = new Map<string, string>();
  const add = (id: string, kind: "lines" | "band", member: ChartMember): void => {
    let chart = charts.get(id);
    if (chart === undefined) {
      chart = { id, title: id, kind, members: [] };
      charts.set(id, chart);
    }
    chart.members.push(member);
    chartOfKey.set(member.key, id);
  };

  // Base keys first, so that a `_max` sibling finds its metric's chart in step 3.
  const siblings: string[] = [];
  for (const key of sorted) {
    const base = key.endsWith("_max") ? key.slice(0, -"_max".length) : undefined;
    if (base !== undefined && all.has(base)) {
      siblings.push(key);
      continue;
    }
    const family = FAN_OUT_PREFIXES.find((prefix) => key.startsWith(prefix));
    if (family !== undefined) {
      add(`${family}*`, "lines", { key, label: key.slice(family.length) });
      continue;
    }
    const band = bandStem(key, all);
    if (band !== undefined) {
      add(`${band}_{min,max}`, "band", { key, label: key.slice(band.length + 1) });
      continue;
    }
    add(key, "lines", { key, label: lastSegment(key) });
  }
  for (const key of siblings) {
    const base = key.slice(0, -"_max".length);
    const id = chartOfKey.get(base) as string;
    const baseLabel = (charts.get(id) as { members: ChartMember[] }).members.find((m) => m.key === base)?.label ?? lastSegment(base);
    add(id, "lines", { key, label: `${baseLabel}_max`, siblingOf: base });
  }

  const groups = [...charts.values()].map((chart) => ({
    ...chart,
    section: sectionOf(chart.id, all),
    members: [...chart.members].sort((a, b) => compareCodeUnits(a.key, b.key)),
  }));
  return groups.sort((a, b) => compareCodeUnits(a.section, b.section) || compareCodeUnits(a.id, b.id));
}

/**
 * The section a chart sits in: the key's first path segment (`stream_mixing`,
 * `ledger`), as W&B and TensorBoard group panels. A key without a `/` joins the section
 * its first `_`-separated word names when there is one (`ledger_wipe_count` is a ledger
 * metric), else "other".
 */
export function sectionOf(id: string, keys: ReadonlySet<string>): string {
  const slash = id.indexOf("/");
  if (slash > 0) return id.slice(0, slash);
  const word = id.split("_")[0] as string;
  for (const key of keys) if (key.startsWith(`${word}/`)) return word;
  return "other";
}

/** `X` when `key` is `X_min` or `X_max`, both exist, and `X` itself does not. */
function bandStem(key: string, all: ReadonlySet<string>): string | undefined {
  const match = /^(.*)_(min|max)$/.exec(key);
  if (match === null) return undefined;
  const stem = match[1] as string;
  return all.has(`${stem}_min`) && all.has(`${stem}_max`) && !all.has(stem) ? stem : undefined;
}

/** A metric key's last path segment (`remaining_min` of `stream_mixing/active/remaining_min`), a chart's line label. */
export function lastSegment(key: string): string {
  return key.slice(key.lastIndexOf("/") + 1);
}
