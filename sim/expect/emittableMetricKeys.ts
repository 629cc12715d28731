import type { DatasetConfig } from "../../src/config/modelConfig.ts";
import { maxKeyOf } from "../../src/distributed/reduceLossMetrics.ts";
import { LEDGER_SUM_KEYS, WIPE_COUNT_KEY } from "../../src/ledger/ledgerMetricKeys.ts";
import { modalityOfPath } from "../../src/streamMixing/modality.ts";
import { modalityKey, STEP_METRIC_KEYS } from "../../src/streamMixing/stepMetricKeys.ts";

/** The modalities a dataset declares, in order of first declaration (as the engine resolves them). */
export function declaredModalities(dataset: DatasetConfig): string[] {
  const all = dataset.layout === "nested" ? (dataset.groups ?? []).map((g) => g.modality) : (dataset.streams ?? []).map((s) => modalityOfPath(s.path) ?? "");
  return [...new Set(all.filter((m) => m !== ""))];
}

/**
 * Every metric key a run of this dataset can emit, from the model's own key
 * definitions: the stream_mixing keys (stepMetricKeys.ts) with one fan-out key per
 * modality, and the ledger keys (ledgerMetricKeys.ts) each with the `_max` sibling its
 * cross-rank reduction adds (reduceLossMetrics.ts). Expectations are checked against it
 * when a scenario loads, so a typo fails `sim validate`, not the check.
 */
export function emittableMetricKeys(dataset: DatasetConfig): string[] {
  const ledgerKeys = [...LEDGER_SUM_KEYS, WIPE_COUNT_KEY].flatMap((key) => [key, maxKeyOf(key)]);
  return [...Object.values(STEP_METRIC_KEYS), ...declaredModalities(dataset).map(modalityKey), ...ledgerKeys];
}
