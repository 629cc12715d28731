import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { AssertionError } from "../../../../src/errors.ts";

/**
 * The command that runs this very harness elsewhere (a Slurm task): this Node binary and
 * the package's bin/sim.js, found upward from this module, so that the tasks run the
 * version that wrote sweep.json (a different one would be refused by its harness_version).
 */
export function harnessCommand(execPath: string): readonly string[] {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const bin = join(dir, "bin", "sim.js");
    if (existsSync(bin)) return [execPath, bin];
    const parent = dirname(dir);
    if (parent === dir) throw new AssertionError(`no bin/sim.js above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** A word for sh, single-quoted unless it is plainly safe. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
