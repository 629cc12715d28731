/**
 * The CLI's start-up cost: the median wall time of 10 runs of `node bin/sim.js --version`
 * (the built bin), which is what every command pays before it starts.
 */
import { type BenchSection, type ScriptLine, tableRow } from "./benchSection.ts";
import { median } from "./benchStats.ts";
import { cliStartupTimesMs } from "./cliStartup.ts";

const CLI_STARTUP_RUNS = 10;

export const cliStartupSection: BenchSection = {
  title: `CLI start-up: node bin/sim.js --version, ${CLI_STARTUP_RUNS} runs`,
  async run(out): Promise<readonly ScriptLine[]> {
    const timesMs = cliStartupTimesMs(CLI_STARTUP_RUNS);
    out(tableRow("wall time per run (ms)", timesMs.map((ms) => ms.toFixed(0)).join(" ")));
    return [{ key: "cli-startup-ms", value: median(timesMs).toFixed(0) }];
  },
};
