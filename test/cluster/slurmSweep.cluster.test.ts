import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { readLaunchRecord, taskOfConfig } from "../../sim/execute/sweep/launcher/launchRecord.ts";
import { readManifest } from "../../sim/execute/sweep/sweepManifest.ts";
import { PROJECT_ROOT } from "../helpers/runCli.ts";
import { runMain } from "../helpers/runMain.ts";

const SWEEP = join(PROJECT_ROOT, "test/fixtures/cluster/cluster_sweep.toml");
/** Run files that hold wall-clock times; every other file of a run is compared byte for byte. */
const TIMED_FILES = new Set(["events.jsonl", "heartbeat.json"]);

const env = { SLURM_CONF: inject("slurmConf") };
const slurm = (tool: string, args: readonly string[]): string => execFileSync(tool, args, { env: { ...process.env, ...env }, encoding: "utf8" });

let work: string;
let local: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "sim-cluster-test-"));
  local = join(work, "local");
  const result = await runMain(["sweep", SWEEP, "--out", local, "--jobs", "2"]);
  expect(result.status, result.stderr).toBe(0);
});

afterAll(() => {
  // Jobs this file submitted and left (a failed case) must not run on into the next.
  for (const dir of existsSync(work) ? readdirSync(work) : []) {
    const record = readLaunchRecord(join(work, dir));
    for (const submission of record?.submissions ?? []) slurm("scancel", [submission.job_id]);
  }
  rmSync(work, { recursive: true, force: true });
});

/** Every file of every run directory, relative to the sweep directory, with its bytes; the timed files left out. */
function runFiles(sweepDir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const config of readManifest(sweepDir).configs) {
    const walk = (dir: string, rel: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        // A symbolic link (wandb/latest-run) is compared by where it points.
        if (entry.isSymbolicLink()) files.set(`${rel}/${entry.name}`, `-> ${readlinkSync(join(dir, entry.name))}`);
        else if (entry.isDirectory()) walk(join(dir, entry.name), `${rel}/${entry.name}`);
        else if (!TIMED_FILES.has(entry.name)) files.set(`${rel}/${entry.name}`, readFileSync(join(dir, entry.name)).toString("base64"));
      }
    };
    walk(join(sweepDir, config.destination), config.destination);
  }
  return files;
}

/**
 * The configs whose run completed as sim sweep status counts one: COMPLETED in its
 * events.jsonl and its artifacts.json in place. A run records COMPLETED and then writes
 * the manifest over its closed files, so a task cancelled between the two leaves a run
 * that status rightly names failed; counting COMPLETED alone took such a run for done
 * (a CI run at 16:06 on 2026-12-05 met that window).
 */
function completedConfigs(sweepDir: string): Set<string> {
  const done = new Set<string>();
  for (const config of readManifest(sweepDir).configs) {
    const runDir = join(sweepDir, config.destination);
    const events = join(runDir, "events.jsonl");
    if (existsSync(events) && readFileSync(events, "utf8").includes('"COMPLETED"') && existsSync(join(runDir, "artifacts.json"))) done.add(config.name);
  }
  return done;
}

