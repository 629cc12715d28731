import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { maxKeyOf } from "../../../src/distributed/reduceLossMetrics.ts";
import { simulate } from "../../../src/engine/simulate.ts";
import * as library from "../../../src/index.ts";
import { emittableKeys, familyOfKey, METRIC_CATALOG, METRIC_FAMILIES, METRIC_FAMILY_NAMES, metricOfKey, METRICS } from "../../../src/metrics/catalog.ts";
import { loadScenario } from "../../../sim/input/scenario/loadScenario.ts";
import { PROJECT_ROOT } from "../../helpers/runCli.ts";

const CATALOG_FILE = "src/metrics/catalog.ts";

/** Every TypeScript and JavaScript file under a directory of the project, as a path relative to the project. */
function sourceFiles(dir: string): string[] {
  return readdirSync(join(PROJECT_ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((file) => /\.(ts|mts|cts|js|mjs|cjs)$/.test(file))
    .map((file) => join(dir, file))
    .sort();
}

/** The text of every string literal and template piece in a file (comments are not code, and may name keys). */
function stringsIn(file: string): { text: string; line: number }[] {
  const source = ts.createSourceFile(file, readFileSync(join(PROJECT_ROOT, file), "utf8"), ts.ScriptTarget.Latest, true);
  const found: { text: string; line: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      found.push({ text: node.text, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The markdown table of docs/metrics.md, from the catalog. */
function catalogTable(): string {
  const rows = METRIC_CATALOG.map((m) =>
    [
      `\`${m.key}\``,
      m.family,
      m.unit,
      m.meaning,
      m.perRank,
      m.reduction.toUpperCase(),
      m.maxTwin === undefined ? "" : `\`${m.maxTwin}\``,
      `\`${m.computedIn.file}\` \`${m.computedIn.symbol}\``,
    ].join(" | "),
  );
  return [
    "| key | family | unit | meaning | rank-local value | cross-rank reduction | `_max` twin | computed in |",
    "|---|---|---|---|---|---|---|---|",
    ...rows.map((row) => `| ${row} |`),
  ].join("\n");
}

/** docs/model.md's table of the stream_mixing metrics (keys under `stream_mixing/`), from the catalog. */
function streamMixingTable(): string {
  const prefix = "stream_mixing/";
  const rows = METRIC_CATALOG.filter((m) => m.emitter === "aggregate_step_metrics").map(
    (m) => `| \`${m.key.slice(prefix.length)}\` | ${m.perRank} | ${m.reduction.toUpperCase()} |`,
  );
  return ["| key (all under `stream_mixing/`) | rank-local value | cluster reduction |", "|---|---|---|", ...rows].join("\n");
}

/**
 * The strings in `files` (the catalog's own file left out) that spell a metric key, a
 * `_max` twin or a fan-out prefix (a row's, or a family's: `ledger/evictions/` + mode
 * builds a key as surely as the key itself), or that begin with a key's first section
 * (`stream_mixing/`, `ledger/`), from which a key is put together piece by piece.
 */
function spellingsOutsideTheCatalog(files: readonly string[]): string[] {
  const familyPrefixes = METRIC_FAMILIES.flatMap((family) => ("fanOutPrefix" in family ? [family.fanOutPrefix] : []));
  const spellings = [...METRIC_CATALOG.flatMap((m) => [m.fanOutPrefix ?? m.key, ...(m.maxTwin === undefined ? [] : [m.maxTwin])]), ...familyPrefixes];
  const sections = [...new Set(METRIC_CATALOG.filter((m) => m.key.includes("/")).map((m) => m.key.slice(0, m.key.indexOf("/") + 1)))];
  const spelled = (text: string): string | undefined =>
    spellings.filter((key) => text.includes(key)).sort((a, b) => b.length - a.length)[0] ?? sections.find((section) => text.startsWith(section));
  return files
    .filter((file) => file !== CATALOG_FILE)
    .flatMap((file) =>
      stringsIn(file).flatMap(({ text, line }) => {
        const key = spelled(text);
        return key === undefined ? [] : [`${file}:${line} spells ${key}`];
      }),
    );
}

describe("the metric catalog", () => {
  it("is the only place in src/, sim/ and tools/ where a metric key, a _max twin or a fan-out prefix is spelled", () => {
    expect(spellingsOutsideTheCatalog([...sourceFiles("src"), ...sourceFiles("sim"), ...sourceFiles("tools")])).toEqual([]);
  });

  it("finds a key spelled outside the catalog: whole, as a family's prefix, or begun with its first section", () => {
    const probe = join("test", "fixtures", "catalogSpellings.ts");
    expect(spellingsOutsideTheCatalog([probe])).toEqual([
      `${probe}:3 spells ledger/false_evictions/stale_max`,
      `${probe}:4 spells ledger/false_evictions/`,
      `${probe}:5 spells stream_mixing/`,
      `${probe}:6 spells stream_mixing/active/remaining_min`,
    ]);
  });

  it("names, for every row, a file and a function that exist: the line that computes the metric", () => {
    for (const metric of METRIC_CATALOG) {
      const text = readFileSync(join(PROJECT_ROOT, metric.computedIn.file), "utf8");
      expect(new RegExp(`\\b${metric.computedIn.symbol}\\(`).test(text), `${metric.key}: ${metric.computedIn.file} defines ${metric.computedIn.symbol}`).toBe(true);
    }
  });

  it("spells each _max twin as reduce_loss_metrics builds it, for exactly the loss-side metrics", () => {
    for (const metric of METRIC_CATALOG) {
      expect(metric.maxTwin, metric.key).toBe(metric.emitter === "reduce_loss_metrics" ? maxKeyOf(metric.key) : undefined);
    }
  });

  it("puts every row in a family, a fan-out row under its family's prefix, and every family has a row", () => {
    const families = new Map(METRIC_FAMILIES.map((family) => [family.name as string, family]));
    for (const metric of METRIC_CATALOG) {
      const family = families.get(metric.family);
      expect(family, metric.key).toBeDefined();
      if (metric.fanOutPrefix !== undefined) expect("fanOutPrefix" in family! ? family.fanOutPrefix : undefined).toBe(metric.fanOutPrefix);
      else if (family !== undefined && "fanOutPrefix" in family) expect(metric.key.startsWith(family.fanOutPrefix), metric.key).toBe(true);
    }
    expect(new Set(METRIC_CATALOG.map((m) => m.family))).toEqual(new Set(METRIC_FAMILY_NAMES));
  });

  it("finds the row of every key a run writes, twins and fan-out members included; nothing else", () => {
    const scenario = loadScenario(join(PROJECT_ROOT, "scenarios", "diag_stale_false_evict.toml"));
    const keys = new Set<string>();
    for (const row of simulate(scenario.model, 30)) for (const key of Object.keys(row)) if (key !== "step") keys.add(key);
    for (const key of keys) expect(metricOfKey(key), key).toBeDefined();
    expect(metricOfKey(METRICS.evictionsLru.maxTwin)).toEqual({ metric: METRICS.evictionsLru, twin: true });
    expect(familyOfKey(`${METRICS.modalities.fanOutPrefix}rna`)).toBe("modalities");
    for (const unknown of ["step", "ledger/evictions", METRICS.modalities.fanOutPrefix, `${METRICS.remainingMin.key}_max`, "loss"])
      expect(metricOfKey(unknown), unknown).toBeUndefined();
    expect(emittableKeys(["rna"])).toContain(`${METRICS.modalities.fanOutPrefix}rna`);
  });

  it("is exported from the library", () => {
    expect(library.METRIC_CATALOG).toBe(METRIC_CATALOG);
    expect(library.METRIC_FAMILIES).toBe(METRIC_FAMILIES);
    expect(library.metricOfKey).toBe(metricOfKey);
  });

  it("is the table of docs/metrics.md and, for the stream_mixing rows, of docs/model.md", () => {
    expect(readFileSync(join(PROJECT_ROOT, "docs", "metrics.md"), "utf8")).toContain(catalogTable());
    expect(readFileSync(join(PROJECT_ROOT, "docs", "model.md"), "utf8")).toContain(streamMixingTable());
  });
});
