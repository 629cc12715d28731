/**
 * Whether the environment variable CI marks a CI run. CI counts as set unless it is
 * empty, "0" or "false", the values CI systems use for "not CI". Golden files are never
 * written in CI: `sim check --update` and the vitest matcher both ask here.
 */
export function isCiSet(value: string | undefined): boolean {
  return value !== undefined && value !== "" && value !== "0" && value.toLowerCase() !== "false";
}
