import { join, resolve } from "node:path";
import { UserError } from "../../../src/errors.ts";
import { EXIT } from "../../exitCodes.ts";
import { formatExplanation } from "../../analyse/explain/formatExplanation.ts";
import { familyOfKey, METRIC_CATALOG } from "../../../src/metrics/catalog.ts";
import { explainStep } from "../../analyse/explain/explainStep.ts";
import { loadRecordedScenario } from "../../execute/run/loadRecordedScenario.ts";
import { readArtifacts } from "../../execute/run/readRunDirectory.ts";
import { RUN_FILES } from "../../format/runFiles.ts";
import { readTraceItems } from "../../input/trace/parseTrace.ts";
import type { TraceHeader } from "../../input/trace/traceHeader.ts";
import { firstMetricsStep, readMetricsRows } from "../../format/metricsRows.ts";
import type { MetricsRow } from "../../../src/engine/metricsRow.ts";
import type { CliIo } from "../../io/cliIo.ts";
import { intOption } from "../commands/intOption.ts";
import type { ExplainArgs } from "../commands/explain.ts";
import { nodeRunStore } from "../../execute/run/nodeRunStore.ts";

/** The recorded row of `step`, when metrics.jsonl has it (written every `every` steps, the run's metrics_every): read a row at a time up to that step, no further. */
function recordedRow(runDir: string, shown: string, step: number, every: number): MetricsRow | undefined {
  if (!nodeRunStore.holds(runDir, RUN_FILES.metrics)) return undefined;
  const metricsFile = join(runDir, RUN_FILES.metrics);
  for (const row of readMetricsRows(metricsFile, shown, { firstStep: firstMetricsStep(metricsFile, shown), every })) {
    if (row.step === step) return row;
    if (row.step > step) return undefined;
  }
  return undefined;
}

/** The trace's header and its last event's step, read a line at a time: nothing of a long trace is kept. */
function traceOutline(traceFile: string, shown: string): { header?: TraceHeader; lastStep: number } {
  let header: TraceHeader | undefined;
  let lastStep = 0;
  for (const item of readTraceItems(traceFile, shown, "run's trace")) {
    if (item.header !== undefined) header = item.header;
    else lastStep = item.event.step;
  }
  return header === undefined ? { lastStep } : { header, lastStep };
}

/**
 * `sim explain`: says in words what produced a step's metric values. The run's trace
 * says which steps were run (and that the run was traced from step 1); the explanation
 * itself re-runs the recorded scenario to the step, as `sim replay` does, and reads the
 * engine's own state and row.
 */
export async function runExplain(args: ExplainArgs, io: CliIo): Promise<number> {
  const runDir = resolve(io.cwd, args["run-dir"]);
  const traceFile = join(runDir, RUN_FILES.trace);
  if (!nodeRunStore.holds(runDir, RUN_FILES.trace)) {
    throw new UserError(`${args["run-dir"]} has no ${RUN_FILES.trace}: explain needs the model's events; rerun the scenario with \`sim run <scenario.toml> --trace\``);
  }
  if (args.metric !== undefined && familyOfKey(args.metric) === undefined) {
    throw new UserError(`--metric ${args.metric}: not a metric the model emits; explain knows ${METRIC_CATALOG.map((metric) => metric.key).join(", ")} and their _max twins`);
  }
  const trace = traceOutline(traceFile, traceFile);
  if (trace.header === undefined) throw new UserError(`${traceFile}:1: not a harness trace: the first line must be the {"kind":"run",...} header`);
  // Every step of a run has pick events, so the last event's step is the last step run.
  const lastStep = trace.lastStep;
  const step = intOption("step", args.step, 1, "steps");
  if (step > lastStep) throw new UserError(`--step ${step}: the run has steps 1..${lastStep}`);
  const { scenario } = loadRecordedScenario(runDir, readArtifacts(runDir, io.clock));
  const explanation = explainStep(scenario.model, step);
  const recorded = recordedRow(runDir, join(args["run-dir"], RUN_FILES.metrics), step, scenario.metricsEvery);
  io.stdout(formatExplanation(explanation, recorded, args.metric));
  return EXIT.ok;
}
