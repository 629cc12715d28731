import { readlinkSync } from "node:fs";
import { basename, join } from "node:path";
import { UserError } from "../../../src/errors.ts";
import type { MetricsRow } from "../../../src/engine/metricsRow.ts";
import { firstMetricsStep, readMetricsRows } from "../../format/metricsRows.ts";
import { RUN_FILES } from "../../format/runFiles.ts";
import { runMetricsEvery } from "../../execute/run/runMetricsEvery.ts";
import { LATEST_RUN_LINK, OFFLINE_RUN_DIR_PATTERN, WANDB_DIR } from "../../execute/wandb/wandbLayout.ts";
import { nodeRunStore } from "../../execute/run/nodeRunStore.ts";
import { readArtifacts } from "../../execute/run/readRunDirectory.ts";
import { isDirectory } from "../../io/regularFile.ts";
import { unreachableReason } from "../../io/errnoReason.ts";

/** A rank's row from metrics.per_rank.jsonl: its step, its rank and its local values. */
export type RankRow = MetricsRow & { readonly rank: number };

/**
 * The rows of a run directory or a golden file, for an export. The rows are read from the
 * file each time they are iterated, one at a time and checked by the metrics rows reader
 * (metricsRows.ts): a run at the step limit is exported in flat memory.
 */
export interface MetricsSource {
  readonly kind: "run directory" | "golden file";
  /** As the user named it. */
  readonly input: string;
  /** The run directory's name, or the golden file's scenario name. */
  readonly name: string;
  /** A run directory's W&B run id (its `wandb/latest-run`), which the run's event file names carry; none for a golden file or an older run. */
  readonly runLabel?: string;
  /** The first row's step: 1, or a resumed run's first step. */
  readonly firstStep: number;
  rows(): Iterable<MetricsRow>;
  /** A run's metrics.per_rank.jsonl, when it has one (nothing otherwise). */
  rankRows(): Iterable<RankRow>;
}

const WHAT = "expected a run directory (holding metrics.jsonl and events.jsonl) or a golden file (<scenario>.jsonl)";

/**
 * Names a run directory (any run, from before event files too) or a golden file to export,
 * refusing anything else as bad input naming `input`. Only the first line is read here;
 * the rows are checked as strictly as `sim check` reads goldens when they are iterated.
 */
export function readMetricsSource(input: string, path: string): MetricsSource {
  if (unreachableReason(path) !== undefined) throw new UserError(`${input}: no such file or directory; ${WHAT}`);
  if (isDirectory(path)) return runDirectorySource(input, path);
  if (!path.endsWith(".jsonl")) throw new UserError(`${input}: not a run directory or a golden file; ${WHAT}`);
  const layout = { firstStep: 1, whenEmpty: ": no rows" };
  return { kind: "golden file", input, name: basename(path, ".jsonl"), firstStep: 1, rows: () => readMetricsRows(path, input, layout), rankRows: () => [] };
}

function runDirectorySource(input: string, dir: string): MetricsSource {
  const metricsFile = join(dir, RUN_FILES.metrics);
  const hasMetrics = nodeRunStore.holds(dir, RUN_FILES.metrics);
  if (!hasMetrics || !nodeRunStore.holds(dir, RUN_FILES.events)) {
    throw new UserError(`${input}: not a run directory (it has no ${hasMetrics ? RUN_FILES.events : RUN_FILES.metrics}); ${WHAT}`);
  }
  const shown = join(input, RUN_FILES.metrics);
  // A run resumed from a snapshot starts after the snapshot's step.
  const firstStep = firstMetricsStep(metricsFile, shown);
  const perRankFile = join(dir, RUN_FILES.metricsPerRank);
  const perRankShown = join(input, RUN_FILES.metricsPerRank);
  const runLabel = wandbRunIdOf(dir);
  const every = runMetricsEvery(dir);
  // A completed run's manifest says the step its files end at, so a file cut short at a line's end is refused, as the report and replay refuse it, not exported as a shorter run; a run without one (from before manifests, or unfinished) is exported as far as it goes.
  const lastStep = nodeRunStore.holds(dir, RUN_FILES.artifacts) ? readArtifacts(dir).steps : undefined;
  const layout = { firstStep, every, ...(lastStep !== undefined ? { lastStep } : {}) };
  return {
    kind: "run directory",
    input,
    name: basename(dir),
    ...(runLabel !== undefined ? { runLabel } : {}),
    firstStep,
    rows: () => readMetricsRows(metricsFile, shown, { ...layout, whenEmpty: ": no rows" }),
    rankRows: () =>
      nodeRunStore.holds(dir, RUN_FILES.metricsPerRank) ? (readMetricsRows(perRankFile, perRankShown, { ...layout, rowsPerStep: "ranks" }) as Iterable<RankRow>) : [],
  };
}

/** The run id `wandb/latest-run` points at (`offline-run-<stamp>-<id>`), or undefined for a run from before W&B runs. */
function wandbRunIdOf(dir: string): string | undefined {
  try {
    return OFFLINE_RUN_DIR_PATTERN.exec(readlinkSync(join(dir, WANDB_DIR, LATEST_RUN_LINK)))?.[1];
  } catch {
    return undefined;
  }
}
