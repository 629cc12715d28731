import { describe, expect, it } from "vitest";
import { UserError } from "../../../src/errors.ts";
import { parseCheckedJson } from "../../../sim/input/parseCheckedJson.ts";
import type { SchemaCheck } from "../../../sim/input/jsonSchemaFields.ts";
import * as checks from "../../../sim/input/schemaChecks.generated.ts";
import type { LaunchRecord } from "../../../sim/execute/sweep/launcher/launchRecord.ts";

// A real format's check: launch.json's.
const launchRecord: SchemaCheck<LaunchRecord> = checks.launchRecord;

describe("parseCheckedJson", () => {
  it("returns the value a schema accepts", () => {
    const text = JSON.stringify({ format: "sim-sweep-launch", format_version: 1, launcher: "slurm", sweep_sha256: "a".repeat(64), submissions: [] });
    expect(parseCheckedJson("launch.json", text, launchRecord, "a launch record").format).toBe("sim-sweep-launch");
  });

  it("refuses text that is not JSON as bad input, naming the file and the parser's reason", () => {
    expect(() => parseCheckedJson("d/launch.json", '{"format": ', launchRecord, "a launch record")).toThrow(UserError);
    expect(() => parseCheckedJson("d/launch.json", '{"format": ', launchRecord, "a launch record")).toThrow(/^d\/launch\.json: not valid JSON: .+/);
  });

  it("refuses a value the schema refuses, naming what the file is not and ajv's problems at their JSON Pointers", () => {
    const call = () => parseCheckedJson("d/launch.json", JSON.stringify({ format: "sim-sweep-launch", format_version: "1" }), launchRecord, "a launch record");
    expect(call).toThrow(UserError);
    expect(call).toThrow(/^d\/launch\.json: not a launch record: .*\/format_version must be/);
  });
});
