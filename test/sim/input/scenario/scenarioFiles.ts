import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeTempDir, tempDirsPerTest } from "../../../helpers/runCli.ts";

type WrittenFiles = { dir: string; path: (name: string) => string };

function writeInto(dir: string, files: Record<string, string>): WrittenFiles {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return { dir, path: (name) => join(dir, name) };
}

/** Writes scenario files into a fresh temporary directory; the tests build extends chains with it. */
export function writeScenarioFiles(files: Record<string, string>): WrittenFiles & { cleanup: () => void } {
  const { dir, cleanup } = makeTempDir("sim-scenario-");
  return { ...writeInto(dir, files), cleanup };
}

/**
 * `writeScenarioFiles` for the tests of one file: call it at the top of the file, and
 * every directory a test writes is removed after that test.
 */
export function scenarioFilesPerTest(): (files: Record<string, string>) => WrittenFiles {
  const tempDir = tempDirsPerTest("sim-scenario-");
  return (files) => writeInto(tempDir(), files);
}

/** The smallest valid scenario body, for tests that only twist one thing. */
export const MINIMAL_SCENARIO = `
[run]
steps = 10
world_size = 2

[[dataset.groups]]
modality = "rna"
streams = 2
cells = 256
`;
