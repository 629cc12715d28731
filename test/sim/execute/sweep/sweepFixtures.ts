import type { ManifestConfig, SweepManifest } from "../../../../sim/execute/sweep/sweepManifest.ts";
import { sha256Of } from "../../../helpers/memoryRunStore.ts";

/** A scenario hash for config `name`: 64 hex digits, one per name. */
export function scenarioHashOf(name: string): string {
  return sha256Of(`scenario ${name}`);
}

/** A config of the test sweep: its destination is its name, 10 steps. */
export function configOf(name: string): ManifestConfig {
  return { name, point: { "run.seed": name.length }, scenario_sha256: scenarioHashOf(name), steps: 10, cost_rank_steps: 10, destination: name };
}

/** The test sweep's sweep.json, with configs a, b and c. */
export function manifestOf(names: readonly string[] = ["a", "b", "c"], sweepSha256 = sha256Of("sweep")): SweepManifest {
  return {
    format: "sim-sweep",
    format_version: 1,
    sweep_sha256: sweepSha256,
    harness_version: "0.1.0",
    scenario: "healthy_smoke",
    axes: ["run.seed"],
    configs: names.map(configOf),
  };
}

/**
 * The files of a completed run of config `name` (events, artifacts.json recording the
 * metrics' hash, metrics.jsonl, the run marker); `metrics` varies its result.
 */
export function completedRun(name: string, metrics = `{"step":1,"loss":${name.length}}\n`): Record<string, string> {
  const artifacts = {
    format_version: 3,
    scenario: "healthy_smoke",
    seed: 1,
    steps: 10,
    first_step: 1,
    harness_version: "0.1.0",
    scenario_sha256: scenarioHashOf(name),
    metrics_sha256: sha256Of(metrics),
    resumed_from: null,
    per_rank: false,
    trace: false,
    files: ["artifacts.json", "events.jsonl", "metrics.jsonl"],
  };
  return {
    ".sim-run": '{"format":"sim-run","format_version":1}\n',
    "events.jsonl": '{"event":"STARTED"}\n{"event":"COMPLETED","step":10}\n',
    "artifacts.json": JSON.stringify(artifacts),
    "metrics.jsonl": metrics,
  };
}
