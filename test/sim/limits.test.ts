import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LIMITS } from "../../sim/limits.ts";
import { PROJECT_ROOT } from "../helpers/runCli.ts";

describe("LIMITS", () => {
  it("docs/scenario-format.md's Limits table lists every limit with its value", () => {
    const doc = readFileSync(join(PROJECT_ROOT, "docs/scenario-format.md"), "utf8");
    const section = doc.slice(doc.indexOf("## Limits"), doc.indexOf("## The errors a user sees"));
    const rows = Object.fromEntries([...section.matchAll(/^\| `(\w+)` \| (\d+) \|/gm)].map((m) => [m[1], Number(m[2])]));
    expect(rows).toEqual({ ...LIMITS });
  });

  it("keeps slice bounds exact: cells x world size below 2^53", () => {
    expect(LIMITS.cellsPerStream * LIMITS.worldSize).toBeLessThan(Number.MAX_SAFE_INTEGER);
  });
});
