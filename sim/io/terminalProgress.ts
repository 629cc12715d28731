import cliProgress from "cli-progress";
import type { Clock } from "./clock.ts";
import type { ProgressDisplay, ProgressSpec } from "./progressDisplay.ts";

/** Updates closer together than this are dropped: the bar redraws ten times a second anyway. */
const MIN_UPDATE_INTERVAL_MS = 50;

/**
 * The terminal's progress display (cli-progress): `label [bar] done/total unit | rate unit/s
 * | ETA`, redrawn in place on `stream` and cleared by `stop()`. Lines logged meanwhile are
 * printed above the bar. `stop()` may be called more than once.
 */
export function terminalProgress(stream: NodeJS.WriteStream, clock: Clock, spec: ProgressSpec): ProgressDisplay {
  // A static import (not a require when first drawn) so that the published package's
  // bundle (tools/buildPackage.ts) carries it: the package does not install cli-progress.
  const { MultiBar, Presets } = cliProgress;
  const multi = new MultiBar(
    {
      stream,
      format: `${spec.label} [{bar}] {done}/{totalText} ${spec.unit} | {rate} ${spec.unit}/s | ETA {timeLeft}`,
      clearOnComplete: true,
      hideCursor: true,
      barsize: 24,
      etaBuffer: 40,
      fps: 10,
      gracefulExit: false,
      autopadding: true,
      // Redraw on every tick: a logged line clears the bar's line, and cli-progress
      // otherwise redraws only when the bar's text changes.
      forceRedraw: true,
    },
    Presets.shades_classic,
  );
  const start = spec.start ?? 0;
  let total = spec.total;
  const startedMs = clock.monotonicMs();
  let lastUpdateMs = -Infinity;
  let stopped = false;
  const payload = (done: number): Record<string, string> => {
    const elapsedS = (clock.monotonicMs() - startedMs) / 1000;
    const rate = elapsedS > 0 ? (done - start) / elapsedS : 0;
    // (Not `eta`: cli-progress fills its own {eta} token, in seconds, over the payload's.)
    const timeLeft = total > 0 && rate > 0 ? formatDuration((total - done) / rate) : "?";
    return { done: String(done), totalText: total > 0 ? String(total) : "?", rate: formatRate(rate), timeLeft };
  };
  // While the total is unknown (a swarm with a time budget, a check still listing its
  // scenarios) the bar stays empty; the text counts what is done.
  const filled = (done: number): number => (total > 0 ? done : 0);
  const bar = multi.create(Math.max(total, 1), filled(start), payload(start));
  return {
    update: (done, newTotal) => {
      const now = clock.monotonicMs();
      const totalChanged = newTotal !== undefined && newTotal !== total;
      if (!totalChanged && done !== total && now - lastUpdateMs < MIN_UPDATE_INTERVAL_MS) return;
      lastUpdateMs = now;
      if (totalChanged) {
        total = newTotal;
        bar.setTotal(Math.max(total, 1));
      }
      bar.update(filled(done), payload(done));
    },
    log: (text) => multi.log(text),
    stop: () => {
      // Once: a command stops its display before its last output and again on its way out.
      if (stopped) return;
      stopped = true;
      // Flush the lines logged since the last redraw, then clear the bar.
      multi.update();
      multi.stop();
    },
  };
}

/** `42s`, `3m05s`, `1h02m`: the time left, to the second under an hour. */
function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** Three significant digits at most: `4829`, `12.5`, `0.0056`. */
function formatRate(perSecond: number): string {
  if (perSecond >= 100) return String(Math.round(perSecond));
  if (perSecond >= 1 || perSecond === 0) return perSecond.toFixed(1);
  return perSecond.toPrecision(2);
}
