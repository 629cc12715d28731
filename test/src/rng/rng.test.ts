import fc from "fast-check";
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { Rng } from "../../../src/rng/rng.ts";

const draws = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.next());

describe("Rng", () => {
  it("gives the same draws for the same seed and different draws for another", () => {
    expect(draws(Rng.fromSeed(3), 5)).toEqual(draws(Rng.fromSeed(3), 5));
    expect(draws(Rng.fromSeed(3), 5)).not.toEqual(draws(Rng.fromSeed(4), 5));
  });

  it("forks by label alone, so a new consumer never shifts another's draws", () => {
    const root = Rng.fromSeed(3);
    const before = draws(root.fork("pick", 1), 4);
    const other = Rng.fromSeed(3);
    draws(other, 10);
    draws(other.fork("epoch", 1), 10);
    expect(draws(other.fork("pick", 1), 4)).toEqual(before);
    expect(root.fork("pick", 1).label).toBe("3/pick/1");
  });

  it("continues exactly from a state that went through JSON", () => {
    const rng = Rng.fromSeed("s").fork("x");
    draws(rng, 7);
    const restored = Rng.restore(JSON.parse(JSON.stringify(rng.state())));
    expect(draws(restored, 5)).toEqual(draws(rng, 5));
  });

  it("keeps int and intInclusive within their bounds", () => {
    const rng = Rng.fromSeed(1);
    const ints = Array.from({ length: 500 }, () => rng.int(3));
    expect(new Set(ints)).toEqual(new Set([0, 1, 2]));
    const inclusive = Array.from({ length: 500 }, () => rng.intInclusive(5, 7));
    expect(new Set(inclusive)).toEqual(new Set([5, 6, 7]));
  });

  it("refuses a malformed state", () => {
    expect(() => Rng.restore({ label: 3 } as never)).toThrow(/malformed Rng state/);
    expect(() => Rng.restore({ label: "x", prng: { c: 1, s0: 0.5, s1: "a", s2: 0.25 } } as never)).toThrow(/four finite numbers/);
    // Seeding and stepping leave every word a multiple of 2^-32 in [0, 1) and the carry a small integer.
    expect(() => Rng.restore({ label: "x", prng: { c: 1, s0: 0.1, s1: 0.5, s2: 0.25 } })).toThrow(/s0 is 0.1; expected a multiple of 2\^-32/);
    expect(() => Rng.restore({ label: "x", prng: { c: 1, s0: 0.5, s1: 1, s2: 0.25 } })).toThrow(/s1 is 1/);
    expect(() => Rng.restore({ label: "x", prng: { c: 2.5, s0: 0.5, s1: 0.5, s2: 0.25 } })).toThrow(/c is 2.5/);
    expect(() => Rng.restore({ label: "x", prng: { c: 2091640, s0: 0.5, s1: 0.5, s2: 0.25 } })).toThrow(/c is 2091640/);
  });

  it("draws what seedrandom's Alea draws for the same label, and holds the same state", () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 300 }), (label, n) => {
        const reference = seedrandom.alea(`${label}/x`, { state: true });
        const rng = Rng.fromSeed(label).fork("x");
        const expected = Array.from({ length: n }, () => reference());
        expect(draws(rng, n)).toStrictEqual(expected);
        expect(rng.state().prng).toStrictEqual(reference.state());
        expect(JSON.stringify(rng.state().prng)).toBe(JSON.stringify(reference.state()));
      }),
    );
  });
});
