/**
 * The yargs settings of a numeric option (`--steps 200`, `--minutes 1.5`): `number: true`
 * makes `--help` show it as `[number]`, while `type: "string"` keeps the value as the
 * text that was typed. yargs-parser leaves an option that is also a string unconverted,
 * and yargs' types infer a string from `type: "string"`, so the action parses the text
 * with intOption or numberOption (intOption.ts), whose message quotes it exactly:
 * `--seed 18446744073709551616` is not answered with 18446744073709552000, nor
 * `--steps abc` with NaN. Spread into an option: `steps: { ...NUMERIC_OPTION, describe }`.
 */
export const NUMERIC_OPTION = { type: "string", number: true, requiresArg: true } as const;
