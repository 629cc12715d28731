import { UserError } from "../../../src/errors.ts";
import { EXIT } from "../../exitCodes.ts";
import { loadScenario } from "../../scenario/loadScenario.ts";
import { ScenarioError } from "../../scenario/scenarioError.ts";
import type { CliIo } from "../../io/cliIo.ts";
import type { ValidateArgs } from "../validate.ts";

/** `sim validate`: loads every named scenario and reports each one's problems. */
export async function runValidate(args: ValidateArgs, io: CliIo): Promise<number> {
  let invalid = 0;
  for (const given of args.scenarios) {
    // Paths stay as the user wrote them, so that messages name the file the way it was given.
    try {
      const { warnings = [] } = loadScenario(given, {}, io.cwd);
      io.stdout(`ok ${given}\n`);
      for (const warning of warnings) io.stderr(`warning: ${warning}\n`);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      invalid += 1;
      const problems = error instanceof ScenarioError ? error.problems : [error.message];
      io.stderr(`invalid ${given}:\n${problems.map((problem) => indent(problem)).join("\n")}\n`);
    }
  }
  if (invalid > 0) {
    io.stderr(`${invalid} of ${args.scenarios.length} scenario files are invalid\n`);
    return EXIT.badInput;
  }
  return EXIT.ok;
}

function indent(text: string): string {
  return text.split("\n").map((line) => `  ${line}`).join("\n");
}
