import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../../../../src/errors.ts";
import { loadScenario } from "../../../../sim/input/scenario/loadScenario.ts";
import { ScenarioError } from "../../../../sim/input/scenario/scenarioError.ts";
import { PROJECT_ROOT } from "../../../helpers/runCli.ts";
import { MINIMAL_SCENARIO, scenarioFilesPerTest } from "./scenarioFiles.ts";

const files = scenarioFilesPerTest();

/** The problems of a scenario that must fail to load, after checking it fails as a user error without a stack. */
function problemsOf(file: string, overrides = {}): readonly string[] {
  try {
    loadScenario(file, overrides);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).not.toMatch(/\n\s+at /);
    return error instanceof ScenarioError ? error.problems : [(error as Error).message];
  }
  throw new Error(`expected ${file} to be refused`);
}

describe("loadScenario: defaults and mapping", () => {
  it("applies every documented default and maps the tables to the model config", () => {
    const { path } = files({ "smoke.toml": MINIMAL_SCENARIO });
    const scenario = loadScenario(path("smoke.toml"));
    expect(scenario.name).toBe("smoke");
    expect(scenario.description).toBe("");
    expect(scenario.steps).toBe(10);
    expect(scenario.baseline).toBeUndefined();
    expect(scenario.model).toEqual({
      seed: 0,
      world_size: 2,
      batches_per_step: 1,
      dataset: {
        layout: "nested",
        num_streams_mixed: 4,
        batching_mode: "per_stream",
        pick_weighting: "remaining_picks",
        bs: 32,
        groups: [{ modality: "rna", streams: 2, cells: 256 }],
      },
      ledger: { capacity: 512, wipe_mode: "none", recently_evicted_capacity: 4096, group_cells: 0 },
    });
    expect(scenario.expectations).toEqual([]);
    expect(scenario.golden).toEqual({ rel: 0, abs: 0, rules: [] });
    expect(scenario.chain).toEqual([path("smoke.toml")]);
  });

  it("defaults wipe_interval to 1 for a periodic mode only, and keeps stale_threshold", () => {
    const { path } = files({ "s.toml": `${MINIMAL_SCENARIO}\n[ledger]\nwipe_mode = "periodic_stale"\nstale_threshold = 5\n` });
    expect(loadScenario(path("s.toml")).model.ledger).toEqual({
      capacity: 512,
      wipe_mode: "periodic_stale",
      wipe_interval: 1,
      stale_threshold: 5,
      recently_evicted_capacity: 4096,
      group_cells: 0,
    });
  });

  it("maps [resume], cell ranges, per-group bs, expectations and golden tolerances", () => {
    const { path } = files({
      "base.toml": "",
      "full.toml": `
description = "everything"
[run]
name = "custom"
seed = 9
steps = 50
world_size = 4
batches_per_step = 2
baseline = "base"
[dataset]
layout = "nested"
batching_mode = "per_modality"
pick_weighting = "uniform"
bs = 4
num_streams_mixed = 3
[[dataset.groups]]
modality = "rna"
streams = 2
cells = [10, 20]
bs = 2
[ledger]
capacity = 7
wipe_mode = "periodic_full"
wipe_interval = 5
recently_evicted_capacity = 9
group_cells = 3
[resume]
at_step = 20
num_streams_mixed = 1
[[expect]]
metric = "ledger/evictions/*"
combine = "spread"
minus = "ledger/evictions/lru"
steps = [2, 30]
stat = "p95"
op = "!="
value = 1.5
[[expect]]
name = "named"
metric = "ledger_wipe_count"
stat = "count_nonzero"
op = ">="
value = 1
signature = true
[golden]
rel = 1e-9
[[golden.tolerance]]
match = "stream_mixing/*"
abs = 0.5
`,
    });
    const scenario = loadScenario(path("full.toml"));
    expect(scenario.name).toBe("custom");
    expect(scenario.description).toBe("everything");
    expect(scenario.baseline).toBe("base");
    expect(scenario.baselineFile).toBe(path("base.toml"));
    expect(scenario.model).toEqual({
      seed: 9,
      world_size: 4,
      batches_per_step: 2,
      dataset: {
        layout: "nested",
        num_streams_mixed: 3,
        batching_mode: "per_modality",
        pick_weighting: "uniform",
        bs: 4,
        groups: [{ modality: "rna", streams: 2, cells: [10, 20], bs: 2 }],
      },
      ledger: { capacity: 7, wipe_mode: "periodic_full", wipe_interval: 5, recently_evicted_capacity: 9, group_cells: 3 },
      resume: { at_step: 20, num_streams_mixed: 1 },
    });
    expect(scenario.expectations).toEqual([
      {
        name: "ledger/evictions/* p95 != 1.5",
        metric: "ledger/evictions/*",
        combine: "spread",
        minus: "ledger/evictions/lru",
        steps: [2, 30],
        stat: "p95",
        op: "!=",
        value: 1.5,
        signature: false,
      },
      { name: "named", metric: "ledger_wipe_count", stat: "count_nonzero", op: ">=", value: 1, signature: true },
    ]);
    expect(scenario.golden).toEqual({ rel: 1e-9, abs: 0, rules: [{ match: "stream_mixing/*", rel: 0, abs: 0.5 }] });
  });

  it("maps the direct layout's streams", () => {
    const { path } = files({
      "d.toml": `[run]\nsteps = 3\n[dataset]\nlayout = "direct"\n[[dataset.streams]]\npath = "data/rna/a.zarr"\ncells = 64\nbs = 8\n`,
    });
    expect(loadScenario(path("d.toml")).model.dataset.streams).toEqual([{ path: "data/rna/a.zarr", cells: 64, bs: 8 }]);
  });

  it("applies --steps and --seed before validation, and records them in resolved", () => {
    const { path } = files({ "s.toml": MINIMAL_SCENARIO });
    const scenario = loadScenario(path("s.toml"), { steps: 3, seed: 42 });
    expect(scenario.steps).toBe(3);
    expect(scenario.model.seed).toBe(42);
    expect((scenario.resolved.run as Record<string, unknown>).steps).toBe(3);
    expect((scenario.resolved.run as Record<string, unknown>).seed).toBe(42);
    expect(problemsOf(path("s.toml"), { steps: 0 })).toEqual(["--steps: run.steps = 0: expected an integer >= 1"]);
  });

  it("keeps resolved as the merged data before defaults, with keys sorted at every depth and no extends", () => {
    const { path } = files({
      "parent.toml": `[run]\nworld_size = 2\nsteps = 5\n[[dataset.groups]]\nstreams = 1\nmodality = "rna"\ncells = 8\n`,
      "child.toml": `extends = "parent.toml"\ndescription = "d"\n[run]\nseed = 1\n`,
    });
    const { resolved } = loadScenario(path("child.toml"));
    expect(JSON.stringify(resolved)).toBe('{"dataset":{"groups":[{"cells":8,"modality":"rna","streams":1}]},"description":"d","run":{"seed":1,"steps":5,"world_size":2}}');
  });
});

