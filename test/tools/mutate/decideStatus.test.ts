import { describe, expect, it } from "vitest";
import { classifyScenarioCheck } from "../../../tools/mutate/classifyScenarioCheck.ts";
import { decideStatus, type KillerStep } from "../../../tools/mutate/decideStatus.ts";
import type { KillerVerdict } from "../../../tools/mutate/mutantStatus.ts";

function step(label: string, verdict: KillerVerdict, detail: string = verdict): KillerStep {
  return { label, outcome: { verdict, detail, elapsedMs: 1 } };
}

describe("decideStatus", () => {
  it("is killed by the first killer that fails, and names it", () => {
    expect(decideStatus([step("a", "passed"), step("b", "failed", "b broke")])).toEqual({ status: "killed", killer: "b", detail: "b broke" });
  });

  it("survives only when every killer ran tests and passed", () => {
    expect(decideStatus([step("a", "passed"), step("b", "passed")]).status).toBe("survived");
  });

  it("is unviable, not killed, when a test file does not load", () => {
    expect(decideStatus([step("a", "loadFailed", "boom")])).toEqual({ status: "unviable", killer: "a", detail: "boom" });
  });

  it("is an error, neither a kill nor a survival, when a killer proved nothing", () => {
    expect(decideStatus([step("a", "inconclusive", "no test ran"), step("b", "passed")])).toEqual({ status: "error", killer: "a", detail: "no test ran" });
  });

  it("is still killed when a later killer fails after an inconclusive one", () => {
    expect(decideStatus([step("a", "inconclusive"), step("b", "failed")]).status).toBe("killed");
  });

  it("is an error when no killer ran at all", () => {
    expect(decideStatus([]).status).toBe("error");
  });
});

describe("classifyScenarioCheck", () => {
  const run = (exitCode: number | null, output = "", timedOut = false) => classifyScenarioCheck({ exitCode, output, timedOut, timeoutMs: 60_000 });

  it("reads sim check's exit codes: 0 passed, 1 a kill, 2 proves nothing", () => {
    expect(run(0).verdict).toBe("passed");
    expect(run(1, "scenario x\nFAIL golden mismatch at step 4: stream_mixing/refill/exhaust_events\n")).toEqual({
      verdict: "failed",
      detail: "FAIL golden mismatch at step 4: stream_mixing/refill/exhaust_events",
    });
    expect(run(2, "sim: scenarios/x.toml: unknown key\n")).toEqual({ verdict: "inconclusive", detail: "bad input (exit 2): sim: scenarios/x.toml: unknown key" });
  });

  it("counts a model assertion (exit 3) as caught, and says so", () => {
    expect(run(3, "sim: internal error\n")).toEqual({ verdict: "failed", detail: "internal error (exit 3): sim: internal error" });
  });

  it("calls a signal or a timeout inconclusive", () => {
    expect(run(null).verdict).toBe("inconclusive");
    expect(run(null, "", true)).toEqual({ verdict: "inconclusive", detail: "timed out after 60 s" });
  });
});
