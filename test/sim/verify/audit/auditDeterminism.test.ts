import { describe, expect, it } from "vitest";
import { auditDeterminism, engineRerun, type ScenarioRerun } from "../../../../sim/verify/audit/auditDeterminism.ts";
import { hashChain, nextChainHash } from "../../../../sim/verify/audit/hashChain.ts";
import { formatRow } from "../../../../sim/format/jsonl.ts";
import { sha256Hex } from "../../../../sim/execute/run/scenarioHash.ts";
import { FIXTURE_NAMES, fixtureScenario } from "../../execute/run/fixtureScenarios.ts";

describe("hash chain", () => {
  it("links each row to every row before it", () => {
    const rows = [
      { step: 1, a: 1 },
      { step: 2, a: 0.5 },
    ];
    const chain = hashChain(rows);
    expect(chain[0]).toBe(sha256Hex("" + formatRow(rows[0]!)));
    expect(chain[1]).toBe(sha256Hex(chain[0] + formatRow(rows[1]!)));
    expect(nextChainHash(chain[0]!, rows[1]!)).toBe(chain[1]);
  });
});

describe("auditDeterminism", () => {
  for (const name of FIXTURE_NAMES) {
    it(`${name} is deterministic within one process`, () => {
      const scenario = fixtureScenario(name);
      expect(auditDeterminism(scenario, engineRerun(scenario))).toEqual({ identical: true });
    });
  }

  it("names the first step at which a second run diverges", () => {
    const scenario = fixtureScenario("nested_stream_lru");
    const flaky: ScenarioRerun = function* (s) {
      for (const row of engineRerun(s)) {
        yield row.step >= 17 ? { ...row, "ledger/evictions/lru": (row["ledger/evictions/lru"] ?? 0) + 1 } : row;
      }
    };
    expect(auditDeterminism(scenario, engineRerun(scenario), flaky)).toEqual({ identical: false, firstDifferentStep: 17 });
  });

  it("a second run that stops early differs at its first missing step", () => {
    const scenario = fixtureScenario("nested_stream_lru", 10);
    const short: ScenarioRerun = (s) => [...engineRerun(s)].slice(0, 8);
    expect(auditDeterminism(scenario, engineRerun(scenario), short)).toEqual({ identical: false, firstDifferentStep: 9 });
  });
});

describe("auditDeterminism's W&B byte comparison", () => {
  it("writes the same W&B offline run twice for the same rows, and names wandb/ when a writer differs though the rows agree", async () => {
    const { wandbRunDigest } = await import("../../../../sim/verify/audit/wandbRunDigest.ts");
    const { fixtureScenario } = await import("../../execute/run/fixtureScenarios.ts");
    const scenario = fixtureScenario("nested_stream_lru");
    const rows = [...engineRerun(scenario)];
    expect(wandbRunDigest(scenario, rows)).toBe(wandbRunDigest(scenario, rows));
    expect(wandbRunDigest(scenario, rows)).not.toBe(wandbRunDigest(scenario, rows.slice(1)));
    let calls = 0;
    const clockReadingWriter = (): string => String(calls++);
    expect(auditDeterminism(scenario, rows, engineRerun, clockReadingWriter)).toEqual({ identical: false, differingOutput: "wandb/" });
    expect(auditDeterminism(scenario, rows)).toEqual({ identical: true });
  });
});
