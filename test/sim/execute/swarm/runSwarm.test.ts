import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../../../sim/cli.ts";
import { fakeClock } from "../../../../sim/io/clock.ts";
import { formatSwarmFailure } from "../../../../sim/execute/swarm/formatSwarmReport.ts";
import { guidedBatchRuns, runSwarm } from "../../../../sim/execute/swarm/runSwarm.ts";
import { runSwarmCase, type SwarmCaseResult } from "../../../../sim/execute/swarm/runSwarmCase.ts";
import { inSwarmShard, runsInSwarmShard } from "../../../../sim/execute/swarm/swarmShard.ts";
import { parseShard } from "../../../../sim/execute/pool/shard.ts";
import { writeSwarmFailure } from "../../../../sim/execute/swarm/writeSwarmFailure.ts";
import { UserError } from "../../../../src/errors.ts";
import { memoryIo } from "../../../helpers/memoryIo.ts";
import { tempDirsPerTest } from "../../../helpers/runCli.ts";
import { builtMain } from "../../../helpers/runMain.ts";

const tempDir = tempDirsPerTest("sim-swarm-");

/** Runs the swarm with a stand-in case runner and returns the run indices in the order results were reported. */
async function reportedIndices(options: Partial<Parameters<typeof runSwarm>[0]>): Promise<number[]> {
  const seen: number[] = [];
  await runSwarm({
    swarmSeed: 1,
    budget: { runs: 10 },
    jobs: 1,
    clock: fakeClock(),
    stopRequested: () => false,
    onResult: (result) => void seen.push(result.runIndex),
    runCase: (_seed, runIndex): SwarmCaseResult => ({ runIndex, checks: 5 }),
    ...options,
  });
  return seen;
}

describe("swarm shards", () => {
  it("parses i/n and refuses anything else, naming the option", () => {
    expect(parseShard("2/3")).toEqual({ index: 2, count: 3 });
    for (const bad of ["0/3", "4/3", "1/0", "a/b", "1", "-1/2", "1.5/2"]) expect(() => parseShard(bad), bad).toThrow(UserError);
    expect(() => parseShard("4/3")).toThrow("--shard 4/3: expected i/n with 1 <= i <= n <= 10000");
  });

  it("deals the run indices round-robin: n shards together run every index exactly once", async () => {
    expect(await reportedIndices({ shard: { index: 2, count: 3 } })).toEqual([1, 4, 7]);
    const all = (await Promise.all([1, 2, 3].map((index) => reportedIndices({ shard: { index, count: 3 } })))).flat().sort((a, b) => a - b);
    expect(all).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(inSwarmShard(5, undefined)).toBe(true);
  });

  it("counts a shard's runs as the runs it deals it (the progress display's total)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), (runs, a, b) => {
        const shard = { index: Math.min(a, b), count: Math.max(a, b) };
        const dealt = Array.from({ length: runs }, (_, runIndex) => runIndex).filter((runIndex) => inSwarmShard(runIndex, shard));
        expect(runsInSwarmShard(runs, shard)).toBe(dealt.length);
      }),
    );
    expect(runsInSwarmShard(7, undefined)).toBe(7);
  });

  it("with a time budget, runs until the clock passes it", async () => {
    // The fake clock advances 1 ms per reading: a 0.0005-minute (30 ms) budget ends after a few runs.
    const seen = await reportedIndices({ budget: { minutes: 0.0005 } });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.length).toBeLessThan(30);
    expect(seen).toEqual(seen.map((_, i) => i));
  });

  it("stops starting runs once a stop is requested, and says it was interrupted", async () => {
    let calls = 0;
    const report = await runSwarm({
      swarmSeed: 1,
      budget: { runs: 10 },
      jobs: 1,
      clock: fakeClock(),
      stopRequested: () => ++calls > 3,
      onResult: () => undefined,
      runCase: (_seed, runIndex) => ({ runIndex, checks: 5 }),
    });
    expect(report).toMatchObject({ runs: 3, checks: 15, failures: 0, interrupted: true });
  });
});

