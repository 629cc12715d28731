import { join, resolve } from "node:path";
import { UserError } from "../../../src/errors.ts";
import { EXIT } from "../../exitCodes.ts";
import { RUN_MARKER } from "../../format/runFiles.ts";
import type { FoundRun } from "./findRuns.ts";
import { readManifests } from "./sweepStatus.ts";
import type { SweepStore } from "./sweepStore.ts";

export interface MergeResult {
  /** Configs copied into the output directory. */
  readonly copied: number;
  /** Configs whose identical run was already in the output directory. */
  readonly present: number;
}

/**
 * Joins the directories of separately run shards into `outDir` (docs/sweeps.md). Every
 * directory must hold sweep.json of the same sweep and harness version (else bad input,
 * exit 2). Then every config must have a completed run in place in at least one
 * directory, and runs of one config in several directories must have equal
 * metrics_sha256; otherwise the merge is refused before anything is copied (exit 2: its inputs cannot make the sweep),
 * naming every missing or conflicting config. Each run directory is copied under a
 * temporary name and renamed into place, so an interrupted merge leaves no half run; a
 * run in `outDir` that did not complete is replaced. Everything is read and written
 * through `store` (nodeSweepStore on disk).
 */
export function mergeSweeps(store: SweepStore, dirs: readonly string[], outDir: string): MergeResult {
  const manifest = readManifests(store, dirs);
  const foundByDir = dirs.map((dir) => store.findRuns(dir));
  const runsByDir = foundByDir.map((runs) => new Map(runs.filter((run) => run.completed).map((run) => [run.path, run])));
  const damagedByDir = foundByDir.map((runs) => new Map(runs.filter((run) => run.damaged === true).map((run) => [run.path, run])));
  const outRuns = store.exists(outDir) ? new Map(store.findRuns(outDir).map((run) => [run.path, run])) : new Map<string, FoundRun>();

  const problems: string[] = [];
  const copies: { from: FoundRun; to: string }[] = [];
  let present = 0;
  for (const config of manifest.configs) {
    const candidates = runsByDir
      .map((runs) => runs.get(config.destination))
      .filter((run): run is FoundRun => run !== undefined && run.scenarioSha256 === config.scenario_sha256 && run.steps === config.steps);
    const results = new Set(candidates.map((run) => run.metricsSha256));
    // A damaged copy is never passed over for an intact one in silence: which is right is the user's call.
    const damaged = damagedByDir.map((runs) => runs.get(config.destination)).filter((run): run is FoundRun => run !== undefined);
    if (damaged.length > 0) {
      const intact = candidates.map((run) => `${run.absolute} is intact`).join("; ");
      problems.push(
        `config ${config.name} has a damaged copy: ${damaged.map((run) => `${run.absolute} (${run.failure ?? "damaged"})`).join("; ")}${intact === "" ? "" : `; ${intact}`}: remove or re-run the damaged copy`,
      );
      continue;
    }
    if (candidates.length === 0) {
      problems.push(`missing ${config.name}: no completed run at ${dirs.map((dir) => join(dir, config.destination)).join(", ")}`);
      continue;
    }
    if (results.size > 1) {
      problems.push(
        `config ${config.name} was run twice with different results: ${candidates.map((run) => `${run.absolute} (metrics_sha256 ${String(run.metricsSha256).slice(0, 12)})`).join(" vs ")}`,
      );
      continue;
    }
    const chosen = candidates[0] as FoundRun;
    const existing = outRuns.get(config.destination);
    if (existing !== undefined) {
      if (existing.completed && existing.scenarioSha256 === config.scenario_sha256 && existing.steps === config.steps && existing.metricsSha256 === chosen.metricsSha256) {
        present++;
        continue;
      }
      if (existing.completed && resolve(existing.absolute) !== resolve(chosen.absolute)) {
        problems.push(`${existing.absolute} already holds a different run of ${config.name}; empty it or choose another --out`);
        continue;
      }
    }
    const to = join(outDir, config.destination);
    // Only a run directory of ours is ever replaced: a folder that merely has a config's name is the user's.
    if (!store.isReplaceableRunDirectory(to)) {
      problems.push(
        `${to} is in the place of ${config.name} but is not a run directory (it lacks the ${RUN_MARKER} marker a run writes first); move it away or choose another --out`,
      );
      continue;
    }
    copies.push({ from: chosen, to });
  }
  if (problems.length > 0) {
    throw new UserError(
      `refusing to merge ${dirs.join(", ")} into ${outDir}: ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n  ${problems.join("\n  ")}`,
      EXIT.badInput,
    );
  }

  store.makeDirectory(outDir, "--out");
  store.writeManifest(outDir, manifest);
  for (const { from, to } of copies) {
    if (resolve(from.absolute) !== resolve(to)) store.copyRun(from.absolute, to);
  }
  return { copied: copies.length, present };
}
