import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { systemClock } from "../../sim/io/clock.ts";

/** The built bin, the one `npx sim` runs. */
const SIM_BIN = fileURLToPath(new URL("../../bin/sim.js", import.meta.url));
/** The repository's root, where the commands run (a scenario is named from it). */
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/**
 * The CLI's start-up cost: the wall time of `node bin/sim.js ...args` (by default
 * `--version`), spawned `runs` times one after the other, in milliseconds, in the order
 * measured. `--version` does no work of its own, so the figure is what every command pays
 * before it starts; `validate <scenario>` adds what a command that reads a scenario pays
 * (the TOML parser, the scenario's checks). A failed spawn (dist/ not built, say) throws
 * rather than timing the failure.
 */
export function cliStartupTimesMs(runs: number, args: readonly string[] = ["--version"]): number[] {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const startMs = systemClock.monotonicMs();
    const child = spawnSync(process.execPath, [SIM_BIN, ...args], { cwd: ROOT, encoding: "utf8" });
    const elapsedMs = systemClock.monotonicMs() - startMs;
    if (child.status !== 0) throw new Error(`node bin/sim.js ${args.join(" ")} exited ${child.status}: ${child.stderr}`);
    times.push(elapsedMs);
  }
  return times;
}
