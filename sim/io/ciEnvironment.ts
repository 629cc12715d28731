/** CI counts as set unless it is empty, "0" or "false", the values CI systems use for "not CI". */
export function isCiSet(value: string | undefined): boolean {
  return value !== undefined && value !== "" && value !== "0" && value.toLowerCase() !== "false";
}
