import seedrandom from "seedrandom";
import { assert } from "../errors.ts";

/** The plain, JSON-serialisable state of an Rng: its label and its generator's state. */
export interface RngState {
  readonly label: string;
  readonly prng: object;
}

/** Alea's state as seedrandom writes and reads it. */
interface AleaState {
  readonly c: number;
  readonly s0: number;
  readonly s1: number;
  readonly s2: number;
}

// Where Alea's state lives in `Rng.alea`.
const S0 = 0;
const S1 = 1;
const S2 = 2;
const C = 3;

/**
 * The only source of randomness in the model. An Rng is identified by a label path
 * (`<seed>/pick/3`); `fork` derives a child for one purpose from the label alone, so a
 * new consumer never shifts the draws of another. The generator is seedrandom's Alea:
 * fast, with a small state that snapshots can store as JSON.
 *
 * seedrandom seeds the generator from the label; the draws step Alea here, on a state
 * of four numbers in one Float64Array. seedrandom keeps them as four properties of a
 * closure's object, each a boxed double: one draw on each of thousands of ranks' pick
 * generators read six objects scattered over the heap. The draws and the state are
 * seedrandom's to the bit (a test holds them equal).
 */
export class Rng {
  private readonly alea = new Float64Array(4);

  private constructor(
    readonly label: string,
    state: AleaState,
  ) {
    this.alea[S0] = state.s0;
    this.alea[S1] = state.s1;
    this.alea[S2] = state.s2;
    this.alea[C] = state.c;
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
    return new Rng(state.label, prng as AleaState);
  }

  private static fromLabel(label: string): Rng {
    return new Rng(label, seedrandom.alea(label, { state: true }).state());
  }

  /** A child generator for one purpose; its draws depend only on this label and `parts`. */
  fork(...parts: ReadonlyArray<string | number>): Rng {
    return Rng.fromLabel(`${this.label}/${parts.join("/")}`);
  }

  /** A float in [0, 1): Alea's step, as seedrandom's `alea.js` writes it. */
  next(): number {
    const s = this.alea;
    const t = 2091639 * (s[S0] as number) + (s[C] as number) * 2.3283064365386963e-10; // 2^-32
    s[S0] = s[S1] as number;
    s[S1] = s[S2] as number;
    const c = t | 0;
    s[C] = c;
    return (s[S2] = t - c);
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
    return { label: this.label, prng: { c: this.alea[C], s0: this.alea[S0], s1: this.alea[S1], s2: this.alea[S2] } };
  }
}
