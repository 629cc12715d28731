/** Above this, not every integer is a float32: 2^24 + 1 rounds to 2^24. */
export const FLOAT32_EXACT_INTEGER_LIMIT = 2 ** 24;

/**
 * Watches the values going into an event file (float32 there) and says, once, when a
 * counter passes 2^24 and so may no longer be held exactly. Fractions are always rounded
 * to float32; that is the documented form, not worth a warning.
 */
export class Float32PrecisionWatch {
  private warned = false;

  constructor(private readonly warn: (message: string) => void) {}

  check(key: string, value: number, step: number): void {
    if (this.warned || Math.abs(value) <= FLOAT32_EXACT_INTEGER_LIMIT || !Number.isInteger(value)) return;
    this.warned = true;
    const stored = Math.fround(value);
    this.warn(
      `tensorboard: ${key} = ${value} at step ${step} passes 2^24 (${FLOAT32_EXACT_INTEGER_LIMIT}); TensorBoard stores 32-bit floats, so counters this large ` +
        `may lose exactness there (this one is stored as ${stored}); the JSONL files keep exact values (warned once per run)`,
    );
  }
}
