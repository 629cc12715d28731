import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { VitestSession } from "./vitestSession.ts";
import type { Workspace } from "./workspace.ts";

/**
 * One worker's project copy, reused from mutant to mutant: a mutant is written into it,
 * its killers run, and the file is put back, so the copy is made once per worker rather
 * than once per mutant, and the copy's warm vitest (`vitest`) outlives every mutant.
 */
export class Lane {
  readonly vitest: VitestSession;

  /** `env` is what the killers run with: the command's, with TMPDIR in the workspace (Workspace.tmpDir). */
  constructor(
    readonly dir: string,
    readonly env: Readonly<Record<string, string | undefined>>,
  ) {
    this.vitest = new VitestSession(dir, env);
  }

  read(file: string): string {
    return readFileSync(join(this.dir, file), "utf8");
  }

  /** Writes `file` (relative to the copy) and tells the warm vitest to re-read it. */
  write(file: string, text: string): void {
    writeFileSync(join(this.dir, file), text);
    this.vitest.noteChanged(file);
  }
}

/**
 * The lanes of one run, at most one per job: a task borrows a free lane (making it on
 * first need) and gives it back when done. `dispose` stops every warm vitest; the
 * workspace removes the copies.
 */
export class Lanes {
  private readonly free: Lane[] = [];
  private readonly all: Lane[] = [];
  private readonly env: Readonly<Record<string, string | undefined>>;

  /** `env` is the command's environment; the lanes' killers get it with TMPDIR in the workspace. */
  constructor(
    private readonly workspace: Workspace,
    env: Readonly<Record<string, string | undefined>>,
  ) {
    this.env = { ...env, TMPDIR: workspace.tmpDir };
  }

  async with<R>(task: (lane: Lane) => Promise<R>): Promise<R> {
    const lane = this.free.pop() ?? this.make();
    try {
      return await task(lane);
    } finally {
      this.free.push(lane);
    }
  }

  /** Synchronous, so that it also runs from an exit handler. */
  dispose(): void {
    for (const lane of this.all) lane.vitest.dispose();
  }

  private make(): Lane {
    const lane = new Lane(this.workspace.copyFor(`lane-${this.all.length + 1}`), this.env);
    this.all.push(lane);
    return lane;
  }
}
