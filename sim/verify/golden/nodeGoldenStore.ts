import { rmdirSync, type Stats, statSync } from "node:fs";
import { readdir, mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { UserError } from "../../../src/errors.ts";
import { linesOfFile } from "../../io/lineReader.ts";
import { StagedFile } from "../../io/stagedFile.ts";
import { compareCodeUnits } from "../../format/codeUnitOrder.ts";
import type { GoldenDraft, GoldenStore } from "./goldenStore.ts";
import { errnoOf } from "../../io/errnoReason.ts";
import { shownPath } from "../../io/shownPath.ts";

const GOLDEN_SUFFIX = ".jsonl";

/** The refusal of a golden file that is a directory, by read and by lines alike. */
const isADirectoryMessage = (shown: string): string =>
  `${shown}: cannot read the golden file (is a directory); remove it or move it aside`;

/** A draft's temporary name for `<name>.jsonl`: the file name, a dot and a number (the name write-file-atomic gave them before drafts). */
const TEMPORARY_PATTERN = /\.jsonl\.\d+$/;
/** Drafts started by this process, counted modulo DRAFT_COUNT_MODULUS, so that two drafts of one file (the vitest matcher's, in one worker) never share a name. */
let draftsStarted = 0;
const DRAFT_COUNT_MODULUS = 10_000;

/**
 * Whether the process that started the draft `entry` (`<name>.jsonl.<pid><4-digit count>`)
 * is another process still running: then it is a concurrent update's draft, not one a
 * killed update left. This process's own pid is taken as a dead one's (a check looks for
 * stale drafts before it starts any); write-file-atomic's older names give no live pid.
 */
function drafterRuns(entry: string): boolean {
  const digits = /\.(\d+)$/.exec(entry)?.[1] ?? "";
  const pid = Number(digits.slice(0, -4));
  if (digits.length <= 4 || !Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process runs under another user.
    return errnoOf(error) === "EPERM";
  }
}

/** The golden store on disk, which can also find the temporaries an interrupted update left. */
export interface NodeGoldenStore extends GoldenStore {
  /**
   * Temporary files in the golden directory that a killed `sim check --update` left
   * behind (a draft is a temporary file renamed into place when committed, removed when
   * discarded; SIGKILL between the two leaves the temporary), not those of an update
   * still running in another process. With `remove`, they are deleted. Returns their paths as shown.
   */
  staleTemporaries(remove: boolean): Promise<string[]>;
}

/**
 * The golden store on disk: `<dir>/<name>.jsonl`, each new version drafted under a
 * temporary name beside it (`<name>.jsonl.<number>`) and renamed into place, so that a
 * crash or a refused update never leaves half a file. Paths are shown as `show` shows them
 * to a user in `cwd`: by default as every command shows a path (io/shownPath.ts).
 */
export function nodeGoldenStore(dir: string, cwd: string, show: (cwd: string, path: string) => string = shownPath): NodeGoldenStore {
  const fileOf = (name: string): string => join(dir, `${name}${GOLDEN_SUFFIX}`);
  const shownOf = (name: string): string => show(cwd, fileOf(name));
  const refused = (name: string, error: unknown): never => {
    const code = errnoOf(error);
    if (code === "EISDIR") throw new UserError(isADirectoryMessage(shownOf(name)));
    if (typeof code === "string") throw new UserError(`${shownOf(name)}: cannot read the golden file (${code})`);
    throw error;
  };
  /** Whether a draft made the golden directory, which was not there before this update. */
  let madeDir = false;
  return {
    pathOf: shownOf,
    async lines(name) {
      let stats: Stats;
      try {
        stats = statSync(fileOf(name));
      } catch (error) {
        if (isNotFound(error)) return undefined;
        return refused(name, error);
      }
      if (stats.isDirectory()) throw new UserError(isADirectoryMessage(shownOf(name)));
      return linesOfFile(fileOf(name), { shown: shownOf(name), kind: "golden file" });
    },
    async bytes(name) {
      try {
        return statSync(fileOf(name)).size;
      } catch (error) {
        if (isNotFound(error)) return undefined;
        return refused(name, error);
      }
    },
    async draft(name): Promise<GoldenDraft> {
      // mkdir gives the first directory it made: a golden/ this update made is removed again if its drafts all go (removeIfEmpty).
      if ((await mkdir(dir, { recursive: true })) !== undefined) madeDir = true;
      // The process id and a count of four digits: digits only, so that staleTemporaries knows the name and whose it is.
      draftsStarted = (draftsStarted + 1) % DRAFT_COUNT_MODULUS;
      const staged = new StagedFile(fileOf(name), `${fileOf(name)}.${process.pid}${String(draftsStarted).padStart(4, "0")}`, shownOf(name));
      return {
        name,
        write: (text) => staged.write(text),
        close: () => staged.close(),
        get bytes() {
          return staged.bytes;
        },
        lines: () => linesOfFile(staged.temporary, { shown: `${shownOf(name)} (as updated)`, kind: "golden file" }),
        commit: () => staged.commit(),
        discard: () => {
          staged.discard();
          if (madeDir) removeIfEmpty(dir);
        },
      };
    },
    staleTemporaries: (remove) => staleDrafts(dir, (path) => show(cwd, path), remove),
    async list() {
      let entries: string[];
      try {
        entries = await readdir(dir);
      } catch (error) {
        if (isNotFound(error)) return [];
        throw error;
      }
      return entries.filter((entry) => entry.endsWith(GOLDEN_SUFFIX)).map((entry) => entry.slice(0, -GOLDEN_SUFFIX.length)).sort(compareCodeUnits);
    },
  };
}

/** NodeGoldenStore.staleTemporaries of the golden directory `dir`, paths as `shown` gives them. */
async function staleDrafts(dir: string, shown: (path: string) => string, remove: boolean): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return [];
  }
  // A draft whose process still runs is another update's, in use: not stale.
  const stale = entries.filter((entry) => TEMPORARY_PATTERN.test(entry) && !drafterRuns(entry)).sort(compareCodeUnits);
  if (remove) for (const entry of stale) await rm(join(dir, entry), { force: true });
  return stale.map((entry) => shown(join(dir, entry)));
}

/**
 * Removes the golden directory an update made when it holds nothing, so that an update
 * that stops or fails before any golden file is written leaves the project as it found it;
 * a directory that holds anything (a committed file, another draft) stays.
 */
function removeIfEmpty(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // Not empty, or already gone: either way there is nothing of this update's to remove.
  }
}

function isNotFound(error: unknown): boolean {
  return errnoOf(error) === "ENOENT";
}
