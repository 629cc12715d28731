import { createHash } from "node:crypto";

/** The run directory's W&B directory, as artifacts.json's `wandb_dir` names it. */
export const WANDB_DIR = "wandb";
/** The link to the run's (reduced) W&B run, as the SDK keeps one to its latest run. */
export const LATEST_RUN_LINK = "latest-run";
/** W&B's default project for our runs (`--wandb-project` changes it). */
export const DEFAULT_WANDB_PROJECT = "stream-mixing-sim";

/** A W&B run's directory, as the SDK names an offline run's: `offline-run-20200101_000000-<id>`. */
export function offlineRunDirName(startS: number, runId: string): string {
  return `offline-run-${utcStamp(Math.floor(startS))}-${runId}`;
}

/**
 * `YYYYMMDD_HHMMSS` in UTC of whole seconds since the epoch, by the days-to-civil-date
 * arithmetic of the proleptic Gregorian calendar (H. Hinnant's `civil_from_days`): the
 * name is a pure function of the wall time, with no Date object (the lint keeps the
 * clock out of everything but sim/io/clock.ts).
 */
export function utcStamp(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const secondOfDay = seconds - days * 86_400;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const two = (n: number): string => String(n).padStart(2, "0");
  const time = `${two(Math.floor(secondOfDay / 3600))}${two(Math.floor((secondOfDay % 3600) / 60))}${two(secondOfDay % 60)}`;
  return `${String(year).padStart(4, "0")}${two(month)}${two(day)}_${time}`;
}

export function runFileName(runId: string): string {
  return `run-${runId}.wandb`;
}

export const OFFLINE_RUN_DIR_PATTERN = /^offline-run-\d{8}_\d{6}-([a-z0-9]{8})$/;
/** The chart tables a run writes (lineSeriesCharts.ts), below the run's `files/`. */
export const TABLE_FILES_DIR = "files/media/table/charts";
export const TABLE_FILE_PATTERN = /^[a-z_]+_table_\d+_[0-9a-f]{20}\.table\.json$/;

export interface WandbRunIdInput {
  readonly scenarioSha256: string;
  readonly seed: number;
  readonly steps: number;
  readonly firstStep: number;
  /** The rank of a per-rank run; undefined for the run's reduced rows. */
  readonly rank?: number;
  /** Set with `--wall-time now`: each such run is a new W&B run. */
  readonly startS?: number;
}

const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
const ID_LENGTH = 8;

/**
 * A W&B run id (8 characters of [a-z0-9], the SDK's own form) derived from what the run
 * is: the scenario hash, seed, steps, first step and rank. The same run gives the same id,
 * so `wandb sync` of a re-run updates its W&B run rather than adding a copy; with
 * `--wall-time now` the start time is part of it, so each run is new.
 */
export function wandbRunId(input: WandbRunIdInput): string {
  const text = [input.scenarioSha256, input.seed, input.steps, input.firstStep, input.rank ?? "reduced", input.startS ?? "fixed"].join("|");
  const digest = createHash("sha256").update(text).digest();
  let id = "";
  for (let i = 0; i < ID_LENGTH; i++) id += ID_ALPHABET[(digest[i] as number) % ID_ALPHABET.length];
  return id;
}

/** What W&B refuses in a project name (wandb_settings.py, validate_project), so that `--wandb-project` fails here and not at sync. */
export const PROJECT_FORBIDDEN_CHARACTERS = "/\\#?%:";
export const PROJECT_MAX_LENGTH = 128;

/** Why W&B would refuse `project`, or undefined when it takes it. */
export function projectNameProblem(project: string): string | undefined {
  if (project.length === 0) return "it is empty";
  if (project.length > PROJECT_MAX_LENGTH) return `it has ${project.length} characters; W&B takes at most ${PROJECT_MAX_LENGTH}`;
  const found = [...new Set([...project].filter((c) => PROJECT_FORBIDDEN_CHARACTERS.includes(c)))];
  if (found.length > 0) return `it contains ${found.map((c) => JSON.stringify(c)).join(", ")}; W&B refuses any of ${[...PROJECT_FORBIDDEN_CHARACTERS].join(" ")}`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(project)) return "it contains a control character";
  return undefined;
}
