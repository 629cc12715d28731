import { describe, expect, it } from "vitest";
import { REPOSITORY_COMMANDS } from "../../../../tools/repositoryCli.ts";
import { runMain } from "../../../helpers/runMain.ts";

/** Every command line that has a help page: the top level, each command (the repository's: `sim mutate` too), each sweep subcommand. */
const HELP_PAGES: readonly (readonly string[])[] = [
  [],
  ...REPOSITORY_COMMANDS.flatMap((command) => {
    const name = command.command.split(" ")[0] as string;
    if (!("subcommands" in command)) return [[name]];
    return [[name], ...command.subcommands.filter((sub) => !sub.command.startsWith("$0")).map((sub) => [name, sub.command.split(" ")[0] as string])];
  }),
];

// Each page is held in its own file (test/sim/cli/commands/help/), so that a helper who adds
// an option to one command changes one file; `npx vitest run -u` rewrites them after a
// deliberate change, and the diff shows the new help text.
describe("sim --help", () => {
  it.each(HELP_PAGES.map((words) => [words.join(" ") || "(top level)", words] as const))("%s prints its help page unchanged", async (_title, words) => {
    const result = await runMain([...words, "--help"]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("");
    await expect(result.stdout).toMatchFileSnapshot(`help/${words.join("-") || "sim"}.txt`);
  });
});
