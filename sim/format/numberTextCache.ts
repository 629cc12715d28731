import { numberText } from "./jsonl.ts";

/** Bytes kept per text: the longest text of a number is 25 characters (rowLineEncoder.ts). */
const SLOT_BYTES = 32;
/** Slots in a thread's cache (16,384 in pairs: 512 KiB of texts, 128 KiB of numbers); a power of two. */
const DEFAULT_SLOTS = 16_384;

/** A number's 64 bits, for its slot. */
const float64 = new Float64Array(1);
const float64Words = new Int32Array(float64.buffer);

/**
 * JSON's text of a number (jsonl.ts's numberText: the shortest round-trip digits, `null`
 * for what is not finite), kept as bytes for the numbers met lately. The hand-encoded
 * writers of a run (metrics.jsonl's lines, W&B's history records and chart tables) write
 * a safe integer's digits with no string made (decimalText.ts), but any other number
 * went through Number-to-String, and on a run's writer threads that conversion was the
 * largest single cost of the writing (a remaining fraction changes every step): V8 keeps
 * a cache of number texts too, but a thread that makes little garbage keeps it at its
 * small first size. The fractions a run's metrics take are ratios of counts with bounded
 * denominators (a stream's remaining batches over its total), so the same few thousand
 * values come back epoch after epoch, and a table lookup replaces the conversion.
 *
 * Two ways: a number's bits pick a pair of slots, each holding a number that went there
 * and its text's bytes; a miss converts and replaces the one of the pair used less
 * lately. (With one slot per number, two fractions of a run that share it push each
 * other out every epoch: 15% of the issue-24 scenario's lookups missed with 8,192 slots,
 * 2% with 16,384 in pairs.) Numbers are compared with ===, so that NaN never hits (its
 * text, `null`, is made each time) and 0 and -0 share a slot's text ("0" both).
 */
export class NumberTextCache {
  private readonly numbers: Float64Array;
  /** Each slot's text length; 0: empty. */
  private readonly lengths: Uint8Array;
  private readonly bytes: Uint8Array;
  /** Per pair, the slot (0 or 1) used last. */
  private readonly lastUsed: Uint8Array;
  private readonly shift: number;
  /** The slot `find` last looked at, whose text `copyInto` writes. */
  private slot = 0;

  constructor(slots = DEFAULT_SLOTS) {
    if (!(slots >= 4 && slots <= 2 ** 24 && (slots & (slots - 1)) === 0)) throw new RangeError(`NumberTextCache: ${slots} slots, where a power of two from 4 to 2^24 is expected`);
    this.numbers = new Float64Array(slots);
    this.lengths = new Uint8Array(slots);
    this.bytes = new Uint8Array(slots * SLOT_BYTES);
    this.lastUsed = new Uint8Array(slots / 2);
    this.shift = 33 - Math.log2(slots);
  }

  /** Finds `value`'s text, making it on a miss; returns its length in bytes (a number's text is ASCII: a byte a character). `copyInto` then writes it. */
  find(value: number): number {
    float64[0] = value;
    // The low word holds the mantissa's last bits, where nearby fractions differ most; the multiply carries them to the top bits the pair is taken from.
    const pair = Math.imul((float64Words[0] as number) ^ (float64Words[1] as number), 0x9e3779b1) >>> this.shift;
    const first = 2 * pair;
    for (let way = 0; way < 2; way++) {
      const length = this.lengths[first + way] as number;
      if (length !== 0 && this.numbers[first + way] === value) {
        this.slot = first + way;
        this.lastUsed[pair] = way;
        return length;
      }
    }
    const way = 1 - (this.lastUsed[pair] as number);
    const slot = first + way;
    this.slot = slot;
    this.lastUsed[pair] = way;
    const text = numberText(value);
    const from = slot * SLOT_BYTES;
    for (let c = 0; c < text.length; c++) this.bytes[from + c] = text.charCodeAt(c);
    this.numbers[slot] = value;
    this.lengths[slot] = text.length;
    return text.length;
  }

  /** Writes the text `find` last found (`length`, what it returned) at `target[at]`; returns the offset after it. */
  copyInto(target: Uint8Array, at: number, length: number): number {
    const bytes = this.bytes;
    const from = this.slot * SLOT_BYTES;
    for (let c = 0; c < length; c++) target[at + c] = bytes[from + c] as number;
    return at + length;
  }
}

/** The cache a thread's writers share (each thread has its own module instance): metrics.jsonl and W&B meet the same numbers. */
export const NUMBER_TEXTS = new NumberTextCache();
