import { join } from "node:path";
import { writeFileAtomicallySync } from "../../io/atomicWrite.ts";
import type { Clock } from "../../io/clock.ts";
import { RUN_FILES } from "../../format/runFiles.ts";

/**
 * heartbeat.json, rewritten atomically at each RUNNING event and at the end: the run's
 * status, its last step and its speed since the previous write, for a watcher that
 * cannot tell a slow run from a dead one by the metrics file alone.
 */
export class RunHeartbeat {
  private stepAtLastWrite: number;
  private msAtLastWrite: number;

  constructor(
    private readonly outDir: string,
    private readonly clock: Clock,
    private readonly steps: number,
    lastStep: number,
    startMs: number,
  ) {
    this.stepAtLastWrite = lastStep;
    this.msAtLastWrite = startMs;
  }

  /** Milliseconds since the last write (or the start). */
  sinceLastWriteMs(nowMs: number): number {
    return nowMs - this.msAtLastWrite;
  }

  write(status: string, lastStep: number): void {
    const now = this.clock.monotonicMs();
    const elapsedS = (now - this.msAtLastWrite) / 1000;
    const stepsPerSecond = elapsedS > 0 ? (lastStep - this.stepAtLastWrite) / elapsedS : 0;
    writeFileAtomicallySync(
      join(this.outDir, RUN_FILES.heartbeat),
      JSON.stringify({ time: this.clock.isoNow(), status, last_step: lastStep, steps: this.steps, steps_per_second: Number(stepsPerSecond.toFixed(3)) }) + "\n",
    );
    this.stepAtLastWrite = lastStep;
    this.msAtLastWrite = now;
  }
}
