import { describe, expect, it } from "vitest";
import { formatFailingKillers, formatResultTable, formatSummary } from "../../../tools/mutate/formatReport.ts";
import type { MutantResult } from "../../../tools/mutate/mutantStatus.ts";

const RESULTS: MutantResult[] = [
  { id: "ring-dropped", status: "killed", killer: `test/a.test.ts -t "ring"`, detail: "ring: expected 1 to be 0", elapsedMs: 12_340 },
  { id: "fanout-dense", status: "survived", detail: "every killer passed (3 tests passed)", elapsedMs: 4_000 },
  { id: "typo", status: "unviable", killer: "tsc", detail: "src/x.ts: error TS2322: ...", elapsedMs: 900 },
];

describe("formatResultTable", () => {
  it("prints id, status, killer and time in aligned columns, then why each mutant was not killed", () => {
    expect(formatResultTable(RESULTS)).toBe(
      [
        "id            status    killer                      time",
        "------------  --------  ------------------------  ------",
        `ring-dropped  killed    test/a.test.ts -t "ring"  12.3 s`,
        "fanout-dense  survived  -                          4.0 s",
        "typo          unviable  tsc                        0.9 s",
        "",
        "Not killed:",
        "  fanout-dense (survived): every killer passed (3 tests passed)",
        "  typo (unviable): src/x.ts: error TS2322: ...",
        "",
      ].join("\n"),
    );
  });
});

describe("formatSummary", () => {
  it("counts every status, and the mutants an interrupt kept from running", () => {
    expect(formatSummary(RESULTS, 3, 61_234, false)).toBe("3 mutants: 1 killed, 1 survived, 1 unviable, 0 error in 61.2 s\n");
    expect(formatSummary(RESULTS.slice(0, 1), 3, 5_000, true)).toBe("3 mutants: 1 killed, 0 survived, 0 unviable, 0 error in 5.0 s; interrupted, 2 not run\n");
  });
});

describe("formatFailingKillers", () => {
  it("names each killer that does not pass on the unmutated code and the mutants that rely on it", () => {
    const text = formatFailingKillers([
      { killer: { kind: "scenario", file: "scenarios/x.toml" }, mutantIds: ["a", "b"], outcome: { verdict: "failed", detail: "FAIL golden mismatch", elapsedMs: 1 } },
    ]);
    expect(text).toContain("check scenarios/x.toml fails: FAIL golden mismatch (named by a, b)");
  });
});
