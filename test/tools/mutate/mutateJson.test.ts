import { describe, expect, it } from "vitest";
import { formatMutateJson } from "../../../tools/mutate/mutateJson.ts";

describe("formatMutateJson", () => {
  it("lists every mutant's verdict and passes only when all selected mutants are killed", () => {
    const killed = { id: "a", status: "killed" as const, killer: "test/x.test.ts", detail: "1 test failed", elapsedMs: 12.4 };
    const survived = { id: "b", status: "survived" as const, detail: "every killer passed", elapsedMs: 7 };
    expect(JSON.parse(formatMutateJson([killed], 1))).toEqual({
      format: "sim-mutate-report",
      format_version: 1,
      passed: true,
      mutants: [{ id: "a", status: "killed", killer: "test/x.test.ts", detail: "1 test failed", elapsed_ms: 12 }],
      failing_killers: [],
    });
    expect(JSON.parse(formatMutateJson([killed, survived], 2)).passed).toBe(false);
    // An interrupted run that finished fewer mutants than it selected did not pass.
    expect(JSON.parse(formatMutateJson([killed], 2)).passed).toBe(false);
  });
});
