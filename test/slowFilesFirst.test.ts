import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "./helpers/runCli.ts";
import { SLOW_FILES } from "./slowFilesFirst.ts";

describe("SLOW_FILES", () => {
  it("names test files that exist, each once: a moved or renamed file would silently start last again", () => {
    expect(SLOW_FILES.filter((file) => !file.endsWith(".test.ts") || !existsSync(join(PROJECT_ROOT, file)))).toEqual([]);
    expect(new Set(SLOW_FILES).size).toBe(SLOW_FILES.length);
  });
});
