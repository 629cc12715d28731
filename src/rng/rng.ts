import seedrandom from "seedrandom";
import { assert } from "../errors.ts";

/** The plain, JSON-serialisable state of an Rng: its label and its generator's state. */
export interface RngState {
  readonly label: string;
  readonly prng: object;
}

/**
 * The only source of randomness in the model. An Rng is identified by a label path
 * (`<seed>/pick/3`); `fork` derives a child for one purpose from the label alone, so a
 * new consumer never shifts the draws of another. The generator is seedrandom's Alea:
 * fast, with a small state that snapshots can store as JSON.
 */
export class Rng {
  private constructor(
    readonly label: string,
    private readonly prng: seedrandom.StatefulPRNG<seedrandom.State.Alea>,
  ) {}

  static fromSeed(seed: number | string): Rng {
    return Rng.fromLabel(String(seed));
  }

  static restore(state: RngState): Rng {
    assert(typeof state?.label === "string" && typeof state.prng === "object", "malformed Rng state");
    return new Rng(state.label, seedrandom.alea("", { state: state.prng as seedrandom.State.Alea }));
  }

  private static fromLabel(label: string): Rng {
    return new Rng(label, seedrandom.alea(label, { state: true }));
  }

  /** A child generator for one purpose; its draws depend only on this label and `parts`. */
  fork(...parts: ReadonlyArray<string | number>): Rng {
    return Rng.fromLabel(`${this.label}/${parts.join("/")}`);
  }

  /** A float in [0, 1). */
  next(): number {
    return this.prng();
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.prng() * n);
  }

  /** An integer in [min, max], both inclusive. */
  intInclusive(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  state(): RngState {
    return { label: this.label, prng: this.prng.state() };
  }
}
