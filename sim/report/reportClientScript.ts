import { BAND_FILL_ID_PREFIX } from "./chartOption.ts";

/**
 * The page's own script (plain ES2017, inlined after echarts.min.js). It reads the
 * report's data from the JSON script tag, puts each chart's columns back in place
 * (the page stores each column once; a chart's dataset names them as {"$col": n}),
 * draws every chart, adds the tooltip that lists the step and each line's value, and
 * switches a chart's view (cluster, band over ranks, a rank) from its select. When
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
    option.tooltip = Object.assign({}, option.tooltip, { formatter: tooltip });
    return option;
  }
  function valueOf(param, axis) {
    var dims = param.encode && param.encode[axis];
    return dims && Array.isArray(param.value) ? param.value[dims[0]] : undefined;
  }
  function tooltip(params) {
    params = [].concat(params);
    if (params.length === 0) return "";
    var step = valueOf(params[0], "x");
    var html = '<div class="tt-step">step ' + escapeHtml(formatNumber(step)) + "</div>";
    params.forEach(function (param) {
      if (String(param.seriesId).indexOf(BAND_FILL) === 0) return;
      html += '<div class="tt-row">' + param.marker + '<span class="tt-name">' + escapeHtml(param.seriesName) + '</span><span class="tt-value">' + escapeHtml(formatNumber(valueOf(param, "y"))) + "</span></div>";
    });
    return html;
  }

  var instances = [];
  document.querySelectorAll("figure.chart").forEach(function (figure) {
    var chartData = data.charts[Number(figure.getAttribute("data-chart"))];
    var canvas = figure.querySelector(".chart-canvas");
    var instance = echarts.init(canvas, null, { renderer: "canvas" });
    var resolved = {};
    function show(index) {
      if (!(index in resolved)) resolved[index] = resolve(chartData.views[index].option);
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
