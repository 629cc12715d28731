import { UserError } from "../../src/errors.ts";
import { EXIT } from "../exitCodes.ts";
import { loadScenario } from "../scenario/loadScenario.ts";
import { ScenarioError } from "../scenario/scenarioError.ts";
import type { SimCommand } from "./simCommand.ts";

interface ValidateArgs {
  scenarios: string[];
}

/**
 * `sim validate <scenario.toml ...>`: the schema and semantic checks of every named
 * file, without running anything. Every file is reported (`ok <file>`, or each of its
 * problems on stderr), so that one bad file does not hide another; exit 2 if any is invalid.
 */
export const validateCommand: SimCommand<ValidateArgs> = {
  command: "validate <scenarios..>",
  describe: "Check scenario files against the format (schema and semantic rules) without running them",
  builder: (yargs) =>
    yargs.positional("scenarios", { type: "string", array: true, demandOption: true, describe: "the scenario TOML files" }) as never,
  run: async (args, io) => {
    let invalid = 0;
    for (const given of args.scenarios) {
      // Paths stay as the user wrote them, so that messages name the file the way it was given.
      try {
        loadScenario(given, {}, io.cwd);
        io.stdout(`ok ${given}\n`);
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
  },
};

function indent(text: string): string {
  return text.split("\n").map((line) => `  ${line}`).join("\n");
}
