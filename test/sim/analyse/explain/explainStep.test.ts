import { describe, expect, it } from "vitest";
import { formatRow } from "../../../../sim/format/jsonl.ts";
import { formatExplanation } from "../../../../sim/analyse/explain/formatExplanation.ts";
import { familyOfKey, METRIC_FAMILY_NAMES } from "../../../../src/metrics/catalog.ts";
import { explainStep } from "../../../../sim/analyse/explain/explainStep.ts";
import { FIXTURE_NAMES, fixtureScenario } from "../../execute/run/fixtureScenarios.ts";
import { reconstructStep } from "./reconstructStepOracle.ts";
import { tracedRun } from "../../input/trace/traceHelpers.ts";

/** The explanation of `step` of fixture `name`, by re-running it (what `sim explain` does). */
const explain = (name: string, step: number) => explainStep(fixtureScenario(name).model, step);

describe("explaining a step", () => {
  for (const name of FIXTURE_NAMES) {
    it(`${name}: the re-run's values are metrics.jsonl's, and the explanation equals the trace-only oracle's`, async () => {
      const { trace, lines } = await tracedRun(name);
      for (const step of [1, 2, 13, 29, 30, 31, lines.length]) {
        const e = explain(name, step);
        expect(formatRow({ step, ...e.values })).toBe(lines[step - 1]);
        expect(e).toEqual(reconstructStep(trace.header!, trace.events, step));
      }
    });
  }

  it("names the reader with the largest steps since pick and when it was picked or joined", async () => {
    const { rows } = await tracedRun("nested_modality_resume");
    for (const step of [3, 12, 30, 31]) {
      const e = explain("nested_modality_resume", step);
      expect(e.stepsSincePickMax!.value).toBe(rows[step - 1]!["stream_mixing/active/steps_since_pick_max"]);
      for (const v of e.stepsSincePickMax!.readers) {
        expect(step - (v.lastPickedStep ?? v.joinedStep)).toBe(e.stepsSincePickMax!.value);
      }
    }
  });

  it("explains false evictions with the earlier eviction's mode and steps", async () => {
    const { trace } = await tracedRun("nested_modality_resume");
    const step = trace.events.find((ev) => ev.kind === "false_evict")!.step;
    const e = explain("nested_modality_resume", step);
    expect(e.falseEvictions.length).toBeGreaterThan(0);
    for (const f of e.falseEvictions) {
      const evict = [...trace.events].reverse().find((ev) => ev.step <= step && ev.kind === "evict" && ev.rank === f.rank && ev.gid === f.gid && ev !== undefined);
      expect(evict).toBeDefined();
      expect(f.evictedAtStep).toBe(evict!.step);
      expect(f.mode).toBe((evict as { mode: string }).mode);
      expect(f.lastStepBeforeEviction).toBe((evict as { last_step: number }).last_step);
      expect(f.group?.reader).toMatch(/^(rna|atac)\/\d{3}$/);
    }
    const text = formatExplanation(e, undefined, "ledger/false_evictions/stale");
    expect(text).toMatch(
      /falsely evicted .*gid \d+ \((rna|atac)\/\d{3}, slice of rank \d, group \d+\) on owner rank \d: evicted by (STALE|LRU) at step \d+, when it had last been stored at step \d+/,
    );
    expect(text).not.toMatch(/steps_since_pick_max/);
  });

  it("answers for every metric family, and says so when the record disagrees", async () => {
    const { trace, rows } = await tracedRun("direct_stream_full_wipe");
    const step = trace.events.find((ev) => ev.kind === "wipe")!.step;
    const e = explain("direct_stream_full_wipe", step);
    const text = formatExplanation(e, rows[step - 1]);
    for (const key of Object.keys(rows[step - 1]!).filter((k) => k !== "step")) {
      expect(familyOfKey(key)).toBeDefined();
      expect(text).toContain(`${key} = ${rows[step - 1]![key]} (metrics.jsonl: ${rows[step - 1]![key]})`);
    }
    expect(
      new Set(
        Object.keys(rows[step - 1]!)
          .filter((k) => k !== "step")
          .map(familyOfKey),
      ),
    ).toEqual(new Set(METRIC_FAMILY_NAMES));
    expect(text).toMatch(/rank \d wiped \d+ entr/);
    expect(text).toMatch(/(rna|atac|prot): \d+ active reader\(s\): data\//);
    expect(text).not.toContain("DIFFERS");
    const edited = { ...rows[step - 1]!, ledger_wipe_count: 99 };
    expect(formatExplanation(e, edited)).toContain("(metrics.jsonl: 99)  <-- DIFFERS");
  });

  it("lists the readers that exhausted", async () => {
    const { rows } = await tracedRun("direct_stream_full_wipe");
    const i = rows.findIndex((r) => (r["stream_mixing/refill/exhaust_events"] as number) > 0);
    const e = explain("direct_stream_full_wipe", i + 1);
    expect(e.exhausts).toHaveLength(rows[i]!["stream_mixing/refill/exhaust_events"] as number);
    expect(formatExplanation(e, rows[i], "stream_mixing/refill/exhaust_events")).toMatch(/exhausted: data\/\w+\/\w\.zarr on rank \d/);
  });
});
