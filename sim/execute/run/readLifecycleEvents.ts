import { existsSync } from "node:fs";
import { join } from "node:path";
import { linesOfFile } from "../../io/lineReader.ts";
import { RUN_FILES } from "./runFiles.ts";

/** One line of events.jsonl as read back: `event` (STARTED, RUNNING, COMPLETED, FAILED) and its fields. */
export type RecordedEvent = Readonly<Record<string, unknown>>;

/**
 * The one reader of events.jsonl (LifecycleEvents writes it), for every command that asks
 * how a run ended: the events in order, a line at a time. A line that is not a JSON
 * object is skipped, since a killed process may leave a half-written last line; a missing
 * file has no events. A line past LIMITS.lineBytes is bad input (exit 2).
 */
export function* readLifecycleEvents(runDir: string): Generator<RecordedEvent, void, undefined> {
  const file = join(runDir, RUN_FILES.events);
  if (!existsSync(file)) return;
  for (const line of linesOfFile(file, { shown: file, kind: "run's events.jsonl" })) {
    if (line.text.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line.text);
    } catch {
      continue;
    }
    if (typeof value === "object" && value !== null && !Array.isArray(value)) yield value as RecordedEvent;
  }
}
