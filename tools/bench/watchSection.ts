/**
 * `sim watch` (issue 22): how long a save takes to reach the page, for the scenario the
 * issue names (1,000 steps at W = 64, with a baseline: test/fixtures/watch). The built
 * bin watches a copy in a temporary directory (removed at the end); headless Chromium
 * (test/helpers/browser.ts) opens the page; the scenario is saved SAVES times, switching
 * ledger.stale_threshold, and each save is timed from the write to the page showing the
 * new run's charts (`data-state="ok"` with the next `data-version`). Prints:
 *   watch-save-to-page-ms@1000x64    the median (the promise: under 1,000 ms);
 *   watch-run-ms@1000x64             the median run in the worker, as sim watch reports it.
 */
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "../../test/helpers/browser.ts";
import { systemClock } from "../../sim/io/clock.ts";
import { type BenchSection, type ScriptLine, tableRow } from "./benchSection.ts";
import { median } from "./benchStats.ts";

const SIM_BIN = fileURLToPath(new URL("../../bin/sim.js", import.meta.url));
const FIXTURES = fileURLToPath(new URL("../../test/fixtures/watch", import.meta.url));
const SAVES = 6;

export const watchSection: BenchSection = {
  title: "sim watch: a save of a 1,000-step, 64-rank scenario to the page",
  async run(out) {
    const dir = mkdtempSync(join(tmpdir(), "sim-bench-watch-"));
    const child = spawn(process.execPath, [SIM_BIN, "watch", "scenarios/edit.toml", "--port", "0"], { cwd: dir, stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => void (stdout += chunk.toString()));
    const { browser, close } = await launchChromium();
    try {
      mkdirSync(join(dir, "scenarios"));
      cpSync(FIXTURES, join(dir, "scenarios"), { recursive: true });
      const url = await new Promise<string>((resolve, reject) => {
        const poll = setInterval(() => {
          const match = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
          if (match !== null) {
            clearInterval(poll);
            resolve(match[1] as string);
          } else if (child.exitCode !== null) {
            clearInterval(poll);
            reject(new Error(`sim watch ended with ${child.exitCode}`));
          }
        }, 20);
      });
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await page.goto(url);
      await page.waitForFunction(() => document.body.getAttribute("data-state") === "ok", undefined, { timeout: 120_000 });
      const original = readFileSync(join(dir, "scenarios/edit.toml"), "utf8");
      let version = Number(await page.getAttribute("body", "data-version"));
      const savesMs: number[] = [];
      for (let save = 0; save < SAVES; save++) {
        const text = original.replace("stale_threshold = 5", `stale_threshold = ${save % 2 === 0 ? 2 : 5}`);
        const startMs = systemClock.monotonicMs();
        writeFileSync(join(dir, "scenarios/edit.toml"), text);
        version += 1;
        await page.waitForFunction((v) => document.body.getAttribute("data-version") === String(v) && document.body.getAttribute("data-state") === "ok", version, {
          timeout: 120_000,
          polling: 5,
        });
        savesMs.push(systemClock.monotonicMs() - startMs);
      }
      const runsMs = [...stdout.matchAll(/^run \d+: \w+ in (\d+) ms$/gm)].slice(1).map((match) => Number(match[1]));
      const saveMedian = Math.round(median(savesMs));
      const runMedian = Math.round(median(runsMs));
      out(tableRow("save to page (median of 6 saves)", `${saveMedian} ms (each: ${savesMs.map((ms) => Math.round(ms)).join(", ")})`));
      out(tableRow("run in the worker (median)", `${runMedian} ms`));
      const lines: ScriptLine[] = [
        { key: "watch-save-to-page-ms@1000x64", value: String(saveMedian) },
        { key: "watch-run-ms@1000x64", value: String(runMedian) },
      ];
      return lines;
    } finally {
      await close();
      child.kill("SIGINT");
      await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once("exit", resolve)));
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
