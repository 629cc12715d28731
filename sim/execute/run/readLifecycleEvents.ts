import { existsSync } from "node:fs";
import { join } from "node:path";
import { linesOfFile } from "../../io/lineReader.ts";
import { RUN_FILES } from "../../format/runFiles.ts";
import { type JsonObject, parseJsonObject } from "../../format/jsonObject.ts";

/** One line of events.jsonl as read back: `event` (STARTED, RUNNING, COMPLETED, FAILED) and its fields. */
export type RecordedEvent = JsonObject;

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
    const event = parseEventLine(line.text);
    if (event !== undefined) yield event;
  }
}

/** One line of events.jsonl as an event, or undefined for a blank line or one that is not a JSON object. */
export function parseEventLine(text: string): RecordedEvent | undefined {
  return text.trim() === "" ? undefined : parseJsonObject(text);
}
