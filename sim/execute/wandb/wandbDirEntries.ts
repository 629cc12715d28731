import { lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { LATEST_RUN_LINK, OFFLINE_RUN_DIR_PATTERN, runFileName, TABLE_FILE_PATTERN, TABLE_FILES_DIR } from "./wandbLayout.ts";

/**
 * What in a run's `wandb/` a run did not write, as paths under `shown`: anything but the
 * `latest-run` link, offline run directories holding their `run-<id>.wandb` and the chart
 * tables under `files/media/table/charts/`. A run directory is cleared for a new run only
 * when this is empty (runDirectory.ts), so a user's own file there is never removed.
 */
export function unknownWandbEntries(dir: string, shown: string): string[] {
  const unknown: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const stat = lstatSync(join(dir, entry));
    if (entry === LATEST_RUN_LINK && stat.isSymbolicLink()) continue;
    const match = OFFLINE_RUN_DIR_PATTERN.exec(entry);
    if (match === null || !stat.isDirectory()) {
      unknown.push(`${shown}/${entry}`);
      continue;
    }
    unknown.push(...unknownRunEntries(join(dir, entry), `${shown}/${entry}`, match[1] as string));
  }
  return unknown;
}

function unknownRunEntries(dir: string, shown: string, runId: string): string[] {
  const unknown: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const stat = lstatSync(join(dir, entry));
    if (entry === runFileName(runId) && stat.isFile()) continue;
    if (entry === "files" && stat.isDirectory()) unknown.push(...unknownInTree(join(dir, entry), `${shown}/${entry}`, TABLE_FILES_DIR.split("/").slice(1)));
    else unknown.push(`${shown}/${entry}`);
  }
  return unknown;
}

/** Below `files/`: only the directories on the way to the tables, and at the end only table files. */
function unknownInTree(dir: string, shown: string, rest: readonly string[]): string[] {
  const unknown: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const stat = lstatSync(join(dir, entry));
    if (rest.length === 0 ? stat.isFile() && TABLE_FILE_PATTERN.test(entry) : entry === rest[0] && stat.isDirectory()) {
      if (rest.length > 0) unknown.push(...unknownInTree(join(dir, entry), `${shown}/${entry}`, rest.slice(1)));
      continue;
    }
    unknown.push(`${shown}/${entry}`);
  }
  return unknown;
}
