import { BAND_FILL_ID_PREFIX } from "./chartOption.ts";

/**
 * The page's own script (plain ES2017, inlined after echarts.min.js). It reads the
 * report's data from the JSON script tag, puts each chart's columns back in place
 * (the page stores each column once; a chart's dataset names them as {"$col": n}),
 * draws every chart, adds the tooltip that lists the step and each line's value, and
 * switches a chart's view (cluster, band over ranks, a rank) from its select. Charts
 * draw with ECharts' SVG renderer: after LTTB sampling a line is about as many points
 * as the chart is pixels wide, and the chart is then DOM that a reader (or a test) can
 * inspect, select and click. When
 * every chart has drawn it sets `data-ready` on <body>, which the browser tests wait for.
 */
export const REPORT_CLIENT_SCRIPT = String.raw`
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var columns = data.columns;
  var BAND_FILL = ${JSON.stringify(BAND_FILL_ID_PREFIX)};

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function formatNumber(value) {
    if (value === null || value === undefined || typeof value !== "number" || value !== value) return "–";
    return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  }
  function resolve(option) {
    (option.dataset || []).forEach(function (dataset) {
      var source = {};
      Object.keys(dataset.source).forEach(function (key) {
        var ref = dataset.source[key];
        source[key] = ref && typeof ref === "object" && "$col" in ref ? columns[ref.$col] : ref;
      });
      dataset.source = source;
    });
    return option;
  }
  // The index of the step nearest to "step" in an ascending column.
  function nearestIndex(steps, step) {
    var lo = 0, hi = steps.length - 1;
    if (hi < 0) return -1;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (steps[mid] < step) lo = mid + 1; else hi = mid;
    }
    if (lo > 0 && Math.abs(steps[lo - 1] - step) <= Math.abs(steps[lo] - step)) lo -= 1;
    return lo;
  }
  // The tooltip reads every visible line's exact value at the hovered step from the
  // data, not from ECharts' sampled points: after LTTB the lines keep different steps,
  // and ECharts would list only the lines with a point nearest the cursor. The x axis
  // is the step for a run, a swept key for a sweep (a category axis when its values
  // are not numbers: the hovered value is then the category itself).
  function bandFillOf(option, line, suffix) {
    return option.series.filter(function (series) {
      var id = String(series.id);
      return id.indexOf(BAND_FILL) === 0 && id.slice(-suffix.length) === suffix && series.name === line.name && series.datasetIndex === line.datasetIndex;
    })[0];
  }
  function tooltipFor(option, hidden) {
    var categorical = option.xAxis.type === "category";
    var xName = option.xAxis.name;
    function indexIn(xs, value) {
      return categorical ? xs.indexOf(value) : nearestIndex(xs, Number(value));
    }
    return function (params) {
      params = [].concat(params);
      if (params.length === 0 || !option.dataset || option.dataset.length === 0) return "";
      var xKey = option.series.filter(function (series) { return series.encode; }).map(function (series) { return series.encode.x; })[0] || "step";
      var first = option.dataset[0].source[xKey];
      var index = indexIn(first, params[0].axisValue);
      if (index < 0) return "";
      var step = first[index];
      var shown = typeof step === "number" ? formatNumber(step) : String(step);
      var html = '<div class="tt-step">' + escapeHtml(xName === "step" ? "step " + shown : xName + " = " + shown) + "</div>";
      option.series.forEach(function (series) {
        if (!series.encode || String(series.id).indexOf(BAND_FILL) === 0 || hidden[series.name]) return;
        var source = option.dataset[series.datasetIndex].source;
        var xs = source[series.encode.x];
        var at = indexIn(xs, step);
        var column = source[series.encode.y];
        var value = at >= 0 && xs[at] === step && column ? column[at] : null;
        // A line whose band shares its legend name (a sweep's mean over seeds) shows the band's range too.
        var range = "";
        var base = bandFillOf(option, series, ":base");
        var height = bandFillOf(option, series, ":height");
        if (at >= 0 && base && height) {
          var low = source[base.encode.y][at];
          var size = source[height.encode.y][at];
          if (typeof low === "number" && typeof size === "number") range = ' <span class="tt-range">[' + escapeHtml(formatNumber(low)) + "–" + escapeHtml(formatNumber(low + size)) + "]</span>";
        }
        html += '<div class="tt-row"><span class="tt-dot" style="background:' + escapeHtml(series.color) + '"></span><span class="tt-name">' + escapeHtml(series.name) + '</span><span class="tt-value">' + escapeHtml(formatNumber(value)) + range + "</span></div>";
      });
      return html;
    };
  }

  var instances = [];
  document.querySelectorAll("figure.chart").forEach(function (figure) {
    var chartData = data.charts[Number(figure.getAttribute("data-chart"))];
    var plot = figure.querySelector(".chart-plot");
    var instance = echarts.init(plot, null, { renderer: "svg" });
    var resolved = {};
    var hidden = {};
    instance.on("legendselectchanged", function (event) {
      Object.keys(event.selected).forEach(function (name) { hidden[name] = !event.selected[name]; });
    });
    function show(index) {
      if (!(index in resolved)) {
        var option = resolve(chartData.views[index].option);
        option.tooltip = Object.assign({}, option.tooltip, { formatter: tooltipFor(option, hidden) });
        resolved[index] = option;
      }
      Object.keys(hidden).forEach(function (name) { delete hidden[name]; });
      instance.setOption(resolved[index], { notMerge: true });
      figure.setAttribute("data-view", chartData.views[index].name);
    }
    show(0);
    var select = figure.querySelector("select.chart-view");
    if (select) select.addEventListener("change", function () { show(Number(select.value)); });
    instances.push(instance);
  });
  window.addEventListener("resize", function () {
    instances.forEach(function (instance) { instance.resize(); });
  });
  document.body.setAttribute("data-ready", "true");
})();
`;
