import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { WALL_TIME_ORIGIN_S } from "../../../../sim/execute/run/wallTime.ts";
import { RowColumns } from "../../../../sim/format/rowColumns.ts";
import { TensorBoardRunWriter } from "../../../../sim/execute/tensorboard/tensorboardRunWriter.ts";
import { readEventFile, scalarEvents } from "../../../helpers/tfEventReader.ts";
import { tempDirsPerTest } from "../../../helpers/runCli.ts";

const tempDir = tempDirsPerTest("sim-tb-");
const FILE = "events.out.tfevents.1577836800.stream-mixing-sim";

const rowsArb = fc.tuple(fc.uniqueArray(fc.stringMatching(/^[a-z][a-z_/]{0,30}$/), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 30 })).chain(([keys, steps]) =>
  fc
    .array(
      fc.array(fc.oneof(fc.integer({ min: -1e6, max: 1e6 }), fc.double({ min: -1e30, max: 1e30, noNaN: true, noDefaultInfinity: true })), {
        minLength: keys.length,
        maxLength: keys.length,
      }),
      { minLength: steps, maxLength: steps },
    )
    .map((valueRows) => valueRows.map((values, i) => ({ step: i + 1, ...Object.fromEntries(keys.filter((k) => k !== "step").map((k, j) => [k, values[j] as number])) }))),
);

