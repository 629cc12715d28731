import seedrandom from "seedrandom";
import { assert } from "../errors.ts";

/** Alea's state as seedrandom writes and reads it. */
export interface AleaState {
  readonly c: number;
  readonly s0: number;
  readonly s1: number;
  readonly s2: number;
}

/** The plain, JSON-serialisable state of an Rng: its label and its generator's state. */
export interface RngState {
  readonly label: string;
  readonly prng: AleaState;
}

/** 2^32: Alea's state words are fractions of it. */
const TWO_POW_32 = 4294967296;
/** 2^-32, written as seedrandom's `alea.js` writes it. */
const TWO_POW_MINUS_32 = 2.3283064365386963e-10;
/** Alea's multiplier; with `c` below it, every sum in a step is an integer below 2^53. */
const ALEA_MULTIPLIER = 2091639;

/**
 * The only source of randomness in the model. An Rng is identified by a label path
 * (`<seed>/pick/3`); `fork` derives a child for one purpose from the label alone, so a
 * new consumer never shifts the draws of another. The generator is seedrandom's Alea:
 * fast, with a small state that snapshots can store as JSON.
 *
 * seedrandom seeds the generator from the label; the draws step Alea here. Alea's three
 * state words are multiples of 2^-32 in [0, 1) (mash() makes them so, and every step
 * keeps them so), so they are held as the 32-bit integers they are multiples of, and
 * the carry as the small integer it is: four small-integer fields of the Rng itself,
 * which V8 stores in the object without boxing. A step in integers is exact, so the
 * draws and the state are seedrandom's to the bit (a test holds them equal); one draw
 * on each of thousands of ranks' pick generators reads one object, where seedrandom's
 * closure state (four boxed doubles) or a Float64Array read three or more.
 */
export class Rng {
  /** The state words s0, s1, s2 times 2^32, as int32 (read back with `>>> 0`). */
  private word0: number;
  private word1: number;
  private word2: number;
  private carry: number;

  private constructor(
    readonly label: string,
    state: AleaState,
  ) {
    assert(aleaStateProblem(state) === undefined, () => `Alea's state: ${aleaStateProblem(state)}`);
    this.word0 = (state.s0 * TWO_POW_32) | 0;
    this.word1 = (state.s1 * TWO_POW_32) | 0;
    this.word2 = (state.s2 * TWO_POW_32) | 0;
    this.carry = state.c;
  }

  static fromSeed(seed: number | string): Rng {
    return Rng.fromLabel(String(seed));
  }

  static restore(state: RngState): Rng {
    assert(typeof state?.label === "string" && typeof state.prng === "object" && state.prng !== null, "malformed Rng state");
    const prng = state.prng as Partial<Record<keyof AleaState, unknown>>;
    assert(
      [prng.c, prng.s0, prng.s1, prng.s2].every((v) => typeof v === "number" && Number.isFinite(v)),
      "malformed Rng state: the generator's state is four finite numbers c, s0, s1, s2",
    );
    return new Rng(state.label, state.prng);
  }

  private static fromLabel(label: string): Rng {
    return new Rng(label, seedrandom.alea(label, { state: true }).state());
  }

  /** A child generator for one purpose; its draws depend only on this label and `parts`. */
  fork(...parts: ReadonlyArray<string | number>): Rng {
    return Rng.fromLabel(`${this.label}/${parts.join("/")}`);
  }

  /**
   * A float in [0, 1): Alea's step, as seedrandom's `alea.js` writes it
   * (`t = 2091639 * s0 + c * 2^-32; s0 = s1; s1 = s2; s2 = t - (c = t | 0)`), in
   * integers scaled by 2^32, where it is exact.
   */
  next(): number {
    const scaled = ALEA_MULTIPLIER * (this.word0 >>> 0) + this.carry;
    const carry = Math.floor(scaled / TWO_POW_32);
    const word = scaled - carry * TWO_POW_32;
    this.word0 = this.word1;
    this.word1 = this.word2;
    this.word2 = word | 0;
    this.carry = carry;
    return word * TWO_POW_MINUS_32;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max], both inclusive. */
  intInclusive(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  state(): RngState {
    // The key order of seedrandom's own state object, so snapshots read the same.
    return {
      label: this.label,
      prng: { c: this.carry, s0: (this.word0 >>> 0) * TWO_POW_MINUS_32, s1: (this.word1 >>> 0) * TWO_POW_MINUS_32, s2: (this.word2 >>> 0) * TWO_POW_MINUS_32 },
    };
  }
}

/**
 * What is wrong with an Alea state that seeding and stepping could not have made, or
 * undefined: its words s0, s1 and s2 are multiples of 2^-32 in [0, 1) and its carry c
 * an integer in [0, 2091639]. A snapshot's checks name the field with it.
 */
export function aleaStateProblem(state: AleaState): string | undefined {
  for (const key of ["s0", "s1", "s2"] as const) {
    const word = state[key] * TWO_POW_32;
    if (!(Number.isInteger(word) && word >= 0 && word < TWO_POW_32)) return `${key} is ${state[key]}; expected a multiple of 2^-32 in [0, 1)`;
  }
  if (!(Number.isInteger(state.c) && state.c >= 0 && state.c <= ALEA_MULTIPLIER)) return `c is ${state.c}; expected an integer in [0, ${ALEA_MULTIPLIER}]`;
  return undefined;
}
