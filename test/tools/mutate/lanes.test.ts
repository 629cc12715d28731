import { afterEach, describe, expect, it } from "vitest";
import { classifyVitestRun, type VitestJsonReport } from "../../../tools/mutate/classifyVitestReport.ts";
import { Lanes } from "../../../tools/mutate/lanes.ts";
import { runsBuiltCode } from "../../../tools/mutate/runKiller.ts";
import { Workspace } from "../../../tools/mutate/workspace.ts";
import { makeTinyProject } from "./tinyProject.ts";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

const never = new AbortController().signal;

describe("a lane's warm vitest", () => {
  it("re-reads a file written into the lane: the same killer passes, fails on the mutant, and passes again once it is reverted", async () => {
    const project = makeTinyProject("");
    cleanups.push(project.cleanup);
    const workspace = Workspace.create(project.dir);
    cleanups.push(() => workspace.dispose());
    const lanes = new Lanes(workspace, process.env);
    cleanups.push(() => lanes.dispose());

    const verdicts = await lanes.with(async (lane) => {
      const run = async (): Promise<string> => {
        const result = await lane.vitest.run({ kind: "test", file: "test/add.test.ts", name: "sums" }, { timeoutMs: 60_000, signal: never });
        const report = result.report === undefined ? undefined : (JSON.parse(result.report) as VitestJsonReport);
        return classifyVitestRun({ report, exitCode: result.exitCode, timedOut: result.timedOut }).verdict;
      };
      const original = lane.read("src/add.ts");
      const before = await run();
      lane.write("src/add.ts", original.replace("a + b", "a * b"));
      const mutated = await run();
      lane.write("src/add.ts", original);
      return [before, mutated, await run()];
    });
    expect(verdicts).toEqual(["passed", "failed", "passed"]);
  }, 120_000);
});

describe("runsBuiltCode", () => {
  it("tells a test that runs the built bin or a built module (it needs dist/ built from the mutant) from one that does not", () => {
    expect(runsBuiltCode(`import { runCli } from "../helpers/runCli.ts";\nconst r = runCli(["--version"]);`)).toBe(true);
    expect(runsBuiltCode(`spawn(process.execPath, [SIM_BIN, "run"])`)).toBe(true);
    expect(runsBuiltCode(`const { findRunsOnThreads } = await builtModule<typeof FindRunsOnThreads>("sim/execute/sweep/findRunsOnThreads.ts");`)).toBe(true);
    expect(runsBuiltCode(`import { runBuiltMain } from "../helpers/runMain.ts";\nawait runBuiltMain(["sweep", SMALL]);`)).toBe(true);
    expect(runsBuiltCode(`const main = await builtMain();`)).toBe(true);
    expect(runsBuiltCode(`import { runMain } from "../helpers/runMain.ts";\nawait runMain(["check"]);`)).toBe(false);
    expect(runsBuiltCode(`import { add } from "../src/add.ts";`)).toBe(false);
  });
});
