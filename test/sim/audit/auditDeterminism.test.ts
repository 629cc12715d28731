import { describe, expect, it } from "vitest";
import { auditDeterminism, engineRunner, type ScenarioRunner } from "../../../sim/audit/auditDeterminism.ts";
import { hashChain, nextChainHash } from "../../../sim/audit/hashChain.ts";
import { formatRow } from "../../../sim/format/jsonl.ts";
import { sha256Hex } from "../../../sim/run/scenarioHash.ts";
import { FIXTURE_NAMES, fixtureScenario } from "../run/fixtureScenarios.ts";

describe("hash chain", () => {
  it("links each row to every row before it", () => {
    const rows = [{ step: 1, a: 1 }, { step: 2, a: 0.5 }];
    const chain = hashChain(rows);
    expect(chain[0]).toBe(sha256Hex("" + formatRow(rows[0]!)));
    expect(chain[1]).toBe(sha256Hex(chain[0] + formatRow(rows[1]!)));
    expect(nextChainHash(chain[0]!, rows[1]!)).toBe(chain[1]);
  });
});

describe("auditDeterminism", () => {
  for (const name of FIXTURE_NAMES) {
    it(`${name} is deterministic within one process`, () => {
      expect(auditDeterminism(fixtureScenario(name))).toEqual({ identical: true });
    });
  }

  it("names the first step at which a second run diverges", () => {
    const scenario = fixtureScenario("nested_stream_lru");
    const flaky: ScenarioRunner = function* (s, attempt) {
      for (const row of engineRunner(s, attempt)) {
        yield attempt === 2 && row.step >= 17 ? { ...row, "ledger/evictions/lru": (row["ledger/evictions/lru"] ?? 0) + 1 } : row;
      }
    };
    expect(auditDeterminism(scenario, flaky)).toEqual({ identical: false, firstDifferentStep: 17 });
  });

  it("a second run that stops early differs at its first missing step", () => {
    const scenario = fixtureScenario("nested_stream_lru", 10);
    const short: ScenarioRunner = (s, attempt) => [...engineRunner(s, attempt)].slice(0, attempt === 1 ? 10 : 8);
    expect(auditDeterminism(scenario, short)).toEqual({ identical: false, firstDifferentStep: 9 });
  });
});
