/* PlanGraph comparison pages: a bar chart of a table's visible rows, drawn as SVG.
 *
 * Consumes: <svg class="pg-chart" data-table=ID> and the table's body rows, each with
 * data-value (a number), data-value-max (the top of a range, optional), data-unit,
 * data-label (the bar's name), data-role and data-href (the plan's page); the row's
 * .pg-quote cell gives the bar's tooltip. Produces: one bar per visible row in the unit
 * most rows share, in the table's order, each a link to its plan; it redraws when the
 * table is sorted or filtered. Text goes in with textContent only.
 */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var ROW = 20, TOP = 8, LABEL = 190, RIGHT = 120;

  function make(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function bars(table) {
    var out = [];
    Array.prototype.forEach.call(table.tBodies[0] ? table.tBodies[0].rows : [], function (row) {
      var v = parseFloat(row.getAttribute("data-value"));
      if (row.hidden || isNaN(v)) return;
      var max = parseFloat(row.getAttribute("data-value-max"));
      var quote = row.querySelector(".pg-quote");
      out.push({ value: v, max: isNaN(max) ? null : max, unit: row.getAttribute("data-unit") || "",
                 label: row.getAttribute("data-label") || "", role: row.getAttribute("data-role") || "",
                 href: row.getAttribute("data-href") || "", shown: row.getAttribute("data-shown") || String(v),
                 quote: quote ? quote.textContent : "" });
    });
    return out;
  }

  function draw(svg, table) {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    var all = bars(table);
    var counts = {}, unit = null;
    all.forEach(function (b) {
      counts[b.unit] = (counts[b.unit] || 0) + 1;
      if (unit === null || counts[b.unit] > counts[unit]) unit = b.unit;
    });
    var drawn = all.filter(function (b) { return b.unit === unit; });
    var width = Math.max(480, Math.min(1100, (svg.parentNode && svg.parentNode.clientWidth) || 900));
    var height = TOP * 2 + Math.max(1, drawn.length) * ROW;
    svg.setAttribute("width", width);
    svg.setAttribute("height", height);
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    var lo = 0, hi = 0;
    drawn.forEach(function (b) { lo = Math.min(lo, b.value); hi = Math.max(hi, b.max === null ? b.value : b.max); });
    if (hi === lo) hi = lo + 1;
    var span = width - LABEL - RIGHT;
    function x(v) { return LABEL + (v - lo) / (hi - lo) * span; }
    svg.appendChild(make("line", { "class": "pg-axis", x1: x(0), x2: x(0), y1: TOP - 4, y2: height - TOP + 4 }));
    drawn.forEach(function (b, i) {
      var y = TOP + i * ROW;
      var link = make("a", b.href ? { href: b.href } : {});
      link.setAttribute("class", "pg-bar-link");
      link.appendChild(make("title", {}, b.label + "：" + b.shown + (b.quote ? "\n" + b.quote : "")));
      link.appendChild(make("text", { x: LABEL - 6, y: y + ROW * 0.7, "text-anchor": "end" }, b.label));
      var x0 = Math.min(x(0), x(b.value)), w = Math.abs(x(b.value) - x(0));
      link.appendChild(make("rect", { "class": b.role === "result" ? "pg-bar-result" : "pg-bar-value",
                                      x: x0, y: y + 3, width: Math.max(1, w), height: ROW - 6 }));
      if (b.max !== null && b.max > b.value) {
        link.appendChild(make("rect", { "class": "pg-bar-range", x: x(b.value), y: y + 3,
                                        width: Math.max(1, x(b.max) - x(b.value)), height: ROW - 6 }));
      }
      link.appendChild(make("text", { x: x(b.max === null ? Math.max(b.value, 0) : b.max) + 6, y: y + ROW * 0.7 }, b.shown));
      svg.appendChild(link);
    });
    svg.setAttribute("data-bars", String(drawn.length));
    document.querySelectorAll('.pg-chart-note[data-table="' + table.id + '"]').forEach(function (note) {
      var other = all.length - drawn.length;
      note.textContent = drawn.length ? ("单位 unit “" + (unit || "—") + "”：" + drawn.length + " 个数值"
        + (other ? "；另有 " + other + " 个其他单位的数值未画出（用筛选只看一种）" : "")) : "没有可画的数值";
    });
  }

  document.querySelectorAll("svg.pg-chart").forEach(function (svg) {
    var table = document.getElementById(svg.getAttribute("data-table"));
    if (!table) return;
    draw(svg, table);
    table.addEventListener("pg-table-change", function () { draw(svg, table); });
  });
  document.body.setAttribute("data-chart-ready", "1");
})();
