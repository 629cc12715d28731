import { execFileSync } from "node:child_process";
import { cpSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT, tempDirsPerTest, makeTempDir } from "../helpers/runCli.ts";
import { runBuiltMain, runMain } from "../helpers/runMain.ts";

/**
 * The bad-input corpus: every case is a file or a command line a user could give, and
 * each must be refused cleanly: the expected exit code, a message naming the file and
 * the field or line, no stack trace, no raw control characters echoed, and no file
 * changed or left behind. Static fixtures live in test/fixtures/bad-input/; snapshots,
 * traces, goldens and run directories are taken from a run of its valid.toml made once
 * (their headers carry this harness's version), then damaged per case.
 *
 * A case that writes nothing before its command runs in one copy of the fixtures that
 * all such cases share, checked after each against the copy as it was made; a case that
 * writes its own files first (its `setup`) gets a directory of its own holding the one
 * fixture the cases with a setup name, scenarios/valid.toml. Copying the whole fixture
 * directory for each of the 173 cases, and removing it after, was about half of this
 * file's CPU (4 to 5 s of system time), for files the cases never read.
 */

const FIXTURES = join(PROJECT_ROOT, "test/fixtures/bad-input");
const tempDir = tempDirsPerTest("sim-bad-input-");

/** Every file under `dir` with its bytes, so a test can tell that nothing changed or appeared. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string, rel: string): void => {
    for (const entry of readdirSync(at).sort()) {
      const path = join(at, entry);
      const name = rel === "" ? entry : `${rel}/${entry}`;
      // A FIFO or a symlink is noted, never opened or followed (a FIFO would block, a loop never resolves).
      const link = lstatSync(path);
      if (link.isFIFO() || link.isSymbolicLink()) {
        out[name] = link.isFIFO() ? "(fifo)" : "(symlink)";
      } else if (statSync(path).isDirectory()) {
        out[`${name}/`] = "";
        walk(path, name);
      } else {
        out[name] = readFileSync(path).toString("base64");
      }
    }
  };
  walk(dir, "");
  return out;
}

interface Generated {
  /** A completed run directory with trace.jsonl and snapshots/step-4.json, step-8.json, step-12.json. */
  readonly runDir: string;
  readonly golden: string;
  /** A complete sweep directory of SWEEP. */
  readonly sweepDir: string;
}

/** A sweep of two configs of valid.toml; its extends path is relative to it, so it is named by its absolute path. */
const SWEEP = join(FIXTURES, "sweeps/two_configs.toml");
const SWEEP_CONFIG = "two_configs__ledger.capacity=4__seed=1";

let generated: Generated;
let cleanupGenerated: () => void;
/** The copy of the fixtures that the cases without a setup share, and its files as copied. */
let shared: { dir: string; tree: Record<string, string> };
let cleanupShared: () => void;

/** The one fixture the cases with a setup read, into `dir`: what they run, or extend, is scenarios/valid.toml. */
function copyValidScenario(dir: string): void {
  mkdirSync(join(dir, "scenarios"));
  cpSync(join(FIXTURES, "scenarios/valid.toml"), join(dir, "scenarios/valid.toml"));
}

beforeAll(async () => {
  const copy = makeTempDir("sim-bad-input-shared-");
  cleanupShared = copy.cleanup;
  cpSync(FIXTURES, copy.dir, { recursive: true });
  shared = { dir: copy.dir, tree: tree(copy.dir) };
  const { dir, cleanup } = makeTempDir("sim-bad-input-gen-");
  cleanupGenerated = cleanup;
  copyValidScenario(dir);
  // On the built CLI, whose pool workers are built code: the sources' would load through
  // tsx, about 0.6 s more CPU for the sweep (sweepInterrupts.test.ts). Its configs run in
  // its worker's process while this thread makes the run and the golden file: one
  // worker, since the sweep is only data here and a second process costs more CPU
  // (about 0.14 s) than its share of two 12-step configs.
  const sweeping = runBuiltMain(["sweep", SWEEP, "--out", "gen-sweep", "--jobs", "1"], { cwd: dir });
  const run = await runMain(["run", "scenarios/valid.toml", "--out", "gen-run", "--trace", "--snapshot-every", "4"], { cwd: dir });
  expect(run.status, run.stderr).toBe(0);
  const check = await runMain(["check", "scenarios/valid.toml", "--update"], { cwd: dir });
  expect(check.status, check.stderr).toBe(0);
  const sweep = await sweeping;
  expect(sweep.status, sweep.stderr).toBe(0);
  generated = { runDir: join(dir, "gen-run"), golden: readFileSync(join(dir, "golden/valid.jsonl"), "utf8"), sweepDir: join(dir, "gen-sweep") };
});

afterAll(() => {
  cleanupGenerated?.();
  cleanupShared?.();
});

