import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * What a copy of the project holds: everything a killer reads (the model, the harness,
 * the tests, the scenarios and their goldens, the bin and the configs). Entries that a
 * project does not have are skipped, so a small fixture project works too.
 */
export const COPIED_ENTRIES = [
  "src",
  "sim",
  "tools",
  "test",
  "scenarios",
  "golden",
  "bin",
  "docs",
  "package.json",
  "tsconfig.json",
  "tsconfig.build.json",
  "vitest.config.ts",
  "README.md",
] as const;

/**
 * The temporary directories of one `sim mutate` run, under one root in the system's temp
 * folder: a pristine snapshot of the project taken once at the start, and one copy of
 * that snapshot per lane (tools/mutate/lanes.ts), each reused from mutant to mutant. The
 * working tree is only ever read, and only while the snapshot is taken, so engineers
 * editing it meanwhile change nothing in the run.
 */
export class Workspace {
  readonly root: string;
  readonly pristineDir: string;
  /**
   * The temporary directory of everything the run starts (TMPDIR of the killers and of
   * the lanes' warm vitests): what they leave there goes with the workspace. A warm
   * vitest is stopped by SIGKILL, before its global teardown could remove what its
   * global setup made (the project's suite directory, test/globalSetup.ts), and vitest
   * makes a directory of its own there too; a clean `sim mutate` left both in /tmp.
   */
  readonly tmpDir: string;
  private disposed = false;

  private constructor(root: string) {
    this.root = root;
    this.pristineDir = join(root, "pristine");
    this.tmpDir = join(root, "tmp");
  }

  /** Snapshots `projectRoot` into a fresh temporary root. */
  static create(projectRoot: string): Workspace {
    const workspace = new Workspace(mkdtempSync(join(tmpdir(), "sim-mutate-")));
    try {
      mkdirSync(workspace.pristineDir);
      mkdirSync(workspace.tmpDir);
      copyProject(projectRoot, workspace.pristineDir);
    } catch (error) {
      workspace.dispose();
      throw error;
    }
    return workspace;
  }

  /** A fresh copy of the pristine snapshot, named `id`. */
  copyFor(id: string): string {
    const dir = join(this.root, id);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    copyProject(this.pristineDir, dir);
    return dir;
  }

  /** Removes everything; synchronous so that it also runs from an exit or signal handler. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    rmSync(this.root, { recursive: true, force: true });
  }
}

/**
 * Copies the project's entries and links node_modules entry by entry: the packages are
 * shared, but each copy gets a real node_modules folder of its own, so the caches vite
 * and vitest write there (node_modules/.vite) never collide between parallel mutants.
 */
function copyProject(from: string, to: string): void {
  for (const entry of COPIED_ENTRIES) {
    const source = join(from, entry);
    if (existsSync(source)) cpSync(source, join(to, entry), { recursive: true });
  }
  const modules = join(from, "node_modules");
  if (!existsSync(modules)) return;
  mkdirSync(join(to, "node_modules"));
  for (const name of readdirSync(modules)) {
    if (name === ".vite" || name === ".cache") continue;
    symlinkSync(realpathSync(join(modules, name)), join(to, "node_modules", name));
  }
}
