import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PersistentVolumeClaim } from "kubernetes-models/v1";
import { Job } from "kubernetes-models/batch/v1";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { PROJECT_ROOT, tempDirsPerTest } from "../helpers/runCli.ts";
import { runMain } from "../helpers/runMain.ts";

const SWEEP = "sweeps/stale_threshold_x_capacity.toml";
const tempDir = tempDirsPerTest("sim-sweep-launch-");

interface Manifest {
  kind: string;
  spec: { completionMode?: string; completions?: number; accessModes?: string[]; template?: { spec: { containers: { args: string[] }[] } } };
}

/** Every file under `dir`, relative, with its text. */
function filesUnder(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      files.set(path.slice(dir.length + 1), readFileSync(path, "utf8"));
    }
  }
  return files;
}

describe("sim sweep --launcher slurm (without a cluster)", () => {
  it("--dry-run writes the array's script beside sweep.json and prints the sbatch command; the script's task runs its shard", async () => {
    const out = join(tempDir(), "sweep");
    const result = await runMain([
      "sweep",
      SWEEP,
      "--out",
      out,
      "--launcher",
      "slurm",
      "--shards",
      "3",
      "--array-parallelism",
      "2",
      "--partition",
      "debug",
      "--time",
      "0:30:00",
      "--sbatch-arg=--qos=short",
      "--dry-run",
    ]);
    expect(result.status, result.stderr).toBe(0);
    const script = join(out, "sweep.sbatch");
    expect(result.stdout).toBe(`wrote ${script}: a job array of 3 tasks for 24 configs; submit it with:\n  sbatch --parsable ${script}\n`);
    expect(existsSync(join(out, "sweep.json"))).toBe(true);
    expect(existsSync(join(out, "launch.json"))).toBe(false);
    const text = readFileSync(script, "utf8");
    for (const line of ["#SBATCH --array=1-3%2", "#SBATCH --partition=debug", "#SBATCH --time=0:30:00", "#SBATCH --qos=short", `#SBATCH --output=${out}/slurm-logs/%A_%a.out`]) {
      expect(text).toContain(`${line}\n`);
    }
    expect(text).toMatch(/--shard "\$SLURM_ARRAY_TASK_ID\/\$SLURM_ARRAY_TASK_COUNT" --jobs "\$\{SLURM_CPUS_PER_TASK:-1\}"\n$/);

    // The script as Slurm would run task 2 of 3: its shard, into the shared directory.
    const task = spawnSync("sh", [script], { encoding: "utf8", env: { ...process.env, SLURM_ARRAY_TASK_ID: "2", SLURM_ARRAY_TASK_COUNT: "3", CI: "true" } });
    expect(task.status, task.stderr).toBe(0);
    expect(task.stdout).toMatch(/^sweep diag_stale_false_evict shard 2\/3: 8 configs, 0 already complete, 8 run, 0 failed/);
    expect(task.stdout).toContain("complete: all 8 configs have exactly one completed run in place");
  });

  it("exits 2 naming sbatch when Slurm is not installed, leaving no script and no launch record", async () => {
    const out = join(tempDir(), "sweep");
    const result = await runMain(["sweep", SWEEP, "--out", out, "--launcher", "slurm"], { env: { PATH: join(tempDir(), "no-bin") } });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("sbatch: not found: Slurm's client commands are not installed here");
    expect(existsSync(join(out, "sweep.sbatch"))).toBe(false);
    expect(existsSync(join(out, "launch.json"))).toBe(false);
  });

  it("sweep status shows the launched job's tasks as squeue reports them, in its text and in --json's jobs", async () => {
    // A stand-in Slurm: sbatch accepts the script as job 4; squeue prints what the file squeue.out holds (or fails when it is absent).
    const bin = join(tempDir(), "bin");
    mkdirSync(bin);
    const squeueOut = join(bin, "squeue.out");
    writeFileSync(join(bin, "sbatch"), "#!/bin/sh\necho 4\n", { mode: 0o755 });
    writeFileSync(
      join(bin, "squeue"),
      `#!/bin/sh\n[ -f ${squeueOut} ] || { echo "slurm_load_jobs error: Unable to contact slurm controller" >&2; exit 1; }\n/bin/cat ${squeueOut}\n`,
      { mode: 0o755 },
    );
    const env = { PATH: bin };
    const out = join(tempDir(), "sweep");
    const launched = await runMain(["sweep", SWEEP, "--out", out, "--launcher", "slurm", "--shards", "3"], { env });
    expect(launched.status, launched.stderr).toBe(0);
    const job = { launcher: "slurm", job_id: "4", tasks: 3, configs: null };

    writeFileSync(squeueOut, "4_1|RUNNING\n4_[2-3]|PENDING\n");
    const text = await runMain(["sweep", "status", out], { env });
    expect(text.status).toBe(1);
    expect(text.stdout).toMatch(/^slurm job 4: 3 tasks \(every config\), 2 pending, 1 running\n/);
    const json = await runMain(["sweep", "status", out, "--json"], { env });
    expect([json.status, json.stderr]).toEqual([1, ""]);
    const status = JSON.parse(json.stdout) as { jobs: unknown[]; problems: { kind: string }[]; configs: number };
    expect(status.jobs).toEqual([{ ...job, state: "active", task_states: { pending: 2, running: 1 } }]);
    expect(status.problems.map((problem) => problem.kind)).toEqual(Array.from({ length: status.configs }, () => "queued"));

    writeFileSync(squeueOut, "");
    const ended = JSON.parse((await runMain(["sweep", "status", out, "--json"], { env })).stdout) as { jobs: unknown[]; problems: { kind: string }[] };
    expect(ended.jobs).toEqual([{ ...job, state: "ended", task_states: {} }]);
    expect(new Set(ended.problems.map((problem) => problem.kind))).toEqual(new Set(["missing"]));

    rmSync(squeueOut);
    const unknown = await runMain(["sweep", "status", out, "--json"], { env });
    expect((JSON.parse(unknown.stdout) as { jobs: unknown[] }).jobs).toEqual([
      { ...job, state: "unknown", task_states: {}, detail: "squeue refused: slurm_load_jobs error: Unable to contact slurm controller" },
    ]);
    expect((await runMain(["sweep", "status", out], { env })).stdout).toMatch(
      /^slurm job 4: state unknown \(squeue refused: slurm_load_jobs error: Unable to contact slurm controller\); configs not complete are shown as lost\n/,
    );
  });

  it("refuses launcher options without --launcher, --shard with it, and a stale --sweep-sha256", async () => {
    const out = join(tempDir(), "sweep");
    const wait = await runMain(["sweep", SWEEP, "--out", out, "--wait"]);
    expect([wait.status, wait.stderr]).toEqual([2, "sim: --wait goes with --launcher slurm or k8s\n"]);
    const shard = await runMain(["sweep", SWEEP, "--out", out, "--launcher", "slurm", "--shard", "1/2", "--dry-run"]);
    expect(shard.status).toBe(2);
    expect(shard.stderr).toContain("--shard does not go with --launcher");
    const stale = await runMain(["sweep", SWEEP, "--out", out, "--sweep-sha256", "0".repeat(64)]);
    expect(stale.status).toBe(2);
    expect(stale.stderr).toContain(`${SWEEP} changed after this sweep was submitted`);
    expect(existsSync(out)).toBe(false);
  });
});

