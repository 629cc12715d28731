import { describe, expect, it } from "vitest";
import { runMain } from "../helpers/runMain.ts";

const FIXTURES = "test/fixtures/scenarios";
const fixture = (name: string) => `${FIXTURES}/${name}.toml`;

/** No bad-input path may print a stack trace: a stack frame line looks like "    at fn (file:line:col)". */
function expectNoStack(text: string): void {
  expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(text).not.toContain("internal error");
}

describe("sim validate (end to end)", () => {
  it("prints ok for every valid file and exits 0", async () => {
    const result = await runMain(["validate", fixture("base"), fixture("valid_child"), "scenarios/healthy_smoke.toml"]);
    expect(result.stdout).toBe(`ok ${fixture("base")}\nok ${fixture("valid_child")}\nok scenarios/healthy_smoke.toml\n`);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("validates all six project scenarios", async () => {
    const result = await runMain([
      "validate",
      "scenarios/healthy_smoke.toml",
      "scenarios/diag_imbalanced_bs.toml",
      "scenarios/diag_exhaust_spike.toml",
      "scenarios/diag_stale_false_evict.toml",
      "scenarios/resume_reshard.toml",
      "scenarios/direct_layout.toml",
    ]);
    expect(result.stdout.split("\n").filter((line) => line.startsWith("ok "))).toHaveLength(6);
    expect(result.status).toBe(0);
  });

  it("reports every file, valid and invalid, and exits 2 when any is invalid", async () => {
    const result = await runMain(["validate", fixture("unknown_key"), fixture("base"), fixture("wrong_type")]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe(`ok ${fixture("base")}\n`);
    expect(result.stderr).toBe(
      [
        `invalid ${fixture("unknown_key")}:`,
        `  ${fixture("unknown_key")}: unknown key dataset.groups[1].bss; did you mean dataset.groups[1].bs?`,
        `invalid ${fixture("wrong_type")}:`,
        `  ${fixture("wrong_type")}: run.steps has the wrong type: expected an integer >= 1, but got "many" (a string)`,
        `  ${fixture("wrong_type")}: dataset.layout = "nestd": expected one of "nested", "direct"; did you mean "nested"?`,
        `  ${fixture("wrong_type")}: dataset.num_streams_mixed = 0: expected an integer >= 1`,
        "2 of 3 scenario files are invalid",
        "",
      ].join("\n"),
    );
    expectNoStack(result.stderr);
  });

  it.each([
    [
      "parse_error",
      `${fixture("parse_error")}:3:8: TOML parse error at line 3, column 8: Unexpected character, expecting string, number, datetime, boolean, inline array or inline table`,
    ],
    ["bad_cells", `${fixture("bad_cells")}: dataset.groups[0].cells[1] = -1: expected an integer >= 0`],
    [
      "missing_extends",
      `${FIXTURES}/no_such_parent.toml: cannot read the scenario file (no such file); extends chain: ${fixture("missing_extends")} -> ${FIXTURES}/no_such_parent.toml`,
    ],
    ["cycle_a", `${fixture("cycle_a")}: extends forms a cycle: ${fixture("cycle_a")} -> ${fixture("cycle_b")} -> ${fixture("cycle_a")}`],
    ["child_of_bad_parent", `${fixture("bad_parent")}: unknown key ledger.capacty; did you mean ledger.capacity?`],
    [
      "direct_no_dir",
      `${fixture("direct_no_dir")}: dataset.streams[0].path = "shard-000.zarr": a direct stream's modality is the directory holding it, and this path has no directory`,
    ],
    ["wipe_none_interval", `${fixture("wipe_none_interval")}: ledger.wipe_interval = 3: makes no sense with ledger.wipe_mode = "none"`],
    ["resume_beyond", `${fixture("resume_beyond")}: resume.at_step = 50: expected a step <= run.steps = 10`],
    [
      "bad_expectations",
      `${fixture("bad_expectations")}: run.baseline = "no_such_healthy": expected the name of a scenario file beside this one; looked for ${FIXTURES}/no_such_healthy.toml`,
    ],
  ])("refuses %s with its message, exit 2 and no stack", async (name, message) => {
    const result = await runMain(["validate", fixture(name)]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(message);
    expect(result.stderr.startsWith(`invalid ${fixture(name)}:\n`)).toBe(true);
    expect(result.stderr.endsWith("1 of 1 scenario file is invalid\n")).toBe(true);
    expectNoStack(result.stderr);
  });

  it("lists every expectation problem of one file", async () => {
    const result = await runMain(["validate", fixture("bad_expectations")]);
    expect(result.stderr.split("\n").filter((line) => line.startsWith(`  ${fixture("bad_expectations")}: `))).toHaveLength(4);
  });

  it("is a usage error without a file", async () => {
    const result = await runMain(["validate"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("`sim validate` needs an argument: `sim validate --help` shows what to give");
    expectNoStack(result.stderr);
  });
});

describe("sim validate's structure hints and warnings (docs/scenario-format.md)", () => {
  const structure = (name: string) => `test/fixtures/structure/${name}.toml`;

  it("hints at the double brackets when [dataset.streams] is written for [[dataset.streams]]", async () => {
    const result = await runMain(["validate", structure("single_bracket")]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      `${structure("single_bracket")}:12:17: TOML parse error at line 12, column 17: Can't redefine existing key; [dataset.streams] declares a single table, but dataset.streams is an array of tables: write each entry under [[dataset.streams]] (double brackets)`,
    );
    expectNoStack(result.stderr);
  });

  it("names the table a key belongs to when its header is missing", async () => {
    const result = await runMain(["validate", structure("missing_header")]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${structure("missing_header")}: unknown key dataset.streams[0].capacity; capacity is a key of [ledger]: is that header missing above it?`);
  });

  it("accepts num_streams_mixed above the streams declared, with a warning that says why", async () => {
    const result = await runMain(["validate", structure("k_above_streams")]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`ok ${structure("k_above_streams")}\n`);
    expect(result.stderr).toBe(
      `warning: ${structure("k_above_streams")}: dataset.num_streams_mixed = 40: more than the 9 streams declared: a rank has one reader per stream, so its active set never holds more than 9, and a K above that mixes the same as K = 9\n`,
    );
  });
});