describe("loadScenario: bad input", () => {
  it("names an unknown key by its dotted path and the nearest valid key", () => {
    const { path } = files({
      "s.toml": `[run]\nsteps = 2\n[[dataset.groups]]\nmodality = "rna"\nstreams = 1\ncells = 8\n[[dataset.groups]]\nmodality = "atac"\nstreams = 1\ncells = 8\nbss = 4\n`,
    });
    expect(problemsOf(path("s.toml"))).toEqual([`${path("s.toml")}: unknown key dataset.groups[1].bss; did you mean dataset.groups[1].bs?`]);
  });

  it("lists the allowed keys when no key is close", () => {
    const { path } = files({ "s.toml": `${MINIMAL_SCENARIO}\n[golden]\nzzzzzzzz = 1\n` });
    expect(problemsOf(path("s.toml"))).toEqual([`${path("s.toml")}: unknown key golden.zzzzzzzz; the keys allowed in golden are rel, abs, tolerance`]);
  });

  it("names the parent file for an unknown key inherited through extends", () => {
    const { path } = files({
      "parent.toml": `${MINIMAL_SCENARIO}\n[ledger]\ncapacty = 3\n`,
      "child.toml": `extends = "parent.toml"\n[run]\nseed = 1\n`,
    });
    expect(problemsOf(path("child.toml"))).toEqual([`${path("parent.toml")}: unknown key ledger.capacty; did you mean ledger.capacity?`]);
  });

  it("reports every wrong type and range at once, with what was expected and what was given", () => {
    const { path } = files({
      "s.toml": `[run]\nsteps = "many"\nseed = 1.5\n[dataset]\nnum_streams_mixed = 0\nlayout = "nestd"\n[[dataset.groups]]\nmodality = "rna"\nstreams = 1\ncells = [5, -1]\n[[dataset.groups]]\nmodality = "atac"\nstreams = 1\ncells = "lots"\n`,
    });
    const file = path("s.toml");
    expect(problemsOf(file)).toEqual([
      `${file}: run.seed has the wrong type: expected an integer >= 0 and <= 4294967295, but got 1.5 (a float)`,
      `${file}: run.steps has the wrong type: expected an integer >= 1, but got "many" (a string)`,
      `${file}: dataset.layout = "nestd": expected one of "nested", "direct"; did you mean "nested"?`,
      `${file}: dataset.num_streams_mixed = 0: expected an integer >= 1`,
      `${file}: dataset.groups[0].cells[1] = -1: expected an integer >= 0`,
      `${file}: dataset.groups[1].cells = "lots": expected a cell count (an integer >= 0) or a [min, max] pair of integers >= 0`,
    ]);
  });

  it("names a missing required key", () => {
    const { path } = files({ "s.toml": `[[dataset.groups]]\nmodality = "rna"\nstreams = 1\ncells = 8\n` });
    expect(problemsOf(path("s.toml"))).toEqual([`${path("s.toml")}: run is missing: expected a table`]);
  });

  it("refuses a direct stream path without a directory", () => {
    const { path } = files({ "d.toml": `[run]\nsteps = 3\n[dataset]\nlayout = "direct"\n[[dataset.streams]]\npath = "shard.zarr"\ncells = 64\n` });
    expect(problemsOf(path("d.toml"))).toEqual([
      `${path("d.toml")}: dataset.streams[0].path = "shard.zarr": a direct stream's modality is the directory holding it, and this path has no directory (write e.g. data/rna/shard-000.zarr)`,
    ]);
  });

  it("refuses wipe settings that make no sense, naming the file that wrote them", () => {
    const { path } = files({
      "parent.toml": `${MINIMAL_SCENARIO}\n[ledger]\nwipe_interval = 3\n`,
      "child.toml": `extends = "parent.toml"\n`,
      "stale.toml": `${MINIMAL_SCENARIO}\n[ledger]\nwipe_mode = "periodic_full"\nstale_threshold = 2\n`,
      "nothreshold.toml": `${MINIMAL_SCENARIO}\n[ledger]\nwipe_mode = "periodic_stale"\n`,
    });
    expect(problemsOf(path("child.toml"))).toEqual([
      `${path("parent.toml")}: ledger.wipe_interval = 3: makes no sense with ledger.wipe_mode = "none": nothing is wiped; remove it or pick a periodic mode`,
    ]);
    expect(problemsOf(path("stale.toml"))).toEqual([
      `${path("stale.toml")}: ledger.stale_threshold = 2: makes no sense with ledger.wipe_mode = "periodic_full": only "periodic_stale" sweeps stale entries`,
    ]);
    expect(problemsOf(path("nothreshold.toml"))).toEqual([`${path("nothreshold.toml")}: ledger.stale_threshold = (missing): expected an integer >= 0`]);
  });

  it("refuses a resume beyond the run's last step", () => {
    const { path } = files({ "s.toml": `${MINIMAL_SCENARIO}\n[resume]\nat_step = 11\nnum_streams_mixed = 1\n` });
    expect(problemsOf(path("s.toml"))).toEqual([`${path("s.toml")}: resume.at_step = 11: expected a step <= run.steps = 10: the run would end before the resume`]);
    expect(loadScenario(path("s.toml"), { steps: 11 }).model.resume).toEqual({ at_step: 11, num_streams_mixed: 1 });
  });

  it("looks for a baseline beside the file that declares it, so a file elsewhere that extends a diagnostic inherits its baseline", () => {
    const { path } = files({ "base.toml": MINIMAL_SCENARIO, "diag.toml": MINIMAL_SCENARIO.replace("[run]", '[run]\nbaseline = "base"') });
    mkdirSync(path("sweeps"));
    writeFileSync(path("sweeps/child.toml"), 'extends = "../diag.toml"\n');
    const scenario = loadScenario(path("sweeps/child.toml"));
    expect(scenario.baseline).toBe("base");
    expect(scenario.baselineFile).toBe(path("base.toml"));
  });

  it("reports every expectation and baseline problem at once", () => {
    const { path } = files({
      "self.toml": `${MINIMAL_SCENARIO.replace("steps = 10", 'steps = 10\nbaseline = "nope"')}
[[expect]]
metric = "ledger_wipe_count"
steps = [9, 3]
stat = "max"
op = "=="
value = 0
[[expect]]
metric = "ledger/*"
stat = "max"
op = "=="
value = 0
[[expect]]
metric = "ledger_wipe_count"
combine = "sum"
stat = "max"
op = "=="
value = 0
[[expect]]
name = "ledger_wipe_count max == 0"
metric = "ledger/evictions/lru"
stat = "max"
op = "=="
value = 0
`,
    });
    const file = path("self.toml");
    expect(problemsOf(file)).toEqual([
      `${file}: run.baseline = "nope": expected the name of a scenario file beside this one; looked for ${path("nope.toml")}, which does not exist`,
      `${file}: expect[0].steps = [9,3]: expected a window [first, last] with 1 <= first <= last`,
      `${file}: expect[1].metric = "ledger/*": a pattern with * matches several keys: add combine = "sum" | "max" | "min" | "spread" to fold them per step`,
      `${file}: expect[2].combine = "sum": combine folds the keys a pattern matches, and expect[2].metric = "ledger_wipe_count" has no *: remove combine or use a pattern`,
      `${file}: expect[2].name = "ledger_wipe_count max == 0": expected a name not used by another expectation; expect[0] has it`,
      `${file}: expect[3].name = "ledger_wipe_count max == 0": expected a name not used by another expectation; expect[0] has it`,
    ]);
  });

  it("refuses a pattern in minus without combine at load time, naming minus", () => {
    const { path } = files({
      "m.toml": `${MINIMAL_SCENARIO}
[[expect]]
metric = "ledger/evictions/lru"
minus = "ledger/evictions/*"
stat = "max"
op = "<="
value = 0
`,
    });
    const file = path("m.toml");
    expect(problemsOf(file)).toEqual([
      `${file}: expect[0].minus = "ledger/evictions/*": a pattern with * matches several keys: add combine = "sum" | "max" | "min" | "spread" to fold them per step`,
    ]);
  });

  it("refuses a scenario that is its own baseline and negative golden tolerances", () => {
    const { path } = files({
      "h.toml": MINIMAL_SCENARIO.replace("steps = 10", 'steps = 10\nbaseline = "h"'),
      "g.toml": `${MINIMAL_SCENARIO}\n[golden]\nrel = -1\n[[golden.tolerance]]\nmatch = "x"\nabs = -0.5\n`,
    });
    expect(problemsOf(path("h.toml"))).toEqual([
      `${path("h.toml")}: run.baseline = "h": a scenario cannot be its own baseline: name the healthy scenario this diagnostic is held against`,
    ]);
    // The same file named with a ./ prefix is still the same file.
    const dotted = `./${relative(process.cwd(), path("h.toml"))}`;
    expect(problemsOf(dotted)).toEqual([`${dotted}: run.baseline = "h": a scenario cannot be its own baseline: name the healthy scenario this diagnostic is held against`]);
    expect(problemsOf(path("g.toml"))).toEqual([
      `${path("g.toml")}: golden.rel = -1: expected a number >= 0`,
      `${path("g.toml")}: golden.tolerance[0].abs = -0.5: expected a number >= 0`,
    ]);
  });

  it("joins several problems under one header in the error message", () => {
    const { path } = files({ "s.toml": `[run]\nsteps = 0\nseed = -1\n[[dataset.groups]]\nmodality = "rna"\nstreams = 1\ncells = 8\n` });
    expect(() => loadScenario(path("s.toml"))).toThrow(
      `${path("s.toml")} has 2 problems:\n  ${path("s.toml")}: run.seed = -1: expected an integer >= 0 and <= 4294967295\n  ${path("s.toml")}: run.steps = 0: expected an integer >= 1`,
    );
  });
});

describe("loadScenario from a working directory", () => {
  const cwd = join(PROJECT_ROOT, "test/fixtures");

  it("reads a relative file and its extends chain from cwd, naming them as given", () => {
    const scenario = loadScenario("scenarios/valid_child.toml", {}, cwd);
    expect(scenario.file).toBe("scenarios/valid_child.toml");
    expect(scenario.chain).toEqual(["scenarios/valid_child.toml", "scenarios/base.toml"]);
    const absolute = loadScenario(join(cwd, "scenarios/valid_child.toml"));
    expect(scenario.model).toEqual(absolute.model);
    expect(scenario.resolved).toEqual(absolute.resolved);
  });

  it("names a missing extends target relative to cwd, as the user wrote the path", () => {
    expect(() => loadScenario("scenarios/missing_extends.toml", {}, cwd)).toThrow(
      "scenarios/no_such_parent.toml: cannot read the scenario file (no such file); extends chain: scenarios/missing_extends.toml -> scenarios/no_such_parent.toml",
    );
  });
});
