import { describe, expect, it } from "vitest";
import type { MetricsRow } from "../../../../src/engine/metricsRow.ts";
import { buildBlockCharts } from "../../../../sim/analyse/report/blockCharts.ts";
import { escapeHtml, jsonForScriptTag, renderReportPage } from "../../../../sim/analyse/report/renderReportPage.ts";
import type { ReportDocument } from "../../../../sim/analyse/report/reportDocument.ts";

const HOSTILE = `</script><script>window.pwned=1</script><img src=x onerror="window.pwned=2"> & '`;

function documentWith(description: string): ReportDocument {
  const rows = [
    { step: 1, "a/x": 1 },
    { step: 2, "a/x": 2 },
  ] as MetricsRow[];
  return {
    title: "t",
    blocks: [
      {
        id: "b",
        title: description,
        runs: [
          {
            label: description,
            name: "n",
            description,
            seed: 1,
            steps: "1..2",
            source: "dir",
            reproduce: "npx sim run x",
            resolvedToml: `description = ${JSON.stringify(description)}`,
          },
        ],
        notes: [{ text: description, passed: false }],
        charts: buildBlockCharts([{ label: description, rows }]),
      },
    ],
  };
}

describe("renderReportPage", () => {
  it("escapes scenario text everywhere it appears: no tag from a description survives", () => {
    const page = renderReportPage(documentWith(HOSTILE));
    expect(page).not.toContain("<script>window.pwned");
    expect(page).not.toContain("<img src=x");
    expect(page).toContain("&lt;/script&gt;&lt;script&gt;window.pwned=1&lt;/script&gt;&lt;img src=x onerror=&quot;window.pwned=2&quot;&gt; &amp; &#39;");
    // The only script elements are the data, ECharts and the page's own script.
    expect(page.match(/<script[\s>]/g)).toHaveLength(3);
  });

  it("embeds the data as JSON that cannot close its script element, and that parses back to the same values", () => {
    const json = jsonForScriptTag({ text: HOSTILE, line: "\u2028" });
    expect(json).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(json)).toEqual({ text: HOSTILE, line: "\u2028" });
  });

  it("is self-contained: ECharts inlined, nothing to fetch, and a policy that allows no request", () => {
    const page = renderReportPage(documentWith("plain"));
    expect(page).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/[^"' ]+\.js/);
    expect(page).toContain("Apache"); // the inlined echarts.min.js carries its licence header
    expect(page).toMatch(/Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;sha256-/);
  });

  it("gives each chart element a data-metric naming its metric", () => {
    const page = renderReportPage(documentWith("plain"));
    expect(page).toContain('<figure class="chart" data-metric="a/x" data-chart="0">');
  });

  it("renders a block's table with every cell escaped, numbers right-aligned, and no empty run list", () => {
    const document: ReportDocument = {
      title: "t",
      blocks: [{ id: "b", title: "b", runs: [], notes: [], charts: [], table: { caption: "summary.csv", header: ["config", HOSTILE], records: [[HOSTILE, "12.5"]] } }],
    };
    const page = renderReportPage(document);
    expect(page).not.toContain("<img src=x");
    expect(page.match(/<script[\s>]/g)).toHaveLength(3);
    expect(page).toContain(`<th>${escapeHtml(HOSTILE)}</th>`);
    expect(page).toContain(`<tr><td>${escapeHtml(HOSTILE)}</td><td class="num">12.5</td></tr>`);
    expect(page).not.toContain('class="runs"');
  });

  it("escapes the five HTML characters", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });
});
