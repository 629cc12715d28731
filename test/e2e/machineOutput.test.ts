import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commands } from "../../sim/cli/commands/index.ts";
import { copyFixtureProject } from "../helpers/fixtureProject.ts";
import { tempDirsPerTest } from "../helpers/runCli.ts";
import { runMain } from "../helpers/runMain.ts";

/**
 * Output for machines: `--json` prints one JSON document on stdout with the human text
 * on stderr or nowhere; `--output -` is stdout for every reporter. And for habits: one
 * example in every command's --help, and `sim completion`.
 */
const tempDir = tempDirsPerTest("sim-machine-");

const fixtureProject = (): string => copyFixtureProject(tempDir());

describe("--json and --output -", () => {
  it("sim check --json: the check report's JSON on stdout, the console report on stderr", async () => {
    const dir = fixtureProject();
    const result = await runMain(["check", "scenarios/tiny_healthy.toml", "--json"], { cwd: dir });
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ format: "sim-check-report", format_version: 1, passed: true, summary: { scenarios: 1, passed: 1, failed: 0 } });
    expect(result.stderr).toContain("1 scenario: 1 passed, 0 failed");
  });

  it("sim check --reporter junit|json --output - writes the report on stdout, and refuses --json beside it", async () => {
    const dir = fixtureProject();
    const junit = await runMain(["check", "scenarios/tiny_healthy.toml", "--reporter", "junit", "--output", "-"], { cwd: dir });
    expect(junit.status, junit.stderr).toBe(0);
    expect(junit.stdout).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="sim check" tests="1" failures="0"/);
    expect(junit.stderr).toContain("1 scenario: 1 passed, 0 failed");
    const json = await runMain(["check", "scenarios/tiny_healthy.toml", "--reporter", "json", "--output", "-"], { cwd: dir });
    expect(JSON.parse(json.stdout)).toMatchObject({ format: "sim-check-report" });
    const both = await runMain(["check", "--json", "--reporter", "json", "--output", "-"], { cwd: dir });
    expect(both.status).toBe(2);
    expect(both.stderr).toBe("sim: --json and --output - both print on stdout: give one\n");
  });

  it("sim run --json: one document with the run's outcome, every metric's last and max value", async () => {
    const dir = fixtureProject();
    const result = await runMain(["run", "scenarios/tiny_healthy.toml", "--out", "r", "--json"], { cwd: dir });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe("");
    const run = JSON.parse(result.stdout) as { format: string; status: string; run_dir: string; last_step: number; reproduce: string; last: Record<string, number> };
    expect(run).toMatchObject({ format: "sim-run", format_version: 1, scenario: "tiny_healthy", status: "completed", run_dir: "r", first_step: 1 });
    const { step, ...lastRow } = JSON.parse(readFileSync(join(dir, "r/metrics.jsonl"), "utf8").trimEnd().split("\n").at(-1)!) as Record<string, number>;
    expect(run.last_step).toBe(step);
    expect(run.last).toEqual(lastRow);
    expect(run.reproduce).toMatch(/^npx sim run scenarios\/tiny_healthy\.toml --seed \d+ --steps \d+$/);
  });

  it("sim validate --json: every file's verdict, problems and warnings, nothing on stderr; exit 2 when one is invalid", async () => {
    const dir = fixtureProject();
    const result = await runMain(["validate", "scenarios/tiny_healthy.toml", "missing.toml", "--json"], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual({
      format: "sim-validate",
      format_version: 1,
      valid: false,
      files: [
        { file: "scenarios/tiny_healthy.toml", valid: true, problems: [], warnings: [] },
        { file: "missing.toml", valid: false, problems: ["missing.toml: cannot read the scenario file (no such file)"], warnings: [] },
      ],
    });
  });

  it("sim mutate accepts --reporter json (it refuses an unknown mutant id after parsing it)", async () => {
    const result = await runMain(["mutate", "--reporter", "json", "--output", "-", "--only", "no-such-mutant"]);
    expect(result.status).toBe(2);
    expect(result.stderr).not.toContain("Invalid values");
    expect(result.stderr).toContain("no-such-mutant");
  });
});

describe("--help and completion", () => {
  it("every command's --help shows its example", async () => {
    const names = commands.flatMap((command) => ("subcommands" in command ? [command.command.split(" ")[0]!] : [command.command.split(" ")[0]!]));
    for (const name of names) {
      const help = await runMain([name, "--help"]);
      expect(help.status, name).toBe(0);
      expect(help.stdout, name).toMatch(new RegExp(`Examples:\\n +sim ${name}`));
    }
  });

  it("sim completion prints a shell completion script for sim", async () => {
    const result = await runMain(["completion"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("sim completion");
    expect(result.stdout).toMatch(/complete -o bashdefault -o default -F _sim_yargs_completions sim|compdef _sim_yargs_completions sim/);
  });
});
