import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolvedScenarioSha256, scenarioSha256 } from "../../../../sim/execute/run/scenarioHash.ts";
import { checkSnapshotFits, parseSnapshotFile } from "../../../../sim/input/snapshot/readSnapshotFile.ts";
import { HARNESS_VERSION } from "../../../../sim/version.ts";
import { escapeRegExp } from "../../../helpers/escapeRegExp.ts";
import { tempDirsPerTest } from "../../../helpers/runCli.ts";
import { FIXTURE_NAMES, FIXTURE_STEPS, fixtureScenario } from "../../execute/run/fixtureScenarios.ts";
import { runToDir } from "../../execute/run/runInMemory.ts";

const tempDir = tempDirsPerTest("sim-resume-");

function lines(file: string): string[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l !== "");
}

describe("exact resume from a snapshot", () => {
  for (const name of FIXTURE_NAMES) {
    it(`${name}: every snapshot's continuation equals the uninterrupted run byte for byte`, async () => {
      const root = tempDir();
      const scenario = fixtureScenario(name);
      const full = join(root, "full");
      await runToDir({ scenario, outDir: full, perRank: true, trace: false, snapshotEverySteps: 5 });
      const fullRows = lines(join(full, "metrics.jsonl"));
      const fullPerRank = lines(join(full, "metrics.per_rank.jsonl"));
      expect(fullRows).toHaveLength(FIXTURE_STEPS);
      const snaps = readdirSync(join(full, "snapshots")).sort();
      expect(snaps).toHaveLength(FIXTURE_STEPS / 5);

      // Steps around the modeled resumes (30 and 17) and the wipes are among them.
      for (const step of [5, 15, 20, 25, 30, 35, 40]) {
        const file = join(full, "snapshots", `step-${step}.json`);
        const snapshot = parseSnapshotFile(readFileSync(file, "utf8"), file);
        const out = join(root, `from-${step}`);
        const outcome = await runToDir({ scenario, outDir: out, perRank: true, trace: false, resumeFrom: { file, snapshot } });
        expect(outcome.firstStep).toBe(step + 1);
        const resumed = lines(join(out, "metrics.jsonl"));
        expect(resumed).toEqual(fullRows.slice(step));
        expect(resumed.join("\n")).toBe(fullRows.slice(step).join("\n"));
        const W = scenario.model.world_size;
        expect(lines(join(out, "metrics.per_rank.jsonl"))).toEqual(fullPerRank.slice(step * W));
      }
    });
  }

  it("the modeled resume's INFO line reaches run.log, and a continuation past the resume step repeats it", async () => {
    const root = tempDir();
    const scenario = fixtureScenario("nested_modality_resume");
    await runToDir({ scenario, outDir: join(root, "full"), perRank: false, trace: false, snapshotEverySteps: 20 });
    const log = readFileSync(join(root, "full", "run.log"), "utf8");
    expect(log).toMatch(/^step 30 rank \d INFO stream_mixing: resume on rank \d truncated the active set from 3 to 2 readers/m);
  });
});

describe("snapshot refusals", () => {
  const scenario = fixtureScenario("nested_stream_lru");
  const fits = {
    harnessVersion: HARNESS_VERSION,
    scenario: scenario.name,
    scenarioSha256: resolvedScenarioSha256(scenario.resolved),
    steps: FIXTURE_STEPS,
    worldSize: scenario.model.world_size,
  };

  async function takeSnapshot(): Promise<{ file: string; text: string }> {
    const dir = tempDir();
    await runToDir({ scenario, outDir: dir, perRank: false, trace: false, snapshotEverySteps: 10 });
    const file = join(dir, "snapshots", "step-10.json");
    return { file, text: readFileSync(file, "utf8") };
  }

  it("accepts its own snapshot", async () => {
    const { file, text } = await takeSnapshot();
    expect(() => checkSnapshotFits(parseSnapshotFile(text, file), file, fits)).not.toThrow();
  });

  it("refuses a snapshot of another scenario, naming both hashes", async () => {
    const { file, text } = await takeSnapshot();
    const other = fixtureScenario("nested_stream_lru");
    const otherHash = scenarioSha256({ ...other.resolved, ledger: { capacity: 7 } });
    const snap = parseSnapshotFile(text, file);
    expect(() => checkSnapshotFits(snap, file, { ...fits, scenarioSha256: otherHash })).toThrow(
      new RegExp(`another scenario.*sha256 ${snap.scenario_sha256}.*sha256 ${otherHash}`),
    );
  });

  it("the scenario hash ignores run.steps but not the seed", () => {
    const a = scenarioSha256({ run: { steps: 10, seed: 1 }, x: 1 });
    expect(scenarioSha256({ x: 1, run: { seed: 1, steps: 99 } })).toBe(a);
    expect(scenarioSha256({ x: 1, run: { seed: 2, steps: 10 } })).not.toBe(a);
  });

  it("refuses another harness version", async () => {
    const { file, text } = await takeSnapshot();
    const snap = parseSnapshotFile(text.replace(`"harness_version": "${HARNESS_VERSION}"`, `"harness_version": "0.0.0-other"`), file);
    expect(() => checkSnapshotFits(snap, file, fits)).toThrow(/harness version 0\.0\.0-other; this is version/);
  });

  it("refuses a truncated file naming the file, line and column", async () => {
    const { file, text } = await takeSnapshot();
    const cut = text.slice(0, Math.floor(text.length / 2));
    const expectedLine = cut.split("\n").length;
    expect(() => parseSnapshotFile(cut, file)).toThrow(new RegExp(`${escapeRegExp(file)}:${expectedLine}:\\d+: not a valid snapshot: invalid JSON \\(the file looks truncated\\)`));
  });

  it("refuses invalid JSON in the middle with the line of the error", () => {
    const text = '{\n "format": "sim-snapshot",\n "step": 1,,\n}\n';
    expect(() => parseSnapshotFile(text, "s.json")).toThrow(/^s\.json:3:\d+: not a valid snapshot: invalid JSON/);
  });

  it("refuses a snapshot past --steps", async () => {
    const { file, text } = await takeSnapshot();
    expect(() => checkSnapshotFits(parseSnapshotFile(text, file), file, { ...fits, steps: 9 })).toThrow(/step 10, beyond --steps 9/);
  });

  it("refuses to resume into the run directory that holds the snapshot, touching nothing", async () => {
    const dir = tempDir();
    await runToDir({ scenario, outDir: dir, perRank: false, trace: false, snapshotEverySteps: 10 });
    const file = join(dir, "snapshots", "step-10.json");
    const before = readFileSync(join(dir, "metrics.jsonl"), "utf8");
    const snapshot = parseSnapshotFile(readFileSync(file, "utf8"), file);
    await expect(runToDir({ scenario, outDir: dir, perRank: false, trace: false, resumeFrom: { file, snapshot } })).rejects.toThrow(/would clear the snapshot/);
    expect(readFileSync(join(dir, "metrics.jsonl"), "utf8")).toBe(before);
    expect(readdirSync(join(dir, "snapshots"))).toContain("step-10.json");
  });

  it("a snapshot dir with a stranger file makes the run dir foreign", async () => {
    const dir = tempDir();
    await runToDir({ scenario, outDir: dir, perRank: false, trace: false, snapshotEverySteps: 10 });
    mkdirSync(join(dir, "snapshots"), { recursive: true });
    writeFileSync(join(dir, "snapshots", "notes.txt"), "mine");
    await expect(runToDir({ scenario, outDir: dir, perRank: false, trace: false })).rejects.toThrow(/snapshots\/notes\.txt/);
  });
});
