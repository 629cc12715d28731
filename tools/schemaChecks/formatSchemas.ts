import { ARTIFACTS_SCHEMA } from "../../sim/execute/run/artifactsSchema.ts";
import { LAUNCH_RECORD_SCHEMA } from "../../sim/execute/sweep/launcher/launchRecord.ts";
import { SWEEP_MANIFEST_SCHEMA } from "../../sim/execute/sweep/sweepManifest.ts";
import { DEFAULT_TEXT_KEYWORD, EXPECTED_KEYWORD, scenarioSchema } from "../../sim/input/scenario/scenarioSchema.ts";
import { SNAPSHOT_FILE_SCHEMA } from "../../sim/input/snapshot/snapshotFileSchema.ts";
import { MINIMAL_STORE_SCHEMA, TRACE_EVENT_SCHEMAS, TRACE_HEADER_SCHEMA } from "../../sim/input/trace/traceSchema.ts";

/**
 * Every JSON Schema the harness checks a file against, by the name its compiled check
 * has in schemaChecks.generated.ts. ajv compiles them when the checks are generated
 * (`npm run schema`, tools/schemaChecks/), not when the CLI starts: compiling them took
 * a third of a short command's CPU time (0.1 to 0.3 s: `sim run` compiled the scenario,
 * snapshot and artifacts schemas). A test holds the generated file to these schemas.
 */
export const FORMAT_SCHEMAS: Readonly<Record<string, object>> = {
  scenario: scenarioSchema,
  artifacts: ARTIFACTS_SCHEMA,
  snapshotFile: SNAPSHOT_FILE_SCHEMA,
  traceHeader: TRACE_HEADER_SCHEMA,
  minimalStore: MINIMAL_STORE_SCHEMA,
  ...Object.fromEntries(Object.entries(TRACE_EVENT_SCHEMAS).map(([kind, schema]) => [`traceEvent_${kind}`, schema])),
  sweepManifest: SWEEP_MANIFEST_SCHEMA,
  launchRecord: LAUNCH_RECORD_SCHEMA,
};

/**
 * The ajv options every check is compiled with: all errors at once, each with the
 * schema and the value it names (schemaErrors.ts words a message from them), and a
 * strict schema (ajv refuses an unknown keyword or a union of types). The scenario
 * schema's keywords of our own carry only words (scenarioSchema.ts), so ajv is told of
 * them as annotations that check nothing.
 */
export const CHECK_OPTIONS = { allErrors: true, verbose: true, strict: true, strictTuples: false } as const;
export const ANNOTATION_KEYWORDS = [EXPECTED_KEYWORD, DEFAULT_TEXT_KEYWORD] as const;