async function waitUntil(what: string, condition: () => boolean, timeoutMs = 180_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting until ${what}`);
    await sleep(250);
  }
}

const jobEnded = (jobId: string) => () => slurm("squeue", ["--noheader", "--array", "--jobs", jobId]).trim() === "";
const jobIdOf = (stdout: string): string => /submitted slurm job (\d+)/.exec(stdout)?.[1] ?? "";

describe("sim sweep --launcher slurm on a local one-node Slurm", () => {
  it("runs the 24-config sweep as a 3-task array with --wait, every config's bytes as the one-machine sweep's", async () => {
    const dir = join(work, "waited");
    const result = await runMain(["sweep", SWEEP, "--out", dir, "--launcher", "slurm", "--shards", "3", "--wait"], { env });
    expect(result.status, result.stdout + result.stderr).toBe(0);
    const jobId = jobIdOf(result.stdout);
    expect(result.stdout).toContain(`submitted slurm job ${jobId}: 3 tasks for 24 configs`);
    expect(result.stdout).toContain("complete: all 24 configs have exactly one completed run in place");
    expect(runFiles(dir)).toEqual(runFiles(local));
    // The accounting lines of the array's three tasks (jobcomp/filetxt: each task is a job
    // of its own there, ArrayJobId ${jobId}), shown for the record.
    const sacct = slurm("sacct", ["--completion", "--format=JobID,JobName%30,State,Start,End,ExitCode"]);
    console.log(`sacct --completion (array job ${jobId}):\n${sacct}`);
    expect(sacct.match(/COMPLETED/g)?.length).toBe(3);
  });

  it("names exactly the configs of a cancelled task it had not finished, and --only-missing completes the sweep", async () => {
    const dir = join(work, "cancelled");
    const submitted = await runMain(["sweep", SWEEP, "--out", dir, "--launcher", "slurm", "--shards", "3"], { env });
    expect(submitted.status, submitted.stderr).toBe(0);
    const jobId = jobIdOf(submitted.stdout);
    const record = readLaunchRecord(dir);
    expect(record?.submissions.map((s) => s.job_id)).toEqual([jobId]);
    const owners = taskOfConfig(record!, readManifest(dir).configs);
    const ofTask2 = [...owners].filter(([, owner]) => owner.task === 2).map(([name]) => name);
    expect(ofTask2.length).toBe(8);

    await waitUntil("task 2 has completed a config", () => ofTask2.some((name) => completedConfigs(dir).has(name)));
    const doneAtCancel = ofTask2.filter((name) => completedConfigs(dir).has(name)).length;
    slurm("scancel", [`${jobId}_2`]);
    // While tasks 1 and 3 run on, status shows their configs queued or running, and the job.
    const during = await runMain(["sweep", "status", dir], { env });
    expect(during.status).toBe(1);
    expect(during.stdout).toMatch(new RegExp(`slurm job ${jobId}: 3 tasks \\(every config\\), .*running`));
    expect(during.stdout).toMatch(/^(queued|running) /m);
    await waitUntil("the array has ended", jobEnded(jobId));

    const done = completedConfigs(dir);
    const unfinished = ofTask2.filter((name) => !done.has(name)).sort();
    const task2Log = readdirSync(join(dir, "slurm-logs"))
      .filter((name) => name.endsWith("_2.out"))
      .map((name) => readFileSync(join(dir, "slurm-logs", name), "utf8"));
    console.log(`task 2 had completed ${doneAtCancel} of its 8 configs at scancel, ${8 - unfinished.length} when the array ended; its log:\n${task2Log.join("\n")}`);
    expect(unfinished.length).toBeGreaterThan(0);
    expect(unfinished.length).toBeLessThan(8);
    const status = await runMain(["sweep", "status", dir], { env });
    console.log(`sim sweep status after scancel ${jobId}_2:\n${status.stdout}`);
    expect(status.status).toBe(1);
    const named = [...status.stdout.matchAll(/^(missing|failed) +([^:]+):/gm)].map((m) => m[2] as string);
    expect([...new Set(named)].sort()).toEqual(unfinished);
    expect(status.stdout).toContain(`slurm job ${jobId}: 3 tasks (every config), ended`);

    const rerun = await runMain(["sweep", SWEEP, "--out", dir, "--launcher", "slurm", "--only-missing", "--wait"], { env });
    expect(rerun.status, rerun.stdout + rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(new RegExp(`submitted slurm job \\d+: \\d tasks? for ${unfinished.length} configs`));
    expect(rerun.stdout).toContain("complete: all 24 configs have exactly one completed run in place");
    expect(runFiles(dir)).toEqual(runFiles(local));
  });

  it("refuses a sweep whose file changed after submission rather than mixing it into the directory", async () => {
    const dir = join(work, "edited");
    const file = join(work, "edited.toml");
    const text = readFileSync(SWEEP, "utf8").replace('extends = "../../../scenarios/', `extends = "${PROJECT_ROOT}/scenarios/`);
    writeFileSync(file, text);
    // Held, so that the file is edited before any task starts.
    const submitted = await runMain(["sweep", file, "--out", dir, "--launcher", "slurm", "--shards", "3", "--sbatch-arg=--hold"], { env });
    expect(submitted.status, submitted.stderr).toBe(0);
    const jobId = jobIdOf(submitted.stdout);
    writeFileSync(file, text.replace("[2, 5, 10, 20]", "[2, 5, 10, 30]"));
    slurm("scontrol", ["release", jobId]);
    await waitUntil("the array has ended", jobEnded(jobId));

    const logs = readdirSync(join(dir, "slurm-logs")).map((name) => readFileSync(join(dir, "slurm-logs", name), "utf8"));
    expect(logs.length).toBe(3);
    for (const log of logs) expect(log).toContain("changed after this sweep was submitted");
    expect(completedConfigs(dir).size).toBe(0);
    expect(readdirSync(dir).filter((name) => name.startsWith("diag_"))).toEqual([]);

    const rerun = await runMain(["sweep", file, "--out", dir, "--launcher", "slurm", "--only-missing"], { env });
    expect(rerun.status).toBe(2);
    expect(rerun.stderr).toContain("changed after submission");
  });

  it("exits 2 with sbatch's message when sbatch refuses, leaving no script and no launch record", async () => {
    const dir = join(work, "refused");
    const result = await runMain(["sweep", SWEEP, "--out", dir, "--launcher", "slurm", "--partition", "no_such_partition"], { env });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/sbatch refused: .*partition/i);
    expect(existsSync(join(dir, "sweep.sbatch"))).toBe(false);
    expect(existsSync(join(dir, "launch.json"))).toBe(false);
  });
});
