import { UserError } from "../../../src/errors.ts";

/**
 * Everything wrong with one scenario file, reported at once. Each problem is one line
 * that names the file that wrote the key, its dotted path, the value and what was
 * expected; the CLI prints the message without a stack (exit 2).
 */
export class ScenarioError extends UserError {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(problems.length === 1 ? (problems[0] ?? "") : `${file} has ${problems.length} problems:\n  ${problems.join("\n  ")}`);
    this.name = "ScenarioError";
  }
}
