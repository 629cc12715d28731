/** A growable list of ledger group ids in an Int32Array, reused step after step. */
export class GidBuffer {
  private data = new Int32Array(256);
  length = 0;

  push(gid: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = gid;
  }

  at(index: number): number {
    return this.data[index] as number;
  }

  clear(): void {
    this.length = 0;
  }

  /** The ids as an array of their own (to hand to another thread). */
  copy(): Int32Array {
    return this.data.slice(0, this.length);
  }
}
