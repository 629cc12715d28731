import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, PROJECT_ROOT } from "../helpers/runCli.ts";
import { runMain } from "../helpers/runMain.ts";

const FIXTURES = join(PROJECT_ROOT, "test/fixtures/run-scenarios");
const TRACES = join(PROJECT_ROOT, "test/fixtures/traces");
let root: { dir: string; cleanup: () => void };
let traced: string;
beforeAll(async () => {
  root = makeTempDir("sim-e2e-ledger-");
  traced = join(root.dir, "traced");
  expect((await runMain(["run", join(FIXTURES, "modality_resume.toml"), "--out", traced, "--trace"])).status).toBe(0);
});
afterAll(() => root.cleanup());

/** The table's data rows as arrays of cells. */
function tableRows(stdout: string): string[][] {
  return stdout
    .split("\n")
    .filter((l) => /^\s+\d+\s+(none|periodic_)/.test(l))
    .map((l) => l.trim().split(/\s+/));
}

describe("sim ledger-replay", () => {
  it("at the trace's own settings reproduces the run's ledger counters exactly", async () => {
    const result = await runMain(["ledger-replay", join(traced, "trace.jsonl")]);
    expect(result.status).toBe(0);
    const rows = readFileSync(join(traced, "metrics.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, number>);
    const sum = (key: string): number => rows.reduce((t, r) => t + (r[key] ?? 0), 0);
    const [row] = tableRows(result.stdout);
    expect(row).toEqual([
      "5",
      "periodic_stale",
      "2",
      "3",
      String(sum("ledger/evictions/lru")),
      String(sum("ledger/evictions/stale")),
      String(sum("ledger/false_evictions/lru")),
      String(sum("ledger/false_evictions/stale")),
      String(sum("ledger/false_evictions/lru") + sum("ledger/false_evictions/stale")),
      row![9]!,
    ]);
    expect(Number(row![7])).toBeGreaterThan(0);
  });

  it("the reported smallest zero-false-LRU capacity gives zero when replayed, one less does not; OPT <= LRU", async () => {
    const first = await runMain(["ledger-replay", join(traced, "trace.jsonl"), "--wipe-mode", "none"]);
    const c = Number(/smallest capacity with zero false LRU evictions \(wipe_mode none\): (\d+)/.exec(first.stdout)![1]);
    expect(c).toBeGreaterThan(1);
    const check = await runMain(["ledger-replay", join(traced, "trace.jsonl"), "--wipe-mode", "none", "--capacity", `${c - 1},${c},1,2,3`]);
    const rows = tableRows(check.stdout);
    expect(rows[0]![6]).not.toBe("0");
    expect(rows[1]![6]).toBe("0");
    for (const r of rows) expect(Number(r[9])).toBeLessThanOrEqual(Number(r[8]));
  });

  it("replays a recorded minimal trace over a grid", async () => {
    const result = await runMain([
      "ledger-replay",
      join(TRACES, "recorded_minimal.jsonl"),
      "--capacity",
      "2,5",
      "--wipe-mode",
      "none,periodic_stale",
      "--stale-threshold",
      "1,3",
      "--wipe-interval",
      "2",
    ]);
    expect(result.status).toBe(0);
    expect(tableRows(result.stdout)).toEqual([
      ["2", "none", "-", "-", "40", "0", "28", "0", "28", "20"],
      ["5", "none", "-", "-", "0", "0", "0", "0", "0", "0"],
      ["2", "periodic_stale", "2", "1", "40", "0", "28", "0", "28", "20"],
      ["5", "periodic_stale", "2", "1", "0", "24", "0", "20", "20", "0"],
      ["2", "periodic_stale", "2", "3", "40", "0", "28", "0", "28", "20"],
      ["5", "periodic_stale", "2", "3", "0", "0", "0", "0", "0", "0"],
    ]);
    expect(result.stdout).toContain("smallest capacity with zero false LRU evictions (wipe_mode none): 5");
    expect(result.stdout).toContain("smallest stale_threshold with zero false STALE evictions (capacity 5, interval 2): 3");
  });

  it("an invalid trace line: exit 2 naming the file and line", async () => {
    const result = await runMain(["ledger-replay", "test/fixtures/traces/invalid_gid_line6.jsonl", "--capacity", "2"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^sim: test\/fixtures\/traces\/invalid_gid_line6\.jsonl:6: invalid trace line: "gid" must be an integer >= 0, got -1/);
  });

  it("a trace file that does not exist: exit 2 naming it", async () => {
    const result = await runMain(["ledger-replay", "no/such/trace.jsonl", "--capacity", "2"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^sim: no\/such\/trace\.jsonl: cannot read the trace \(no such file\)/);
  });

  it("a minimal trace without --capacity: exit 2", async () => {
    const result = await runMain(["ledger-replay", join(TRACES, "recorded_minimal.jsonl")]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/no run header .* give --capacity/);
  });
});
