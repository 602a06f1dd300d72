/* dyadscope dashboard: draws the plotly figures embedded as JSON, wires dimension toggles and month clicks
   (a point, a largest-move marker or its label, or a button of the moves list), and keeps chart labels
   from overlapping at any width (placement in chart-labels.js, shared with the HTML report).
   Charts export as PNG or SVG with the server's source line inside the image (exportChart).
   No inline handlers (the CSP forbids them); every figure's data comes from <script type="application/json">. */
(function () {
  "use strict";

  var charts = window.dyadscopeCharts;  // label placement and phone layout, shared with the HTML report

  function explainMonth(urlTemplate, month) {
    if (!/^\d{4}-\d{2}$/.test(month)) { return; }
    var url = urlTemplate.replace("MONTH", encodeURIComponent(month));
    window.htmx.ajax("GET", url, { target: "#explain", swap: "innerHTML" });
  }

  function drawOne(el) {
    if (el.getAttribute("data-drawn") || !window.Plotly) { return; }
    var src = document.getElementById(el.getAttribute("data-figure"));
    if (!src) { return; }
    var fig = JSON.parse(src.textContent);
    el.setAttribute("data-drawn", "pending");
    window.Plotly.newPlot(el, fig.data, charts.narrowLayout(el, fig.layout), { responsive: true, displaylogo: false, doubleClick: "reset" })
      // a double click (or two quick clicks on markers) goes back to the drawn range; plotly's default
      // would autoscale to fit the move labels too, leaving the level bands short of the plot's edge
      .then(function () { return charts.settleLabels(el); })
      .then(function () {
        el.on("plotly_afterplot", function () { charts.placeLabels(el); });  // a resize moves the labels again
        el.setAttribute("data-drawn", "1");
        var template = el.getAttribute("data-explain");
        if (template) {
          el.on("plotly_click", function (ev) {
            var pt = ev && ev.points && ev.points[0];
            if (!pt) { return; }
            explainMonth(template, String(pt.customdata || pt.x).slice(0, 7));
          });
          // the labels of the largest moves (captureevents) explain their month like a point does
          el.on("plotly_clickannotation", function (ev) {
            var note = ev && ev.annotation;
            if (!note || note.name !== "move") { return; }
            explainMonth(template, String(note.x).slice(0, 7));
          });
        }
      });
  }

  function drawAll(root) {
    (root || document).querySelectorAll("[data-figure]").forEach(drawOne);
  }

  function onToggle(ev) {
    var box = ev.target;
    if (!box.matches || !box.matches("input[data-trace-toggle]")) { return; }
    var plot = document.getElementById(box.getAttribute("data-trace-toggle"));
    var index = parseInt(box.getAttribute("data-trace-index"), 10);
    if (plot && window.Plotly && !isNaN(index)) {
      window.Plotly.restyle(plot, { visible: box.checked ? true : "legendonly" }, [index]);
    }
  }

  function onMoveClick(ev) {
    var button = ev.target.closest ? ev.target.closest("button[data-explain-month]") : null;
    if (!button) { return; }
    explainMonth(button.getAttribute("data-explain"), button.getAttribute("data-explain-month"));
  }

  function onSubmit(ev) {
    var form = ev.target;
    if (!form.matches || !form.matches("form[data-month-form]")) { return; }
    ev.preventDefault();
    var input = form.querySelector("input[name=month]");
    explainMonth(form.getAttribute("data-explain"), input ? input.value : "");
  }

  // plotly reads annotation text as a small HTML subset: the source line is plain text, so escape it
  function plainText(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  var SOURCE_SPACE = 36;  // px added below the chart for the source line

  // The drawn chart (what is shown: toggled dimensions, placed labels) at its size on screen, taller by
  // SOURCE_SPACE, with the source line from the template's data-source attribute written in that space.
  // A copy of the figure is exported: the chart on the page is never changed.
  function exportChart(button) {
    var el = document.getElementById(button.getAttribute("data-chart-export"));
    var format = button.getAttribute("data-format");
    if (!el || !window.Plotly || el.getAttribute("data-drawn") !== "1") { return; }
    if (format !== "png" && format !== "svg") { return; }
    var full = el._fullLayout || {};
    // the margins as drawn (plotly widens them for a legend below the plot): the source line goes under all
    var margin = full._size || full.margin || { l: 60, r: 20, t: 40, b: 60 };
    var width = Math.round(full.width || el.clientWidth || 900);
    var height = Math.round(full.height || el.clientHeight || 450) + SOURCE_SPACE;
    var layout = JSON.parse(JSON.stringify(el.layout || {}));
    layout.width = width;
    layout.height = height;
    layout.autosize = false;
    layout.margin = Object.assign({}, layout.margin || {}, { l: margin.l, r: margin.r, t: margin.t, b: margin.b + SOURCE_SPACE });
    layout.annotations = (layout.annotations || []).concat([{
      name: "source", text: plainText(button.getAttribute("data-source") || ""), showarrow: false,
      xref: "paper", yref: "paper", x: 0, y: 0, xanchor: "left", yanchor: "top",
      xshift: 8 - margin.l, yshift: -margin.b - 8, align: "left", font: { size: 11, color: "#4b5563" }
    }]);
    var figure = { data: JSON.parse(JSON.stringify(el.data || [])), layout: layout, config: { displaylogo: false } };
    var name = (button.getAttribute("data-filename") || "chart").replace(/[^A-Za-z0-9_-]/g, "_");
    button.disabled = true;
    window.Plotly.downloadImage(figure, { format: format, filename: name, width: width, height: height })
      .then(function () { button.disabled = false; }, function () { button.disabled = false; });
  }

  function onExportClick(ev) {
    var button = ev.target.closest ? ev.target.closest("button[data-chart-export]") : null;
    if (button) { exportChart(button); }
  }

  document.addEventListener("change", onToggle);
  document.addEventListener("click", onExportClick);
  document.addEventListener("click", onMoveClick);
  document.addEventListener("submit", onSubmit);
  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSwap", function (ev) { drawAll(ev.target); });
})();
