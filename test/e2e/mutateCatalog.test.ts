import { describe, expect, it } from "vitest";
import { mutateTableRows } from "../helpers/mutateTableRows.ts";
import { runBuiltMain } from "../helpers/runMain.ts";

/**
 * `sim mutate` on this project's own catalog. A file of its own (the tiny-project cases
 * are in mutate.test.ts) so that vitest runs the two, each minutes of work on a loaded
 * machine, side by side. Both run the built CLI (runBuiltMain): sim mutate starts a warm
 * vitest in each lane as a child process, which from the sources would load through tsx
 * (the two files: about 25 s of CPU against 29 s from the sources, load 6).
 */

describe("sim mutate on this project", () => {
  it("kills one cheap catalog mutant with its named test and exits 0", async () => {
    const result = await runBuiltMain(["mutate", "--only", "loss-default-mode-summed", "--jobs", "1"]);
    expect(result.stderr).toContain("phase 1: 1 of ");
    expect(mutateTableRows(result.stdout)).toEqual([["loss-default-mode-summed", "killed", `test/src/distributed/reduceLossMetrics.test.ts -t "default mode gives the mean"`]]);
    expect(result.stdout).toMatch(/^1 mutant: 1 killed, 0 survived, 0 unviable, 0 error in \d+\.\d s$/m);
    expect(result.status).toBe(0);
    // The program of the whole project, a check of the mutated file and a vitest start: a minute on a loaded machine.
  }, 240_000);

  it("refuses --jobs 0 before doing anything, exit 2", async () => {
    const result = await runBuiltMain(["mutate", "--jobs", "0"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--jobs must be an integer >= 1, got 0/);
    expect(result.stderr).not.toContain("phase 1");
  });

  it("documents its options in --help", async () => {
    const result = await runBuiltMain(["mutate", "--help"]);
    for (const option of ["--only", "--jobs", "--catalog"]) expect(result.stdout).toContain(option);
    expect(result.status).toBe(0);
  });
});
