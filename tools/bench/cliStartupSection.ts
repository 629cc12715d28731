/**
 * The CLI's start-up cost: the median wall time of 10 runs of `node bin/sim.js --version`
 * (the built bin), which is what every command pays before it starts, and of 10 runs of
 * `sim validate` on a shipped scenario, what a command that reads a scenario pays on top
 * (the TOML parser, the scenario's checks, which ajv compiled on every start until they
 * were generated ahead of time: tools/schemaChecks/formatSchemas.ts). Then the CPU of that
 * `sim validate` run in this process, warm, as the tests' in-process commands run: what
 * a command costs beyond its own work.
 */
import { type BenchSection, type ScriptLine, tableRow } from "./benchSection.ts";
import { median } from "./benchStats.ts";
import { cliStartupTimesMs, inProcessCommandCpuMs } from "./cliStartup.ts";

const CLI_STARTUP_RUNS = 10;
/** Rounds and calls a round of the in-process command (inProcessCommandCpuMs). */
const IN_PROCESS_ROUNDS = 5;
const IN_PROCESS_CALLS = 100;
const VALIDATE_ARGS = ["validate", "scenarios/healthy_smoke.toml"];

export const cliStartupSection: BenchSection = {
  title: `CLI start-up: node bin/sim.js --version and ${VALIDATE_ARGS.join(" ")}, ${CLI_STARTUP_RUNS} runs each, and the latter in-process`,
  async run(out): Promise<readonly ScriptLine[]> {
    const timesMs = cliStartupTimesMs(CLI_STARTUP_RUNS);
    out(tableRow("--version, wall time per run (ms)", timesMs.map((ms) => ms.toFixed(0)).join(" ")));
    const validateMs = cliStartupTimesMs(CLI_STARTUP_RUNS, VALIDATE_ARGS);
    out(tableRow("validate, wall time per run (ms)", validateMs.map((ms) => ms.toFixed(0)).join(" ")));
    const inProcessMs = await inProcessCommandCpuMs(IN_PROCESS_ROUNDS, IN_PROCESS_CALLS, VALIDATE_ARGS);
    out(tableRow("validate in-process, CPU per call (ms)", inProcessMs.map((ms) => ms.toFixed(2)).join(" ")));
    return [
      { key: "cli-startup-ms", value: median(timesMs).toFixed(0) },
      { key: "cli-validate-ms", value: median(validateMs).toFixed(0) },
      { key: "cli-validate-in-process-cpu-ms", value: median(inProcessMs).toFixed(2) },
    ];
  },
};
