import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { main } from "../../sim/cli.ts";
import type { CliIo } from "../../sim/io/cliIo.ts";
import { fakeClock, systemClock } from "../../sim/io/clock.ts";

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

/**
 * The CPU a command costs once the CLI's modules are loaded and warm: `main(args)` called
 * in this process `calls` times after as many untimed calls, in milliseconds a call, in
 * `rounds` rounds. It is what each of the tests' in-process commands (`runMain`) costs
 * beyond the command's own work: the parse of the command line and what yargs does around
 * the command (it formatted the command's whole --help text before every command, about
 * 3 ms of a `sim validate`'s 5, until sim/cli.ts turned that off). Its output is dropped;
 * a command that fails throws rather than timing the failure.
 */
export async function inProcessCommandCpuMs(rounds: number, calls: number, args: readonly string[]): Promise<number[]> {
  const io: CliIo = {
    stdout: () => undefined,
    stderr: () => undefined,
    clock: fakeClock(),
    env: {},
    cwd: ROOT,
    columns: undefined,
    stderrIsTerminal: false,
    onSignal: () => () => undefined,
    onExit: () => () => undefined,
    exit: (code) => {
      throw new Error(`the command asked to exit with ${code}`);
    },
  };
  const call = async (): Promise<void> => {
    const code = await main(args, io);
    if (code !== 0) throw new Error(`sim ${args.join(" ")} exited ${code} in-process`);
  };
  for (let i = 0; i < calls; i++) await call();
  const perCallMs: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const before = process.cpuUsage();
    for (let i = 0; i < calls; i++) await call();
    const used = process.cpuUsage(before);
    perCallMs.push((used.user + used.system) / 1000 / calls);
  }
  return perCallMs;
}
