import type { Clock } from "../../io/clock.ts";
import { AppendOnlyFile } from "./appendOnlyFile.ts";

export type LifecycleStatus = "STARTED" | "RUNNING" | "COMPLETED" | "FAILED";

/**
 * events.jsonl: one lifecycle event per line, `{"time", "event", ...}`. The only file
 * of a run with wall-clock times, so that every other file is reproducible.
 */
export class LifecycleEvents {
  private readonly file: AppendOnlyFile;

  constructor(
    path: string,
    private readonly clock: Clock,
  ) {
    this.file = new AppendOnlyFile(path);
  }

  record(event: LifecycleStatus, fields: Readonly<Record<string, unknown>> = {}): void {
    this.file.appendLine(JSON.stringify({ time: this.clock.isoNow(), event, ...fields }));
    // Events are few and are what a watcher of the run reads first: each goes out at once.
    this.file.flush();
  }

  close(): void {
    this.file.close();
  }
}
