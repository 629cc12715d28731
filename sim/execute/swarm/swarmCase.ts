import TOML from "@iarna/toml";
import type { ModelConfig } from "../../../src/config/modelConfig.ts";

/**
 * One swarm run: a scenario a user could write (its model config and step count) plus
 * the one choice the scenario file does not hold, the step after which the exact-resume
 * check snapshots the engine. The model config's fields are named as the scenario TOML
 * names them, so that writing the file is a copy, not a translation.
 */
export interface SwarmCase {
  /** `run.name`: names the failure file and the run in messages. */
  readonly name: string;
  readonly steps: number;
  readonly model: ModelConfig;
  /** The exact-resume check snapshots after this step (0: before the first) and continues from there. */
  readonly snapshotStep: number;
}

/**
 * The scenario TOML document of a case, every key stated (no key is left to a default,
 * so that the file means the same thing if a default ever changes). Keys appear in a
 * fixed order, so equal cases give equal text.
 */
export function swarmCaseDocument(swarmCase: SwarmCase): TOML.JsonMap {
  const { model } = swarmCase;
  const ds = model.dataset;
  const ledger = model.ledger;
  const dataset: TOML.JsonMap = {
    layout: ds.layout,
    num_streams_mixed: ds.num_streams_mixed,
    batching_mode: ds.batching_mode,
    pick_weighting: ds.pick_weighting,
    bs: ds.bs,
  };
  if (ds.layout === "nested") {
    dataset.groups = (ds.groups ?? []).map((g) => ({ modality: g.modality, streams: g.streams, cells: cellsValue(g.cells), ...(g.bs === undefined ? {} : { bs: g.bs }) }));
  } else {
    dataset.streams = (ds.streams ?? []).map((s) => ({ path: s.path, cells: cellsValue(s.cells), ...(s.bs === undefined ? {} : { bs: s.bs }) }));
  }
  const document: TOML.JsonMap = {
    description: `swarm case ${swarmCase.name}`,
    run: { name: swarmCase.name, seed: model.seed, steps: swarmCase.steps, world_size: model.world_size, batches_per_step: model.batches_per_step },
    dataset,
    ledger: {
      capacity: ledger.capacity,
      wipe_mode: ledger.wipe_mode,
      ...(ledger.wipe_interval === undefined ? {} : { wipe_interval: ledger.wipe_interval }),
      ...(ledger.stale_threshold === undefined ? {} : { stale_threshold: ledger.stale_threshold }),
      recently_evicted_capacity: ledger.recently_evicted_capacity,
      group_cells: ledger.group_cells,
    },
  };
  if (model.resume !== undefined) document.resume = { at_step: model.resume.at_step, num_streams_mixed: model.resume.num_streams_mixed };
  return document;
}

/** The case as scenario TOML text. */
export function formatSwarmCaseToml(swarmCase: SwarmCase): string {
  return TOML.stringify(swarmCaseDocument(swarmCase));
}

function cellsValue(cells: number | readonly [number, number]): number | number[] {
  return typeof cells === "number" ? cells : [cells[0], cells[1]];
}
