import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../../../src/errors.ts";
import { checkOutputDirectory, type OutputTarget } from "../../io/outputDestination.ts";
import { hasRunMarker } from "../../format/runMarker.ts";
import { RUN_MARKER } from "../../format/runFiles.ts";
import { SWEEP_MANIFEST_FILE } from "./sweepManifest.ts";
import { ownSummarySha256, SUMMARY_FILE, SUMMARY_RECORD_FILE } from "./summaryRecord.ts";

/**
 * Checks, before anything is planned or written, that a sweep (`sim sweep --out`, `sim
 * sweep merge --out`) may write into `target`: a directory that is missing, empty, or a
 * sweep directory already (it holds the sweep.json a sweep writes first, the marker that
 * makes it ours). A run directory, or a folder of the user's with anything else in it,
 * is refused: the sweep would write its summary.csv and config folders among the user's
 * files, and a merge would replace folders that only share a config's name.
 */
export function checkSweepOutDirectory(target: OutputTarget): void {
  checkOutputDirectory(target);
  if (!existsSync(target.path)) return;
  const shown = target.shown ?? target.path;
  if (hasRunMarker(target.path)) {
    throw new UserError(
      `${target.option} ${shown}: refusing to write a sweep into a run directory (it holds the ${RUN_MARKER} marker of \`sim run\`); choose another ${target.option}`,
    );
  }
  // A sweep killed while it wrote sweep.json leaves only write-file-atomic's temporary file of it: its own.
  const entries = readdirSync(target.path).filter((entry) => !isSweepTemporary(entry));
  if (entries.length > 0 && !entries.includes(SWEEP_MANIFEST_FILE)) {
    throw new UserError(
      `${target.option} ${shown}: refusing to write a sweep into a folder that is not empty and is not a sweep directory (a sweep directory holds the ${SWEEP_MANIFEST_FILE} a sweep writes first; this one holds ${entries.sort().slice(0, 3).join(", ")}${entries.length > 3 ? ", ..." : ""}); choose another ${target.option} or empty it`,
    );
  }
  // A sweep directory may still hold a summary.csv of the user's, which the sweep would overwrite at its end.
  try {
    ownSummarySha256(target.path);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    throw new UserError(`${target.option} ${shown}: ${error.message}`);
  }
}

/** A temporary file (`<file>.<decimal number>`) of a file a sweep writes at its top: sweep.json, summary.csv or its record. */
export function isSweepTemporary(entry: string): boolean {
  const match = /^(.+)\.\d+$/.exec(entry);
  return match !== null && (match[1] === SWEEP_MANIFEST_FILE || match[1] === SUMMARY_FILE || match[1] === SUMMARY_RECORD_FILE);
}

/** Removes the temporary files a killed sweep left at the top of its directory (they are its own, and never complete). */
export function removeSweepTemporaries(dir: string): void {
  for (const entry of readdirSync(dir)) if (isSweepTemporary(entry)) rmSync(join(dir, entry), { force: true });
}
