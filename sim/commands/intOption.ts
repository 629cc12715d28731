import { UserError } from "../../src/errors.ts";

/**
 * Refuses a numeric option that is given but is not an integer of at least `min` (yargs
 * parses `--steps 1.5` or `--steps x` as numbers or NaN; they reach here). The message
 * names the option and the value, one wording for every command.
 */
export function requireIntOption(name: string, value: number | undefined, min: number): void {
  if (value !== undefined && (!Number.isInteger(value) || value < min)) throw new UserError(`--${name} must be an integer >= ${min}, got ${value}`);
}
