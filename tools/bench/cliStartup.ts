import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { systemClock } from "../../sim/io/clock.ts";

/** The built bin, the one `npx sim` runs. */
const SIM_BIN = fileURLToPath(new URL("../../bin/sim.js", import.meta.url));

/**
 * The CLI's start-up cost: the wall time of `node bin/sim.js --version`, spawned `runs`
 * times one after the other, in milliseconds, in the order measured. `--version` does no
 * work of its own, so the figure is what every command pays before it starts. A failed
 * spawn (dist/ not built, say) throws rather than timing the failure.
 */
export function cliStartupTimesMs(runs: number): number[] {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const startMs = systemClock.monotonicMs();
    const child = spawnSync(process.execPath, [SIM_BIN, "--version"], { encoding: "utf8" });
    const elapsedMs = systemClock.monotonicMs() - startMs;
    if (child.status !== 0) throw new Error(`node bin/sim.js --version exited ${child.status}: ${child.stderr}`);
    times.push(elapsedMs);
  }
  return times;
}
