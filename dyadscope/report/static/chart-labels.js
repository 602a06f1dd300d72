/* dyadscope chart labels: places a timeline's annotation labels (largest moves, milestones) so they never
   overlap, at any width, and trims a plot's layout for a phone. Shared by the dashboard (served as
   /static/chart-labels.js) and the offline HTML report (inlined), so both place labels the same way.
   Exposes one global, window.dyadscopeCharts = {placeLabels, settleLabels, narrowLayout, NARROW}. */
(function () {
  "use strict";

  var NARROW = 600;  // px: below this a plot drops its title (the card heading or caption names it) and its wide margins
  var GAP = 3;       // px kept free between two labels

  function overlaps(a, b) {
    return a.left < b.right + GAP && b.left < a.right + GAP && a.top < b.bottom + GAP && b.top < a.bottom + GAP;
  }

  function shifted(rel, x, y) {
    return { left: x + rel.left, right: x + rel.left + rel.w, top: y + rel.top, bottom: y + rel.top + rel.h };
  }

  /* Where annotation ``i`` is anchored on the page: a move label at its marker, a milestone at (x, paper y). */
  function anchorOf(el, note, plot) {
    var fl = el._fullLayout;
    var x = note.xref === "paper" ? plot.left + note.x * plot.width : plot.left + fl.xaxis.d2p(note.x);
    var y = note.yref === "paper" ? plot.top + (1 - note.y) * plot.height : plot.top + fl.yaxis.d2p(note.y);
    return { x: x, y: y };
  }

  /* Each label's box relative to its anchor (plus ax/ay for arrows), measured once while it is drawn. */
  function measure(el, notes, plot) {
    var sizes = el._dsLabelBoxes || (el._dsLabelBoxes = {});
    el.querySelectorAll("g.annotation").forEach(function (g) {
      var i = parseInt(g.getAttribute("data-index"), 10);
      var note = notes[i];
      var bg = g.querySelector(".annotation-text-g rect.bg") || g.querySelector(".annotation-text-g");
      if (!note || !bg) { return; }
      var box = bg.getBoundingClientRect();
      var at = anchorOf(el, note, plot);
      var dx = note.showarrow ? (note.ax || 0) : 0, dy = note.showarrow ? (note.ay || 0) : 0;
      sizes[i] = { left: box.left - at.x - dx, top: box.top - at.y - dy, w: box.width, h: box.height };
    });
    return sizes;
  }

  /* Milestone labels step down (paper y) until clear; move labels try offsets above and below their
     marker, pulled inside the plot; a label with no free place is hidden (its marker, hover text and
     the list under the chart still carry it). Largest moves are placed first. */
  function placeLabels(el) {
    var notes = (el.layout && el.layout.annotations) || [];
    var drag = el.querySelector(".nsewdrag");
    if (!notes.length || !drag) { return; }
    var plot = drag.getBoundingClientRect();
    var sizes = measure(el, notes, plot);
    var originals = el._dsOriginalY || (el._dsOriginalY = notes.map(function (n) { return n.y; }));
    var update = {};
    var taken = Array.prototype.map.call(el.querySelectorAll(".scatterlayer .trace:last-child .point"), function (pt) {
      var r = pt.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    });
    function set(i, key, value) {
      var now = notes[i][key] === undefined ? (key === "visible" ? true : 0) : notes[i][key];
      var tolerance = key === "y" ? 1e-3 : 0.5;  // paper fraction for y, pixels for ax and ay
      if (typeof value === "number" ? Math.abs(now - value) > tolerance : now !== value) {
        update["annotations[" + i + "]." + key] = value;
      }
    }
    function free(box, inside) {
      if (inside && (box.left < plot.left || box.right > plot.right || box.top < plot.top || box.bottom > plot.bottom)) {
        return false;
      }
      return !taken.some(function (t) { return overlaps(box, t); });
    }
    notes.forEach(function (note, i) {  // fixed labels first: level bands, then milestones
      var rel = sizes[i];
      if (note.name === "move" || !rel) { return; }
      var fixed = anchorOf(el, note, plot);
      if (note.yref !== "paper") { taken.push(shifted(rel, fixed.x, fixed.y)); return; }
      var base = originals[i], step = 0.07, placed = false;
      for (var k = 0; k < 5 && !placed; k++) {
        var y = base - k * step;
        var at = anchorOf(el, { x: note.x, xref: note.xref, y: y, yref: "paper" }, plot);
        var box = shifted(rel, at.x, at.y);
        if (free(box, false)) { taken.push(box); set(i, "y", y); set(i, "visible", true); placed = true; }
      }
      if (!placed) { set(i, "visible", false); }
    });
    movesFirst(el, notes).forEach(function (i) {
      var note = notes[i], rel = sizes[i];
      if (!rel) { return; }
      var at = anchorOf(el, note, plot);
      var up = (el._dsMoveUp || (el._dsMoveUp = {}))[i];
      if (up === undefined) { up = el._dsMoveUp[i] = (note.ay || -1) < 0; }
      var sign = up ? -1 : 1, ays = [], placed = false;
      [30, 52, 74, 96, 118].forEach(function (d) { ays.push(sign * d); });
      [30, 52, 74].forEach(function (d) { ays.push(-sign * d); });
      var left = at.x + rel.left, inside = 0;  // the horizontal shift that keeps the label inside the plot
      if (left < plot.left + 2) { inside = plot.left + 2 - left; }
      else if (left + rel.w > plot.right - 2) { inside = plot.right - 2 - left - rel.w; }
      var axs = [inside, inside - rel.w / 2 - 6, inside + rel.w / 2 + 6];
      for (var a = 0; a < ays.length && !placed; a++) {
        for (var b = 0; b < axs.length && !placed; b++) {
          var box = shifted(rel, at.x + axs[b], at.y + ays[a]);
          if (free(box, true)) {
            taken.push(box);
            set(i, "ax", Math.round(axs[b])); set(i, "ay", ays[a]); set(i, "visible", true);
            placed = true;
          }
        }
      }
      if (!placed) { set(i, "visible", false); }
    });
    el._dsPasses = Object.keys(update).length ? (el._dsPasses || 0) + 1 : 0;
    if (el._dsPasses && el._dsPasses <= 4) {
      el.setAttribute("data-labels", "placing");
      return window.Plotly.relayout(el, update);
    }
    el._dsPasses = 0;
    el.setAttribute("data-labels", "placed");
    return null;
  }

  /* Place labels until they stay put (each pass measures what the last one drew). */
  function settleLabels(el) {
    var pending = placeLabels(el);
    return pending ? pending.then(function () { return settleLabels(el); }) : Promise.resolve();
  }

  /* Indexes of the move labels, largest change first (the moves trace carries each change as text). */
  function movesFirst(el, notes) {
    var trace = (el.data || []).filter(function (t) { return t.meta === "moves"; })[0];
    var size = {};
    if (trace) { trace.x.forEach(function (m, j) { size[m] = Math.abs(Number((trace.text || [])[j]) || 0); }); }
    var found = [];
    notes.forEach(function (note, i) { if (note.name === "move") { found.push(i); } });
    return found.sort(function (a, b) { return (size[notes[b].x] || 0) - (size[notes[a].x] || 0) || a - b; });
  }

  function narrowLayout(el, layout) {
    if (el.clientWidth >= NARROW) { return layout; }
    var keep = layout.meta && layout.meta.keep_title;  // a chart whose title carries its measure and unit
    if (keep) {
      layout.title.font = { size: 13 };
      layout.title.x = 0.02;
      // below the mode bar (plotly's tool icons sit at the top right and covered the title on phones)
      layout.title.yref = "container"; layout.title.y = 1; layout.title.yanchor = "top"; layout.title.pad = { t: 34 };
      layout.margin = { l: 44, r: 12, t: Math.max(layout.margin && layout.margin.t || 0, 84), b: 36 };
      return layout;
    }
    layout.title = { text: "" };
    layout.margin = { l: 36, r: 80, t: 16, b: 36 };
    if (layout.yaxis && layout.yaxis.title) { layout.yaxis.title = { text: "" }; }
    if (layout.legend) { layout.legend.font = { size: 11 }; }
    (layout.annotations || []).forEach(function (note) {  // level names at the right edge, smaller
      if (note.xref === "paper" && note.x > 1) { note.font = { size: 9, color: "#4b5563" }; }
    });
    return layout;
  }

  window.dyadscopeCharts = { placeLabels: placeLabels, settleLabels: settleLabels, narrowLayout: narrowLayout, NARROW: NARROW };
})();
