import { describe, expect, it } from "vitest";
import { BATCHING_MODES, LAYOUTS, PICK_WEIGHTINGS, WIPE_MODES } from "../../../../src/config/modelConfig.ts";
import { Rng } from "../../../../src/rng/rng.ts";
import { resolveStreams, sliceBounds } from "../../../../src/streamMixing/streamSpec.ts";
import { deriveSwarmCase, RESUME_KINDS, resumeKindOf } from "../../../../sim/execute/swarm/deriveSwarmCase.ts";
import { scenarioOfDerivedCase } from "../../../../sim/execute/swarm/scenarioOfCase.ts";
import { formatSwarmCaseToml, type SwarmCase } from "../../../../sim/execute/swarm/swarmCase.ts";

const CASES: SwarmCase[] = Array.from({ length: 300 }, (_, i) => deriveSwarmCase(20261130, i));

describe("deriveSwarmCase", () => {
  it("derives the same scenario TOML, byte for byte, from the same seed and index", () => {
    for (const runIndex of [0, 1, 17, 299]) {
      expect(formatSwarmCaseToml(deriveSwarmCase(42, runIndex))).toBe(formatSwarmCaseToml(deriveSwarmCase(42, runIndex)));
    }
    expect(formatSwarmCaseToml(deriveSwarmCase(42, 0))).not.toBe(formatSwarmCaseToml(deriveSwarmCase(43, 0)));
    expect(formatSwarmCaseToml(deriveSwarmCase(42, 0))).not.toBe(formatSwarmCaseToml(deriveSwarmCase(42, 1)));
  });

  it("pins one derived case, so that a change to the derivation (or to the Rng) shows", () => {
    const c = deriveSwarmCase(1, 0);
    expect(formatSwarmCaseToml(c)).toMatchSnapshot();
    expect(c.snapshotStep).toMatchSnapshot();
  });

  it("gives only cases the real scenario loader accepts, and the loader gives back the same model", () => {
    for (const c of CASES) expect(() => scenarioOfDerivedCase(c), c.name).not.toThrow();
  });

  it("covers the scenario space over 300 runs: every layout, batching mode, weighting, wipe mode and resume kind", () => {
    const seen = (values: readonly string[]) => [...new Set(values)].sort();
    expect(seen(CASES.map((c) => c.model.dataset.layout))).toEqual([...LAYOUTS].sort());
    expect(seen(CASES.map((c) => c.model.dataset.batching_mode))).toEqual([...BATCHING_MODES].sort());
    expect(seen(CASES.map((c) => c.model.dataset.pick_weighting))).toEqual([...PICK_WEIGHTINGS].sort());
    expect(seen(CASES.map((c) => c.model.ledger.wipe_mode))).toEqual([...WIPE_MODES].sort());
    expect(seen(CASES.map(resumeKindOf))).toEqual([...RESUME_KINDS].sort());
  });

  it("covers the corners: batches_per_step > 1, group_cells > 0, world sizes up to 64, cell ranges, K above the stream count", () => {
    expect(CASES.some((c) => c.model.batches_per_step > 1)).toBe(true);
    expect(CASES.some((c) => c.model.ledger.group_cells > 0)).toBe(true);
    expect(CASES.some((c) => c.model.world_size > 32)).toBe(true);
    expect(Math.max(...CASES.map((c) => c.model.world_size))).toBeLessThanOrEqual(64);
    const entries = (c: SwarmCase) => [...(c.model.dataset.groups ?? []), ...(c.model.dataset.streams ?? [])];
    expect(CASES.some((c) => entries(c).some((e) => Array.isArray(e.cells)))).toBe(true);
    const streamCount = (c: SwarmCase) => resolveStreams(c.model.dataset, Rng.fromSeed(c.model.seed).fork("cells")).streams.length;
    expect(CASES.some((c) => c.model.dataset.num_streams_mixed > streamCount(c))).toBe(true);
    expect(CASES.some((c) => c.model.resume !== undefined && c.model.resume.at_step === 1)).toBe(true);
  });

  it("covers tiny and empty slices: empty streams, and streams with fewer cells than ranks (some ranks' slices empty)", () => {
    const resolved = CASES.map((c) => ({ c, streams: resolveStreams(c.model.dataset, Rng.fromSeed(c.model.seed).fork("cells")).streams }));
    expect(resolved.some(({ streams }) => streams.some((s) => s.cells === 0))).toBe(true);
    expect(resolved.some(({ c, streams }) => streams.some((s) => s.cells > 0 && s.cells < c.model.world_size))).toBe(true);
    // A rank that owns nothing at all.
    expect(
      resolved.some(({ c, streams }) =>
        Array.from({ length: c.model.world_size }, (_, rank) => rank).some((rank) =>
          streams.every((s) => {
            const { start, end } = sliceBounds(s.cells, rank, c.model.world_size);
            return end === start;
          }),
        ),
      ),
    ).toBe(true);
  });

  it("derives odd but valid direct paths: deep, absolute, relative with . and .., spaces, unicode, a doubled slash", () => {
    const paths = CASES.flatMap((c) => (c.model.dataset.streams ?? []).map((s) => s.path));
    expect(paths.some((p) => p.startsWith("/"))).toBe(true);
    expect(paths.some((p) => p.includes("/../"))).toBe(true);
    expect(paths.some((p) => p.startsWith("./"))).toBe(true);
    expect(paths.some((p) => p.includes(" "))).toBe(true);
    expect(paths.some((p) => [...p].some((ch) => ch.charCodeAt(0) > 127))).toBe(true);
    expect(paths.some((p) => p.includes("//"))).toBe(true);
  });
});
