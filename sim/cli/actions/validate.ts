import { UserError } from "../../../src/errors.ts";
import { EXIT } from "../../exitCodes.ts";
import { plural } from "../../format/plural.ts";
import { loadScenario } from "../../input/scenario/loadScenario.ts";
import { ScenarioError } from "../../input/scenario/scenarioError.ts";
import type { CliIo } from "../../io/cliIo.ts";
import type { ValidateArgs } from "../commands/validate.ts";

export const VALIDATE_JSON_FORMAT = "sim-validate";
export const VALIDATE_JSON_FORMAT_VERSION = 1;

/** One file's verdict. */
interface Validated {
  readonly file: string;
  readonly valid: boolean;
  readonly problems: readonly string[];
  readonly warnings: readonly string[];
}

/**
 * `sim validate`: loads every named scenario and reports each one's problems; with
 * `--json`, one document on stdout and nothing on stderr: `{ format: "sim-validate",
 * format_version: 1, valid, files: [{ file, valid, problems, warnings }] }`.
 */
export async function runValidate(args: ValidateArgs, io: CliIo): Promise<number> {
  const results: Validated[] = args.scenarios.map((given) => {
    // Paths stay as the user wrote them, so that messages name the file the way it was given.
    try {
      const { warnings = [] } = loadScenario(given, {}, io.cwd);
      return { file: given, valid: true, problems: [], warnings };
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      return { file: given, valid: false, problems: error instanceof ScenarioError ? error.problems : [error.message], warnings: [] };
    }
  });
  const invalid = results.filter((result) => !result.valid).length;
  if (args.json) {
    io.stdout(`${JSON.stringify({ format: VALIDATE_JSON_FORMAT, format_version: VALIDATE_JSON_FORMAT_VERSION, valid: invalid === 0, files: results }, null, 2)}\n`);
    return invalid > 0 ? EXIT.badInput : EXIT.ok;
  }
  for (const result of results) {
    if (result.valid) io.stdout(`ok ${result.file}\n`);
    else io.stderr(`invalid ${result.file}:\n${result.problems.map((problem) => indent(problem)).join("\n")}\n`);
    for (const warning of result.warnings) io.stderr(`warning: ${warning}\n`);
  }
  if (invalid > 0) {
    io.stderr(`${invalid} of ${plural(args.scenarios.length, "scenario file")} ${invalid === 1 ? "is" : "are"} invalid\n`);
    return EXIT.badInput;
  }
  return EXIT.ok;
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}
