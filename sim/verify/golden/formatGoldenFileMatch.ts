import { formatGoldenMismatch } from "./formatGoldenComparison.ts";
import { describeUpdate } from "./goldenUpdate.ts";
import type { GoldenFileMatch } from "./matchGoldenFile.ts";

/**
 * The words for a golden-file match, as the vitest matcher reports it: a mismatch shows
 * `sim check`'s lines (first difference first), and every failure says how to accept the
 * new rows. `updateHint` names the way to update in the caller's tool (`vitest -u`).
 */
export function formatGoldenFileMatch(match: GoldenFileMatch, updateHint: string): string {
  switch (match.kind) {
    case "match":
      return `the rows match ${match.path} (${match.totalValues} values)`;
    case "written":
      return `${match.path}: ${describeUpdate(match.update)} (written)`;
    case "missing":
      return [`no golden file ${match.path}; run ${updateHint} locally to create it`, ...ciNote(match.ciRefusedUpdate)].join("\n");
    case "mismatch":
      return [
        `the rows differ from ${match.path}`,
        ...formatGoldenMismatch(match.mismatch).map((line) => `  ${line}`),
        `if the change is intended, run ${updateHint} locally to accept it`,
        ...ciNote(match.ciRefusedUpdate),
      ].join("\n");
  }
}

function ciNote(ci: string | undefined): string[] {
  return ci === undefined ? [] : [`not written: the environment variable CI is set (CI=${ci}); golden files are written locally`];
}
