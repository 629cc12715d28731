import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { withJobStates } from "../../../../../sim/execute/sweep/launcher/jobStates.ts";
import { nodeRunStore } from "../../../../../sim/execute/run/nodeRunStore.ts";
import type { LaunchRecord } from "../../../../../sim/execute/sweep/launcher/launchRecord.ts";
import type { ManifestConfig, SweepManifest } from "../../../../../sim/execute/sweep/sweepManifest.ts";
import type { SweepStatus } from "../../../../../sim/execute/sweep/sweepStatus.ts";
import { makeTempDir } from "../../../../helpers/runCli.ts";

const config: ManifestConfig = { name: "c0", point: {}, scenario_sha256: "0".repeat(64), steps: 10, cost_rank_steps: 40, destination: "c0" };
const record: LaunchRecord = {
  format: "sim-sweep-launch",
  format_version: 1,
  launcher: "slurm",
  sweep_sha256: "1".repeat(64),
  submissions: [{ job_id: "42", tasks: 1, script: "sweep.sbatch", configs: null }],
};
const RUNNING_TASK = new Map([["42_1", "RUNNING"]]);

/** A sweep directory whose one config is not complete, its run's events.jsonl holding `events` (no file when undefined). */
function statusWithEvents(dir: string, events: string | undefined): SweepStatus {
  if (events !== undefined) {
    mkdirSync(join(dir, config.destination), { recursive: true });
    writeFileSync(join(dir, config.destination, "events.jsonl"), events);
  }
  const manifest = { configs: [config] } as unknown as SweepManifest;
  return { manifest, dirs: [dir], configs: [{ config, problems: [{ config: config.name, kind: "missing", detail: "no run" }] }], strays: [], complete: false };
}

describe("withJobStates", () => {
  let cleanup = (): void => {};
  afterEach(() => cleanup());
  const dir = (): string => {
    const made = makeTempDir("sim-jobstates-");
    cleanup = made.cleanup;
    return made.dir;
  };

  it("names a config queued while its running task has not started its run", () => {
    const problems = withJobStates(statusWithEvents(dir(), undefined), record, RUNNING_TASK, nodeRunStore).configs[0]?.problems;
    expect(problems?.map((p) => p.kind)).toEqual(["queued"]);
  });

  it("names a config running from its run's last whole event, past a half-written last line (it said queued)", () => {
    const events = '{"event":"STARTED","step":0}\n{"event":"RUNNING","step":5}\n{"event":"RUNN';
    const problems = withJobStates(statusWithEvents(dir(), events), record, RUNNING_TASK, nodeRunStore).configs[0]?.problems;
    expect(problems?.map((p) => [p.kind, p.detail])).toEqual([["running", "job 42 task 1 (RUNNING): its run is RUNNING"]]);
  });

  it("leaves a config whose run FAILED as failed, for --only-missing to resubmit", () => {
    const status = statusWithEvents(dir(), '{"event":"STARTED"}\n{"event":"FAILED"}\n');
    expect(withJobStates(status, record, RUNNING_TASK, nodeRunStore).configs[0]?.problems.map((p) => p.kind)).toEqual(["missing"]);
  });
});
