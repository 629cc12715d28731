import { isAbsolute, relative, sep } from "node:path";

/**
 * A path as output shows it: relative to the working directory when it lies under it
 * (the way the user would type it; the directory itself is "."), absolute otherwise,
 * since a climb of `../../..` says less than the path itself.
 */
export function shownPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  if (rel === "") return ".";
  return rel.startsWith("..") || isAbsolute(rel) ? path : rel;
}

/** Text whose absolute paths under the working directory are shown as shownPath shows them (a formatted report naming many paths). */
export function shownPathsIn(cwd: string, text: string): string {
  return text.split(cwd.endsWith(sep) ? cwd : cwd + sep).join("");
}
