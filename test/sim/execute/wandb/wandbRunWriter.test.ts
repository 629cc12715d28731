import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolvedScenarioSha256 } from "../../../../sim/execute/run/scenarioHash.ts";
import { lineSeriesFamilies } from "../../../../sim/execute/wandb/lineSeriesCharts.ts";
import { wandbRunId } from "../../../../sim/execute/wandb/wandbLayout.ts";
import { tempDirsPerTest } from "../../../helpers/runCli.ts";
import { readWandbFile, type WandbRecord } from "../../../helpers/wandbFileReader.ts";
import { fixtureScenario } from "../run/fixtureScenarios.ts";
import { runToDir } from "../run/runInMemory.ts";

const tempDir = tempDirsPerTest("sim-wandb-");

const rowsOf = (file: string): Record<string, number>[] =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Record<string, number>);

function wandbFileOf(dir: string, runId: string): string {
  return join(dir, "wandb", `offline-run-20200101_000000-${runId}`, `run-${runId}.wandb`);
}

/** Every history record's values, as rows keyed like metrics.jsonl (`_step` as `step`, W&B's own keys dropped). */
function historyRows(records: readonly WandbRecord[], omitRank?: number): Record<string, number>[] {
  return records.flatMap((record) => {
    if (record.type !== "history") return [];
    const row: Record<string, number> = {};
    for (const item of record.items) {
      expect(item.path).toHaveLength(1);
      const key = item.path[0] as string;
      if (key === "_runtime" || key === "_timestamp") continue;
      row[key === "_step" ? "step" : key] = item.value as number;
    }
    expect(row.step).toBe(record.step);
    return [omitRank === undefined ? row : { ...row, rank: omitRank }];
  });
}

