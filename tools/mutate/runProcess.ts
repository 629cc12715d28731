import { spawn } from "node:child_process";

export interface ProcessResult {
  readonly exitCode: number | null;
  readonly timedOut: boolean;
  /** True when the run was stopped because the whole command was interrupted. */
  readonly aborted: boolean;
  /** stdout and stderr interleaved, capped at the last 64 KiB. */
  readonly output: string;
}

const OUTPUT_CAP_CHARS = 64 * 1024;

/**
 * Runs `node ...args` in `cwd` and resolves when it ends. The child leads its own process
 * group so that a timeout or an interrupt stops it together with its workers (vitest
 * forks); a bounded output buffer keeps a chatty child from growing memory without limit.
 */
export function runNode(
  args: readonly string[],
  options: { cwd: string; env: Readonly<Record<string, string | undefined>>; timeoutMs: number; signal: AbortSignal },
): Promise<ProcessResult> {
  return new Promise((resolvePromise) => {
    if (options.signal.aborted) {
      resolvePromise({ exitCode: null, timedOut: false, aborted: true, output: "" });
      return;
    }
    const child = spawn(process.execPath, [...args], {
      cwd: options.cwd,
      env: { ...options.env, FORCE_COLOR: "0", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let output = "";
    const append = (chunk: Buffer): void => {
      output += chunk.toString("utf8");
      if (output.length > OUTPUT_CAP_CHARS) output = output.slice(-OUTPUT_CAP_CHARS);
    };
    child.stdout.on("data", append);
    child.stderr.on("data", append);

    let timedOut = false;
    const killGroup = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        // The group is already gone; nothing is left to stop.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs);
    const onAbort = (): void => killGroup();
    options.signal.addEventListener("abort", onAbort, { once: true });

    child.on("error", (error) => {
      append(Buffer.from(String(error)));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      options.signal.removeEventListener("abort", onAbort);
      resolvePromise({ exitCode: code, timedOut, aborted: options.signal.aborted, output });
    });
  });
}
