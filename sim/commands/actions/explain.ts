import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { UserError } from "../../../src/errors.ts";
import { EXIT } from "../../exitCodes.ts";
import { readTextFile } from "../../io/readTextFile.ts";
import { formatExplanation } from "../../explain/formatExplanation.ts";
import { familyOfKey, METRIC_CATALOG } from "../../../src/metrics/catalog.ts";
import { explainStep } from "../../explain/explainStep.ts";
import { loadRecordedScenario } from "../../run/loadRecordedScenario.ts";
import { readArtifacts } from "../../run/readRunDirectory.ts";
import { RUN_FILES } from "../../run/runFiles.ts";
import { parseTrace } from "../../trace/parseTrace.ts";
import type { CliIo } from "../../io/cliIo.ts";
import { intOption } from "../intOption.ts";
import type { ExplainArgs } from "../explain.ts";

/** The recorded row of `step`, when metrics.jsonl has it. */
function recordedRow(metricsFile: string, step: number): Record<string, number> | undefined {
  if (!existsSync(metricsFile)) return undefined;
  for (const [i, line] of readTextFile(metricsFile, { kind: "run's metrics" }).split("\n").entries()) {
    if (line === "") continue;
    let row: Record<string, number>;
    try {
      row = JSON.parse(line) as Record<string, number>;
    } catch (error) {
      throw new UserError(`${metricsFile}:${i + 1}: not valid JSON: ${(error as Error).message}`);
    }
    if (row.step === step) return row;
  }
  return undefined;
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
  if (!existsSync(traceFile)) {
    throw new UserError(`${args["run-dir"]} has no ${RUN_FILES.trace}: explain needs the model's events; rerun the scenario with \`sim run <scenario.toml> --trace\``);
  }
  if (args.metric !== undefined && familyOfKey(args.metric) === undefined) {
    throw new UserError(`--metric ${args.metric}: not a metric the model emits; explain knows ${METRIC_CATALOG.map((metric) => metric.key).join(", ")} and their _max twins`);
  }
  const trace = parseTrace(readTextFile(traceFile, { kind: "run's trace" }), traceFile);
  if (trace.header === undefined) throw new UserError(`${traceFile}:1: not a harness trace: the first line must be the {"kind":"run",...} header`);
  // Every step of a run has pick events, so the last event's step is the last step run.
  const lastStep = trace.events.at(-1)?.step ?? 0;
  const step = intOption("step", args.step, 1, "steps") as number;
  if (step > lastStep) throw new UserError(`--step ${step}: the run has steps 1..${lastStep}`);
  const { scenario } = loadRecordedScenario(runDir, readArtifacts(runDir, io.clock));
  const explanation = explainStep(scenario.model, step);
  const recorded = recordedRow(join(runDir, RUN_FILES.metrics), step);
  io.stdout(formatExplanation(explanation, recorded, args.metric));
  return EXIT.ok;
}
