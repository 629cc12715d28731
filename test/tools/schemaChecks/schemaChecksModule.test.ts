import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { ANNOTATION_KEYWORDS, CHECK_OPTIONS, FORMAT_SCHEMAS } from "../../../tools/schemaChecks/formatSchemas.ts";
import * as checks from "../../../sim/input/schemaChecks.generated.ts";
import { SCHEMA_CHECKS_FILE, schemaChecksModule } from "../../../tools/schemaChecks/schemaChecksModule.ts";
import { PROJECT_ROOT } from "../../helpers/runCli.ts";

/** Values that exercise each check's refusals: wrong types, missing and unknown keys, bounds, a string of one astral character (minLength counts code points). */
const PROBES: readonly unknown[] = [
  null,
  0,
  "x",
  [],
  {},
  { unknown: 1 },
  { run: { steps: 0, name: "" }, dataset: { layout: "nestd" } },
  { step: -1, rank: 1e9, gid: "g", kind: "store" },
  { format: "sim-sweep", format_version: 2, configs: [{ name: 5 }] },
  { scenario: "\u{1F600}", seed: -1, steps: 1.5, files: [1] },
  { modality: "", streams: 0, cells: [1] },
];

describe("the generated schema checks", () => {
  it(`${SCHEMA_CHECKS_FILE} is the one tools/schemaChecks generates from formatSchemas.ts (run \`npm run schema\` after changing a schema)`, () => {
    expect(readFileSync(join(PROJECT_ROOT, SCHEMA_CHECKS_FILE), "utf8")).toBe(schemaChecksModule());
  });

  it("accept and refuse as ajv's compile of the same schema does, with the same errors", () => {
    const ajv = new Ajv(CHECK_OPTIONS);
    for (const keyword of ANNOTATION_KEYWORDS) ajv.addKeyword(keyword);
    const generated: Readonly<Record<string, (data: unknown) => boolean>> = checks;
    for (const [name, schema] of Object.entries(FORMAT_SCHEMAS)) {
      const compiled = ajv.compile(schema);
      const check = generated[name];
      expect(check, name).toBeTypeOf("function");
      for (const probe of PROBES) {
        expect(check?.(probe), `${name} of ${JSON.stringify(probe)}`).toBe(compiled(probe));
        expect(checks[name as keyof typeof checks].errors ?? null, `${name} of ${JSON.stringify(probe)}`).toEqual(compiled.errors ?? null);
      }
    }
  });
});
