/**
 * The harness's limits: every quantity a scenario, an option or a file read back can make
 * large has a ceiling here, so that one run stays within this machine's memory (24 GiB)
 * and finishes in minutes ("put a limit on everything"). A value beyond a limit is bad
 * input (exit 2) with a message naming the limit; docs/scenario-format.md ("Limits")
 * lists them, and a test holds that table equal to this object.
 *
 * Why these values: the engine runs about 1.3 million rank-steps per second and a
 * metrics row is about 1 KB, so 1,000,000 steps is about 1 GB of metrics.jsonl; the
 * readers (world size x streams) and ledger entries (world size x capacity at most,
 * about 100 bytes each) stay below a few GiB at the limits; cell counts stay below
 * 2^53 / world size so that slice bounds are exact integers.
 */
export const LIMITS = {
  /** run.steps, --steps, a trace's steps and a snapshot's step. */
  steps: 1_000_000,
  /** run.world_size, resume.world_size and the ranks of a trace (rank < this): the clusters modeled run to thousands of ranks (the bench runs 4,096). */
  worldSize: 8192,
  /** Streams declared in a scenario (nested groups' streams summed, or direct streams). */
  streams: 10_000,
  /** Readers in one run: world size x streams. */
  readers: 1_000_000,
  /** A stream's cells (and each end of a [min, max] range). */
  cellsPerStream: 1_000_000_000_000,
  /** run.batches_per_step. */
  batchesPerStep: 1000,
  /** Batches drawn in one run: steps x world size x batches_per_step (about 13 minutes at the engine's speed). */
  batchesPerRun: 1_000_000_000,
  /** ledger.capacity and --capacity, per owner rank. */
  ledgerCapacity: 10_000_000,
  /** ledger.recently_evicted_capacity and --recently-evicted-capacity, per owner rank. */
  recentlyEvictedCapacity: 10_000_000,
  /** num_streams_mixed (K) of the dataset and of a resume. */
  numStreamsMixed: 10_000,
  /**
   * Bytes in one line of a file a run wrote (metrics, per-rank metrics, events, a trace,
   * a golden file), read back: a row of the widest world is under 1 MB, and a reader
   * holds one line at a time, so a longer line is a corrupt file, not a bigger run.
   */
  lineBytes: 16 * 1024 * 1024,
  /**
   * Configs in one sweep (the product of its axes, times its seeds). Each config is a whole
   * scenario checked before anything runs (about 0.2 ms each on this machine) and a line of
   * about 400 bytes in sweep.json: 100,000 configs plan in seconds within a few hundred MB,
   * ten times the largest sweep a cluster runs (10,000 configs); past it, split the sweep.
   */
  sweepConfigs: 100_000,
  /** --runs of sim swarm: at about 100 runs a second on two cores, a million runs is about three hours; a longer swarm is --minutes. */
  swarmRuns: 1_000_000,
  /** Bytes of a scenario or sweep file (extends parents each): a scenario at the streams limit with direct streams, 10,000 tables of about 200 bytes, is 2 MB. */
  scenarioFileBytes: 16_777_216,
  /** Bytes of sweep.json: a config's routing is about 400 bytes, so 100,000 configs (LIMITS.sweepConfigs) are about 40 MB. */
  sweepManifestBytes: 268_435_456,
  /** Bytes of a run's artifacts.json: a fixed set of fields, under 2 KB. */
  artifactsFileBytes: 1_048_576,
  /** Bytes of a snapshot file: V8 holds a string of at most about 512 MiB, which bounds a file read whole. */
  snapshotFileBytes: 536_870_888,
} as const;

export type LimitName = keyof typeof LIMITS;

/** `at most 1000000 (the harness's limit LIMITS.steps; see docs/scenario-format.md, "Limits")`: the words every refusal uses. */
export function atMostLimit(name: LimitName): string {
  return `at most ${LIMITS[name]} (the harness's limit LIMITS.${name}; see docs/scenario-format.md, "Limits")`;
}

const LIMIT_COMMENT_PREFIX = "limit:";

/** The `$comment` a schema node carries when its maximum is a harness limit. */
export function limitComment(name: LimitName): string {
  return `${LIMIT_COMMENT_PREFIX}${name}`;
}

/** The limit a schema node's `$comment` names, if any. */
export function limitOfComment(comment: unknown): LimitName | undefined {
  if (typeof comment !== "string" || !comment.startsWith(LIMIT_COMMENT_PREFIX)) return undefined;
  const name = comment.slice(LIMIT_COMMENT_PREFIX.length);
  return name in LIMITS ? (name as LimitName) : undefined;
}
