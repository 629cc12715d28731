import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkScenarios } from "../../../../sim/verify/check/checkScenarios.ts";
import { PROJECT_ROOT, tempDirsPerTest } from "../../../helpers/runCli.ts";
import { runMain, testIo } from "../../../helpers/runMain.ts";
import { main } from "../../../../sim/cli.ts";

const FIXTURES = join(PROJECT_ROOT, "test/fixtures/golden");
const tempDir = tempDirsPerTest("sim-check-stop-");

/** A project with two scenarios and no golden files yet. */
function project(): string {
  const dir = tempDir();
  cpSync(join(FIXTURES, "scenarios"), join(dir, "scenarios"), { recursive: true });
  return dir;
}

describe("checkScenarios: interrupts", () => {
  it("a stop between golden writes keeps the files written and says which", async () => {
    const dir = project();
    let polls = 0;
    // Two scenarios polled before their checks, then one write; the fourth poll stops.
    const result = await checkScenarios({ cwd: dir, update: true, stopRequested: () => (++polls >= 4 ? "interrupted by SIGINT" : undefined) });
    expect(result.interrupted).toBe("interrupted by SIGINT");
    expect(result.passed).toBe(false);
    expect(result.written).toEqual(["golden/tiny_healthy.jsonl"]);
    expect(existsSync(join(dir, "golden/tiny_healthy.jsonl"))).toBe(true);
    expect(existsSync(join(dir, "golden/tiny_stale.jsonl"))).toBe(false);
  });

  it("sim check --update interrupted before it starts: exit 130, says nothing was written", async () => {
    const dir = project();
    const io = testIo({ cwd: dir });
    // The signal arrives as soon as the command listens for it, before any scenario runs.
    const interrupting = {
      ...io,
      onSignal: (signal: "SIGINT" | "SIGTERM", handler: () => void) => {
        const stop = io.onSignal(signal, handler);
        if (signal === "SIGINT") handler();
        return stop;
      },
    };
    expect(await main(["check", "--update"], interrupting)).toBe(130);
    expect(io.err()).toMatch(/check stopped after 0 scenarios \(interrupted by SIGINT\); no golden file was written/);
    expect(existsSync(join(dir, "golden"))).toBe(false);
  });
});

describe("checkScenarios: temporaries left by a killed update", () => {
  it("are reported by a check and removed by the next --update", async () => {
    const dir = project();
    expect((await runMain(["check", "--update"], { cwd: dir })).status).toBe(0);
    const stale = join(dir, "golden/tiny_healthy.jsonl.1234567");
    writeFileSync(stale, '{"step":1');
    const check = await runMain(["check"], { cwd: dir });
    expect(check.status).toBe(0);
    expect(check.stderr).toContain("temporary files left in golden/ by an interrupted update found");
    expect(check.stderr).toContain("golden/tiny_healthy.jsonl.1234567");
    expect(existsSync(stale)).toBe(true);
    const update = await runMain(["check", "--update"], { cwd: dir });
    expect(update.status).toBe(0);
    expect(update.stderr).toContain("removed: golden/tiny_healthy.jsonl.1234567");
    expect(existsSync(stale)).toBe(false);
    expect(readFileSync(join(dir, "golden/tiny_healthy.jsonl"), "utf8")).toMatch(/^\{"step":1,/);
    rmSync(join(dir, "golden"), { recursive: true });
  });
});

describe("checkScenarios: the golden comparison", () => {
  /** The project's golden file of tiny_healthy, its second row changed and what follows `rest`. */
  function goldenDivergingAtStep2(dir: string, rest: string): string {
    const file = join(dir, "golden/tiny_healthy.jsonl");
    const [first, second] = readFileSync(file, "utf8").split("\n") as [string, string];
    const changed = second.replace(/"stream_mixing\/active\/remaining_max":(\d+)/, (_, value: string) => `"stream_mixing/active/remaining_max":${Number(value) + 1}`);
    expect(changed).not.toBe(second);
    writeFileSync(file, `${first}\n${changed}\n${rest}`);
    return file;
  }

  it("stops at the first difference: a golden file whose rest is not rows at all is still reported as that difference", async () => {
    const dir = project();
    expect((await runMain(["check", "--update"], { cwd: dir })).status).toBe(0);
    // Lines no reader accepts, and a last line with no newline: any of them read would be exit 2.
    goldenDivergingAtStep2(dir, 'not json\n{"step":99}\n\n{"step":3,"a":1e400}\n' + "x".repeat(100) + "\n{");
    const check = await runMain(["check", "scenarios/tiny_healthy.toml"], { cwd: dir });
    expect(check.status).toBe(1);
    expect(check.stdout + check.stderr).toMatch(/First difference at step 2 key stream_mixing\/active\/remaining_max: expected \d+, actual \d+/);
    expect(check.stdout + check.stderr).toContain("over steps 1..2 (the comparison stops at the first row that differs)");
  });

  it("still refuses a golden file that is corrupt before its first difference", async () => {
    const dir = project();
    expect((await runMain(["check", "--update"], { cwd: dir })).status).toBe(0);
    const file = join(dir, "golden/tiny_healthy.jsonl");
    const lines = readFileSync(file, "utf8").split("\n");
    writeFileSync(file, [lines[0], "not json", ...lines.slice(2)].join("\n"));
    const check = await runMain(["check", "scenarios/tiny_healthy.toml"], { cwd: dir });
    expect(check.status).toBe(2);
    expect(check.stderr).toContain("golden/tiny_healthy.jsonl:2: not a JSON value");
  });
});
