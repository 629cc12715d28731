import type { DatasetConfig } from "../../../src/config/modelConfig.ts";
import { emittableKeys } from "../../../src/metrics/catalog.ts";
import { modalityOfPath } from "../../../src/streamMixing/modality.ts";

/** The modalities a dataset declares, in order of first declaration (as the engine resolves them). */
export function declaredModalities(dataset: DatasetConfig): string[] {
  const all = dataset.layout === "nested" ? (dataset.groups ?? []).map((g) => g.modality) : (dataset.streams ?? []).map((s) => modalityOfPath(s.path) ?? "");
  return [...new Set(all.filter((m) => m !== ""))];
}

/**
 * Every metric key a run of this dataset can emit, from the metric catalog
 * (src/metrics/catalog.ts): each metric's key, the modality fan-out once per declared
 * modality, and each `_max` twin. Expectations are checked against it when a scenario
 * loads, so a typo fails `sim validate`, not the check.
 */
export function emittableMetricKeys(dataset: DatasetConfig): string[] {
  return emittableKeys(declaredModalities(dataset));
}
