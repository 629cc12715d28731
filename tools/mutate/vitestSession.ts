import { type ChildProcess, fork } from "node:child_process";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestKiller } from "./mutant.ts";
import type { VitestRequest, VitestResponse } from "./vitestProtocol.ts";

export interface VitestSessionRun {
  /** vitest's JSON report text, or undefined when it wrote none. */
  readonly report: string | undefined;
  readonly exitCode: number | null;
  readonly timedOut: boolean;
  readonly aborted: boolean;
}

/**
 * The parent's side of a warm vitest (tools/mutate/vitestServer.ts) in one project copy:
 * started on the first killer, kept for the next ones, and stopped together with its
 * test workers (its process group) on a timeout, an interrupt or `dispose`. A stopped
 * session starts afresh on the next killer, so a mutant that hangs a test costs that
 * mutant its verdict and nothing more.
 */
export class VitestSession {
  private child: ChildProcess | undefined;
  private nextId = 0;
  private readonly changed = new Set<string>();
  private readonly pending = new Map<number, (response: VitestResponse | undefined, exitCode: number | null) => void>();

  constructor(
    private readonly dir: string,
    private readonly env: Readonly<Record<string, string | undefined>>,
  ) {}

  /** Records that `file` (relative to the copy) changed on disk: the next run re-reads it. */
  noteChanged(file: string): void {
    this.changed.add(file);
  }

  run(killer: TestKiller, options: { timeoutMs: number; signal: AbortSignal }): Promise<VitestSessionRun> {
    if (options.signal.aborted) return Promise.resolve({ report: undefined, exitCode: null, timedOut: false, aborted: true });
    const child = this.child ?? this.start();
    const request: VitestRequest = { id: ++this.nextId, file: killer.file, ...(killer.name === undefined ? {} : { name: killer.name }), changed: [...this.changed] };
    this.changed.clear();
    return new Promise((resolvePromise) => {
      let timedOut = false;
      const finish = (response: VitestResponse | undefined, exitCode: number | null): void => {
        clearTimeout(timer);
        options.signal.removeEventListener("abort", onAbort);
        this.pending.delete(request.id);
        resolvePromise({ report: response?.report, exitCode: response?.exitCode ?? exitCode, timedOut, aborted: options.signal.aborted });
      };
      const timer = setTimeout(() => {
        timedOut = true;
        this.stop();
      }, options.timeoutMs);
      const onAbort = (): void => this.stop();
      options.signal.addEventListener("abort", onAbort, { once: true });
      this.pending.set(request.id, finish);
      child.send(request);
    });
  }

  /** Stops the server and its workers; synchronous, so that it also runs from an exit handler. */
  dispose(): void {
    this.stop();
  }

  private start(): ChildProcess {
    const self = fileURLToPath(import.meta.url);
    const extension = extname(self);
    // From the TypeScript sources (tests, bin/sim-dev.js) the server is TypeScript too,
    // loaded through tsx from the copy's node_modules; from dist/ it is plain JavaScript.
    const child = fork(fileURLToPath(new URL(`./vitestServer${extension}`, import.meta.url)), [], {
      cwd: this.dir,
      env: { ...this.env, FORCE_COLOR: "0", NO_COLOR: "1", SIM_TEST_SKIP_BUILD: "1" },
      execArgv: extension === ".ts" ? ["--import", "tsx"] : [],
      stdio: ["ignore", "ignore", "ignore", "ipc"],
      // Its own process group, so that a stop takes vitest's workers down with it.
      detached: true,
    });
    child.on("message", (response: VitestResponse) => this.pending.get(response.id)?.(response, response.exitCode));
    child.on("exit", (code) => {
      if (this.child === child) this.child = undefined;
      for (const finish of [...this.pending.values()]) finish(undefined, code);
    });
    this.child = child;
    return child;
  }

  private stop(): void {
    const child = this.child;
    if (child === undefined) return;
    this.child = undefined;
    try {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    } catch {
      // The group is already gone; nothing is left to stop.
    }
  }
}
