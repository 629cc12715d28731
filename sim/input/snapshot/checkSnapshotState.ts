import type { ModelConfig } from "../../../src/config/modelConfig.ts";
import { UserError } from "../../../src/errors.ts";
import { aleaStateProblem } from "../../../src/rng/rng.ts";
import { ownerRank } from "../../../src/ledger/groupIds.ts";
import { sliceBounds } from "../../../src/streamMixing/streamSpec.ts";
import { Engine } from "../../../src/engine/engine.ts";
import type { SnapshotFile } from "./snapshotFormat.ts";

/**
 * The checks of a snapshot's state that only its scenario can make, after the schema
 * (parseSnapshotFile) and the header (checkSnapshotFits): one entry per stream, every
 * position inside its rank's slice, active and pool indices naming streams, no active
 * reader still waiting in the pool, at most K active readers, a pick generator's state
 * that Alea could have reached, ledgers within capacity and rings within their size,
 * each holding only group ids its rank owns. A hand-edited snapshot that passes reaches
 * the model as a state the model could have written; one that fails is bad input naming
 * the file and the field.
 */
export function checkSnapshotState(snapshot: SnapshotFile, file: string, model: ModelConfig): void {
  const bad = (path: string, why: string): never => {
    throw new UserError(`${file}: not a valid snapshot: engine.${path}: ${why}`);
  };
  const streams = new Engine(model).streams.streams;
  const worldSize = model.world_size;
  const resumed = model.resume !== undefined && snapshot.step >= model.resume.at_step;
  const k = resumed ? (model.resume?.num_streams_mixed as number) : model.dataset.num_streams_mixed;
  const { step } = snapshot;

  snapshot.engine.datasets.forEach((dataset, rank) => {
    const at = `datasets[${rank}]`;
    for (const field of ["positions", "joinedSteps", "lastPickedStep"] as const) {
      if (dataset[field].length !== streams.length) bad(`${at}.${field}`, `holds ${dataset[field].length} entries; the scenario has ${streams.length} streams`);
    }
    dataset.positions.forEach((position, i) => {
      const { start, end } = sliceBounds((streams[i] as { cells: number }).cells, rank, worldSize);
      if (position < start || position > end) bad(`${at}.positions[${i}]`, `${position} is outside rank ${rank}'s slice [${start}, ${end}] of ${streams[i]?.name}`);
    });
    dataset.joinedSteps.forEach((joined, i) => {
      if (joined > step) bad(`${at}.joinedSteps[${i}]`, `${joined} is after the snapshot's step ${step}`);
    });
    dataset.lastPickedStep.forEach((picked, i) => {
      if (picked > step) bad(`${at}.lastPickedStep[${i}]`, `${picked} is after the snapshot's step ${step}`);
    });
    checkActiveAndPool(dataset, at, streams.length, k, step, bad);
    const rngProblem = aleaStateProblem(dataset.pickRng.prng);
    if (rngProblem !== undefined) bad(`${at}.pickRng.prng`, `${rngProblem} (Alea's state as seeding and drawing leave it)`);
  });

  snapshot.engine.ledgers.forEach((ledger, rank) => {
    const at = `ledgers[${rank}]`;
    if (ledger.entries.length > model.ledger.capacity) bad(`${at}.entries`, `${ledger.entries.length} entries; ledger.capacity is ${model.ledger.capacity}`);
    if (ledger.recentlyEvicted.length > model.ledger.recently_evicted_capacity) {
      bad(`${at}.recentlyEvicted`, `${ledger.recentlyEvicted.length} entries; ledger.recently_evicted_capacity is ${model.ledger.recently_evicted_capacity}`);
    }
    // A ledger stores, evicts and so remembers only the group ids its rank owns.
    const ownedHere = (gid: number, path: string): void => {
      const owner = ownerRank(gid, worldSize);
      if (owner !== rank) bad(path, `group id ${gid} belongs to owner rank ${owner}, not ${rank}`);
    };
    let previousStep = 0;
    const gids = new Set<number>();
    ledger.entries.forEach(([gid, lastStep], i) => {
      ownedHere(gid, `${at}.entries[${i}]`);
      if (gids.has(gid)) bad(`${at}.entries[${i}]`, `group id ${gid} appears twice`);
      gids.add(gid);
      if (lastStep > step) bad(`${at}.entries[${i}]`, `last step ${lastStep} is after the snapshot's step ${step}`);
      if (lastStep < previousStep) bad(`${at}.entries[${i}]`, `last step ${lastStep} is before the previous entry's ${previousStep}; entries are least recently used first`);
      previousStep = lastStep;
    });
    const ringGids = new Set<number>();
    ledger.recentlyEvicted.forEach(([gid], i) => {
      ownedHere(gid, `${at}.recentlyEvicted[${i}]`);
      if (ringGids.has(gid)) bad(`${at}.recentlyEvicted[${i}]`, `group id ${gid} appears twice`);
      // A fresh store pops its gid from the ring, so no run leaves a gid in both.
      if (gids.has(gid)) bad(`${at}.recentlyEvicted[${i}]`, `group id ${gid} is both in the ledger and in the recently evicted ring`);
      ringGids.add(gid);
    });
  });
}

/** A dataset's active set and pool: stream indices without repeats, no active reader still waiting in the pool, at most K active, the pool's head inside it. */
function checkActiveAndPool(
  dataset: SnapshotFile["engine"]["datasets"][number],
  at: string,
  streamCount: number,
  k: number,
  step: number,
  bad: (path: string, why: string) => never,
): void {
  const indexIn = (field: "active" | "pool"): void => {
    const seen = new Set<number>();
    dataset[field].forEach((index, i) => {
      if (index >= streamCount) bad(`${at}.${field}[${i}]`, `${index} is not a stream index (the scenario has streams 0..${streamCount - 1})`);
      if (seen.has(index)) bad(`${at}.${field}[${i}]`, `stream ${index} appears twice`);
      seen.add(index);
    });
  };
  indexIn("active");
  indexIn("pool");
  if (dataset.active.length > k) bad(`${at}.active`, `${dataset.active.length} active readers; the scenario mixes at most ${k} (num_streams_mixed) at step ${step}`);
  if (dataset.poolHead > dataset.pool.length) bad(`${at}.poolHead`, `${dataset.poolHead} is past the end of the pool (${dataset.pool.length} entries)`);
  // A reader joins the active set once per epoch: one still waiting in the pool is not active yet.
  const waiting = new Set(dataset.pool.slice(dataset.poolHead));
  dataset.active.forEach((index, i) => {
    if (waiting.has(index)) bad(`${at}.active[${i}]`, `stream ${index} is active and still waits in the pool (from poolHead ${dataset.poolHead}); a reader joins once per epoch`);
  });
}