describe("TensorBoardRunWriter", () => {
  it("writes file_version, then one event per row with every key but step as its float32 simple_value, steps strictly increasing", () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const dir = tempDir();
        const writer = new TensorBoardRunWriter({ dir, firstStep: 1, warn: () => undefined });
        for (const row of rows) writer.writeRow(row);
        expect(writer.close()).toEqual([join(dir, FILE)]);
        const events = readEventFile(readFileSync(join(dir, FILE)));
        expect(events[0]).toEqual({ wallTime: WALL_TIME_ORIGIN_S, step: 0, fileVersion: "brain.Event:2" });
        expect(events[1]).toEqual({ wallTime: WALL_TIME_ORIGIN_S, step: 1, sessionStart: true });
        const scalars = scalarEvents(events);
        expect(scalars.map((e) => e.step)).toEqual(rows.map((r) => r.step));
        rows.forEach((row, i) => {
          const event = scalars[i]!;
          expect(event.wallTime).toBe(WALL_TIME_ORIGIN_S + row.step);
          const expected = Object.entries(row)
            .filter(([k]) => k !== "step")
            .map(([tag, value]) => ({ tag, simpleValue: Math.fround(value) }));
          expect(event.values).toEqual(expected);
        });
      }),
      { numRuns: 40 },
    );
  });

  it("gives each rank a sub-run without the rank key, and starts a resumed run's file after its first step", () => {
    const dir = tempDir();
    const writer = new TensorBoardRunWriter({ dir, firstStep: 31, warn: () => undefined });
    for (const step of [31, 32]) {
      writer.writeRow({ step, a: step });
      for (const rank of [0, 1, 12]) writer.writeRankRow({ step, a: rank * 10 + step, rank });
    }
    writer.close();
    const file = "events.out.tfevents.1577836830.stream-mixing-sim";
    expect(readdirSync(dir).sort()).toEqual([file, "rank-000", "rank-001", "rank-012"]);
    const rank12 = readEventFile(readFileSync(join(dir, "rank-012", file)));
    // file_version, the SessionLog START at the first step, then the rows (the Custom Scalars layout is the reduced run's alone).
    expect(rank12.map((e) => e.step)).toEqual([0, 31, 31, 32]);
    expect(rank12[1]!.sessionStart).toBe(true);
    expect(rank12[0]!.wallTime).toBe(WALL_TIME_ORIGIN_S + 30);
    expect(rank12[3]!.values).toEqual([{ tag: "a", simpleValue: 152 }]);
  });

  it("writes the same bytes fed rows already read as columns (a run reads each row once for all its writers), rank rows and changing keys too", () => {
    fc.assert(
      fc.property(rowsArb, fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }), (rows, drops) => {
        // Some rows lose a key (a counter present only on some steps), so the key lists go back and forth.
        const varied = rows.map((row, i) => (drops[i] && Object.keys(row).length > 2 ? Object.fromEntries(Object.entries(row).slice(0, -1)) : row));
        const dirs = [tempDir(), tempDir()];
        const warnings: string[][] = [[], []];
        const [byRow, byColumns] = dirs.map((dir, d) => new TensorBoardRunWriter({ dir, firstStep: 1, warn: (m) => warnings[d]!.push(m) })) as [
          TensorBoardRunWriter,
          TensorBoardRunWriter,
        ];
        const reader = new RowColumns((keys) => keys);
        for (const row of varied) {
          byRow.writeRow(row);
          byColumns.writeColumns(reader.read(row), reader.values);
          for (const rank of [0, 3]) {
            const rankRow = { ...row, rank };
            byRow.writeRankRow(rankRow);
            byColumns.writeRankColumns(reader.read(rankRow), reader.values);
          }
        }
        byRow.close();
        byColumns.close();
        for (const sub of ["", "rank-000", "rank-003"]) expect(readFileSync(join(dirs[1]!, sub, FILE)).equals(readFileSync(join(dirs[0]!, sub, FILE)))).toBe(true);
        expect(warnings[1]).toEqual(warnings[0]);
      }),
      { numRuns: 40 },
    );
  });

  it("refuses a step that does not increase (an assertion: the caller's bug)", () => {
    const writer = new TensorBoardRunWriter({ dir: tempDir(), firstStep: 1, warn: () => undefined });
    writer.writeRow({ step: 1, a: 1 });
    expect(() => writer.writeRow({ step: 1, a: 2 })).toThrow(/step 1 after step 1; steps must strictly increase/);
    writer.close();
  });

  it("warns once when a counter passes 2^24, naming the key, the step and the stored value", () => {
    const warnings: string[] = [];
    const writer = new TensorBoardRunWriter({ dir: tempDir(), firstStep: 1, warn: (m) => warnings.push(m) });
    writer.writeRow({ step: 1, fraction: 123_456_789.5, small: 16_777_216 });
    expect(warnings).toEqual([]);
    writer.writeRow({ step: 2, fraction: 123_456_789.5, small: 16_777_217 });
    writer.writeRow({ step: 3, small: 16_777_219 });
    writer.close();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/small = 16777217 at step 2 passes 2\^24 \(16777216\).*stored as 16777216/);
  });

  it("atomic: nothing under the final name until close, and abort leaves no file nor a directory it made", () => {
    const dir = tempDir();
    const writer = new TensorBoardRunWriter({ dir, firstStep: 1, warn: () => undefined, atomic: true });
    writer.writeRow({ step: 1, a: 1 });
    expect(existsSync(join(dir, FILE))).toBe(false);
    writer.close();
    expect(readdirSync(dir)).toEqual([FILE]);
    const aborted = tempDir();
    const other = new TensorBoardRunWriter({ dir: aborted, firstStep: 1, warn: () => undefined, atomic: true });
    other.writeRankRow({ step: 1, a: 1, rank: 2 });
    other.abort();
    // The log directory existed before the writer: it stays, emptied of what the writer made.
    expect(readdirSync(aborted)).toEqual([]);
    const fresh = join(tempDir(), "logs", "run");
    const third = new TensorBoardRunWriter({ dir: fresh, firstStep: 1, warn: () => undefined, atomic: true });
    third.writeRankRow({ step: 1, a: 1, rank: 0 });
    third.abort();
    expect(existsSync(join(fresh, "..", ".."))).toBe(true);
    expect(existsSync(join(fresh, ".."))).toBe(false);
  });
});
