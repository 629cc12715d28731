import { existsSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../../src/errors.ts";
import { readTextFile } from "../io/readTextFile.ts";
import type { RunArtifacts } from "./runArtifacts.ts";
import { RUN_FILES } from "./runFiles.ts";

/** Reads a file a command needs from a run directory, or refuses naming it (exit 2). */
export function readRunFile(runDir: string, name: string, hint = ""): string {
  const path = join(runDir, name);
  if (!existsSync(path)) throw new UserError(`${runDir}: missing ${name}${hint ? ` (${hint})` : ""}`);
  return readTextFile(path, { kind: `run's ${name}` });
}

/** artifacts.json, checked for the fields replay relies on. */
export function readArtifacts(runDir: string): RunArtifacts {
  const file = join(runDir, RUN_FILES.artifacts);
  const text = readRunFile(runDir, RUN_FILES.artifacts, "the run's manifest: a run writes it when it completes; see events.jsonl for how it ended");
  let value: RunArtifacts;
  try {
    value = JSON.parse(text) as RunArtifacts;
  } catch (error) {
    throw new UserError(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  for (const key of ["seed", "steps", "first_step"] as const) {
    if (typeof value[key] !== "number") throw new UserError(`${file}: "${key}" must be a number`);
  }
  for (const key of ["scenario", "scenario_sha256", "metrics_sha256"] as const) {
    if (typeof value[key] !== "string") throw new UserError(`${file}: "${key}" must be a string`);
  }
  return value;
}
