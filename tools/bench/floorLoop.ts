import type { ModelConfig } from "../../src/config/modelConfig.ts";
import { Rng } from "../../src/rng/rng.ts";

const NONE = -1;

/**
 * The floor a rank-step cannot go below, for the engine to be measured against
 * (issue 23): per rank-step, one seeded draw (the rank's own Rng, as the engine's pick
 * generator), one K-way weighted choice (K integer weights, the chosen one counted down
 * as remaining picks are, refilled when all are spent) and one LRU touch (the chosen
 * group moved to the tail of its owner's recency list, `gid mod W`, in one structure
 * of typed arrays for all ranks, as the engine's ledgers are). No metrics, no ledger
 * semantics, no epochs: what is left of a step when everything the model adds is gone.
 * It steps like an engine (`runStep`), so the bench times both alike.
 */
export class FloorLoop {
  private readonly worldSize: number;
  private readonly k: number;
  private readonly rngs: Rng[];
  /** The ranks' weights, K per rank, rank-major. */
  private readonly weights: Int32Array;
  private readonly initialWeight: number;
  /** One slot per (rank, choice) group: its neighbours in its owner's recency list. */
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  /** Each owner's list head and tail. */
  private readonly heads: Int32Array;
  private readonly tails: Int32Array;
  /** A checksum of the choices, so that no work is dead code to the compiler. */
  checksum = 0;

  constructor(config: ModelConfig) {
    const worldSize = config.world_size;
    const k = config.dataset.num_streams_mixed;
    this.worldSize = worldSize;
    this.k = k;
    const root = Rng.fromSeed(config.seed);
    this.rngs = Array.from({ length: worldSize }, (_, rank) => root.fork("pick", rank));
    this.initialWeight = 8;
    this.weights = new Int32Array(worldSize * k).fill(this.initialWeight);
    const groups = worldSize * k;
    this.prev = new Int32Array(groups).fill(NONE);
    this.next = new Int32Array(groups).fill(NONE);
    this.heads = new Int32Array(worldSize).fill(NONE);
    this.tails = new Int32Array(worldSize).fill(NONE);
    for (let gid = 0; gid < groups; gid++) this.linkAtTail(gid % worldSize, gid);
  }

  runStep(): void {
    const { worldSize, k, weights, rngs } = this;
    for (let rank = 0; rank < worldSize; rank++) {
      const u = (rngs[rank] as Rng).next();
      const base = rank * k;
      let total = 0;
      for (let i = 0; i < k; i++) total += weights[base + i] as number;
      if (total === 0) {
        weights.fill(this.initialWeight, base, base + k);
        total = this.initialWeight * k;
      }
      const target = u * total;
      let choice = k - 1;
      for (let i = 0, acc = 0; i < k; i++) {
        acc += weights[base + i] as number;
        if (target < acc) {
          choice = i;
          break;
        }
      }
      weights[base + choice]!--;
      const gid = base + choice;
      const owner = gid % worldSize;
      if (this.tails[owner] !== gid) {
        this.unlink(owner, gid);
        this.linkAtTail(owner, gid);
      }
      this.checksum = (this.checksum + choice) | 0;
    }
  }

  private linkAtTail(owner: number, slot: number): void {
    const tail = this.tails[owner] as number;
    this.prev[slot] = tail;
    this.next[slot] = NONE;
    if (tail === NONE) this.heads[owner] = slot;
    else this.next[tail] = slot;
    this.tails[owner] = slot;
  }

  private unlink(owner: number, slot: number): void {
    const prev = this.prev[slot] as number;
    const next = this.next[slot] as number;
    if (prev === NONE) this.heads[owner] = next;
    else this.next[prev] = next;
    if (next === NONE) this.tails[owner] = prev;
    else this.prev[next] = prev;
  }
}
