import { describe, expect, it } from "vitest";
import { HARNESS_VERSION } from "../../sim/version.ts";
import { runCli } from "../helpers/runCli.ts";

/**
 * The few things only a real process shows: the bin loads the built code, and exit codes
 * and output reach the shell through the process. Every other end-to-end case runs the
 * CLI in-process (test/helpers/runMain.ts); the signal cases spawn the bin in their own
 * files (run.test.ts, mutate.test.ts).
 */
describe("bin/sim.js", () => {
  it("prints the version from the built code and exits 0", () => {
    const result = runCli(["--version"]);
    expect(result).toEqual({ status: 0, stdout: `${HARNESS_VERSION}\n`, stderr: "" });
  });

  it("carries a bad-input refusal to the shell: exit 2, the message on stderr, no stack", () => {
    const result = runCli(["validate", "no/such/scenario.toml"]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe("invalid no/such/scenario.toml:\n  no/such/scenario.toml: cannot read the scenario file (no such file)\n1 of 1 scenario file is invalid\n");
  });
});
