import { UserError } from "../../../src/errors.ts";
import { escapeControlCharacters } from "../../io/showText.ts";
import { atMostLimit, LIMITS, type LimitName } from "../../limits.ts";

/** An option's text as a message shows it: numbers as written, anything else quoted and escaped. */
function shownOption(text: string): string {
  return /^[-+0-9.eE]+$/.test(text) && text !== "" ? text : escapeControlCharacters(JSON.stringify(text));
}

/**
 * An integer option declared with NUMERIC_OPTION (numericOption.ts), parsed here so the
 * message can quote what was given (`--steps abc` says `got "abc"`, not NaN). It must be
 * written in digits, be at least `min`, and at most `max`: a number or a harness limit
 * (sim/limits.ts), which the message names. Undefined when the option is absent; an
 * option declared with a default or demandOption (its text always there) gives a number.
 */
export function intOption(name: string, raw: string, min: number, max?: number | LimitName): number;
export function intOption(name: string, raw: unknown, min: number, max?: number | LimitName): number | undefined;
export function intOption(name: string, raw: unknown, min: number, max?: number | LimitName): number | undefined {
  if (raw === undefined) return undefined;
  if (Array.isArray(raw)) throw new UserError(`--${name} was given ${raw.length} times (${raw.map((r) => shownOption(String(r))).join(", ")}); give it once`);
  const text = String(raw).trim();
  const value = Number(text);
  const limit = typeof max === "string" ? LIMITS[max] : max;
  if (text !== "" && Number.isInteger(value) && limit !== undefined && value > limit) {
    throw new UserError(`--${name} ${shownOption(text)}: expected ${typeof max === "string" ? atMostLimit(max) : `at most ${max}`}`);
  }
  if (!/^[+-]?\d+$/.test(text) || value < min) throw new UserError(`--${name} must be an integer >= ${min}, got ${shownOption(text)}`);
  return value;
}

/** Most workers `--jobs` may ask for (sim mutate, sim sweep, sim swarm): more only thrashes, since each one runs whole test suites or runs. */
export const MAX_JOBS = 256;

/**
 * A number option (`--minutes 1.5`) declared with NUMERIC_OPTION and parsed here, like
 * intOption, so the message quotes what was typed (`--minutes abc` says `got "abc"`, not
 * NaN): a finite decimal number > 0 and at most `max`. Undefined when the option is absent.
 */
export function numberOption(name: string, raw: unknown, max: number): number | undefined {
  if (raw === undefined) return undefined;
  if (Array.isArray(raw)) throw new UserError(`--${name} was given ${raw.length} times (${raw.map((r) => shownOption(String(r))).join(", ")}); give it once`);
  const text = String(raw).trim();
  const value = Number(text);
  if (!/^[+]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) || !(value > 0)) throw new UserError(`--${name} must be a number > 0, got ${shownOption(text)}`);
  if (value > max) throw new UserError(`--${name} ${shownOption(text)}: expected at most ${max}`);
  return value;
}