describe("the run's W&B offline runs", () => {
  it("hold the run record, a history record per step equal to metrics.jsonl value by value, the charts, summary and exit; per rank too", async () => {
    const dir = tempDir();
    const scenario = fixtureScenario("nested_modality_resume");
    await runToDir({ scenario, outDir: dir, perRank: true, trace: false });
    const hash = resolvedScenarioSha256(scenario.resolved);
    const id = wandbRunId({ scenarioSha256: hash, seed: 11, steps: 40, firstStep: 1 });
    expect(readlinkSync(join(dir, "wandb", "latest-run"))).toBe(`offline-run-20200101_000000-${id}`);
    const records = readWandbFile(readFileSync(wandbFileOf(dir, id)));

    expect(records.map((r) => r.num)).toEqual(records.map((_, i) => i + 1));
    expect(records[0]).toMatchObject({ type: "header", producer: expect.stringMatching(/^stream-mixing-sim /) });
    const run = records[1] as Extract<WandbRecord, { type: "run" }>;
    expect(run).toMatchObject({
      type: "run",
      runId: id,
      project: "stream-mixing-sim",
      displayName: "nested_modality_resume",
      group: "nested_modality_resume",
      startTimeS: 1577836800,
    });
    expect(Object.fromEntries(run.config.map((item) => [item.path[0], item.value]))).toEqual({ _wandb: {}, ...JSON.parse(JSON.stringify(scenario.resolved)) });

    const rows = rowsOf(join(dir, "metrics.jsonl"));
    expect(historyRows(records)).toEqual(rows);
    const timestamps = records.flatMap((r) => (r.type === "history" ? [r.items.find((i) => i.path[0] === "_timestamp")?.value] : []));
    expect(timestamps).toEqual(rows.map((r) => 1577836800 + (r.step as number)));

    const families = lineSeriesFamilies(new Set(rows.flatMap((row) => Object.keys(row))));
    expect(families.map((f) => f.name).sort()).toEqual(["evictions", "false_evictions", "ledger_wipe_count", "modalities", "remaining", "remaining_fraction"]);
    const config = records.find((r) => r.type === "config") as Extract<WandbRecord, { type: "config" }>;
    expect(config.items.map((i) => i.path)).toEqual(families.map((f) => ["_wandb", "visualize", `charts/${f.name}`]));
    for (const item of config.items) expect(item.value).toMatchObject({ panel_type: "Vega2", panel_config: { panelDefId: "wandb/lineseries/v0" } });
    const files = records.find((r) => r.type === "files") as Extract<WandbRecord, { type: "files" }>;
    const summary = records.find((r) => r.type === "summary") as Extract<WandbRecord, { type: "summary" }>;
    const summaryOf = new Map(summary.items.map((i) => [i.path[0], i.value]));
    for (const family of families) {
      const table = summaryOf.get(`charts/${family.name}_table`) as { path: string; nrows: number };
      expect(files.paths).toContain(table.path);
      const content = JSON.parse(readFileSync(join(dir, "wandb", `offline-run-20200101_000000-${id}`, "files", table.path), "utf8")) as {
        columns: string[];
        data: [number, string, number][];
      };
      expect(content.columns).toEqual(["step", "lineKey", "lineVal"]);
      expect(content.data).toHaveLength(table.nrows);
      // A line per member, every step, each value the row's.
      for (const [step, label, value] of content.data) {
        const member = family.members.find((m) => m.label === label) as { key: string };
        expect(value).toBe((rows[step - 1] as Record<string, number>)[member.key]);
      }
      expect(content.data).toHaveLength(family.members.reduce((n, m) => n + rows.filter((row) => m.key in row).length, 0));
    }
    for (const [key, value] of Object.entries(rows[rows.length - 1] as object)) expect(summaryOf.get(key === "step" ? "_step" : key)).toBe(value);
    expect(records[records.length - 1]).toEqual({ num: records.length, type: "exit", exitCode: 0, runtimeS: 40 });

    const perRank = rowsOf(join(dir, "metrics.per_rank.jsonl"));
    for (const rank of [0, 1, 2, 3]) {
      const rankId = wandbRunId({ scenarioSha256: hash, seed: 11, steps: 40, firstStep: 1, rank });
      const rankRecords = readWandbFile(readFileSync(wandbFileOf(dir, rankId)));
      expect(rankRecords[1]).toMatchObject({ type: "run", displayName: `nested_modality_resume/rank-00${rank}`, group: "nested_modality_resume", jobType: "rank" });
      expect(historyRows(rankRecords, rank)).toEqual(perRank.filter((r) => r.rank === rank));
    }
  });

  it("are byte-identical across runs of the same scenario and seed; a different seed is another W&B run", async () => {
    const [first, second, other] = [tempDir(), tempDir(), tempDir()];
    const scenario = fixtureScenario("nested_stream_lru");
    await runToDir({ scenario, outDir: first, perRank: false, trace: false });
    await runToDir({ scenario, outDir: second, perRank: false, trace: false });
    await runToDir({ scenario: fixtureScenario("nested_stream_lru", 7), outDir: other, perRank: false, trace: false });
    const tree = (dir: string): Record<string, string> =>
      Object.fromEntries(
        (readdirSync(join(dir, "wandb"), { recursive: true, withFileTypes: true }) as import("node:fs").Dirent[])
          .filter((e) => e.isFile())
          .map((e) => [join(e.parentPath, e.name).slice(dir.length), readFileSync(join(e.parentPath, e.name)).toString("base64")]),
      );
    expect(tree(second)).toEqual(tree(first));
    expect(readdirSync(join(other, "wandb"))).not.toEqual(readdirSync(join(first, "wandb")));
  });

  it("an interrupted run's W&B run ends with exit code 1 after the steps written", async () => {
    const dir = tempDir();
    const scenario = fixtureScenario("nested_stream_lru");
    const outcome = await runToDir({ scenario, outDir: dir, perRank: false, trace: false }, 5);
    const [link] = [readlinkSync(join(dir, "wandb", "latest-run"))];
    const id = link.slice(-8);
    const records = readWandbFile(readFileSync(join(dir, "wandb", link, `run-${id}.wandb`)));
    expect(records.filter((r) => r.type === "history").map((r) => (r as { step: number }).step)).toEqual(Array.from({ length: outcome.lastStep }, (_, i) => i + 1));
    expect(records[records.length - 1]).toMatchObject({ type: "exit", exitCode: 1 });
  });

  it("a file cut anywhere (a killed writer) reads as the records before the cut", async () => {
    const dir = tempDir();
    await runToDir({ scenario: fixtureScenario("nested_stream_lru"), outDir: dir, perRank: false, trace: false });
    const link = readlinkSync(join(dir, "wandb", "latest-run"));
    const bytes = readFileSync(join(dir, "wandb", link, `run-${link.slice(-8)}.wandb`));
    const whole = readWandbFile(bytes);
    for (let cut = 7; cut < bytes.length; cut += 97) {
      const prefix = readWandbFile(bytes.subarray(0, cut), { tolerateTruncatedTail: true });
      expect(prefix).toEqual(whole.slice(0, prefix.length));
      expect(prefix.length).toBeGreaterThanOrEqual(whole.length - Math.ceil((bytes.length - cut) / 7) - 1);
    }
  });
});

