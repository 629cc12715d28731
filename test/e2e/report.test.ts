import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_REPORT_CHARTS } from "../helpers/reportCharts.ts";
import { copyFixtureProject } from "../helpers/fixtureProject.ts";
import { makeTempDir } from "../helpers/runCli.ts";
import { runMain } from "../helpers/runMain.ts";

const EXPECTED_CHARTS = FIXTURE_REPORT_CHARTS;

let dir: string;
let cleanup: () => void;
const healthyRun = () => join(dir, "runs/tiny_healthy");

beforeAll(async () => {
  ({ dir, cleanup } = makeTempDir("sim-report-"));
  copyFixtureProject(dir);
  expect((await runMain(["run", "scenarios/tiny_healthy.toml", "--per-rank", "--out", "runs/tiny_healthy"], { cwd: dir })).status).toBe(0);
  expect((await runMain(["run", "scenarios/tiny_stale.toml", "--out", "runs/tiny_stale"], { cwd: dir })).status).toBe(0);
});
afterAll(() => cleanup());

const dataMetrics = (html: string) => [...html.matchAll(/<figure class="chart" data-metric="([^"]*)"/g)].map((match) => (match[1] as string).replace(/&#39;/g, "'"));

describe("sim report (end to end)", () => {
  it("is listed in --help with its options; check lists --report", async () => {
    expect((await runMain(["--help"])).stdout).toContain("sim report <run-dir..>");
    const help = (await runMain(["report", "--help"])).stdout;
    for (const option of ["--out", "--images"]) expect(help).toContain(option);
    expect((await runMain(["check", "--help"])).stdout).toContain("--report");
  });

  it("writes one self-contained page with one chart per metric, and one SVG per chart with --images", async () => {
    const result = await runMain(["report", "runs/tiny_healthy", "--out", "out/healthy.html", "--images", "out/svg"], { cwd: dir });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("report: out/healthy.html (1 run)\nimages: 8 SVG files in out/svg\n");
    const html = readFileSync(join(dir, "out/healthy.html"), "utf8");
    expect(dataMetrics(html)).toEqual(EXPECTED_CHARTS);
    expect(html).toContain("npx sim run runs/tiny_healthy/scenario.resolved.toml --seed 5 --steps 12 --per-rank");
    expect(html).toContain("A small healthy run for the check end-to-end tests");
    // Per-rank detail is offered (the run has metrics.per_rank.jsonl), not shown by default.
    expect(html).toContain('<option value="0">cluster</option><option value="1">min–max over ranks</option><option value="2">rank 0</option><option value="3">rank 1</option>');

    const svgs = readdirSync(join(dir, "out/svg")).sort();
    expect(svgs).toEqual([
      "ledger.evictions.all.svg",
      "ledger.false_evictions.all.svg",
      "ledger_wipe_count.svg",
      "stream_mixing.active.modalities.all.svg",
      "stream_mixing.active.remaining_fraction_min_max.svg",
      "stream_mixing.active.remaining_min_max.svg",
      "stream_mixing.active.steps_since_pick_max.svg",
      "stream_mixing.refill.exhaust_events.svg",
    ]);
    const svg = readFileSync(join(dir, "out/svg/stream_mixing.active.modalities.all.svg"), "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    // Readable on its own: the title, the step axis and a legend entry per modality.
    for (const text of [">stream_mixing/active/modalities/*<", ">step<", ">rna<", ">atac<"]) expect(svg).toContain(text);
    expect(svg).toMatch(/<path d="M[^"]{40,}"/); // a drawn line, not an empty frame
  });

  it("overlays two runs: each chart has a line per run, named in the legend", async () => {
    const result = await runMain(["report", "runs/tiny_healthy", "runs/tiny_stale", "--out", "two.html", "--images", "two-svg"], { cwd: dir });
    expect(result.status).toBe(0);
    const html = readFileSync(join(dir, "two.html"), "utf8");
    expect(html).toContain("<title>sim report: tiny_healthy vs tiny_stale</title>");
    const svg = readFileSync(join(dir, "two-svg/stream_mixing.active.steps_since_pick_max.svg"), "utf8");
    expect(svg).toContain(">tiny_healthy<");
    expect(svg).toContain(">tiny_stale<");
  });

  describe("bad input: exit 2 naming the file (and line), and no report written", () => {
    const refuse = async (args: string[], message: RegExp) => {
      const out = join(dir, "bad.html");
      writeFileSync(out, "the previous report\n");
      const result = await runMain(["report", ...args, "--out", "bad.html", "--images", "bad-svg"], { cwd: dir });
      expect(result.status).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /); // no stack
      expect(readFileSync(out, "utf8")).toBe("the previous report\n");
      expect(existsSync(join(dir, "bad-svg"))).toBe(false);
    };
    const copyRun = (name: string): string => {
      const copy = join(dir, "bad-runs", name);
      rmSync(copy, { recursive: true, force: true });
      mkdirSync(join(dir, "bad-runs"), { recursive: true });
      cpSync(healthyRun(), copy, { recursive: true });
      return copy;
    };

    it("a path that does not exist, a file, a directory that is not a run", async () => {
      await refuse(["runs/nope"], /^sim: runs\/nope: not a run directory \(no such directory\)\n$/);
      await refuse(["scenarios/tiny_healthy.toml"], /^sim: scenarios\/tiny_healthy\.toml: not a run directory \(it is a file\)/);
      await refuse(["scenarios"], /^sim: scenarios: not a run directory: it has neither artifacts\.json nor events\.jsonl/);
    });

    it("a run directory without metrics", async () => {
      rmSync(join(copyRun("no-metrics"), "metrics.jsonl"));
      await refuse(["bad-runs/no-metrics"], /^sim: .*missing metrics\.jsonl/);
    });

    it("a truncated metrics.jsonl: cut inside a line, or after a whole line", async () => {
      const cutInLine = copyRun("cut-in-line");
      const text = readFileSync(join(cutInLine, "metrics.jsonl"), "utf8");
      writeFileSync(join(cutInLine, "metrics.jsonl"), text.slice(0, text.indexOf('"step":7') + 20));
      await refuse(
        ["runs/tiny_healthy", "bad-runs/cut-in-line"],
        /^sim: bad-runs\/cut-in-line\/metrics\.jsonl:7: the last line does not end with a newline \(the file looks truncated\)\n$/,
      );

      const cutAtLine = copyRun("cut-at-line");
      writeFileSync(join(cutAtLine, "metrics.jsonl"), text.split("\n").slice(0, 5).join("\n") + "\n");
      await refuse(
        ["bad-runs/cut-at-line"],
        /^sim: bad-runs\/cut-at-line\/metrics\.jsonl:6: expected 12 rows \(steps 1\.\.12, as artifacts\.json records\), found 5: the file is truncated\n$/,
      );
    });

    it("a truncated metrics.per_rank.jsonl", async () => {
      const copy = copyRun("cut-per-rank");
      const text = readFileSync(join(copy, "metrics.per_rank.jsonl"), "utf8");
      writeFileSync(join(copy, "metrics.per_rank.jsonl"), text.slice(0, -10));
      await refuse(["bad-runs/cut-per-rank"], /^sim: bad-runs\/cut-per-rank\/metrics\.per_rank\.jsonl:24: the last line does not end with a newline/);
    });
  });
});

