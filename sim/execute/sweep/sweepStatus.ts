import { join } from "node:path";
import { UserError } from "../../../src/errors.ts";
import type { FoundRun } from "./findRuns.ts";
import { itemsOfShard, type Shard } from "../pool/shard.ts";
import { type ManifestConfig, SWEEP_MANIFEST_FILE, type SweepManifest } from "./sweepManifest.ts";
import type { SweepStore } from "./sweepStore.ts";

/** queued and running: not complete yet, but its cluster job is still at it (launcher/jobStates.ts). */
export type ConfigProblemKind = "missing" | "failed" | "damaged" | "duplicated" | "misrouted" | "queued" | "running";

export interface ConfigProblem {
  readonly config: string;
  readonly kind: ConfigProblemKind;
  readonly detail: string;
}

export interface ConfigState {
  readonly config: ManifestConfig;
  /** The one completed run in place, when the config is complete. */
  readonly run?: FoundRun;
  readonly problems: readonly ConfigProblem[];
}

/** The completeness check of a sweep as a value (docs/sweeps.md); `formatSweepStatus` turns it into text. */
export interface SweepStatus {
  readonly manifest: SweepManifest;
  readonly dirs: readonly string[];
  /** Every config checked, in sweep.json's order (a shard's configs only, with a shard). */
  readonly configs: readonly ConfigState[];
  /** Completed runs that belong to no config of the sweep and sit in no config's place. */
  readonly strays: readonly FoundRun[];
  readonly complete: boolean;
}

/** The identity of a run: its scenario hash and its steps (the hash leaves steps out, and a sweep may vary them). */
function identityOf(scenarioSha256: string, steps: number): string {
  return `${scenarioSha256}@${steps}`;
}

/** Reads sweep.json in every directory and refuses directories that hold different sweeps or harness versions. */
export function readManifests(store: SweepStore, dirs: readonly string[]): SweepManifest {
  if (dirs.length === 0) throw new UserError("name at least one sweep directory");
  // One directory named twice (`a a`, or `a ./a/`) would find each of its runs twice.
  const seen = new Map<string, string>();
  for (const dir of dirs) {
    const real = store.realPath(dir);
    const earlier = seen.get(real);
    if (earlier !== undefined) throw new UserError(`${dir}: the same directory as ${earlier}, named twice; name each sweep directory once`);
    seen.set(real, dir);
  }
  const manifests = dirs.map((dir) => ({ dir, manifest: store.readManifest(dir) }));
  const first = manifests[0] as { dir: string; manifest: SweepManifest };
  for (const { dir, manifest } of manifests.slice(1)) {
    if (manifest.sweep_sha256 !== first.manifest.sweep_sha256) {
      throw new UserError(
        `${join(dir, SWEEP_MANIFEST_FILE)} is of another sweep than ${join(first.dir, SWEEP_MANIFEST_FILE)} (sweep_sha256 ${manifest.sweep_sha256.slice(0, 12)} vs ${first.manifest.sweep_sha256.slice(0, 12)})`,
      );
    }
    if (manifest.harness_version !== first.manifest.harness_version) {
      throw new UserError(
        `${join(dir, SWEEP_MANIFEST_FILE)} was written by harness ${manifest.harness_version}, ${join(first.dir, SWEEP_MANIFEST_FILE)} by ${first.manifest.harness_version}: rerun the shards with one version`,
      );
    }
  }
  return first.manifest;
}

/**
 * Compares the configs of sweep.json with the run directories found under `dirs` (one
 * sweep, possibly split over shard directories). A config is complete when exactly one
 * completed run with its scenario hash and steps exists, at its destination in one of
 * the directories. With `only`, only the named configs are checked (then `shard` of them).
 * Otherwise it is named, with every reason that applies:
 * - missing: no run at its destination and none elsewhere;
 * - failed: a run at its destination that did not complete (FAILED, or killed);
 * - damaged: a run at its destination that completed, but whose metrics.jsonl no longer
 *   matches the hash its artifacts.json recorded;
 * - misrouted: its completed run sits outside its destination, or its destination
 *   holds a completed run of another config (or of no config of this sweep);
 * - duplicated: more than one completed run of it.
 * Everything is read through `store` (nodeSweepStore on disk).
 */