const readJson = (path: string): Record<string, unknown> => JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
/** The generated snapshot after step 8, changed by `edit`, written to `dir/snap.json`. */
function snapshotWith(
  dir: string,
  edit: (snapshot: { engine: { datasets: Record<string, unknown>[]; ledgers: Record<string, unknown>[] } } & Record<string, unknown>) => void,
): void {
  const snapshot = readJson(join(generated.runDir, "snapshots/step-8.json")) as Parameters<typeof edit>[0];
  edit(snapshot);
  writeFileSync(join(dir, "snap.json"), JSON.stringify(snapshot, null, 1) + "\n");
}
const traceLines = (): string[] =>
  readFileSync(join(generated.runDir, "trace.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l !== "");
/** The generated trace with the first line of `kind` replaced by `edit(line)`, in a copy of the run at `dir/run`. */
function runWithTraceEdit(dir: string, kind: string, edit: (event: Record<string, unknown>) => Record<string, unknown> | string): void {
  cpSync(generated.runDir, join(dir, "run"), { recursive: true });
  const lines = traceLines();
  const index = lines.findIndex((line) => (JSON.parse(line) as { kind?: string }).kind === kind);
  const edited = edit(JSON.parse(lines[index] as string) as Record<string, unknown>);
  lines[index] = typeof edited === "string" ? edited : JSON.stringify(edited);
  writeFileSync(join(dir, "run/trace.jsonl"), lines.join("\n") + "\n");
}
const copyRun = (dir: string): string => {
  cpSync(generated.runDir, join(dir, "run"), { recursive: true });
  return join(dir, "run");
};
const copySweep = (dir: string, name = "sw"): string => {
  cpSync(generated.sweepDir, join(dir, name), { recursive: true });
  return join(dir, name);
};
const mkfifo = (path: string): void => void execFileSync("mkfifo", [path]);
const aFile = (dir: string): void => writeFileSync(join(dir, "afile"), "the user's file\n");
const goldenProject = (dir: string, golden: string | Buffer): void => {
  mkdirSync(join(dir, "golden"), { recursive: true });
  writeFileSync(join(dir, "golden/valid.jsonl"), golden);
};

interface BadInputCase {
  readonly id: string;
  readonly argv: readonly string[];
  /** What the message must contain: the file, and the field or line. */
  readonly names: readonly (string | RegExp)[];
  readonly exit?: number;
  readonly setup?: (dir: string) => void;
}

const validate = (name: string, ...names: (string | RegExp)[]): BadInputCase => ({
  id: `scenario ${name}`,
  argv: ["validate", `scenarios/${name}.toml`],
  names: [`scenarios/${name}.toml`, ...names],
});
const runScenario = (name: string, ...names: (string | RegExp)[]): BadInputCase => ({
  id: `run ${name}`,
  argv: ["run", `scenarios/${name}.toml`],
  names: [`scenarios/${name}.toml`, ...names],
});
const cli = (id: string, argv: readonly string[], ...names: (string | RegExp)[]): BadInputCase => ({ id: `cli ${id}`, argv, names });
/** A valid minimal trace at `dir/t.jsonl`, for the cases whose options are at fault. */
const minimalTrace = (dir: string): void => writeFileSync(join(dir, "t.jsonl"), '{"step":1,"rank":0,"gid":1}\n{"step":2,"rank":1,"gid":2}\n');
const replayCli = (id: string, argv: readonly string[], ...names: (string | RegExp)[]): BadInputCase => ({ ...cli(id, argv, ...names), setup: minimalTrace });

/** `sim explain run --step 3` on a copy of the generated run whose first `kind` trace event is `edit`ed (runWithTraceEdit). */
const explainEditedTrace = (id: string, kind: string, edit: (event: Record<string, unknown>) => Record<string, unknown>, ...names: (string | RegExp)[]): BadInputCase => ({
  id,
  argv: ["explain", "run", "--step", "3"],
  names,
  setup: (dir) => runWithTraceEdit(dir, kind, edit),
});

const CASES: readonly BadInputCase[] = [
  // Scenario TOML.
  validate("steps_float", "run.steps = 10.0", "expected an integer"),
  validate("steps_huge", "run.steps", "LIMITS.steps"),
  runScenario("steps_huge", "run.steps", "LIMITS.steps"),
  validate("world_size_float", "run.world_size = 2.0"),
  validate("cells_exponent", "dataset.groups[0].cells = 1e3"),
  validate("world_size_limit", "run.world_size", "LIMITS.worldSize"),
  validate("streams_limit", "dataset.groups", "LIMITS.streams"),
  validate("readers_limit", "run.world_size", "LIMITS.readers"),
  validate("batches_limit", "run.steps", "LIMITS.batchesPerRun"),
  runScenario("batches_limit", "LIMITS.batchesPerRun"),
  validate("seed_int64_overflow", /:3:\d+/, "64-bit range"),
  validate("seed_date", "run.seed", /1979-05-27 \(a date\), |1979-05-27 \(a date\)$/m),
  validate("cells_three", "dataset.groups[0].cells", "pair"),
  validate("unknown_key", "run.setps", "did you mean run.steps"),
  validate("parse_error", ":3:", "TOML parse error at line 3"),
  validate("extends_missing", "nowhere.toml"),
  {
    id: "scenario extends_absolute_missing",
    argv: ["validate", "scenarios/extends_absolute_missing.toml"],
    names: ["scenarios/extends_absolute_missing.toml", /cannot read the scenario file \(no such file\); extends chain: .* -> \/nonexistent-sim-dir\/parent\.toml/],
  },
  validate("metric_typo", "expect[0].metric", 'did you mean "ledger/evictions/lru"'),
  validate("window_past_end", "expect[0].steps", "1..12"),
  validate("direct_no_dir", "dataset.streams[0].path"),
  validate("resume_beyond", "resume.at_step"),
  validate("ring_limit", "ledger.recently_evicted_capacity", "LIMITS.recentlyEvictedCapacity"),
  validate("capacity_limit", "ledger.capacity", "LIMITS.ledgerCapacity"),
  validate("bs_negative", "dataset.bs"),
  validate("steps_string", "run.steps", '"many" (a string)'),
  validate("k_zero", "dataset.num_streams_mixed"),
  validate("baseline_missing", "run.baseline"),
  validate("empty", "run is missing"),
  validate("wipe_mode_typo", "ledger.wipe_mode", 'did you mean "periodic_stale"'),
  validate("bom_unknown_key", "run.stesp"),
  validate("binary_garbage", ":2:", "U+0000"),
  { id: "scenario is a directory", argv: ["validate", "scenarios"], names: ["scenarios", "is a directory"] },

  // Command-line flags.
  cli("--steps without a value", ["run", "scenarios/valid.toml", "--steps"], "--steps needs a value"),
  cli("--seed without a value", ["run", "scenarios/valid.toml", "--seed"], "--seed needs a value"),
  cli("--snapshot-every without a value", ["run", "scenarios/valid.toml", "--snapshot-every"], "--snapshot-every needs a value"),
  cli("--out without a value", ["run", "scenarios/valid.toml", "--out"], "--out needs a value"),
  cli("sweep --out without a value", ["sweep", "scenarios/valid.toml", "--out"], "--out needs a value"),
  cli("sweep --jobs abc", ["sweep", "scenarios/valid.toml", "--jobs", "abc"], '--jobs must be an integer >= 1, got "abc"'),
  cli("sweep status --shard without a value", ["sweep", "status", "out", "--shard"], "--shard needs a value"),
  cli("check --report without a value", ["check", "scenarios/valid.toml", "--report"], "--report needs a value"),
  cli("report --out without a value", ["report", "run", "--out"], "--out needs a value"),
  cli("export --out without a value", ["export", "tensorboard", "run", "--out"], "--out needs a value"),
  cli("mutate --catalog without a value", ["mutate", "--catalog"], "--catalog needs a value"),
  cli("--steps abc", ["run", "scenarios/valid.toml", "--steps", "abc"], '--steps must be an integer >= 1, got "abc"'),
  cli("--steps 1e300", ["run", "scenarios/valid.toml", "--steps", "1e300"], "--steps 1e300", "LIMITS.steps"),
  cli("--steps 1.5", ["run", "scenarios/valid.toml", "--steps", "1.5"], "--steps must be an integer >= 1, got 1.5"),
  cli("--seed -1", ["run", "scenarios/valid.toml", "--seed", "-1"], "--seed must be an integer >= 0, got -1"),
  cli("--steps twice", ["run", "scenarios/valid.toml", "--steps", "3", "--steps", "4"], "--steps was given 2 times"),
  {
    id: "cli --out under a file",
    argv: ["run", "scenarios/valid.toml", "--out", "afile/sub"],
    names: ["--out", "afile/sub", "is a file"],
    setup: (dir) => writeFileSync(join(dir, "afile"), "x"),
  },
  cli("--out under /proc", ["run", "scenarios/valid.toml", "--out", "/proc/sim-out"], "--out /proc/sim-out"),
  {
    id: "cli --out holding another tool's files",
    argv: ["run", "scenarios/valid.toml", "--out", "other"],
    names: ["other", "not a previous run directory", ".sim-run"],
    setup: (dir) => {
      mkdirSync(join(dir, "other"));
      for (const name of ["events.jsonl", "metrics.jsonl", "run.log"]) writeFileSync(join(dir, "other", name), "theirs\n");
    },
  },
  cli("unknown option", ["run", "scenarios/valid.toml", "--stpes", "3"], "stpes"),
  cli("unknown command", ["runn", "scenarios/valid.toml"], '"runn"', "did you mean run?"),
  replayCli("ledger-replay --capacity 0", ["ledger-replay", "t.jsonl", "--capacity", "0"], "--capacity", '"0"'),
  replayCli("ledger-replay --capacity over the limit", ["ledger-replay", "t.jsonl", "--capacity", "1000000000"], "--capacity", "LIMITS.ledgerCapacity"),
  replayCli("ledger-replay --wipe-mode typo", ["ledger-replay", "t.jsonl", "--capacity", "4", "--wipe-mode", "sometimes"], "--wipe-mode", '"sometimes"'),
  replayCli(
    "ledger-replay --recently-evicted-capacity abc",
    ["ledger-replay", "t.jsonl", "--capacity", "4", "--recently-evicted-capacity", "abc"],
    '--recently-evicted-capacity must be an integer >= 1, got "abc"',
  ),
  { id: "cli explain --step abc", argv: ["explain", "run", "--step", "abc"], names: ['--step must be an integer >= 1, got "abc"'], setup: copyRun },
  { id: "cli explain --step without a value", argv: ["explain", "run", "--step"], names: ["--step needs a value"], setup: copyRun },
  { id: "cli explain --step past the end", argv: ["explain", "run", "--step", "13"], names: ["--step 13", "1..12"], setup: copyRun },
  {
    id: "cli --resume-from with --trace",
    argv: ["run", "scenarios/valid.toml", "--resume-from", "snap.json", "--trace"],
    names: ["--trace", "--resume-from"],
    setup: (dir) => snapshotWith(dir, () => undefined),
  },

  // Golden files (`sim check`).
  {
    id: "golden is a directory",
    argv: ["check", "scenarios/valid.toml"],
    names: ["golden/valid.jsonl", "is a directory"],
    setup: (dir) => mkdirSync(join(dir, "golden/valid.jsonl"), { recursive: true }),
  },
  { id: "golden empty", argv: ["check", "scenarios/valid.toml"], names: ["golden/valid.jsonl:1", "empty"], setup: (dir) => goldenProject(dir, "") },
  {
    id: "golden line not JSON",
    argv: ["check", "scenarios/valid.toml"],
    names: ["golden/valid.jsonl:2", /not a JSON value: (?!.*truncated)/],
    setup: (dir) =>
      goldenProject(
        dir,
        generated.golden
          .split("\n")
          .map((l, i) => (i === 1 ? "hello" : l))
          .join("\n"),
      ),
  },
  {
    id: "golden truncated",
    argv: ["check", "scenarios/valid.toml"],
    names: ["golden/valid.jsonl:12", "truncated"],
    setup: (dir) => goldenProject(dir, generated.golden.slice(0, -20)),
  },
  {
    id: "golden steps out of order",
    argv: ["check", "scenarios/valid.toml"],
    names: ["golden/valid.jsonl:1", "expected step 1"],
    setup: (dir) => goldenProject(dir, generated.golden.replace('{"step":1,', '{"step":2,')),
  },
  {
    id: "golden metric not a number",
    argv: ["check", "scenarios/valid.toml"],
    names: ["golden/valid.jsonl:1", '"ledger/evictions/lru"'],
    setup: (dir) => goldenProject(dir, generated.golden.replace('"ledger/evictions/lru":0', '"ledger/evictions/lru":"zero"')),
  },
  {
    id: "golden binary garbage",
    argv: ["check", "scenarios/valid.toml"],
    names: ["golden/valid.jsonl:1"],
    setup: (dir) => goldenProject(dir, Buffer.concat([Buffer.from([0, 0x1b, 0x9b, 0xff, 0x0a]), Buffer.from(generated.golden)])),
  },
  {
    id: "golden line an array",
    argv: ["check", "scenarios/valid.toml"],
    names: ["golden/valid.jsonl:1", "not a JSON object"],
    setup: (dir) => goldenProject(dir, "[1,2]\n" + generated.golden),
  },
  {
    id: "golden with --update is still refused",
    argv: ["check", "scenarios/valid.toml", "--update"],
    names: ["golden/valid.jsonl:2"],
    setup: (dir) =>
      goldenProject(
        dir,
        generated.golden
          .split("\n")
          .map((l, i) => (i === 1 ? "{" : l))
          .join("\n"),
      ),
  },

  // Snapshots (`sim run --resume-from`).
  ...(
    [
      ["active index 99", (s) => ((s.engine.datasets[0] as { active: number[] }).active[0] = 99), "engine.datasets[0].active[0]"],
      ["position outside the slice", (s) => ((s.engine.datasets[1] as { positions: number[] }).positions[0] = 0), "engine.datasets[1].positions[0]"],
      ["active not an array", (s) => (s.engine.datasets[0]!.active = "oops"), "engine.datasets[0].active"],
      ["active reader still waiting in the pool", (s) => ((s.engine.datasets[0] as { poolHead: number }).poolHead = 0), "engine.datasets[0].active[0]", "still waits in the pool"],
      ["format", (s) => (s.format = "other"), '"format"'],
      ["step differs from the engine's", (s) => (s.step = 4), "step 4"],
      [
        "ledger over capacity",
        (s) => ((s.engine.ledgers[0] as { entries: number[][] }).entries = [0, 2, 4, 6, 8, 10].map((g) => [g, 8])),
        "engine.ledgers[0].entries",
        "ledger.capacity",
      ],
      [
        "ring over capacity",
        (s) => ((s.engine.ledgers[0] as { recentlyEvicted: unknown[] }).recentlyEvicted = Array.from({ length: 9 }, (_, i) => [i * 2 + 1000, "lru"])),
        "engine.ledgers[0].recentlyEvicted",
      ],
      ["pickRng missing", (s) => delete s.engine.datasets[0]!.pickRng, "engine.datasets[0].pickRng"],
      [
        "pickRng word not a multiple of 2^-32",
        (s) => ((s.engine.datasets[0] as { pickRng: { prng: { s0: number } } }).pickRng.prng.s0 = 0.1),
        "engine.datasets[0].pickRng.prng",
        "s0 is 0.1",
        "multiple of 2^-32",
      ],
      ["pickRng carry not an integer", (s) => ((s.engine.datasets[1] as { pickRng: { prng: { c: number } } }).pickRng.prng.c = 1.5), "engine.datasets[1].pickRng.prng", "c is 1.5"],
      ["entry of another owner rank", (s) => ((s.engine.ledgers[0] as { entries: number[][] }).entries = [[1, 8]]), "engine.ledgers[0].entries[0]", "owner rank 1"],
      // fast-check's corrupted snapshot (test/properties/corruptInput.property.test.ts, seed -1010694369): a byte flip put
      // ledger 1's gid 15 into ledger 0's ring, which reached the model's assertion (exit 3) instead of a refusal.
      [
        "ring gid of another owner rank",
        (s) => ((s.engine.ledgers[0] as { recentlyEvicted: unknown[] }).recentlyEvicted = [[15, "lru"]]),
        "engine.ledgers[0].recentlyEvicted[0]",
        "owner rank 1",
      ],
      ["eviction mode unknown", (s) => ((s.engine.ledgers[0] as { recentlyEvicted: unknown[] }).recentlyEvicted = [[2, "sometimes"]]), "engine.ledgers[0].recentlyEvicted[0][1]"],
      ["one rank too many", (s) => s.engine.datasets.push(s.engine.datasets[0]!), "ranks"],
      [
        "entry twice",
        (s) =>
          ((s.engine.ledgers[0] as { entries: number[][] }).entries = [
            [2, 7],
            [2, 8],
          ]),
        "engine.ledgers[0].entries[1]",
        "appears twice",
      ],
      [
        "gid both stored and recently evicted",
        (s) => {
          const ledger = s.engine.ledgers[0] as { entries: number[][]; recentlyEvicted: unknown[] };
          ledger.entries = [[2, 8]];
          ledger.recentlyEvicted = [[2, "lru"]];
        },
        "engine.ledgers[0].recentlyEvicted[0]",
        "both",
      ],
    ] as [string, (s: Parameters<Parameters<typeof snapshotWith>[1]>[0]) => unknown, ...string[]][]
  ).map(([id, edit, ...names]): BadInputCase => ({
    id: `snapshot ${id}`,
    argv: ["run", "scenarios/valid.toml", "--resume-from", "snap.json", "--out", "resumed"],
    names: ["snap.json", ...names],
    setup: (dir) => snapshotWith(dir, (s) => void edit(s)),
  })),
  {
    id: "snapshot truncated",
    argv: ["run", "scenarios/valid.toml", "--resume-from", "snap.json"],
    names: [/snap\.json:\d+:\d+/, "truncated"],
    setup: (dir) => writeFileSync(join(dir, "snap.json"), readFileSync(join(generated.runDir, "snapshots/step-8.json"), "utf8").slice(0, 300)),
  },
  {
    id: "snapshot not JSON",
    argv: ["run", "scenarios/valid.toml", "--resume-from", "snap.json"],
    names: ["snap.json", /invalid JSON: (?!.*truncated)/],
    setup: (dir) => writeFileSync(join(dir, "snap.json"), "hello\n"),
  },
  {
    id: "snapshot is a directory",
    argv: ["run", "scenarios/valid.toml", "--resume-from", "snap.json"],
    names: ["snap.json", "is a directory"],
    setup: (dir) => mkdirSync(join(dir, "snap.json")),
  },
  {
    id: "snapshot of another scenario",
    argv: ["run", "scenarios/metric_typo_free.toml", "--resume-from", "snap.json"],
    names: ["snap.json", "another scenario"],
    setup: (dir) => {
      snapshotWith(dir, () => undefined);
      writeFileSync(join(dir, "scenarios/metric_typo_free.toml"), 'extends = "valid.toml"\n[run]\nseed = 6\n');
    },
  },

  // Traces (`sim ledger-replay`, `sim explain`).
  {
    id: "trace step 1e12",
    argv: ["ledger-replay", "t.jsonl", "--capacity", "4"],
    names: ["t.jsonl:2", '"step"', "LIMITS.steps"],
    setup: (dir) => writeFileSync(join(dir, "t.jsonl"), '{"step":1,"rank":0,"gid":1}\n{"step":1000000000000,"rank":0,"gid":1}\n'),
  },
  {
    id: "trace rank 1e9",
    argv: ["ledger-replay", "t.jsonl", "--capacity", "4"],
    names: ["t.jsonl:1", '"rank"', "LIMITS.worldSize"],
    setup: (dir) => writeFileSync(join(dir, "t.jsonl"), '{"step":1,"rank":1000000000,"gid":1}\n'),
  },
  {
    id: "trace line not JSON",
    argv: ["ledger-replay", "t.jsonl", "--capacity", "4"],
    names: ["t.jsonl:2", "not JSON"],
    setup: (dir) => writeFileSync(join(dir, "t.jsonl"), '{"step":1,"rank":0,"gid":1}\nhello\n'),
  },
  {
    id: "trace binary line",
    argv: ["ledger-replay", "t.jsonl", "--capacity", "4"],
    names: ["t.jsonl:1", "\\x1b"],
    setup: (dir) => writeFileSync(join(dir, "t.jsonl"), Buffer.from([0x1b, 0x5b, 0x32, 0x4a, 0x00, 0x0a])),
  },
  {
    id: "trace steps decrease",
    argv: ["ledger-replay", "t.jsonl", "--capacity", "4"],
    names: ["t.jsonl:2", "must not decrease"],
    setup: (dir) => writeFileSync(join(dir, "t.jsonl"), '{"step":3,"rank":0,"gid":1}\n{"step":2,"rank":0,"gid":1}\n'),
  },
  explainEditedTrace("trace refill of an unknown reader", "refill", (e) => ({ ...e, reader: "nobody" }), "trace.jsonl:", '"reader" "nobody"'),
  explainEditedTrace("trace takes oops", "pick", (e) => ({ ...e, takes: "oops" }), "trace.jsonl:", "takes"),
  explainEditedTrace("trace slot 99", "refill", (e) => ({ ...e, slot: 99 }), "trace.jsonl:", '"slot" 99'),
  explainEditedTrace("trace rank past the world size", "pick", (e) => ({ ...e, rank: 7 }), "trace.jsonl:", '"rank" 7'),
  explainEditedTrace("trace unknown kind", "pick", (e) => ({ ...e, kind: "teleport" }), "trace.jsonl:", 'unknown "kind" "teleport"'),
  explainEditedTrace("trace evict mode unknown", "evict", (e) => ({ ...e, mode: "sometimes" }), "trace.jsonl:", "mode"),
  explainEditedTrace("trace header without streams", "run", (e) => ({ ...e, streams: "none" }), "trace.jsonl:1", "streams"),
  {
    id: "trace store gid negative",
    argv: ["ledger-replay", "run/trace.jsonl"],
    names: ["run/trace.jsonl:", '"gid"'],
    setup: (dir) => runWithTraceEdit(dir, "store", (e) => ({ ...e, gid: -3 })),
  },

  // Run directories (`sim replay`, `sim explain`).
  {
    id: "run that died",
    argv: ["replay", "run"],
    names: ["run", "died", "last step 6"],
    setup: (dir) => {
      const run = copyRun(dir);
      rmSync(join(run, "artifacts.json"));
      writeFileSync(
        join(run, "events.jsonl"),
        '{"time":"2025-01-01T00:00:00.000Z","event":"STARTED"}\n{"time":"2025-01-01T00:00:01.000Z","event":"RUNNING","step":6,"steps":12}\n',
      );
      writeFileSync(join(run, "heartbeat.json"), '{"time":"2025-01-01T00:00:01.000Z","status":"RUNNING","last_step":6,"steps":12,"steps_per_second":1}\n');
    },
  },
  {
    id: "run artifacts not JSON",
    argv: ["replay", "run"],
    names: ["artifacts.json", "not valid JSON"],
    setup: (dir) => writeFileSync(join(copyRun(dir), "artifacts.json"), "{oops"),
  },
  {
    id: "run artifacts an array",
    argv: ["replay", "run"],
    names: ["artifacts.json", "expected a JSON object"],
    setup: (dir) => writeFileSync(join(copyRun(dir), "artifacts.json"), "[1,2,3]"),
  },
  ...(
    [
      ["steps a string", (a) => (a.steps = "12"), "steps has the wrong type: expected an integer"],
      ["per_rank missing", (a) => delete a.per_rank, "per_rank is missing: expected a boolean"],
      ["metrics_sha256 not a hash", (a) => (a.metrics_sha256 = "abc"), 'metrics_sha256 = "abc": expected a sha256: 64 lowercase hex digits'],
      ["first_step past steps", (a) => (a.first_step = 13), "first_step 13 is past steps 12"],
      ["format version from the future", (a) => (a.format_version = 9), "format_version = 9: expected an integer >= 1 and <= 4"],
    ] as [string, (a: Record<string, unknown>) => unknown, ...string[]][]
  ).map(([id, edit, ...names]): BadInputCase => ({
    id: `run artifacts ${id}`,
    argv: ["replay", "run"],
    names: ["artifacts.json", "not a run manifest", ...names],
    setup: (dir) => {
      const file = join(copyRun(dir), "artifacts.json");
      const artifacts = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
      edit(artifacts);
      writeFileSync(file, JSON.stringify(artifacts));
    },
  })),
  {
    id: "run without its resolved scenario",
    argv: ["replay", "run"],
    names: ["run", "scenario.resolved.toml"],
    setup: (dir) => rmSync(join(copyRun(dir), "scenario.resolved.toml")),
  },
  {
    id: "run resolved scenario not TOML",
    argv: ["replay", "run"],
    names: ["scenario.resolved.toml:2"],
    setup: (dir) => writeFileSync(join(copyRun(dir), "scenario.resolved.toml"), "[run]\nsteps = = 3\n"),
  },
  { id: "run dir is a file", argv: ["replay", "afile"], names: ["afile"], setup: (dir) => writeFileSync(join(dir, "afile"), "x") },
  { id: "explain a run without a trace", argv: ["explain", "run", "--step", "2"], names: ["run", "trace.jsonl"], setup: (dir) => rmSync(join(copyRun(dir), "trace.jsonl")) },
  {
    id: "run metrics line not JSON for explain",
    argv: ["explain", "run", "--step", "2"],
    names: ["metrics.jsonl:1", "not valid JSON"],
    setup: (dir) => writeFileSync(join(copyRun(dir), "metrics.jsonl"), "hello\n"),
  },

  // Output destinations, checked before any work (issue 25): a directory where a file is
  // wanted, a file where a directory is wanted, a place nothing can be created, a folder
  // the harness did not write. The tree check below holds that nothing was written.
  {
    id: "out check --output names a directory",
    argv: ["check", "scenarios/valid.toml", "--reporter", "junit", "--output", "odir/"],
    names: ["--output odir/", "is a directory", "names the file to write"],
    setup: (dir) => mkdirSync(join(dir, "odir")),
  },
  {
    id: "out check --report under a file",
    argv: ["check", "scenarios/valid.toml", "--report", "afile/r.html"],
    names: ["--report afile/r.html", "is a file, not a directory"],
    setup: aFile,
  },
  {
    id: "out export wandb-history --out a directory",
    argv: ["export", "wandb-history", "run", "--out", "odir/"],
    names: ["--out odir/", "is a directory"],
    setup: (dir) => void (copyRun(dir), mkdirSync(join(dir, "odir"))),
  },
  {
    id: "out export tensorboard --out a file",
    argv: ["export", "tensorboard", "run", "--out", "afile"],
    names: ["--out afile", "is a file", "names a directory"],
    setup: (dir) => void (copyRun(dir), aFile(dir)),
  },
  {
    id: "out export tensorboard --out under /proc",
    argv: ["export", "tensorboard", "run", "--out", "/proc/sim-tb"],
    names: ["--out /proc/sim-tb", "nothing can be created in /proc"],
    setup: (dir) => void copyRun(dir),
  },
  { id: "out report --out a directory", argv: ["report", "run", "--out", "run"], names: ["--out run", "is a directory"], setup: (dir) => void copyRun(dir) },
  {
    id: "out report --images a file writes no page",
    argv: ["report", "run", "--out", "r.html", "--images", "afile"],
    names: ["--images afile", "is a file"],
    setup: (dir) => void (copyRun(dir), aFile(dir)),
  },
  {
    id: "out sweep report --images a file writes no page",
    argv: ["sweep", "report", "sw", "--out", "r.html", "--images", "afile"],
    names: ["--images afile", "is a file"],
    setup: (dir) => void (copySweep(dir), aFile(dir)),
  },
  { id: "out sweep --out a file", argv: ["sweep", SWEEP, "--out", "afile"], names: ["--out afile", "is a file"], setup: aFile },
  { id: "out sweep --out under a file", argv: ["sweep", SWEEP, "--out", "afile/sub"], names: ["--out afile/sub", "afile is a file, not a directory"], setup: aFile },
  { id: "out sweep --out under /proc", argv: ["sweep", SWEEP, "--out", "/proc/sim-sweep"], names: ["--out /proc/sim-sweep", "nothing can be created in /proc"] },
  { id: "out sweep --out a run directory", argv: ["sweep", SWEEP, "--out", "run"], names: ["--out run", "run directory", ".sim-run"], setup: (dir) => void copyRun(dir) },
  {
    id: "out sweep --out a folder of the user's",
    argv: ["sweep", SWEEP, "--out", "mine"],
    names: ["--out mine", "not a sweep directory", "summary.csv"],
    setup: (dir) => void (mkdirSync(join(dir, "mine")), writeFileSync(join(dir, "mine/summary.csv"), "my,own\n")),
  },
  { id: "out sweep merge --out a file", argv: ["sweep", "merge", "sw", "--out", "afile"], names: ["--out afile", "is a file"], setup: (dir) => void (copySweep(dir), aFile(dir)) },
  {
    id: "out sweep merge --out under /proc",
    argv: ["sweep", "merge", "sw", "--out", "/proc/sim-merged"],
    names: ["--out /proc/sim-merged", "nothing can be created in /proc"],
    setup: (dir) => void copySweep(dir),
  },
  {
    id: "out sweep merge --out a folder of the user's",
    argv: ["sweep", "merge", "sw", "--out", "mine"],
    names: ["--out mine", "not a sweep directory"],
    setup: (dir) => {
      copySweep(dir);
      mkdirSync(join(dir, "mine", SWEEP_CONFIG), { recursive: true });
      writeFileSync(join(dir, "mine", SWEEP_CONFIG, "keep.txt"), "keep me\n");
      writeFileSync(join(dir, "mine/summary.csv"), "my,own\n");
    },
  },
  {
    id: "out sweep merge keeps a user's folder in a config's place",
    argv: ["sweep", "merge", "sw", "--out", "merged"],
    names: [`merged/${SWEEP_CONFIG}`, "not a run directory", ".sim-run"],
    setup: (dir) => {
      copySweep(dir);
      copySweep(dir, "merged");
      rmSync(join(dir, "merged", SWEEP_CONFIG), { recursive: true });
      mkdirSync(join(dir, "merged", SWEEP_CONFIG));
      writeFileSync(join(dir, "merged", SWEEP_CONFIG, "keep.txt"), "keep me\n");
    },
  },
  // A summary.csv the harness did not write (no record of its bytes in .sim-summary) is never overwritten, in a sweep directory either.
  {
    id: "out sweep --out a sweep directory with the user's summary.csv",
    argv: ["sweep", SWEEP, "--out", "sw"],
    names: ["--out sw", "sw/summary.csv", "sim did not write", "its bytes are not the ones .sim-summary records"],
    setup: (dir) => writeFileSync(join(copySweep(dir), "summary.csv"), "my,own\n"),
  },
  {
    id: "out sweep merge --out a sweep directory with the user's summary.csv",
    argv: ["sweep", "merge", "sw", "--out", "merged"],
    names: ["--out merged", "merged/summary.csv", "sim did not write", "no .sim-summary records it"],
    setup: (dir) => {
      copySweep(dir);
      rmSync(join(copySweep(dir, "merged"), ".sim-summary"));
      writeFileSync(join(dir, "merged/summary.csv"), "my,own\n");
    },
  },
  {
    id: "sweep status of a sweep directory with the user's summary.csv",
    argv: ["sweep", "status", "sw"],
    names: ["sw/summary.csv", "sim did not write"],
    setup: (dir) => writeFileSync(join(copySweep(dir), "summary.csv"), "config,mine\n"),
  },
  { id: "out swarm --out a file", argv: ["swarm", "--runs", "1", "--seed", "1", "--out", "afile"], names: ["--out afile", "is a file"], setup: aFile },
  {
    id: "sweep report -x typo",
    argv: ["sweep", "report", "sw", "--out", "r.html", "-x", "ledger.capacty"],
    names: ["--x ledger.capacty", 'did you mean "ledger.capacity"'],
    setup: (dir) => void copySweep(dir),
  },

  // Inputs: regular files only, size caps, UTF-8, TOML 1.0 arrays (issue 25).
  { id: "input scenario is a FIFO", argv: ["validate", "fifo.toml"], names: ["fifo.toml", "FIFO"], setup: (dir) => mkfifo(join(dir, "fifo.toml")) },
  { id: "input sweep file is a FIFO", argv: ["sweep", "fifo.toml", "--out", "o"], names: ["fifo.toml", "FIFO"], setup: (dir) => mkfifo(join(dir, "fifo.toml")) },
  { id: "input swarm replay file is a FIFO", argv: ["swarm", "--replay", "fifo.toml"], names: ["fifo.toml", "FIFO"], setup: (dir) => mkfifo(join(dir, "fifo.toml")) },
  {
    id: "input snapshot is a FIFO",
    argv: ["run", "scenarios/valid.toml", "--resume-from", "fifo.json"],
    names: ["fifo.json", "FIFO"],
    setup: (dir) => mkfifo(join(dir, "fifo.json")),
  },
  {
    id: "input sweep.json is a FIFO",
    argv: ["sweep", "status", "sw"],
    names: ["sw/sweep.json", "FIFO"],
    setup: (dir) => void (rmSync(join(copySweep(dir), "sweep.json")), mkfifo(join(dir, "sw/sweep.json"))),
  },
  {
    id: "input metrics.jsonl is a FIFO (report)",
    argv: ["report", "run", "--out", "r.html"],
    names: ["metrics.jsonl", "FIFO"],
    setup: (dir) => void (rmSync(join(copyRun(dir), "metrics.jsonl")), mkfifo(join(dir, "run/metrics.jsonl"))),
  },
  {
    id: "input metrics.jsonl is a FIFO (export)",
    argv: ["export", "wandb-history", "run"],
    names: ["metrics.jsonl", "FIFO"],
    setup: (dir) => void (rmSync(join(copyRun(dir), "metrics.jsonl")), mkfifo(join(dir, "run/metrics.jsonl"))),
  },
  { id: "input scenario is /dev/zero", argv: ["validate", "/dev/zero"], names: ["/dev/zero", "device"] },
  {
    id: "input metrics.jsonl is /dev/zero",
    argv: ["report", "run", "--out", "r.html"],
    names: ["metrics.jsonl", "device"],
    setup: (dir) => void (rmSync(join(copyRun(dir), "metrics.jsonl")), symlinkSync("/dev/zero", join(dir, "run/metrics.jsonl"))),
  },
  {
    id: "input scenario is a symlink loop",
    argv: ["validate", "loop.toml"],
    names: ["loop.toml", "symlink loop"],
    setup: (dir) => void (symlinkSync("loop2.toml", join(dir, "loop.toml")), symlinkSync("loop.toml", join(dir, "loop2.toml"))),
  },
  {
    id: "input scenario over the size limit",
    argv: ["validate", "big.toml"],
    names: ["big.toml", "bytes", "LIMITS.scenarioFileBytes"],
    setup: (dir) => writeFileSync(join(dir, "big.toml"), 'extends = "scenarios/valid.toml"\n' + "#".repeat(17_000_000) + "\n"),
  },
  {
    id: "input scenario with a Latin-1 byte",
    argv: ["validate", "latin1.toml"],
    names: ["latin1.toml:2:", "not UTF-8", "0xE9"],
    setup: (dir) =>
      writeFileSync(join(dir, "latin1.toml"), Buffer.concat([Buffer.from('extends = "scenarios/valid.toml"\ndescription = "caf'), Buffer.from([0xe9]), Buffer.from('"\n')])),
  },
  {
    id: "input TOML array of integer and float",
    argv: ["validate", "mixed.toml"],
    names: ["mixed.toml", "cells[1] = 200.0", "expected an integer"],
    setup: (dir) => writeFileSync(join(dir, "mixed.toml"), 'extends = "scenarios/valid.toml"\n[[dataset.groups]]\nmodality = "x"\nstreams = 1\ncells = [100, 200.0]\n'),
  },

  // Sweeps and swarms: honest verdicts, bounded work, messages (issue 25).
  { id: "sweep status of one directory named twice", argv: ["sweep", "status", "sw", "./sw/"], names: ["named twice"], setup: (dir) => void copySweep(dir) },
  {
    id: "sweep status of a sweep.json with a config removed",
    argv: ["sweep", "status", "sw"],
    names: ["sw/sweep.json", "do not match its own sweep_sha256"],
    setup: (dir) => {
      const file = join(copySweep(dir), "sweep.json");
      const manifest = JSON.parse(readFileSync(file, "utf8")) as { configs: unknown[] };
      manifest.configs = manifest.configs.slice(1);
      writeFileSync(file, JSON.stringify(manifest, null, 2) + "\n");
    },
  },
  {
    id: "sweep merge of a shard whose metrics lost rows against an intact one",
    argv: ["sweep", "merge", "cut", "sw", "--out", "merged"],
    names: [`cut/${SWEEP_CONFIG}`, "damaged", "metrics_sha256", `sw/${SWEEP_CONFIG} is intact`],
    setup: (dir) => {
      copySweep(dir);
      const metrics = join(copySweep(dir, "cut"), SWEEP_CONFIG, "metrics.jsonl");
      writeFileSync(metrics, readFileSync(metrics, "utf8").split("\n").slice(0, -4).join("\n") + "\n");
    },
  },
  {
    id: "sweep of 1e8 configs",
    argv: ["sweep", "huge.toml", "--out", "o"],
    names: ["huge.toml", "100000000 configs", "LIMITS.sweepConfigs"],
    setup: (dir) => {
      const values = Array.from({ length: 1000 }, (_, i) => i + 1).join(", ");
      writeFileSync(
        join(dir, "huge.toml"),
        `extends = "scenarios/valid.toml"\n[sweep]\nseeds = [${Array.from({ length: 100 }, (_, i) => i).join(", ")}]\n[sweep.axes]\n"ledger.capacity" = [${values}]\n"ledger.stale_threshold" = [${values}]\n`,
      );
    },
  },
  {
    id: "sweep axis of 4 and 4.0",
    argv: ["sweep", "axis.toml", "--out", "o"],
    names: ["axis.toml", "ledger.capacity = 4.0", "expected an integer"],
    setup: (dir) => writeFileSync(join(dir, "axis.toml"), 'extends = "scenarios/valid.toml"\n[sweep.axes]\n"ledger.capacity" = [4, 4.0]\n'),
  },
  // A float with an integral value where an integer is meant is refused in a [sweep] table as in a scenario file.
  ...(
    [
      ["an axis value 4.0", '[sweep.axes]\n"ledger.capacity" = [8, 4.0]\n', "ledger.capacity = 4.0"],
      ["an axis value 4.0 in nested tables", "[sweep.axes.ledger]\ncapacity = [8, 4.0]\n", "ledger.capacity = 4.0"],
      ["a seed 2.0", "[sweep]\nseeds = [1, 2.0]\n", "run.seed = 2.0"],
      ["a group with cells = [100, 200.0]", '[sweep.axes]\n"dataset.groups" = [[{ modality = "x", streams = 1, cells = [100, 200.0] }]]\n', "dataset.groups[0].cells[1] = 200.0"],
    ] as const
  ).map(([what, table, name]): BadInputCase => ({
    id: `sweep with ${what}`,
    argv: ["sweep", "floats.toml", "--out", "o"],
    names: ["floats.toml", "the [sweep] table writes integers as floats", name, "expected an integer"],
    setup: (dir) => writeFileSync(join(dir, "floats.toml"), `extends = "scenarios/valid.toml"\n${table}`),
  })),
  cli("swarm --runs 1000000000", ["swarm", "--runs", "1000000000", "--seed", "1"], "--runs 1000000000", "LIMITS.swarmRuns"),
  cli("swarm --minutes abc", ["swarm", "--minutes", "abc"], '--minutes must be a number > 0, got "abc"'),
  cli("swarm --seed 2^64", ["swarm", "--seed", "18446744073709551616", "--runs", "1"], "--seed 18446744073709551616: expected at most 4294967295"),
  cli("sweep status without a directory", ["sweep", "status"], "`sim sweep status` needs an argument"),
  {
    id: "replay a symlink loop",
    argv: ["replay", "loop"],
    names: ["loop", "symlink loop"],
    setup: (dir) => void (symlinkSync("loop2", join(dir, "loop")), symlinkSync("loop", join(dir, "loop2"))),
  },

  // The mutant catalog (`sim mutate --catalog`).
  ...["parse_error", "unknown_key", "empty", "wrong_type", "find_missing"].map((name): BadInputCase => ({
    id: `catalog ${name}`,
    argv: ["mutate", "--catalog", join(FIXTURES, `catalogs/${name}.toml`)],
    names: [`catalogs/${name}.toml`],
  })),
  // Its --output is checked before any mutant runs (these run from the project root, whose catalog takes minutes).
  cli("mutate --output names a directory", ["mutate", "--reporter", "junit", "--output", "test/"], "--output test/", "is a directory", "names the file to write"),
  cli("mutate --output under /proc", ["mutate", "--reporter", "json", "--output", "/proc/sim-mutate.json"], "--output /proc/sim-mutate.json", "nothing can be created in /proc"),
];

describe("the bad-input corpus", () => {
  it("has at least 60 cases, each with a unique id", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(CASES.map((c) => c.id)).size).toBe(CASES.length);
  });

  it.each(CASES.map((c) => [c.id, c] as const))("%s: refused cleanly", async (_id, testCase) => {
    const { setup } = testCase;
    const dir = setup === undefined ? shared.dir : tempDir();
    if (setup !== undefined) {
      copyValidScenario(dir);
      setup(dir);
    }
    const before = setup === undefined ? shared.tree : tree(dir);
    // Mutant catalogs name files of the project, so their cases run from the project root.
    const cwd = testCase.argv[0] === "mutate" ? PROJECT_ROOT : dir;
    const result = await runMain(testCase.argv, { cwd });
    const after = tree(dir);
    // A case that changed the shared copy fails below; the copy is made again for the cases after it.
    if (setup === undefined && JSON.stringify(after) !== JSON.stringify(before)) {
      rmSync(dir, { recursive: true, force: true });
      cpSync(FIXTURES, dir, { recursive: true });
    }
    expect(result.status, result.stderr).toBe(testCase.exit ?? 2);
    for (const name of testCase.names) {
      if (typeof name === "string") expect(result.stderr).toContain(name);
      else expect(result.stderr).toMatch(name);
    }
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr).not.toContain("internal error");
    // eslint-disable-next-line no-control-regex
    expect(result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufeff]/);
    expect(after).toEqual(before);
  });
});