describe("sim check --report (end to end)", () => {
  it("writes the check's report beside its usual output, with a verdict per scenario", async () => {
    const plain = await runMain(["check"], { cwd: dir });
    const result = await runMain(["check", "--report", "check.html", "--images", "check-svg"], { cwd: dir });
    expect(result.status).toBe(0);
    // The console output is the check's own (only the time column may differ).
    const withoutTimes = (text: string) => text.replace(/ +\d+$/gm, "");
    expect(withoutTimes(result.stdout)).toBe(withoutTimes(plain.stdout));
    expect(result.stderr).toBe("report: check.html (and 16 SVG files in check-svg)\n");
    const html = readFileSync(join(dir, "check.html"), "utf8");
    expect(html).toContain('<section class="block" id="tiny_healthy">');
    expect(html).toContain('<h2>tiny_stale <span class="verdict pass">PASS</span></h2>');
    // The diagnostic is drawn against its baseline, and its signature is drawn on its chart.
    const svg = readFileSync(join(dir, "check-svg/tiny_stale--ledger.evictions.all.svg"), "utf8");
    expect(svg).toContain(">baseline tiny_healthy · stale<");
    expect(svg).toContain("signature");
  });

  it("draws a golden mismatch: golden and new values together, the first divergent step marked; exit 1 as before", async () => {
    const golden = join(dir, "golden/tiny_stale.jsonl");
    const original = readFileSync(golden, "utf8");
    try {
      const lines = original.split("\n");
      lines[2] = (lines[2] as string).replace('"ledger_wipe_count":3,', '"ledger_wipe_count":4,');
      writeFileSync(golden, lines.join("\n"));
      const result = await runMain(["check", "--report", "mismatch.html", "--images", "mismatch-svg"], { cwd: dir });
      expect(result.status).toBe(1);
      expect(result.stdout).toContain("First difference at step 3 key ledger_wipe_count: expected 4, actual 3");
      const html = readFileSync(join(dir, "mismatch.html"), "utf8");
      expect(html).toContain('<h2>tiny_stale <span class="verdict fail">FAIL</span></h2>');
      const svg = readFileSync(join(dir, "mismatch-svg/tiny_stale--ledger_wipe_count.svg"), "utf8");
      expect(svg).toContain(">golden · ledger_wipe_count<");
      expect(svg).toContain("first divergence: step 3");
      expect(svg).toContain("golden differs first at step 3, ledger_wipe_count: golden 4, run 3");
    } finally {
      writeFileSync(golden, original);
    }
  });

  it("refuses --images without --report", async () => {
    const result = await runMain(["check", "--images", "x"], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe("sim: --images only applies to --report\n");
  });
});
