/**
 * The CLI's start-up cost: the median wall time of 10 runs of `node bin/sim.js --version`
 * (the built bin), which is what every command pays before it starts, and of 10 runs of
 * `sim validate` on a shipped scenario, what a command that reads a scenario pays on top
 * (the TOML parser, the scenario's checks, which ajv compiled on every start until they
 * were generated ahead of time: tools/schemaChecks/formatSchemas.ts).
 */
import { type BenchSection, type ScriptLine, tableRow } from "./benchSection.ts";
import { median } from "./benchStats.ts";
import { cliStartupTimesMs } from "./cliStartup.ts";

const CLI_STARTUP_RUNS = 10;
const VALIDATE_ARGS = ["validate", "scenarios/healthy_smoke.toml"];

export const cliStartupSection: BenchSection = {
  title: `CLI start-up: node bin/sim.js --version and ${VALIDATE_ARGS.join(" ")}, ${CLI_STARTUP_RUNS} runs each`,
  async run(out): Promise<readonly ScriptLine[]> {
    const timesMs = cliStartupTimesMs(CLI_STARTUP_RUNS);
    out(tableRow("--version, wall time per run (ms)", timesMs.map((ms) => ms.toFixed(0)).join(" ")));
    const validateMs = cliStartupTimesMs(CLI_STARTUP_RUNS, VALIDATE_ARGS);
    out(tableRow("validate, wall time per run (ms)", validateMs.map((ms) => ms.toFixed(0)).join(" ")));
    return [
      { key: "cli-startup-ms", value: median(timesMs).toFixed(0) },
      { key: "cli-validate-ms", value: median(validateMs).toFixed(0) },
    ];
  },
};
