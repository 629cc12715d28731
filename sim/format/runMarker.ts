import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RUN_MARKER, RUN_MARKER_FORMAT, RUN_MARKER_VERSION } from "./runFiles.ts";
import { parseJsonObject } from "./jsonObject.ts";

/** The marker's whole text, which a run writes into its directory first (sim/execute/run/runDirectory.ts). */
export const RUN_MARKER_TEXT = JSON.stringify({ format: RUN_MARKER_FORMAT, format_version: RUN_MARKER_VERSION }) + "\n";

/**
 * Whether `dir` holds the marker a run writes first: `.sim-run` with our format name and
 * version. The scenario loader asks it of a scenario.resolved.toml's directory, and the
 * run and sweep directories of every run they clear or read.
 */
export function hasRunMarker(dir: string): boolean {
  let text: string;
  try {
    text = readFileSync(join(dir, RUN_MARKER), "utf8");
  } catch {
    return false;
  }
  const marker = parseJsonObject(text);
  return marker?.format === RUN_MARKER_FORMAT && marker.format_version === RUN_MARKER_VERSION;
}
