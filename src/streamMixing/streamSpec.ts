import type { DatasetConfig, CellCount } from "../config/modelConfig.ts";
import { assert } from "../errors.ts";
import type { Rng } from "../rng/rng.ts";
import { modalityOfPath } from "./modality.ts";

/** One stream after its config is resolved: a fixed cell count and batch size. */
export interface StreamSpec {
  /** Position in declaration order; also the stream's id in state and traces. */
  readonly index: number;
  readonly name: string;
  readonly modality: string;
  /** Index of the modality in `ResolvedStreams.modalities`. */
  readonly modalityIndex: number;
  readonly cells: number;
  readonly bs: number;
}

export interface ResolvedStreams {
  readonly streams: readonly StreamSpec[];
  /** Every modality, in order of first declaration; the fan-out's fixed shape. */
  readonly modalities: readonly string[];
}

/**
 * Resolves the dataset's declarations into streams in declaration order. A NESTED
 * stream is `<modality>/<index as 3 digits>`, counted per modality across groups; a
 * DIRECT stream is named by its path. A [min, max] cell range is drawn from a generator
 * forked per stream name, so adding a stream never changes another stream's draw.
 */
export function resolveStreams(dataset: DatasetConfig, cellsRng: Rng): ResolvedStreams {
  const declared: { name: string; modality: string; cells: CellCount; bs: number }[] = [];
  if (dataset.layout === "nested") {
    const countByModality = new Map<string, number>();
    for (const group of dataset.groups ?? []) {
      for (let i = 0; i < group.streams; i++) {
        const n = countByModality.get(group.modality) ?? 0;
        countByModality.set(group.modality, n + 1);
        declared.push({
          name: `${group.modality}/${String(n).padStart(3, "0")}`,
          modality: group.modality,
          cells: group.cells,
          bs: group.bs ?? dataset.bs,
        });
      }
    }
  } else {
    for (const stream of dataset.streams ?? []) {
      const modality = modalityOfPath(stream.path);
      assert(modality !== undefined, `direct stream path ${stream.path} has no directory (validate the config first)`);
      declared.push({ name: stream.path, modality, cells: stream.cells, bs: stream.bs ?? dataset.bs });
    }
  }

  const modalities: string[] = [];
  const streams = declared.map((d, index): StreamSpec => {
    let modalityIndex = modalities.indexOf(d.modality);
    if (modalityIndex < 0) modalityIndex = modalities.push(d.modality) - 1;
    const cells = typeof d.cells === "number" ? d.cells : cellsRng.fork(d.name).intInclusive(d.cells[0], d.cells[1]);
    return { index, name: d.name, modality: d.modality, modalityIndex, cells, bs: d.bs };
  });
  return { streams, modalities };
}

/** Rank r of W owns `[floor(cells*r/W), floor(cells*(r+1)/W))` of every stream. */
export function sliceBounds(cells: number, rank: number, worldSize: number): { start: number; end: number } {
  return { start: Math.floor((cells * rank) / worldSize), end: Math.floor((cells * (rank + 1)) / worldSize) };
}
