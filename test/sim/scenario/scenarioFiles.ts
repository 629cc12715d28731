import { writeFileSync } from "node:fs";
import { afterEach } from "vitest";
import { join } from "node:path";
import { makeTempDir } from "../../helpers/runCli.ts";

/** Writes scenario files into a fresh temporary directory; the tests build extends chains with it. */
export function writeScenarioFiles(files: Record<string, string>): { dir: string; path: (name: string) => string; cleanup: () => void } {
  const { dir, cleanup } = makeTempDir("sim-scenario-");
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return { dir, path: (name) => join(dir, name), cleanup };
}

/**
 * `writeScenarioFiles` for the tests of one file: call it at the top of the file, and
 * every directory a test writes is removed after that test.
 */
export function scenarioFilesPerTest(): (files: Record<string, string>) => { dir: string; path: (name: string) => string } {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });
  return (files) => {
    const written = writeScenarioFiles(files);
    cleanups.push(written.cleanup);
    return written;
  };
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
