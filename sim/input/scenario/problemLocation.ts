import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { lineOfKey } from "./keyLine.ts";

/** Where a loader problem sits: the file it names and, when it can be found, the line. */
export interface ProblemLocation {
  readonly file: string;
  readonly line?: number;
}

/** A dotted key path as the loader's messages write it: `run.steps`, `dataset.groups[1].bs`. */
const KEY_PATH = String.raw`[A-Za-z_][A-Za-z0-9_-]*(?:\[\d+\])*(?:\.[A-Za-z_][A-Za-z0-9_-]*(?:\[\d+\])*)*`;
const PARSE_ERROR = /^(.+?):(\d+):\d+: /;
const KEY_PROBLEM = new RegExp(`^(.+?): (?:unknown key )?(${KEY_PATH})(?=[ :;,]|$)`);

/**
 * The file and line of one problem the scenario loader reported, from its own words:
 * a parse error states `file:line:column`; every other problem starts with the file that
 * wrote the key (ScenarioError's form, `file: key ...`), whose line lineOfKey finds in
 * that file. A problem of a command-line value (`--steps: ...`) or of a file that cannot
 * be read has no line. Relative files are read from `cwd`.
 */
export function problemLocation(problem: string, cwd: string): ProblemLocation | undefined {
  const parse = PARSE_ERROR.exec(problem);
  if (parse !== null) return { file: parse[1] as string, line: Number(parse[2]) };
  const keyed = KEY_PROBLEM.exec(problem);
  if (keyed === null) return undefined;
  const file = keyed[1] as string;
  if (file.startsWith("--")) return undefined;
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), "utf8");
  } catch {
    return { file };
  }
  const line = lineOfKey(text, keyed[2] as string);
  return line === undefined ? { file } : { file, line };
}