describe("guidedBatchRuns", () => {
  it("hands out at most 16 runs at a time, shrinking to one as the runs left run out", () => {
    const sizes = [500, 64, 40, 16, 1, 0].map((remaining) => guidedBatchRuns(remaining, 2));
    expect(sizes).toEqual([16, 4, 3, 1, 1, 1]);
  });

  it("ends the lanes of equal runs within one run of each other, whatever the count (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 2, max: 8 }), (runs, workers) => {
        // Every lane takes its next batch when its last is done, each run one unit of time.
        const ends = Array.from({ length: workers }, () => 0);
        for (let left = runs; left > 0;) {
          const size = Math.min(left, guidedBatchRuns(left, workers));
          left -= size;
          const lane = ends.indexOf(Math.min(...ends));
          ends[lane] = (ends[lane] as number) + size;
        }
        // Batches of a fixed 16 ended a 500-run swarm's two lanes 12 runs apart.
        expect(Math.max(...ends) - Math.min(...ends)).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe("a swarm failure", () => {
  /** A deliberately broken check: it fails every case with world_size >= 3 and steps >= 5. */
  const broken = (scenario: { model: { world_size: number }; steps: number }) =>
    scenario.model.world_size >= 3 && scenario.steps >= 5 ? { check: "exact-resume" as const, message: "broken on purpose" } : undefined;

  function firstFailure() {
    for (let runIndex = 0; ; runIndex++) {
      const result = runSwarmCase(7, runIndex, broken);
      if (result.failure !== undefined) return result.failure;
    }
  }

  it("is written atomically as a minimal scenario file with the line that reproduces exactly that check", () => {
    const dir = tempDir();
    const failure = firstFailure();
    expect(failure.minimal.model.world_size).toBe(3);
    expect(failure.minimal.steps).toBe(5);
    const written = writeSwarmFailure(failure, 7, { shown: "out dir", cwd: dir });
    expect(written.file).toBe(join("out dir", `${failure.minimal.name}-exact-resume.toml`));
    expect(written.reproduce).toBe(`npx sim swarm --replay 'out dir/${failure.minimal.name}-exact-resume.toml' --check exact-resume --snapshot-step 0`);
    const text = readFileSync(join(dir, written.file), "utf8");
    expect(text).toContain(`# sim swarm: check exact-resume failed on run ${failure.runIndex} of swarm seed 7;`);
    expect(text).toContain(`# Reproduce: ${written.reproduce}`);
    expect(text).toContain("world_size = 3");
    const printed = formatSwarmFailure(failure, written);
    expect(printed.split("\n")[0]).toBe(`FAIL run ${failure.runIndex}: exact-resume: broken on purpose`);
    expect(printed).toContain("  derived scenario:\n");
    expect(printed).toContain(`  reproduce: ${written.reproduce}`);
  });

  it("replays through the real loader and the real check: `sim swarm --replay <file> --check <name>`", async () => {
    const dir = tempDir();
    const written = writeSwarmFailure(firstFailure(), 7, { shown: "failures", cwd: dir });
    const io = memoryIo(dir);
    // The real exact-resume check holds on this scenario (only the stand-in was broken).
    expect(await main(["swarm", "--replay", written.file, "--check", "exact-resume", "--snapshot-step", "0"], io)).toBe(0);
    expect(io.out()).toBe(`ok ${written.file}: exact-resume held\n`);
    const refused = memoryIo(dir);
    expect(await main(["swarm", "--replay", written.file, "--snapshot-step", "5"], refused)).toBe(2);
    expect(refused.err()).toContain("--snapshot-step must be below run.steps = 5");
  });
});

describe("sim swarm in-process", () => {
  it("prints the seed first and a summary last, and gives the same result on two worker processes as on one", async () => {
    const dir = tempDir();
    // The built CLI, whose two worker processes load the built modules rather than the sources through tsx.
    const built = await builtMain();
    const one = memoryIo(dir);
    expect(await built(["swarm", "--runs", "6", "--seed", "11", "--jobs", "1"], one)).toBe(0);
    const two = memoryIo(dir);
    expect(await built(["swarm", "--runs", "6", "--seed", "11", "--jobs", "2"], two)).toBe(0);
    const lines = (io: ReturnType<typeof memoryIo>) => io.out().trimEnd().split("\n");
    expect(lines(one)[0]).toBe("swarm seed 11 (npx sim swarm --seed 11 --runs 6)");
    expect(lines(one)[1]).toMatch(/^swarm seed 11: 6 runs, 30 checks, all held, [\d.]+ s$/);
    expect(lines(two).map((l) => l.replace(/[\d.]+ s$/, ""))).toEqual(lines(one).map((l) => l.replace(/[\d.]+ s$/, "")));
  }, 120_000);

  it("refuses bad input with exit 2 and a message naming the option", async () => {
    const dir = tempDir();
    for (const [argv, message] of [
      [["--runs", "0"], "--runs must be an integer >= 1, got 0"],
      [["--jobs", "1.5"], "--jobs must be an integer >= 1, got 1.5"],
      [["--jobs", "257"], "--jobs 257: expected at most 256"],
      [["--runs", "ten"], '--runs must be an integer >= 1, got "ten"'],
      [["--seed", "4294967296"], "--seed 4294967296: expected at most 4294967295"],
      [["--seed", "18446744073709551616"], "--seed 18446744073709551616: expected at most 4294967295"],
      [["--minutes", "abc"], '--minutes must be a number > 0, got "abc"'],
      [["--runs", "1000000000"], "--runs 1000000000: expected at most 1000000 (the harness's limit LIMITS.swarmRuns"],
      [["--minutes", "0"], "--minutes must be a number > 0"],
      [["--shard", "3/2"], "--shard 3/2: expected i/n with 1 <= i <= n"],
      [["--check", "invariants"], "--check and --snapshot-step go with --replay"],
      [["--replay", "x.toml", "--seed", "3"], "--seed does not go with --replay"],
    ] as const) {
      const io = memoryIo(dir);
      expect(await main(["swarm", ...argv], io), argv.join(" ")).toBe(2);
      expect(io.err(), argv.join(" ")).toContain(message);
    }
  });
});
