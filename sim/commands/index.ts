import type { SimCommand } from "./simCommand.ts";

/**
 * Every CLI command, in the order `sim --help` lists them. Each lives in its own
 * module under sim/commands/.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: readonly SimCommand<any>[] = [];
