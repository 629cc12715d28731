import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../../tools/mutate/1-load-catalog.ts";
import { PROJECT_ROOT } from "../../helpers/runCli.ts";

/**
 * The plan's mutation-sanity list: every one of these bugs has a mutant in the catalog.
 * Removing one should be a decision, not an accident.
 */
const REQUIRED_IDS = [
  "ledger-lru-ring-record-dropped",
  "ledger-stale-ring-record-dropped",
  "ledger-full-wipe-keeps-ring",
  "snapshot-steps-since-pick-off-by-one",
  "dataset-exhaust-delta-not-reset",
  "aggregate-min-sentinel-zero",
  "loss-ledger-counters-mean",
  "aggregate-fanout-dense",
  "snapshot-remaining-fraction-from-cells",
  "dataset-epoch-order-per-rank",
  "resume-truncation-keeps-tail",
  "resume-info-line-not-logged",
];

describe("mutants/catalog.toml", () => {
  it("loads against the current source and holds the plan's mutants, each with a killer", () => {
    // Loading checks every find against the working tree: this fails first when the source moved on.
    const catalog = loadCatalog(PROJECT_ROOT);
    const ids = catalog.mutants.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(REQUIRED_IDS));
    expect(catalog.mutants.length).toBeGreaterThanOrEqual(12);
    for (const mutant of catalog.mutants) {
      expect(mutant.killedBy.length, mutant.id).toBeGreaterThan(0);
      expect(mutant.description, mutant.id).toMatch(/\.$/);
    }
  });
});
