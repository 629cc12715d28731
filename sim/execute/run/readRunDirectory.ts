import { join } from "node:path";
import { UserError } from "../../../src/errors.ts";
import { describeJsonError } from "../../io/jsonError.ts";
import { type Line, linesOfFile } from "../../io/lineReader.ts";
import { readTextFile } from "../../io/readTextFile.ts";
import { unreachableReason } from "../../io/errnoReason.ts";
import type { LimitName } from "../../limits.ts";
import { type Clock, systemClock } from "../../io/clock.ts";
import { nodeRunStore } from "./nodeRunStore.ts";
import { artifactsProblems, isRunArtifacts } from "./artifactsSchema.ts";
import type { RunArtifacts } from "./runArtifacts.ts";
import { describeUnfinishedRun, runStatusOf } from "./runStatus.ts";
import { RUN_FILES } from "../../format/runFiles.ts";
import { isJsonObject } from "../../format/jsonObject.ts";

/** Reads a file a command needs from a run directory, or refuses naming it (exit 2). */
export function readRunFile(runDir: string, name: string, hint = "", maxBytes?: LimitName): string {
  const path = join(runDir, name);
  const unreachable = unreachableReason(path);
  if (unreachable?.code === "ENOENT") throw new UserError(`${runDir}: missing ${name}${hint ? ` (${hint})` : ""}`);
  if (unreachable !== undefined) throw new UserError(`${runDir}: cannot read ${name} (${unreachable.reason})`);
  return readTextFile(path, { kind: `run's ${name}`, maxBytes });
}

/**
 * The lines of a file a command needs from a run directory, streamed (linesOfFile), or a
 * refusal naming it when it is missing (exit 2). `shownDir` is the directory as the user
 * named it; run outputs have no size cap, only LIMITS.lineBytes per line.
 */
export function runFileLines(
  runDir: string,
  name: string,
  options: { readonly shownDir?: string; readonly hint?: string; readonly onBytes?: (bytes: Buffer) => void } = {},
): Iterable<Line> {
  const path = join(runDir, name);
  const shownDir = options.shownDir ?? runDir;
  const unreachable = unreachableReason(path);
  if (unreachable?.code === "ENOENT") throw new UserError(`${shownDir}: missing ${name}${options.hint ? ` (${options.hint})` : ""}`);
  if (unreachable !== undefined) throw new UserError(`${shownDir}: cannot read ${name} (${unreachable.reason})`);
  return linesOfFile(path, { shown: join(shownDir, name), kind: `run's ${name}`, ...(options.onBytes ? { onBytes: options.onBytes } : {}) });
}

/**
 * artifacts.json, checked against its schema (artifactsSchema.ts). A run without one is
 * described by its status (runStatusOf): failed, still running, or died.
 */
export function readArtifacts(runDir: string, clock: Clock = systemClock): RunArtifacts {
  const file = join(runDir, RUN_FILES.artifacts);
  if (!nodeRunStore.holds(runDir, RUN_FILES.artifacts) && nodeRunStore.holds(runDir, RUN_FILES.events)) {
    const status = runStatusOf(runDir, clock, nodeRunStore);
    if (status.kind !== "completed") throw new UserError(describeUnfinishedRun(runDir, status));
  }
  const text = readRunFile(runDir, RUN_FILES.artifacts, "the run's manifest: a run writes it when it completes; see events.jsonl for how it ended", "artifactsFileBytes");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const described = describeJsonError(text, error);
    throw new UserError(`${file}${described.line === undefined ? "" : `:${described.line}`}: not valid JSON: ${described.reason}`);
  }
  if (!isJsonObject(value)) throw new UserError(`${file}: expected a JSON object`);
  if (!isRunArtifacts(value)) throw new UserError(`${file}: not a run manifest: ${artifactsProblems(value).join("; ")}`);
  return value;
}
