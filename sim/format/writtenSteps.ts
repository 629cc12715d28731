/**
 * The steps whose rows a run writes under `[run] metrics_every = N` (`sim run
 * --metrics-every N`, docs/runs-and-replay.md): every step that is a multiple of N, and
 * the run's last step whatever it is, so that a run's final values are always on disk.
 * The model still runs every step; only the writing is thinned, so the rows written are
 * byte for byte the N = 1 run's rows at those steps. N = 1 writes every step.
 */
export interface WrittenSteps {
  /** N, at least 1. */
  readonly every: number;
  /** The run's last step (the scenario's steps), always written. */
  readonly lastStep: number;
}

/** Whether the row of `step` is written. */
export function writesStep(steps: WrittenSteps, step: number): boolean {
  return step % steps.every === 0 || step === steps.lastStep;
}

/** The first written step at or after `step` (a value past lastStep when there is none). */
export function firstWrittenStepFrom(steps: WrittenSteps, step: number): number {
  const multiple = Math.ceil(step / steps.every) * steps.every;
  return step <= steps.lastStep && multiple > steps.lastStep ? steps.lastStep : multiple;
}

/** The rows of `rows` a run writes (all of them when every is 1), for the checks that simulate in memory. */
export function writtenRows<Row extends { readonly step: number }>(rows: Row[], steps: WrittenSteps): Row[] {
  return steps.every === 1 ? rows : rows.filter((row) => writesStep(steps, row.step));
}

/** writtenRows for rows made one at a time (a run at the step limit, never held whole). */
export function* writtenRowsOf<Row extends { readonly step: number }>(rows: Iterable<Row>, steps: WrittenSteps): Generator<Row, void, undefined> {
  for (const row of rows) if (writesStep(steps, row.step)) yield row;
}

/** How many steps of firstStep..lastStep are written. */
export function writtenStepCount(steps: WrittenSteps, firstStep: number): number {
  if (firstStep > steps.lastStep) return 0;
  const multiples = Math.floor(steps.lastStep / steps.every) - Math.floor((firstStep - 1) / steps.every);
  return multiples + (steps.lastStep % steps.every === 0 ? 0 : 1);
}

/** "every step" or "the multiples of 10 and the last step (metrics_every = 10)", for messages. */
export function describeWrittenSteps(every: number): string {
  return every === 1 ? "every step" : `the multiples of ${every} and the last step (metrics_every = ${every})`;
}