export function sweepStatus(store: SweepStore, dirs: readonly string[], shard?: Shard, only?: ReadonlySet<string>): SweepStatus {
  const manifest = readManifests(store, dirs);
  const runs = dirs.flatMap((dir) => store.findRuns(dir));
  const ownerOf = new Map(manifest.configs.map((c) => [identityOf(c.scenario_sha256, c.steps), c.name]));
  const destinations = new Set(manifest.configs.map((c) => c.destination));
  // `only` (a job's own configs, as --configs names them) first, then the shard of those.
  const scoped = only === undefined ? manifest.configs : manifest.configs.filter((c) => only.has(c.name));
  const checked = shard === undefined ? [...scoped] : itemsOfShard(scoped, (c) => c.cost_rank_steps, shard);

  // Indexed once, so that checking n configs against m runs stays linear.
  const completedByIdentity = groupBy(
    runs.filter((run) => run.completed),
    (run) => identityOf(run.scenarioSha256 as string, run.steps as number),
  );
  const byPath = groupBy(runs, (run) => run.path);

  const configs = checked.map((config): ConfigState => {
    const problems: ConfigProblem[] = [];
    const problem = (kind: ConfigProblemKind, detail: string) => problems.push({ config: config.name, kind, detail });
    const own = completedByIdentity.get(identityOf(config.scenario_sha256, config.steps)) ?? [];
    const inPlace = own.filter((run) => run.path === config.destination);
    const atPlace = byPath.get(config.destination) ?? [];

    for (const run of own.filter((r) => r.path !== config.destination)) {
      problem("misrouted", `its completed run is at ${run.absolute}, outside its destination ${join(run.sweepDir, config.destination)}`);
    }
    if (own.length > 1) problem("duplicated", `${own.length} completed runs: ${own.map((r) => r.absolute).join(", ")}`);
    if (own.length === 0) {
      const failed = atPlace.filter((run) => !run.completed);
      const foreign = atPlace.filter((run) => run.completed);
      for (const run of failed) problem(run.damaged === true ? "damaged" : "failed", `${run.absolute}: ${run.failure ?? "did not complete"}`);
      for (const run of foreign) {
        const owner = ownerOf.get(identityOf(run.scenarioSha256 as string, run.steps as number));
        problem(
          "misrouted",
          `its destination ${run.absolute} holds ${owner === undefined ? `a run of no config of this sweep (scenario_sha256 ${String(run.scenarioSha256).slice(0, 12)}, ${run.steps} steps)` : `the run of config ${owner}`}`,
        );
      }
      if (atPlace.length === 0) problem("missing", `no run at ${dirs.map((dir) => join(dir, config.destination)).join(" or ")}`);
    }
    const complete = problems.length === 0 && inPlace.length === 1;
    return { config, problems, ...(complete ? { run: inPlace[0] as FoundRun } : {}) };
  });

  const strays = runs.filter((run) => run.completed && !ownerOf.has(identityOf(run.scenarioSha256 as string, run.steps as number)) && !destinations.has(run.path));
  return { manifest, dirs, configs, strays, complete: configs.every((c) => c.run !== undefined) };
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  return groups;
}

/** The status as text: one line per problem, then a count; the last line says whether the sweep is complete. */
export function formatSweepStatus(status: SweepStatus): string {
  const lines: string[] = [];
  for (const state of status.configs) {
    for (const problem of state.problems) lines.push(`${problem.kind.padEnd(10)} ${problem.config}: ${problem.detail}`);
  }
  for (const stray of status.strays) lines.push(`stray      ${stray.absolute}: a completed run that belongs to no config of this sweep`);
  const total = status.configs.length;
  const done = status.configs.filter((c) => c.run !== undefined).length;
  const counts = (["missing", "failed", "damaged", "misrouted", "duplicated", "queued", "running"] as const)
    .map((kind) => [kind, status.configs.filter((c) => c.problems.some((p) => p.kind === kind)).length] as const)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n} ${kind}`);
  const sweep = `sweep ${status.manifest.sweep_sha256.slice(0, 12)} (${status.manifest.scenario})`;
  lines.push(
    status.complete
      ? `${sweep}: complete: all ${total} configs have exactly one completed run in place`
      : `${sweep}: incomplete: ${done} of ${total} configs complete; ${counts.join(", ")}`,
  );
  return lines.join("\n") + "\n";
}
