import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { UserError } from "../../../src/errors.ts";
import { EXIT } from "../../exitCodes.ts";
import type { CliIo } from "../../io/cliIo.ts";
import { baselineFileOf } from "../../input/scenario/checkScenarioRules.ts";
import { resolveExtends } from "../../input/scenario/resolveExtends.ts";
import { CancellingRunner } from "../watch/cancellingRunner.ts";
import { DebouncedWatcher } from "../watch/debouncedWatcher.ts";
import type { WatchOutcome } from "../watch/watchOutcome.ts";
import { watchPage } from "../watch/watchPage.ts";
import { type PageEvent, startWatchServer } from "../watch/watchServer.ts";
import { withStopSignals } from "../../io/withStopSignals.ts";
import { intOption } from "../commands/intOption.ts";
import type { WatchArgs } from "../commands/watch.ts";
import { isJsonObject } from "../../format/jsonObject.ts";

/** How long a burst of file events must settle before a run starts: one run per save. */
const DEBOUNCE_MS = 60;

/**
 * `sim watch`: (1) start the server (a port in use is exit 2, named), (2) run the
 * scenario and watch its files, its extends chain and baseline included, (3) on every
 * settled change cancel the run in progress and start another, publishing its report
 * or its problems to the open pages, (4) on SIGINT or SIGTERM close the watcher, the
 * worker and the server (nothing is left listening) and exit 130.
 */
export async function runWatch(args: WatchArgs, io: CliIo): Promise<number> {
  const port = intOption("port", args.port, 0, 65535);
  const file = args.scenario;
  const absolute = resolve(io.cwd, file);
  if (!existsSync(absolute)) throw new UserError(`${file}: no such scenario file`);

  let report: string | undefined;
  let latest: PageEvent | undefined;
  let saves = 0;
  const server = await startWatchServer({
    host: args.host,
    port,
    page: watchPage(file),
    report: () => report,
    currentEvents: () => (latest === undefined ? [] : [latest]),
  });
  const runner = new CancellingRunner();
  const publish = (event: PageEvent): void => {
    if (event.event !== "running") latest = event;
    server.publish(event);
  };

  let version = 0;
  const runOnce = async (): Promise<void> => {
    const save = ++saves;
    publish({ event: "running", data: { save } });
    let outcome: WatchOutcome | "cancelled";
    try {
      outcome = await runner.run({ file, cwd: io.cwd });
    } catch (error) {
      publish({ event: "failed", data: { version: ++version, message: error instanceof Error ? (error.stack ?? error.message) : String(error) } });
      io.stderr(`sim watch: run failed: ${error instanceof Error ? error.message : String(error)}\n`);
      return;
    }
    if (outcome === "cancelled") return;
    version += 1;
    if (outcome.kind === "report") {
      report = outcome.html;
      publish({ event: "report", data: { version, passed: outcome.passed, verdicts: outcome.verdicts, warnings: outcome.warnings, runMs: Math.round(outcome.runMs) } });
      io.stdout(`run ${version}: ${outcome.passed ? "PASS" : "FAIL"} in ${Math.round(outcome.runMs)} ms\n`);
    } else {
      publish({ event: "invalid", data: { version, heading: outcome.heading, problems: outcome.problems } });
      io.stdout(`run ${version}: ${outcome.heading}\n${outcome.problems.map((problem) => `  ${problem.text}`).join("\n")}\n`);
    }
    watcher.add(filesOf(absolute));
  };

  const watcher = new DebouncedWatcher(filesOf(absolute), DEBOUNCE_MS, () => void runOnce());
  let stopped: (signal: string) => void = () => undefined;
  const stop = new Promise<string>((resolveStop) => (stopped = resolveStop));
  try {
    return await withStopSignals(
      io,
      async () => {
        await watcher.ready();
        io.stdout(`sim watch: ${file} at ${server.url} (Ctrl-C to stop)\n`);
        if (args.open) openInBrowser(server.url, io);
        void runOnce();
        io.stderr(`sim watch: stopped by ${await stop}\n`);
        return EXIT.interrupted;
      },
      (signal) => stopped(signal),
    );
  } finally {
    await watcher.close();
    await runner.close();
    await server.close();
  }
}

/** The files a change of which changes the run: the scenario, its extends chain and its baseline's. */
function filesOf(absolute: string): string[] {
  const files = new Set([absolute]);
  try {
    const document = resolveExtends(absolute);
    for (const chained of document.chain) files.add(resolve(chained));
    const run = isJsonObject(document.merged.run) ? document.merged.run : undefined;
    const baseline = typeof run?.baseline === "string" ? resolve(baselineFileOf(document.provenance.sourceOf("run.baseline"), run.baseline)) : undefined;
    if (baseline !== undefined && existsSync(baseline)) {
      files.add(baseline);
      for (const chained of resolveExtends(baseline).chain) files.add(resolve(chained));
    }
  } catch {
    // A file that does not load yet is watched alone; the run reports why.
  }
  return [...files];
}

/** Opens `url` with the system's opener; a failure is said, not fatal. */
function openInBrowser(url: string, io: CliIo): void {
  const opener: readonly [string, ...string[]] = process.platform === "darwin" ? ["open"] : process.platform === "win32" ? ["cmd", "/c", "start", '""'] : ["xdg-open"];
  const [command, ...rest] = opener;
  const child = spawn(command, [...rest, url], { detached: true, stdio: "ignore" });
  child.on("error", () => io.stderr(`sim watch: could not open a browser (${command}); open ${url} yourself\n`));
  child.unref();
}
