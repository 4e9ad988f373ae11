/* PlanGraph table pages: sortable, filterable tables (graph/pages.py).
 *
 * Consumes: <table class="pg-sortable" id=…> whose cells may carry data-sort (the key to sort
 * on) and data-value (the key to filter on); <th data-type="num"> sorts numerically and
 * <th data-column=NAME> names a column for a filter. Filters: <input class="pg-filter"
 * data-table=ID> (text anywhere in the row), <select|input type=checkbox
 * class="pg-filter-column" data-table=ID data-column=NAME> (the cell's data-value).
 * Produces: the sorted and filtered rows, "n / N" in .pg-shown[data-table=ID], and a
 * "pg-table-change" event on the table after every change (lib/chart.js redraws on it).
 * Only rows are moved and hidden: no text is ever parsed as HTML.
 */
(function () {
  "use strict";

  function cellKey(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
  }

  function compare(numeric) {
    return function (a, b) {
      if (numeric) {
        var x = parseFloat(a.key), y = parseFloat(b.key);
        var nx = isNaN(x), ny = isNaN(y);
        if (nx || ny) return nx === ny ? a.pos - b.pos : (nx ? 1 : -1);  // blanks last
        return x === y ? a.pos - b.pos : x - y;
      }
      var c = a.key.localeCompare(b.key, "zh-CN");
      return c === 0 ? a.pos - b.pos : c;
    };
  }

  function changed(table) {
    var rows = table.tBodies[0] ? table.tBodies[0].rows : [];
    var shown = 0;
    for (var i = 0; i < rows.length; i++) if (!rows[i].hidden) shown++;
    document.querySelectorAll('.pg-shown[data-table="' + table.id + '"]').forEach(function (el) {
      el.textContent = "显示 " + shown + " / " + rows.length;
    });
    table.setAttribute("data-shown", String(shown));
    table.dispatchEvent(new CustomEvent("pg-table-change"));
  }

  function sortBy(table, index, th) {
    var body = table.tBodies[0];
    if (!body) return;
    var descending = th.getAttribute("aria-sort") === "ascending";
    var numeric = th.getAttribute("data-type") === "num";
    var items = Array.prototype.map.call(body.rows, function (row, pos) {
      return { row: row, key: cellKey(row, index), pos: pos };
    });
    items.sort(compare(numeric));
    if (descending) items.reverse();
    table.querySelectorAll("thead th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
    items.forEach(function (item) { body.appendChild(item.row); });
    changed(table);
  }

  function columnIndex(table, name) {
    var ths = table.querySelectorAll("thead th");
    for (var i = 0; i < ths.length; i++) if (ths[i].getAttribute("data-column") === name) return i;
    return -1;
  }

  function applyFilters(table) {
    var text = "";
    document.querySelectorAll('.pg-filter[data-table="' + table.id + '"]').forEach(function (input) {
      text = input.value.trim().toLowerCase();
    });
    var columns = [];
    document.querySelectorAll('.pg-filter-column[data-table="' + table.id + '"]').forEach(function (input) {
      var want = input.type === "checkbox" ? (input.checked ? input.value : "") : input.value;
      if (want) columns.push({ index: columnIndex(table, input.getAttribute("data-column")), want: want });
    });
    var body = table.tBodies[0];
    if (!body) return;
    Array.prototype.forEach.call(body.rows, function (row) {
      var ok = !text || row.textContent.toLowerCase().indexOf(text) >= 0;
      columns.forEach(function (c) {
        var cell = row.cells[c.index];
        if (!cell || cell.getAttribute("data-value") !== c.want) ok = false;
      });
      row.hidden = !ok;
    });
    changed(table);
  }

  document.querySelectorAll("table.pg-sortable").forEach(function (table) {
    table.querySelectorAll("thead th").forEach(function (th, index) {
      th.setAttribute("tabindex", "0");
      th.title = "点击排序 click to sort";
      th.addEventListener("click", function () { sortBy(table, index, th); });
      th.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(table, index, th); }
      });
    });
    document.querySelectorAll('.pg-filter[data-table="' + table.id + '"], .pg-filter-column[data-table="' + table.id + '"]')
      .forEach(function (input) {
        input.addEventListener(input.tagName === "SELECT" || input.type === "checkbox" ? "change" : "input",
          function () { applyFilters(table); });
      });
    changed(table);
  });
  document.body.setAttribute("data-tables-ready", "1");
})();
