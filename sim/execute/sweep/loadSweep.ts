import { UserError } from "../../../src/errors.ts";
import { atMostLimit, LIMITS } from "../../limits.ts";
import { resolvedScenarioSha256 } from "../run/scenarioHash.ts";
import { sweepSha256Of } from "./sweepSha256.ts";
import { scenarioFromDocument } from "../../input/scenario/loadScenario.ts";
import { type ExtendedDocument, resolveExtends } from "../../input/scenario/resolveExtends.ts";
import type { Scenario } from "../../input/scenario/scenario.ts";
import { isTable, toPlainValue, type TomlTable } from "../../input/scenario/tomlValue.ts";
import { parseScenarioKeyPath, setAtKeyPath } from "./scenarioKeyPath.ts";
import { configNameOf, expandSweepPoints, SEED_KEY, type SweepPoint } from "./sweepPoint.ts";
import { readSweepTable, type SweepTable } from "./sweepTable.ts";
import { sweptIntegralFloatProblems } from "./sweptIntegralFloats.ts";

/** One config of a sweep: a point and the scenario it resolves to. */
export interface SweepConfig {
  /** The config's name (configNameOf), also its run directory's name. */
  readonly name: string;
  readonly point: SweepPoint;
  readonly scenario: Scenario;
  /** resolvedScenarioSha256 of the scenario, as its run's artifacts.json will record it. */
  readonly scenarioSha256: string;
  readonly steps: number;
  /** What a config costs to run, in rank-steps (steps x world size): the unit shards balance. */
  readonly costRankSteps: number;
}

export interface LoadedSweep {
  readonly file: string;
  /** The base scenario's name, the first part of every config's name. */
  readonly scenarioName: string;
  readonly table: SweepTable;
  /** The swept keys in declared order (`seed` last when sweep.seeds is set): summary.csv's axis columns. */
  readonly axisKeys: readonly string[];
  readonly configs: readonly SweepConfig[];
  /** sha256 of the configs' names, points, scenario hashes and steps: what makes two shards one sweep. */
  readonly sweepSha256: string;
}

/** Problems reported at once at most; the rest are counted (a bad axis value usually breaks many points alike). */
const MAX_PROBLEMS_SHOWN = 10;

/**
 * Loads a sweep file (docs/sweeps.md), in phases (each after 2 a function below), so that
 * nothing runs unless every config is sound:
 *   1. read the file and its extends chain, and check the [sweep] table's shape;
 *   2. load the file as its base scenario ([sweep] ignored), which must itself be valid;
 *   3. check every swept key against the scenario schema (with a did-you-mean), and
 *      refuse a float with an integral value (4.0) swept where an integer is meant;
 *   4. expand the points and name them, refusing two points with one name;
 *   5. build each point's scenario with scenarioFromDocument from the merged document
 *      with the point's values set, so each is checked exactly as a scenario file is.
 */
export function loadSweep(file: string): LoadedSweep {
  const document = resolveExtends(file);
  if (document.merged.sweep === undefined) throw new UserError(`${file}: no [sweep] table: a sweep file is a scenario with a [sweep] table (docs/sweeps.md)`);
  const table = readSweepTable(file, document.merged.sweep);
  checkSweepSize(file, table);
  const base = scenarioFromDocument(file, copyDocument(document));
  const paths = sweptKeyPaths(file, table);
  const floatProblems = sweptIntegralFloatProblems(document.integralFloats ?? [], paths);
  if (floatProblems.length > 0) throw new UserError(`${file}: the [sweep] table writes integers as floats:\n  ${floatProblems.join("\n  ")}`);
  const points = expandSweepPoints(table);
  const names = configNamesOf(file, base.name, points);
  const configs = pointConfigs(file, document, base.name, points, names, paths);
  const axisKeys = [...table.axes.map((axis) => axis.key), ...table.zip.map((axis) => axis.key), ...(table.seeds ? [SEED_KEY] : [])];
  return {
    file,
    scenarioName: base.name,
    table,
    axisKeys,
    configs,
    sweepSha256: sweepSha256Of(configs.map((c) => ({ name: c.name, point: c.point, scenario_sha256: c.scenarioSha256, steps: c.steps }))),
  };
}

type KeyPaths = ReadonlyMap<string, ReturnType<typeof parseScenarioKeyPath>>;

/** Phase 3: every swept key, checked against the scenario schema (with a did-you-mean) and parsed once. */
function sweptKeyPaths(file: string, table: SweepTable): KeyPaths {
  const paths = new Map<string, ReturnType<typeof parseScenarioKeyPath>>();
  for (const [part, axes] of [
    ["axes", table.axes],
    ["zip", table.zip],
  ] as const) {
    for (const axis of axes) paths.set(axis.key, parseScenarioKeyPath(axis.key, `${file}: sweep.${part}`));
  }
  return paths;
}

