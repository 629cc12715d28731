/** The page's styles, inlined: a light, W&B-like panel grid that reads on a laptop screen. */
export const REPORT_STYLE = `
:root { color-scheme: light; --fg: #1f2328; --muted: #57606a; --line: #d0d7de; --pass: #2e7d32; --fail: #c62828; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: #f6f8fa; }
.page-header { padding: 16px 24px 8px; background: #fff; border-bottom: 1px solid var(--line); }
h1 { font-size: 20px; margin: 0 0 8px; }
.summary { margin: 0 0 10px; padding: 8px 10px; background: #f3f4f6; border-radius: 6px; font-size: 12px; white-space: pre-wrap; overflow-wrap: anywhere; }
.index ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 6px 18px; }
.index a { color: #0969da; text-decoration: none; }
main { padding: 8px 24px 32px; }
.block { background: #fff; border: 1px solid var(--line); border-radius: 8px; margin: 16px 0; padding: 12px 18px 18px; }
.block h2 { font-size: 18px; margin: 4px 0 10px; }
.verdict { font-size: 12px; font-weight: 700; padding: 2px 8px; border-radius: 10px; color: #fff; vertical-align: middle; }
.verdict.pass { background: var(--pass); }
.verdict.fail { background: var(--fail); }
.runs { display: flex; flex-wrap: wrap; gap: 12px; }
.run { flex: 1 1 420px; border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; background: #fafbfc; min-width: 0; }
.run h4 { margin: 0 0 4px; font-size: 15px; }
.run .description { margin: 0 0 6px; color: var(--muted); white-space: pre-wrap; overflow-wrap: anywhere; }
.run dl { display: grid; grid-template-columns: max-content 1fr; gap: 0 10px; margin: 0 0 6px; }
.run dt { color: var(--muted); }
.run dd { margin: 0; overflow-wrap: anywhere; }
.reproduce { margin: 0 0 4px; }
.reproduce code { background: #eef1f4; padding: 1px 5px; border-radius: 4px; overflow-wrap: anywhere; }
.resolved { max-height: 320px; overflow: auto; background: #f3f4f6; padding: 8px; border-radius: 4px; font-size: 12px; }
.notes { list-style: none; padding: 0; margin: 10px 0 0; }
.notes li { padding: 2px 0 2px 22px; position: relative; overflow-wrap: anywhere; }
.notes li.pass::before { content: "✓"; color: var(--pass); position: absolute; left: 4px; font-weight: 700; }
.notes li.fail::before { content: "✗"; color: var(--fail); position: absolute; left: 4px; font-weight: 700; }
.notes li.info::before { content: "•"; color: var(--muted); position: absolute; left: 6px; }
.section-title { font-size: 15px; margin: 18px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); color: var(--muted); font-weight: 600; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 14px; }
.chart { margin: 0; border: 1px solid var(--line); border-radius: 6px; background: #fff; padding: 4px; position: relative; min-width: 0; }
.chart-bar { position: absolute; top: 6px; right: 10px; z-index: 2; font-size: 12px; color: var(--muted); }
.chart-bar select { font-size: 12px; }
.chart-plot { width: 100%; }
.table-scroll { overflow: auto; max-height: 520px; border: 1px solid var(--line); border-radius: 6px; }
table.data { border-collapse: collapse; font-size: 12px; white-space: nowrap; }
table.data th, table.data td { padding: 3px 8px; border-bottom: 1px solid #eef1f4; text-align: left; }
table.data th { position: sticky; top: 0; background: #f6f8fa; font-weight: 600; }
table.data td.num { text-align: right; font-variant-numeric: tabular-nums; }
.tt-step { font-weight: 700; margin-bottom: 2px; }
.tt-row { display: flex; align-items: center; gap: 6px; font-size: 12px; }
.tt-dot { display: inline-block; width: 10px; height: 10px; border-radius: 50%; }
.tt-name { flex: 1; }
.tt-range { font-weight: 400; color: var(--muted); }
.tt-value { font-variant-numeric: tabular-nums; font-weight: 600; margin-left: 12px; }
`;
