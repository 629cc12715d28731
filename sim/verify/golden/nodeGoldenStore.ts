import { type Stats, statSync } from "node:fs";
import { readdir, readFile, mkdir, rm } from "node:fs/promises";
import { join, relative } from "node:path";
import { UserError } from "../../../src/errors.ts";
import { writeFileAtomically } from "../../io/atomicWrite.ts";
import { linesOfFile } from "../../io/lineReader.ts";
import { compareCodeUnits, type GoldenStore } from "./goldenStore.ts";

const GOLDEN_SUFFIX = ".jsonl";

/** The refusal of a golden file that is a directory, by read and by lines alike. */
const isADirectoryMessage = (shown: string): string =>
  `${shown}: cannot read the golden file (is a directory); remove it or move it aside`;

/** write-file-atomic's temporary name for `<name>.jsonl`: the file name, a dot and a 32-bit number. */
const TEMPORARY_PATTERN = /\.jsonl\.\d+$/;

/** The golden store on disk, which can also find the temporaries an interrupted update left. */
export interface NodeGoldenStore extends GoldenStore {
  /**
   * Temporary files in the golden directory that a killed `sim check --update` left
   * behind (a write is a temporary file renamed into place; SIGKILL between the two
   * leaves the temporary). With `remove`, they are deleted. Returns their paths as shown.
   */
  staleTemporaries(remove: boolean): Promise<string[]>;
}

/**
 * The golden store on disk: `<dir>/<name>.jsonl`, written atomically so that a crash or
 * a refused update never leaves half a file. Paths are shown relative to `cwd`.
 */
export function nodeGoldenStore(dir: string, cwd: string): NodeGoldenStore {
  const fileOf = (name: string): string => join(dir, `${name}${GOLDEN_SUFFIX}`);
  const shownOf = (name: string): string => relative(cwd, fileOf(name)) || fileOf(name);
  const refused = (name: string, error: unknown): never => {
    const code = (error as { code?: unknown }).code;
    if (code === "EISDIR") throw new UserError(isADirectoryMessage(shownOf(name)));
    if (typeof code === "string") throw new UserError(`${shownOf(name)}: cannot read the golden file (${code})`);
    throw error;
  };
  return {
    pathOf: shownOf,
    async read(name) {
      try {
        return await readFile(fileOf(name), "utf8");
      } catch (error) {
        if (isNotFound(error)) return undefined;
        return refused(name, error);
      }
    },
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
    async write(name, contents) {
      await mkdir(dir, { recursive: true });
      await writeFileAtomically(fileOf(name), contents);
    },
    async staleTemporaries(remove) {
      let entries: string[];
      try {
        entries = await readdir(dir);
      } catch {
        return [];
      }
      const stale = entries.filter((entry) => TEMPORARY_PATTERN.test(entry)).sort(compareCodeUnits);
      if (remove) for (const entry of stale) await rm(join(dir, entry), { force: true });
      return stale.map((entry) => relative(cwd, join(dir, entry)) || join(dir, entry));
    },
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

function isNotFound(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "ENOENT";
}
