import { escapeHtml, pageHead } from "../../analyse/report/renderReportPage.ts";

/**
 * The page `sim watch` serves at `/`: a header with the scenario's live verdicts, the
 * latest report page (the one `sim check --report` writes, unchanged) in a frame, and
 * an error panel that covers the frame's top when a save breaks the scenario, so the
 * last good charts stay in view under it. Server-sent events say when a run starts,
 * when a new report is ready and when the scenario is invalid.
 *
 * A new report loads in a second, hidden frame; once its charts have drawn (the report
 * sets `data-ready` on its body), the page copies each chart's state from the old
 * frame (the selected view, the series hidden in the legend, the zoom) and the scroll
 * position, then swaps the frames: the reader keeps the view they had. Charts are
 * matched by their block and `data-metric`, and reached through the report's own
 * ECharts instances (`echarts.getInstanceByDom`), the report page's public surface.
 *
 * `data-state` on <body> (`running`, `ok`, `invalid`, `failed`) and `data-version` (the
 * run whose report is shown) are what the browser test waits on.
 */
export function watchPage(scenarioFile: string): string {
  const script = WATCH_CLIENT_SCRIPT;
  return [
    pageHead(`sim watch: ${scenarioFile}`, WATCH_STYLE, [script], ["connect-src 'self'", "frame-src 'self'"]),
    '<body data-state="running" data-version="0">',
    '<header class="watch-header">',
    `<div class="line"><span class="title">sim watch <code>${escapeHtml(scenarioFile)}</code></span><span id="verdict" class="verdict">starting</span><span id="status" class="status">running the scenario…</span></div>`,
    '<ul id="verdicts" class="verdicts"></ul>',
    "</header>",
    '<div id="frames" class="frames"><section id="problems" class="problems" hidden role="alert"><h2 id="problems-heading"></h2><ul id="problem-list"></ul><p class="hint">The charts below are from the last run that loaded. Fix the file and save: the page follows.</p></section></div>',
    `<script>${script}</script>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

const WATCH_STYLE = `
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; display: flex; flex-direction: column; }
.watch-header { padding: 8px 16px; border-bottom: 1px solid #ddd; background: #fafafa; }
.watch-header .line { display: flex; gap: 16px; align-items: baseline; flex-wrap: wrap; }
.title { font-weight: 600; }
.verdict { font-weight: 700; padding: 1px 8px; border-radius: 3px; background: #eee; }
.verdict.pass { background: #2e7d32; color: #fff; }
.verdict.fail { background: #c62828; color: #fff; }
.verdict.invalid { background: #8d6e00; color: #fff; }
.status { color: #666; }
.verdicts { list-style: none; margin: 6px 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 12px; font-size: 12px; }
.verdicts li.pass::before { content: "✓ "; color: #2e7d32; font-weight: 700; }
.verdicts li.fail::before { content: "✗ "; color: #c62828; font-weight: 700; }
.verdicts li.warn::before { content: "warning: "; color: #8d6e00; font-weight: 700; }
.problems { position: absolute; left: 16px; right: 16px; top: 12px; z-index: 2; background: #fff4f4; border: 2px solid #c62828; border-radius: 4px; padding: 8px 16px; box-shadow: 0 4px 16px rgba(0,0,0,.25); max-height: 60vh; overflow: auto; }
.problems h2 { font-size: 15px; margin: 4px 0 8px; color: #c62828; }
.problems ul { margin: 0; padding-left: 0; list-style: none; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13px; white-space: pre-wrap; }
.problems li { margin: 4px 0; }
.problems .where { font-weight: 700; color: #8a1c1c; margin-right: 8px; }
.problems .hint { color: #555; font-size: 12px; }
.frames { position: relative; flex: 1; }
.frames iframe { position: absolute; inset: 0; width: 100%; height: 100%; border: 0; background: #fff; }
.frames iframe.loading { visibility: hidden; }
`;

/** The watch page's script (plain ES2017, no library: the charts live in the report's frame). */
const WATCH_CLIENT_SCRIPT = String.raw`
(function () {
  "use strict";
  var body = document.body;
  var frames = document.getElementById("frames");
  var problems = document.getElementById("problems");
  var current = null;
  var loading = null;
  var wanted = 0;

  function text(tag, className, content) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    element.textContent = content;
    return element;
  }
  function setStatus(message) { document.getElementById("status").textContent = message; }
  function setVerdict(kind, label) {
    var verdict = document.getElementById("verdict");
    verdict.className = "verdict " + kind;
    verdict.textContent = label;
  }

  // Each chart of a report frame, by its block and metric, with its ECharts instance.
  function chartsOf(frame) {
    var out = {};
    var win = frame && frame.contentWindow;
    if (!win || !win.document || !win.echarts) return out;
    win.document.querySelectorAll("figure.chart").forEach(function (figure) {
      var block = figure.closest("section.block");
      var plot = figure.querySelector(".chart-plot");
      var instance = plot ? win.echarts.getInstanceByDom(plot) : null;
      if (instance) out[(block ? block.id : "") + "|" + figure.getAttribute("data-metric")] = { figure: figure, instance: instance };
    });
    return out;
  }
  function captureState(frame) {
    var state = { scrollY: 0, charts: {} };
    if (!frame || !frame.contentWindow) return state;
    state.scrollY = frame.contentWindow.scrollY;
    var charts = chartsOf(frame);
    Object.keys(charts).forEach(function (key) {
      var chart = charts[key];
      var option = chart.instance.getOption();
      var select = chart.figure.querySelector("select.chart-view");
      var selected = (option.legend && option.legend[0] && option.legend[0].selected) || {};
      state.charts[key] = {
        view: select ? select.value : null,
        hidden: Object.keys(selected).filter(function (name) { return selected[name] === false; }),
        zoom: (option.dataZoom || []).map(function (zoom) { return { start: zoom.start, end: zoom.end }; })
      };
    });
    return state;
  }
  function applyState(frame, state) {
    var charts = chartsOf(frame);
    var win = frame.contentWindow;
    Object.keys(state.charts).forEach(function (key) {
      var chart = charts[key];
      var saved = state.charts[key];
      if (!chart) return;
      var select = chart.figure.querySelector("select.chart-view");
      if (select && saved.view !== null && select.value !== saved.view && select.querySelector('option[value="' + saved.view + '"]')) {
        select.value = saved.view;
        select.dispatchEvent(new win.Event("change"));
      }
      // A toggle (not an unselect) so that the report's own legend handler hears of it.
      var selected = (chart.instance.getOption().legend || [{}])[0].selected || {};
      saved.hidden.forEach(function (name) {
        if (selected[name] !== false) chart.instance.dispatchAction({ type: "legendToggleSelect", name: name });
      });
      saved.zoom.forEach(function (zoom, index) {
        if (typeof zoom.start === "number" && (zoom.start !== 0 || zoom.end !== 100)) chart.instance.dispatchAction({ type: "dataZoom", dataZoomIndex: index, start: zoom.start, end: zoom.end });
      });
    });
    win.scrollTo(0, state.scrollY);
  }

  function whenDrawn(frame, version, done) {
    var tries = 0;
    (function poll() {
      if (version !== wanted) return;
      var doc = frame.contentDocument;
      if (doc && doc.body && doc.body.getAttribute("data-ready") === "true") return done();
      if (++tries > 600) return done();
      setTimeout(poll, 10);
    })();
  }

  function showReport(data) {
    wanted = data.version;
    if (loading) loading.remove();
    var frame = document.createElement("iframe");
    frame.className = "loading";
    frame.title = "report of run " + data.version;
    frame.src = "/report?v=" + data.version;
    loading = frame;
    frame.addEventListener("load", function () {
      whenDrawn(frame, data.version, function () {
        if (data.version !== wanted) return;
        if (current) {
          try { applyState(frame, captureState(current)); } catch (error) { console.warn("sim watch: could not keep the charts' state", error); }
          current.remove();
        } else {
          // The first report opens at its charts: the verdicts are in this page's header.
          var charts = frame.contentDocument.querySelector("h3.section-title");
          if (charts) frame.contentWindow.scrollTo(0, charts.getBoundingClientRect().top + frame.contentWindow.scrollY - 8);
        }
        frame.className = "";
        current = frame;
        loading = null;
        problems.hidden = true;
        var list = document.getElementById("verdicts");
        list.textContent = "";
        data.verdicts.forEach(function (verdict) { list.appendChild(text("li", verdict.passed ? "pass" : "fail", verdict.text)); });
        data.warnings.forEach(function (warning) { list.appendChild(text("li", "warn", warning)); });
        setVerdict(data.passed ? "pass" : "fail", data.passed ? "PASS" : "FAIL");
        setStatus("run " + data.version + " in " + data.runMs + " ms");
        body.setAttribute("data-version", String(data.version));
        body.setAttribute("data-state", "ok");
      });
    });
    frames.appendChild(frame);
  }

  function showProblems(heading, items, state) {
    document.getElementById("problems-heading").textContent = heading;
    var list = document.getElementById("problem-list");
    list.textContent = "";
    items.forEach(function (problem) {
      var item = document.createElement("li");
      if (problem.file) item.appendChild(text("span", "where", problem.file + (problem.line ? ":" + problem.line : "")));
      item.appendChild(document.createTextNode(problem.text));
      list.appendChild(item);
    });
    problems.hidden = false;
    body.setAttribute("data-state", state);
  }

  var events = new EventSource("/events");
  events.addEventListener("running", function (event) {
    var data = JSON.parse(event.data);
    setStatus("running (save " + data.save + ")…");
  });
  events.addEventListener("report", function (event) { showReport(JSON.parse(event.data)); });
  events.addEventListener("invalid", function (event) {
    var data = JSON.parse(event.data);
    wanted = data.version;
    if (loading) { loading.remove(); loading = null; }
    setVerdict("invalid", "INVALID");
    setStatus("run " + data.version + ": the scenario does not load");
    showProblems(data.heading, data.problems, "invalid");
    body.setAttribute("data-version", String(data.version));
  });
  events.addEventListener("failed", function (event) {
    var data = JSON.parse(event.data);
    setVerdict("fail", "ERROR");
    setStatus("run " + data.version + " failed");
    showProblems("sim watch: the run failed (a bug: please report it)", [{ text: data.message }], "failed");
  });
  events.onerror = function () { setStatus("disconnected from sim watch (stopped?)"); };
})();
`;
