import type { ModelConfig } from "../../../src/config/modelConfig.ts";
import { describeValue } from "../../../src/errors.ts";
import { modalityOfPath } from "../../../src/streamMixing/modality.ts";
import type { SourceOf } from "./schemaErrors.ts";

/**
 * The relations between keys that the model runs faithfully but that are most likely
 * not what the author meant: warnings, not errors, because each is a legal config the
 * training stack would run as well (docs/scenario-format.md, "Warnings"). Each names the
 * file that wrote the key, the key, its value and why it is suspect; a key the chain
 * does not write (`written`) is not warned of.
 */
export function scenarioWarnings(model: ModelConfig, steps: number, sourceOf: SourceOf, written: (path: string) => boolean = () => true): string[] {
  const warnings: string[] = [];
  // A default the author did not write (K = 4 in a three-stream sketch) is not theirs to be warned of.
  const warn = (path: string, value: unknown, why: string) => void (written(path) && warnings.push(`${sourceOf(path)}: ${path} = ${describeValue(value)}: ${why}`));
  const { dataset, ledger, resume } = model;
  const streams = dataset.layout === "nested" ? (dataset.groups ?? []).reduce((sum, group) => sum + group.streams, 0) : (dataset.streams ?? []).length;
  const modalities = new Set(
    dataset.layout === "nested" ? (dataset.groups ?? []).map((group) => group.modality) : (dataset.streams ?? []).map((stream) => modalityOfPath(stream.path) ?? stream.path),
  );

  // The plan's K: each rank mixes K of its readers, one per stream; more slots than streams stay empty.
  const kAbove = (path: string, k: number) =>
    warn(
      path,
      k,
      `more than the ${streams} stream${streams === 1 ? "" : "s"} declared: a rank has one reader per stream, so its active set never holds more than ${streams}, and a K above that mixes the same as K = ${streams}`,
    );
  if (dataset.num_streams_mixed > streams) kAbove("dataset.num_streams_mixed", dataset.num_streams_mixed);
  if (resume !== undefined && resume.num_streams_mixed > streams) kAbove("resume.num_streams_mixed", resume.num_streams_mixed);

  // Packing reads a modality's active readers in slot order: a second one of a modality idles until the first is exhausted.
  const k = Math.min(dataset.num_streams_mixed, streams);
  if (dataset.batching_mode === "per_modality" && k > modalities.size) {
    warn(
      "dataset.num_streams_mixed",
      dataset.num_streams_mixed,
      `with batching_mode = "per_modality" and ${modalities.size} modalit${modalities.size === 1 ? "y" : "ies"}, a rank's active set holds two readers of one modality; packing reads them in slot order, so the second idles until the first is exhausted and its steps_since_pick grows (docs/model.md)`,
    );
  }

  if (ledger.wipe_mode !== "none" && ledger.wipe_interval !== undefined && ledger.wipe_interval > steps) {
    warn(
      "ledger.wipe_interval",
      ledger.wipe_interval,
      `longer than the run's ${steps} steps (run.steps): no ${ledger.wipe_mode === "periodic_stale" ? "sweep" : "wipe"} happens in the run`,
    );
  }
  if (ledger.wipe_mode === "periodic_stale" && ledger.stale_threshold !== undefined && ledger.stale_threshold >= steps - 1) {
    warn(
      "ledger.stale_threshold",
      ledger.stale_threshold,
      `no entry can go untouched for more than ${steps - 1} steps in a run of ${steps} (run.steps): the sweeps never remove anything`,
    );
  }
  if (resume !== undefined && resume.at_step === 1) {
    warn("resume.at_step", resume.at_step, "a resume at the start of step 1 resumes before anything was read: it models nothing but the new num_streams_mixed");
  }
  return warnings;
}
