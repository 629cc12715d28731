import type { Clock } from "../../io/clock.ts";
import { RUN_FILES } from "../../format/runFiles.ts";
import type { RunStore } from "./runStore.ts";
import { parseJsonObject } from "../../format/jsonObject.ts";

/**
 * A heartbeat older than this, with no COMPLETED or FAILED event, means the process is
 * gone (SIGKILL, out of memory, power loss): a live run rewrites it every second.
 */
export const STALE_HEARTBEAT_MS = 60_000;

/** What a run directory says about its run, as every reader of run directories reports it. */
export type RunStatus =
  | { readonly kind: "completed" }
  | { readonly kind: "failed"; readonly reason: string }
  | { readonly kind: "running"; readonly lastStep: number | undefined }
  | { readonly kind: "died"; readonly lastStep: number | undefined; readonly lastSeen: string | undefined };

/**
 * The status of the run in `runDir`: its last terminal lifecycle event if it has one;
 * otherwise "running" while its heartbeat is fresh, and "died" once the heartbeat is
 * older than STALE_HEARTBEAT_MS (or missing), since only a process that was killed
 * outright leaves neither COMPLETED nor FAILED behind. Unreadable lines are skipped:
 * a killed process may leave a half-written last line.
 */
export function runStatusOf(runDir: string, clock: Clock, store: RunStore): RunStatus {
  let lastStep: number | undefined;
  for (const event of store.events(runDir)) {
    if (typeof event.step === "number") lastStep = event.step;
    if (event.event === "COMPLETED") return { kind: "completed" };
    if (event.event === "FAILED") return { kind: "failed", reason: String(event.reason ?? "unknown") };
  }
  let lastSeen: string | undefined;
  // No heartbeat yet (a run killed in its first second) or a torn one: judged by age below.
  const heartbeat = parseJsonObject(store.text(runDir, RUN_FILES.heartbeat) ?? "");
  if (typeof heartbeat?.time === "string") lastSeen = heartbeat.time;
  if (typeof heartbeat?.last_step === "number") lastStep = heartbeat.last_step;
  const seenMs = lastSeen === undefined ? Number.NaN : Date.parse(lastSeen);
  const nowMs = Date.parse(clock.isoNow());
  if (!Number.isNaN(seenMs) && nowMs - seenMs <= STALE_HEARTBEAT_MS) return { kind: "running", lastStep };
  return { kind: "died", lastStep, lastSeen };
}

/** One sentence for a run that has no artifacts.json, for the commands that need a finished run. */
export function describeUnfinishedRun(runDir: string, status: RunStatus): string {
  switch (status.kind) {
    case "completed":
      return `${runDir}: the run completed but its artifacts.json is missing`;
    case "failed":
      return `${runDir}: the run failed (${status.reason}); events.jsonl has the details`;
    case "running":
      return `${runDir}: the run is still running${status.lastStep === undefined ? "" : ` (step ${status.lastStep})`}; wait for it to complete`;
    case "died":
      return `${runDir}: the run died: no COMPLETED or FAILED event and no heartbeat since ${status.lastSeen ?? "it started"}${status.lastStep === undefined ? "" : ` (last step ${status.lastStep})`}; the process was killed; rerun it`;
  }
}
