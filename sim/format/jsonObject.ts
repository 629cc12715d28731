/** A JSON object as parsed: its fields are whatever the text held, to be checked one by one. */
export type JsonObject = Readonly<Record<string, unknown>>;

/** Whether a parsed JSON value is an object (not null, not an array): the type guard every reader of a small JSON record asks before reading a field. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * `text` parsed when it is a JSON object, else undefined (not JSON, or another value):
 * for the harness's own small records (a run's marker and heartbeat, a sweep's summary
 * record, a line of events.jsonl), which a killed process may leave torn and whose
 * readers then treat them as absent. Each field is still unknown until checked.
 */
export function parseJsonObject(text: string): JsonObject | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return isJsonObject(value) ? value : undefined;
}
