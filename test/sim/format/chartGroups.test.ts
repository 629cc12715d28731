import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../helpers/runCli.ts";
import { groupMetricKeys } from "../../../sim/format/chartGroups.ts";

/** The keys of a healthy run's rows, as the engine emits them: the first row of the healthy smoke's golden file. */
const RUN_KEYS = Object.keys(JSON.parse(readFileSync(join(PROJECT_ROOT, "golden/healthy_smoke.jsonl"), "utf8").split("\n")[0] as string) as object);

const byId = (keys: readonly string[]) => new Map(groupMetricKeys(keys).map((group) => [group.id, group]));

describe("groupMetricKeys", () => {
  it("gives one chart per metric: fan-outs, min/max bands and _max siblings share charts", () => {
    const groups = groupMetricKeys(RUN_KEYS);
    expect(groups.map((group) => [group.section, group.id, group.kind])).toEqual([
      ["ledger", "ledger/evictions/*", "lines"],
      ["ledger", "ledger/false_evictions/*", "lines"],
      ["ledger", "ledger_wipe_count", "lines"],
      ["stream_mixing", "stream_mixing/active/modalities/*", "lines"],
      ["stream_mixing", "stream_mixing/active/remaining_fraction_{min,max}", "band"],
      ["stream_mixing", "stream_mixing/active/remaining_{min,max}", "band"],
      ["stream_mixing", "stream_mixing/active/steps_since_pick_max", "lines"],
      ["stream_mixing", "stream_mixing/refill/exhaust_events", "lines"],
    ]);
    // Every key is on exactly one chart; `step` on none.
    const drawn = groups.flatMap((group) => group.members.map((member) => member.key)).sort();
    expect(drawn).toEqual(RUN_KEYS.filter((key) => key !== "step").sort());
  });

  it("puts each modality on a line of the fan-out chart, named by its modality", () => {
    const modalities = byId(RUN_KEYS).get("stream_mixing/active/modalities/*");
    expect(modalities?.members.map((member) => [member.key, member.label])).toEqual([
      ["stream_mixing/active/modalities/atac", "atac"],
      ["stream_mixing/active/modalities/protein", "protein"],
      ["stream_mixing/active/modalities/rna", "rna"],
    ]);
  });

  it("puts a ledger family's modes and their _max siblings on one chart", () => {
    const evictions = byId(RUN_KEYS).get("ledger/evictions/*");
    expect(evictions?.members).toEqual([
      { key: "ledger/evictions/lru", label: "lru" },
      { key: "ledger/evictions/lru_max", label: "lru_max", siblingOf: "ledger/evictions/lru" },
      { key: "ledger/evictions/stale", label: "stale" },
      { key: "ledger/evictions/stale_max", label: "stale_max", siblingOf: "ledger/evictions/stale" },
    ]);
    expect(
      byId(RUN_KEYS)
        .get("ledger_wipe_count")
        ?.members.map((member) => member.siblingOf),
    ).toEqual([undefined, "ledger_wipe_count"]);
  });

  it("bands _min with _max only when both exist and the bare metric does not", () => {
    const band = byId(RUN_KEYS).get("stream_mixing/active/remaining_fraction_{min,max}");
    expect(band?.members.map((member) => member.label)).toEqual(["max", "min"]);
    // steps_since_pick_max has no _min: a chart of its own, not a band.
    expect(byId(["a/x_max"]).get("a/x_max")?.kind).toBe("lines");
    // Only one side present (a sparse run): a line chart each.
    expect([...byId(["a/x_min", "b/y"]).keys()]).toEqual(["a/x_min", "b/y"]);
  });

  it("finds a new modality and a new eviction mode without code changes", () => {
    const groups = byId(["stream_mixing/active/modalities/hic", "ledger/evictions/fifo", "ledger/evictions/fifo_max"]);
    expect(groups.get("stream_mixing/active/modalities/*")?.members.map((member) => member.label)).toEqual(["hic"]);
    expect(groups.get("ledger/evictions/*")?.members.map((member) => member.label)).toEqual(["fifo", "fifo_max"]);
  });

  it("sections keys without a slash by their first word when a section has that name, else 'other'", () => {
    const groups = groupMetricKeys(["ledger/evictions/lru", "ledger_wipe_count", "loss"]);
    expect(groups.map((group) => [group.id, group.section])).toEqual([
      ["ledger/evictions/*", "ledger"],
      ["ledger_wipe_count", "ledger"],
      ["loss", "other"],
    ]);
  });

  it("ignores per-rank rows' rank key and is the same for any key order", () => {
    const shuffled = [...RUN_KEYS, "rank"].reverse();
    expect(groupMetricKeys(shuffled)).toEqual(groupMetricKeys(RUN_KEYS));
  });
});
