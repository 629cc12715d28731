import { lstatSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../../../src/errors.ts";
import { writeFileAtomicallySync, writeLinesAtomicallySync } from "../../io/atomicWrite.ts";
import { fileSha256 } from "../../io/fileSha256.ts";
import { parseJsonObject } from "../../format/jsonObject.ts";

/** The summary file a sweep writes at its top (summary.csv). */
export const SUMMARY_FILE = "summary.csv";

/**
 * The marker of a sweep's own summary.csv: the sha256 of the summary.csv it wrote last
 * (and, while a new one is renamed into place, of the one before: see recordSummary). A summary.csv whose bytes are not recorded
 * here is not the harness's (the user's own file, or one edited since) and is never
 * overwritten: a name alone says nothing, as with run directories, whose marker is `.sim-run`.
 */
export const SUMMARY_RECORD_FILE = ".sim-summary";
const SUMMARY_RECORD_FORMAT = "sim-summary";
const SUMMARY_RECORD_VERSION = 1;

function recordedSha256s(dir: string): readonly string[] {
  let text: string;
  try {
    text = readFileSync(join(dir, SUMMARY_RECORD_FILE), "utf8");
  } catch {
    return [];
  }
  const record = parseJsonObject(text);
  if (record?.format !== SUMMARY_RECORD_FORMAT || record.format_version !== SUMMARY_RECORD_VERSION || !Array.isArray(record.sha256)) return [];
  return record.sha256.filter((hash): hash is string => typeof hash === "string");
}

/**
 * The sha256 of `dir`'s summary.csv when the harness wrote it (undefined when there is
 * none); a summary.csv that is not the harness's is refused (exit 2), naming it, before
 * anything is written.
 */
export function ownSummarySha256(dir: string): string | undefined {
  const file = join(dir, SUMMARY_FILE);
  let isFile: boolean;
  try {
    isFile = lstatSync(file).isFile();
  } catch {
    return undefined;
  }
  const refuse = (why: string): never => {
    throw new UserError(`${file}: refusing to overwrite a ${SUMMARY_FILE} that sim did not write (${why}); move it away, and the sweep writes its own`);
  };
  if (!isFile) return refuse("it is not a regular file");
  const sha256 = fileSha256(file, { kind: SUMMARY_FILE });
  const recorded = recordedSha256s(dir);
  if (!recorded.includes(sha256))
    return refuse(recorded.length === 0 ? `no ${SUMMARY_RECORD_FILE} records it` : `its bytes are not the ones ${SUMMARY_RECORD_FILE} records: it was edited since`);
  return sha256;
}

/**
 * Records the bytes of the harness's summary.csv in `dir` (their sha256s, undefined ones
 * left out). A new summary.csv is recorded with the one in place before it is renamed
 * over it, and alone once it is: a process killed between the two writes leaves a
 * summary.csv that is still its own, and a finished write leaves the same record as a
 * sweep never killed.
 */
export function recordSummary(dir: string, sha256s: readonly (string | undefined)[]): void {
  const sha256 = [...new Set(sha256s.filter((hash): hash is string => hash !== undefined))];
  writeFileAtomicallySync(join(dir, SUMMARY_RECORD_FILE), `${JSON.stringify({ format: SUMMARY_RECORD_FORMAT, format_version: SUMMARY_RECORD_VERSION, sha256 })}\n`);
}

/**
 * Writes DIR/summary.csv from its lines (each written with "\n" after it) as the
 * harness's own: a summary.csv there that the harness did not write is refused,
 * untouched; the new one is written under a temporary name (`summary.csv.<pid>`, a sweep
 * temporary a rerun clears), synced, recorded beside the one in place (recordSummary)
 * and renamed over it. Returns the file's path.
 */
export function writeOwnSummary(dir: string, lines: Iterable<string>): string {
  const file = join(dir, SUMMARY_FILE);
  const previous = ownSummarySha256(dir);
  let next: string | undefined;
  writeLinesAtomicallySync(file, lines, {
    temporary: `${file}.${process.pid}`,
    beforeRename: (sha256) => {
      next = sha256;
      recordSummary(dir, [previous, sha256]);
    },
  });
  recordSummary(dir, [next]);
  return file;
}