describe("WandbRunWriter", () => {
  it("refuses a wandb/ it cannot write (here: under a file, which even root cannot write through) with a UserError naming it", async () => {
    const { writeFileSync } = await import("node:fs");
    const { UserError } = await import("../../../../src/errors.ts");
    const { WandbRunWriter } = await import("../../../../sim/execute/wandb/wandbRunWriter.ts");
    const { fixedWallTime } = await import("../../../../sim/execute/run/wallTime.ts");
    const blocker = join(tempDir(), "not-a-dir");
    writeFileSync(blocker, "");
    const open = () =>
      new WandbRunWriter({
        dir: join(blocker, "wandb"),
        project: "p",
        name: "n",
        tags: [],
        resolved: {},
        scenarioSha256: "0".repeat(64),
        seed: 1,
        steps: 1,
        firstStep: 1,
        wallTime: fixedWallTime(1),
      });
    expect(open).toThrow(UserError);
    expect(open).toThrow(/cannot write the W&B run into .*not-a-dir\/wandb: .*ENOTDIR/);
  });

  it("writes the same files fed rows already read as columns (a run reads each row once for all its writers), rank rows and changing keys too", async () => {
    const { WandbRunWriter } = await import("../../../../sim/execute/wandb/wandbRunWriter.ts");
    const { fixedWallTime } = await import("../../../../sim/execute/run/wallTime.ts");
    const { RowColumns } = await import("../../../../sim/format/rowColumns.ts");
    const STEPS = 300;
    const dirs = [tempDir(), tempDir()];
    const [byRow, byColumns] = dirs.map(
      (dir) =>
        new WandbRunWriter({
          dir: join(dir, "wandb"),
          project: "p",
          name: "n",
          tags: [],
          resolved: { run: { steps: STEPS } },
          scenarioSha256: "0".repeat(64),
          seed: 1,
          steps: STEPS,
          firstStep: 1,
          wallTime: fixedWallTime(1),
        }),
    ) as [InstanceType<typeof WandbRunWriter>, InstanceType<typeof WandbRunWriter>];
    const reader = new RowColumns((keys) => keys);
    for (let step = 1; step <= STEPS; step++) {
      // Chart families (evictions by mode, remaining min/max), a fraction, and a counter present on some steps only.
      const row: Record<string, number> = { step, "ledger/evictions/lru": step % 7, "ledger/evictions/stale": (step * 13) % 1000, "x/fraction": 1 / step };
      if (step % 5 === 0) row["ledger/wipes"] = step * 1000;
      row["stream_mixing/active/remaining_min"] = step % 11;
      row["stream_mixing/active/remaining_max"] = 100 + (step % 9);
      byRow.writeRow(row);
      byColumns.writeColumns(reader.read(row), reader.values);
      for (const rank of [0, 2]) {
        const rankRow = { ...row, rank, "ledger/evictions/lru": rank + step };
        byRow.writeRankRow(rankRow);
        byColumns.writeRankColumns(reader.read(rankRow), reader.values);
      }
    }
    byRow.finish(0);
    byColumns.finish(0);
    const tree = (dir: string): Record<string, string> =>
      Object.fromEntries(
        (readdirSync(join(dir, "wandb"), { recursive: true, withFileTypes: true }) as import("node:fs").Dirent[])
          .filter((e) => e.isFile())
          .map((e) => [join(e.parentPath, e.name).slice(dir.length), readFileSync(join(e.parentPath, e.name)).toString("base64")]),
      );
    expect(Object.keys(tree(dirs[0]!)).filter((path) => path.endsWith(".table.json"))).not.toEqual([]);
    expect(tree(dirs[1]!)).toEqual(tree(dirs[0]!));
  });
});
