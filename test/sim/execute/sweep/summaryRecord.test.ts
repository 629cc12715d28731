import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ownSummarySha256, recordSummary, SUMMARY_FILE, SUMMARY_RECORD_FILE, writeOwnSummary } from "../../../../sim/execute/sweep/summaryRecord.ts";
import { sha256Hex } from "../../../../sim/execute/run/scenarioHash.ts";
import { tempDirsPerTest } from "../../../helpers/runCli.ts";

const tempDir = tempDirsPerTest("sim-summary-record-");

describe("the summary.csv record", () => {
  it("knows a summary.csv whose bytes it recorded, and refuses one it did not or one edited since, naming it", () => {
    const dir = tempDir();
    expect(ownSummarySha256(dir)).toBeUndefined();
    writeFileSync(join(dir, SUMMARY_FILE), "config,status\na,complete\n");
    expect(() => ownSummarySha256(dir)).toThrow(`${join(dir, SUMMARY_FILE)}: refusing to overwrite a summary.csv that sim did not write (no .sim-summary records it)`);
    recordSummary(dir, [undefined, sha256Hex("config,status\na,complete\n")]);
    expect(ownSummarySha256(dir)).toBe(sha256Hex("config,status\na,complete\n"));
    writeFileSync(join(dir, SUMMARY_FILE), "config,status\na,complete\nmy note\n");
    expect(() => ownSummarySha256(dir)).toThrow("its bytes are not the ones .sim-summary records: it was edited since");
    expect(readFileSync(join(dir, SUMMARY_FILE), "utf8")).toContain("my note");
  });

  it("keeps the file in place its own while the next one is recorded but not yet renamed (a kill between the two)", () => {
    const dir = tempDir();
    writeFileSync(join(dir, SUMMARY_FILE), "old\n");
    recordSummary(dir, [sha256Hex("old\n")]);
    recordSummary(dir, [ownSummarySha256(dir), sha256Hex("new\n")]);
    expect(ownSummarySha256(dir)).toBe(sha256Hex("old\n"));
    writeFileSync(join(dir, SUMMARY_FILE), "new\n");
    expect(ownSummarySha256(dir)).toBe(sha256Hex("new\n"));
    expect(JSON.parse(readFileSync(join(dir, SUMMARY_RECORD_FILE), "utf8"))).toEqual({
      format: "sim-summary",
      format_version: 1,
      sha256: [sha256Hex("old\n"), sha256Hex("new\n")],
    });
    // Once renamed, the new one alone: the record a sweep never killed leaves.
    recordSummary(dir, [sha256Hex("new\n")]);
    expect(() => ownSummarySha256(dir)).not.toThrow();
    writeFileSync(join(dir, SUMMARY_FILE), "old\n");
    expect(() => ownSummarySha256(dir)).toThrow("edited since");
  });

  it("writes summary.csv as its own, recorded alone once in place, and refuses a user's summary.csv, untouched", () => {
    const dir = tempDir();
    expect(writeOwnSummary(dir, ["config,status", "a,complete"])).toBe(join(dir, SUMMARY_FILE));
    expect(readFileSync(join(dir, SUMMARY_FILE), "utf8")).toBe("config,status\na,complete\n");
    expect(JSON.parse(readFileSync(join(dir, SUMMARY_RECORD_FILE), "utf8")).sha256).toEqual([sha256Hex("config,status\na,complete\n")]);
    writeOwnSummary(dir, ["config,status", "a,missing"]);
    expect(readFileSync(join(dir, SUMMARY_FILE), "utf8")).toBe("config,status\na,missing\n");
    expect(JSON.parse(readFileSync(join(dir, SUMMARY_RECORD_FILE), "utf8")).sha256).toEqual([sha256Hex("config,status\na,missing\n")]);
    expect(readdirSync(dir).sort()).toEqual([SUMMARY_RECORD_FILE, SUMMARY_FILE].sort());
    writeFileSync(join(dir, SUMMARY_FILE), "the user's own\n");
    expect(() => writeOwnSummary(dir, ["config,status"])).toThrow("refusing to overwrite a summary.csv that sim did not write");
    expect(readFileSync(join(dir, SUMMARY_FILE), "utf8")).toBe("the user's own\n");
  });
});