/** Phase 4: each point's config name, refusing two points with one name. */
function configNamesOf(file: string, baseName: string, points: readonly SweepPoint[]): string[] {
  const names = points.map((point) => configNameOf(baseName, point));
  const firstWithName = new Map<string, number>();
  names.forEach((name, i) => {
    const earlier = firstWithName.get(name);
    if (earlier !== undefined) {
      const first = describePoint(points[earlier] as SweepPoint);
      const second = describePoint(points[i] as SweepPoint);
      // 4 and 4.0 are one number once read: the points then print alike.
      const alike = first === second ? " (equal values, such as 4 and 4.0, are one value)" : "";
      throw new UserError(`${file}: two sweep points resolve to the same config name ${name}: ${first} and ${second}${alike}; make the values distinct`);
    }
    firstWithName.set(name, i);
  });
  return names;
}

/**
 * Phase 5: each point's scenario, built from the merged document with the point's values
 * set, so each is checked exactly as a scenario file is; every invalid point is named.
 */
function pointConfigs(file: string, document: ExtendedDocument, baseName: string, points: readonly SweepPoint[], names: readonly string[], paths: KeyPaths): SweepConfig[] {
  // The [sweep] table goes once, before the copies: copied with every point, its arrays
  // (a seed list as long as the sweep) made the copies quadratic in the configs.
  const pointBase = withoutSweepTable(document);
  const problems: string[] = [];
  const configs: SweepConfig[] = [];
  points.forEach((point, i) => {
    const name = names[i] as string;
    try {
      const scenario = scenarioFromDocument(file, pointDocument(pointBase, baseName, point, paths, `${file}: sweep point ${name}`));
      configs.push({
        name,
        point,
        scenario,
        scenarioSha256: resolvedScenarioSha256(scenario.resolved),
        steps: scenario.steps,
        costRankSteps: scenario.steps * scenario.model.world_size,
      });
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      problems.push(`sweep point ${name} (${describePoint(point)}): ${error.message.replace(/\n/g, "\n    ")}`);
    }
  });
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_PROBLEMS_SHOWN);
    const more = problems.length > shown.length ? `\n  ... and ${problems.length - shown.length} more` : "";
    throw new UserError(`${file}: ${problems.length} of ${points.length} sweep points are not valid scenarios:\n  ${shown.join("\n  ")}${more}`);
  }
  return configs;
}

/** The document without its [sweep] table (the table itself left alone in `document`). */
function withoutSweepTable(document: ExtendedDocument): ExtendedDocument {
  const { sweep: _sweep, ...merged } = document.merged;
  return { ...document, merged };
}

function copyDocument(document: ExtendedDocument): ExtendedDocument {
  return { merged: toPlainValue(document.merged) as TomlTable, chain: document.chain, provenance: document.provenance.clone() };
}

/** The merged document with the point's values set, run.name fixed to the scenario's name and no [sweep] table. */
function pointDocument(
  document: ExtendedDocument,
  scenarioName: string,
  point: SweepPoint,
  paths: ReadonlyMap<string, ReturnType<typeof parseScenarioKeyPath>>,
  where: string,
): ExtendedDocument {
  const copy = copyDocument(document);
  const merged = copy.merged;
  delete merged.sweep;
  if (!isTable(merged.run)) merged.run = {};
  // Named explicitly, so that `sim run` of the config's scenario.resolved.toml, wherever it is saved, runs under the same name.
  // A name taken from the file's name (`my dir/s w.toml`) may hold characters an explicit
  // run.name may not: they become `_`, as in the config's name.
  const explicit = isTable(document.merged.run) && document.merged.run.name !== undefined;
  merged.run.name = explicit ? scenarioName : scenarioName.replace(/[^A-Za-z0-9._-]/g, "_");
  if (!explicit) copy.provenance.assign("run.name", `${document.chain[0]} (its file name)`);
  for (const [key, value] of point) {
    if (key === SEED_KEY) {
      merged.run.seed = value;
      copy.provenance.assign("run.seed", `${document.chain[0]} (sweep.seeds)`);
      continue;
    }
    setAtKeyPath(merged, paths.get(key) ?? [], toPlainValue(value), key, where);
    copy.provenance.assign(key, `${document.chain[0]} (sweep)`);
  }
  return copy;
}

export function describePoint(point: SweepPoint): string {
  return point.map(([key, value]) => `${key} = ${JSON.stringify(value)}`).join(", ") || "no swept keys";
}

/**
 * Refuses a sweep of more configs than LIMITS.sweepConfigs before a single point is
 * expanded: the count is the product of the axes' lengths, the zip's and the seeds', so
 * a sweep of 1e8 configs is refused at once instead of filling memory.
 */
function checkSweepSize(file: string, table: SweepTable): void {
  const factors = [
    ...table.axes.map((axis) => ({ what: axis.key, count: axis.values.length })),
    ...(table.zip.length > 0 ? [{ what: `zip (${table.zip.map((axis) => axis.key).join(", ")})`, count: table.zip[0]?.values.length ?? 0 }] : []),
    ...(table.seeds === undefined ? [] : [{ what: "seeds", count: table.seeds.length }]),
  ];
  const configs = factors.reduce((product, factor) => product * factor.count, 1);
  if (configs > LIMITS.sweepConfigs) {
    throw new UserError(
      `${file}: the sweep has ${configs} configs (${factors.map((f) => `${f.count} ${f.what}`).join(" x ")}): expected ${atMostLimit("sweepConfigs")}; split it into several sweeps`,
    );
  }
}
