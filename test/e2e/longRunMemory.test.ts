import { linkSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileSha256 } from "../../sim/io/fileSha256.ts";
import { type CliResult, runCliInOneProcess } from "../helpers/runCli.ts";
import { runBuiltMain } from "../helpers/runMain.ts";

/**
 * Memory flat in a run's length (issue 24): one long run is made per test session in a
 * temporary directory (removed afterwards), and every command that reads a run reads it
 * (and `sim check` in all its forms checks its scenario, the run's metrics.jsonl as the
 * golden file, or writes that file) with a V8 heap smaller than its metrics.jsonl, so that a reader holding the file's
 * lines or rows in memory cannot finish (splitting the 51 MB text into lines alone runs
 * out of a 40 MiB heap). The step limit's run is measured the same way by
 * `npm run bench` (long runs section) and docs/bench.md; this is the same property at a
 * size a test session can afford.
 *
 * The readers run one after another in one process (runCliInOneProcess) whose every
 * thread has that heap, as a process a reader had: the bound is the same for each, and
 * no looser for the memory an earlier reader may leave behind. A reader that runs out of
 * it fails alone (the readers after it run in a new process). One Node start-up and one
 * load of the CLI instead of twelve.
 */
const STEPS = 80_000;
/** The readers' heap (--max-old-space-size, MiB): below metrics.jsonl's size, above what a streaming reader needs. */
const HEAP_MIB = 40;

/** The bench's long-run scenario (tools/bench/longRunSection.ts) at STEPS: W=4, one group of 4 streams, capacity 16. */
const SCENARIO = `description = "A long run at W=4 for the memory-flat test"
[run]
seed = 7
steps = ${STEPS}
world_size = 4
[dataset]
layout = "nested"
num_streams_mixed = 2
batching_mode = "per_modality"
pick_weighting = "remaining_picks"
bs = 32
[[dataset.groups]]
modality = "rna"
streams = 4
cells = [56000, 72000]
[ledger]
capacity = 16
wipe_mode = "none"
`;

/** The readers: a name, the command, what its stdout shows, and the directory under the session's it runs in (default the session's). */
const READERS: readonly (readonly [name: string, args: readonly string[], output: RegExp, cwd?: string])[] = [
  ["replay", ["replay", "run"], /identical \(80000 rows/],
  ["report", ["report", "run", "--out", "report.html"], /report\.html/],
  ["export tensorboard", ["export", "tensorboard", "run", "--out", "tb"], /wrote tb/],
  ["export wandb-history", ["export", "wandb-history", "run", "--out", "history.jsonl"], /^$/],
  ["explain", ["explain", "run", "--step", String(STEPS)], new RegExp(`step ${STEPS}`)],
  ["sweep status", ["sweep", "status", "sweep"], /complete: all 1 configs/],
  ["sweep merge", ["sweep", "merge", "sweep", "--out", "merged"], /merged/],
  ["check", ["check", "long.toml"], /^long +80000 +match /m],
  ["check --twice", ["check", "--twice", "long.toml"], /^long +80000 +match .* identical +\d+$/m],
  ["check --report", ["check", "--report", "check.html", "long.toml"], /^long +80000 +match /m],
  // In update/ (no golden file yet): drafted as the rows pass, then renamed into place; the second time it is unchanged.
  ["check --update (new)", ["check", "--update", "long.toml"], /golden\/long\.jsonl: new/, "update"],
  ["check --update (unchanged)", ["check", "--update", "long.toml"], /golden\/long\.jsonl: unchanged/, "update"],
];

/** The session's directory, made before the first test and removed after the last. */
let dir = "";
/** Each reader's result, in READERS' order. */
let results: readonly CliResult[] = [];

describe(`the readers of a ${STEPS}-step run, each with a ${HEAP_MIB} MiB heap`, () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "sim-e2e-long-run-"));
    writeFileSync(join(dir, "long.toml"), SCENARIO);
    writeFileSync(join(dir, "sweep.toml"), 'extends = "long.toml"\n[sweep]\nseeds = [7]\n');
    // `sim check --update` writes its golden file in a project of its own (update/), beside the one whose golden file is the run's metrics.jsonl.
    mkdirSync(join(dir, "update"));
    writeFileSync(join(dir, "update", "long.toml"), SCENARIO);
    // The run and the sweep are made in this process (the built CLI, whose sweep worker loads built code): only their readers are under test.
    const run = await runBuiltMain(["run", "long.toml", "--out", "run", "--trace"], { cwd: dir });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const sweep = await runBuiltMain(["sweep", "sweep.toml", "--out", "sweep", "--jobs", "1"], { cwd: dir });
    expect(sweep.status, sweep.stderr).toBe(0);
    // The property only means something when the file cannot fit in the heap.
    expect(statSync(join(dir, "run", "metrics.jsonl")).size).toBeGreaterThan(HEAP_MIB * 1024 * 1024);
    // The run's metrics.jsonl is the scenario's golden file byte for byte: `sim check long.toml` holds the two against each other.
    mkdirSync(join(dir, "golden"));
    linkSync(join(dir, "run", "metrics.jsonl"), join(dir, "golden", "long.jsonl"));
    results = runCliInOneProcess(
      READERS.map(([, args, , cwd]) => ({ args, cwd: cwd === undefined ? dir : join(dir, cwd) })),
      { env: { NODE_OPTIONS: `--max-old-space-size=${HEAP_MIB}` } },
    );
  }, 600_000);

  afterAll(() => {
    if (dir !== "") rmSync(dir, { recursive: true, force: true });
  });

  it.each(READERS.map((reader, index) => [reader[0], index] as const))("%s completes", (_name, index) => {
    const result = results[index] as CliResult;
    expect(result.stderr).not.toMatch(/heap out of memory/);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(READERS[index]![2]);
  });

  it("check --update wrote the run's metrics.jsonl byte for byte, and left no temporary beside it", () => {
    expect(fileSha256(join(dir, "update", "golden", "long.jsonl"), { kind: "golden file" })).toBe(fileSha256(join(dir, "run", "metrics.jsonl"), { kind: "metrics" }));
    expect(readdirSync(join(dir, "update", "golden"))).toEqual(["long.jsonl"]);
  });
});
