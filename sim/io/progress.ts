import { isCiSet } from "./isCiSet.ts";
import type { CliIo } from "./cliIo.ts";
import type { ProgressDisplay, ProgressSpec } from "./progressDisplay.ts";

/**
 * The display a command shows: the io's terminal display when stderr is an interactive
 * terminal and CI is not set; otherwise none at all (logs and pipes stay clean), with
 * `log` writing straight to stderr.
 */
export function startProgress(io: CliIo, spec: ProgressSpec): ProgressDisplay {
  if (io.progress === undefined || !io.stderrIsTerminal || isCiSet(io.env.CI)) {
    return { update: () => undefined, log: (text) => io.stderr(text), stop: () => undefined };
  }
  return io.progress(spec);
}
