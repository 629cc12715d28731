import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, PROJECT_ROOT } from "../helpers/runCli.ts";
import { runMain } from "../helpers/runMain.ts";

const FIXTURES = join(PROJECT_ROOT, "test/fixtures/run-scenarios");
let root: { dir: string; cleanup: () => void };
let traced: string;
beforeAll(async () => {
  root = makeTempDir("sim-e2e-explain-");
  traced = join(root.dir, "traced");
  expect((await runMain(["run", join(FIXTURES, "modality_resume.toml"), "--out", traced, "--trace"])).status).toBe(0);
});
afterAll(() => root.cleanup());

describe("sim explain", () => {
  it("answers for every metric family at a step, agreeing with metrics.jsonl", async () => {
    const result = await runMain(["explain", traced, "--step", "30"]);
    expect(result.status).toBe(0);
    const out = result.stdout;
    expect(out).toMatch(/^step 30:/);
    expect(out).toMatch(/A modeled resume took effect at the start of step 30: every ledger restarted empty; rank 0 dropped \w+\/\d{3} \(\d+ cells left\)/);
    expect(out).toMatch(
      /stream_mixing\/active\/steps_since_pick_max = (\d+) \(metrics\.jsonl: \1\)\n {2}the largest steps since pick, \d+: .* on rank \d, (last picked at step|not picked since it joined)/,
    );
    expect(out).toMatch(/stream_mixing\/active\/remaining_min = (\d+) \(metrics\.jsonl: \1\)\n {2}fewest remaining picks, \d+: /);
    expect(out).toMatch(/stream_mixing\/active\/remaining_fraction_max = ([\d.]+) \(metrics\.jsonl: \1\)/);
    expect(out).toMatch(/stream_mixing\/active\/modalities\/rna = (\d+) \(metrics\.jsonl: \1\)/);
    expect(out).toMatch(/ {2}rna: \d+ active reader\(s\): rna\/\d{3} on rank 0/);
    expect(out).toMatch(/stream_mixing\/refill\/exhaust_events = (\d+) \(metrics\.jsonl: \1\)/);
    expect(out).toMatch(/ledger\/evictions\/stale = (\d+) \(metrics\.jsonl: \1\)/);
    expect(out).toMatch(/ledger\/false_evictions\/lru_max = (\d+) \(metrics\.jsonl: \1\)/);
    expect(out).toMatch(
      /ledger_wipe_count = (\d+) \(metrics\.jsonl: \1\)\nledger_wipe_count_max = (\d+) \(metrics\.jsonl: \2\)\n {2}sweeps and wipes per owner rank since the start or the last modeled resume: 1, 1, 1, 1\n {2}in this step: rank 0 swept \d+ entr/,
    );
    expect(out).not.toContain("DIFFERS");
  });

  it("names falsely evicted gids with when and why they had been evicted", async () => {
    const falseEvict = readFileSync(join(traced, "trace.jsonl"), "utf8")
      .split("\n")
      .find((l) => l.includes('"kind":"false_evict"'));
    const step = (JSON.parse(falseEvict!) as { step: number }).step;
    const out = (await runMain(["explain", traced, "--step", String(step), "--metric", "ledger/false_evictions/stale"])).stdout;
    expect(out).toContain("falsely evicted");
    expect(out).toMatch(/gid \d+ \(\w+\/\d{3}, slice of rank \d, group \d+\) on owner rank \d: evicted by (STALE|LRU) at step \d+, when it had last been stored at step \d+/);
    expect(out).not.toContain("steps_since_pick_max");
  });

  it("a run without trace.jsonl: exit 2 saying to rerun with --trace", async () => {
    const plain = join(root.dir, "plain");
    expect((await runMain(["run", join(FIXTURES, "direct_full_wipe.toml"), "--out", plain])).status).toBe(0);
    const result = await runMain(["explain", plain, "--step", "3"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/has no trace\.jsonl: .*rerun the scenario with `sim run <scenario.toml> --trace`/);
  });

  it("a step outside the run: exit 2", async () => {
    const result = await runMain(["explain", traced, "--step", "41"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--step 41: the run has steps 1\.\.40/);
  });
});