describe("sim sweep --launcher k8s --dry-run", () => {
  it("writes a ReadWriteMany claim, an Indexed Job sharding by JOB_COMPLETION_INDEX and a status Job, each valid against Kubernetes' schemas; docs/examples/k8s is its output", async () => {
    const out = join(tempDir(), "sweep");
    const result = await runMain(["sweep", SWEEP, "--out", out, "--launcher", "k8s", "--dry-run"]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("an Indexed Job of 4 pods for 24 configs");
    expect(result.stdout).toContain("note: The claim must be ReadWriteMany");

    const text = readFileSync(join(out, "k8s/sweep-job.yaml"), "utf8");
    const documents = parseAllDocuments(text).map((document) => {
      expect(document.errors).toEqual([]);
      return document.toJS() as Manifest;
    });
    expect(documents.map((d) => d.kind)).toEqual(["PersistentVolumeClaim", "Job", "Job"]);
    const [claim, shards, status] = documents as [Manifest, Manifest, Manifest];
    expect(() => new PersistentVolumeClaim(claim as never).validate()).not.toThrow();
    expect(() => new Job(shards as never).validate()).not.toThrow();
    expect(() => new Job(status as never).validate()).not.toThrow();
    expect(claim.spec.accessModes).toEqual(["ReadWriteMany"]);
    expect(shards.spec.completionMode).toBe("Indexed");
    expect(shards.spec.template?.spec.containers[0]?.args).toEqual([
      "sweep",
      "sweep/sweeps/stale_threshold_x_capacity.toml",
      "--out",
      "/results/sim-sweep-diag-stale-false-evict",
      "--shard",
      "auto",
      "--shards",
      "4",
      "--jobs",
      "2",
    ]);
    expect(status.spec.template?.spec.containers[0]?.args).toEqual(["sweep", "status", "/results/sim-sweep-diag-stale-false-evict"]);
    // A Job that breaks the schema is refused by the same validation (the check can fail).
    expect(() => new Job({ ...shards, spec: { ...shards.spec, completionMode: "Indexd" } } as never).validate()).toThrow(/completionMode/);

    expect(filesUnder(join(out, "k8s"))).toEqual(filesUnder(join(PROJECT_ROOT, "docs/examples/k8s")));
  });
});
