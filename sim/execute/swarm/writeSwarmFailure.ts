import { join, resolve } from "node:path";
import { writeFileAtomicallySync } from "../../io/atomicWrite.ts";
import { makeDirectory } from "../../io/makeDirectory.ts";
import type { SwarmFailure } from "./runSwarmCase.ts";

/** The one command that re-runs exactly the failing check on the minimal case. */
export function swarmReproduceLine(shownFile: string, failure: Pick<SwarmFailure, "check" | "minimal">): string {
  const quoted = /^[\w./-]+$/.test(shownFile) ? shownFile : `'${shownFile.replaceAll("'", "'\\''")}'`;
  const snapshot = failure.check === "exact-resume" ? ` --snapshot-step ${failure.minimal.snapshotStep}` : "";
  return `npx sim swarm --replay ${quoted} --check ${failure.check}${snapshot}`;
}

/** The failure file's text: comments that say what failed and how to reproduce it, then the minimal scenario. */
export function formatSwarmFailureFile(failure: SwarmFailure, swarmSeed: number, reproduce: string): string {
  const comment = (text: string): string =>
    text
      .split("\n")
      .map((line) => `# ${line}`.trimEnd())
      .join("\n");
  return [
    comment(`sim swarm: check ${failure.check} failed on run ${failure.runIndex} of swarm seed ${swarmSeed};`),
    comment(`this is the minimal case that still fails it (shrunk in ${failure.shrinkAttempts} attempts).`),
    comment(failure.minimalMessage),
    comment(`Reproduce: ${reproduce}`),
    "",
    failure.minimalToml,
  ].join("\n");
}

/**
 * Writes the minimal case of a failure as `<outDir>/<case name>-<check>.toml`, atomically
 * (a reader never sees half a file), and returns the path as the user named it together
 * with the reproduce line.
 */
export function writeSwarmFailure(failure: SwarmFailure, swarmSeed: number, outDir: { shown: string; cwd: string }): { file: string; reproduce: string } {
  const name = `${failure.minimal.name}-${failure.check}.toml`;
  const directory = resolve(outDir.cwd, outDir.shown);
  makeDirectory(directory, "--out");
  const shownFile = join(outDir.shown, name);
  const reproduce = swarmReproduceLine(shownFile, failure);
  writeFileAtomicallySync(join(directory, name), formatSwarmFailureFile(failure, swarmSeed, reproduce));
  return { file: shownFile, reproduce };
}
