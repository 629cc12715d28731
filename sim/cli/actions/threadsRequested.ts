import { MAX_THREADS } from "../../execute/threads/engineThreads.ts";
import { intOption } from "../commands/intOption.ts";

/** `--threads` parsed (a positive integer up to MAX_THREADS), as the options of a run: none when not given. */
export function threadsRequested(raw: unknown): { threads?: number } {
  const threads = intOption("threads", raw, 1, MAX_THREADS);
  return threads === undefined ? {} : { threads };
}
