/* PlanGraph view: draws the graph data of one page with vis-network.
 *
 * Consumes: the JSON in <script id="pg-data"> written by graph/views.py
 * (vis-network node and edge records with precomputed x/y, plus our fields:
 * cls, tip {head, rows, quote}, search, page).
 * Produces: the network, the search box, the class filter (legend check
 * boxes), the details panel, and window.plangraph for tests and benchmarks.
 *
 * Every piece of source text is put into the page with textContent or as a DOM
 * element title, never as HTML: plan texts are data, not markup.
 */
(function () {
  "use strict";

  var started = performance.now();
  var data = JSON.parse(document.getElementById("pg-data").textContent);

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // A tooltip as a DOM element (vis-network shows an Element as it is).
  function tipElement(tip) {
    var box = el("div", "pg-tip");
    box.appendChild(el("div", "pg-tip-head", tip.head));
    var table = el("table", "pg-tip-rows");
    (tip.rows || []).forEach(function (row) {
      var tr = el("tr");
      tr.appendChild(el("th", null, row[0]));
      tr.appendChild(el("td", null, row[1]));
      table.appendChild(tr);
    });
    box.appendChild(table);
    if (tip.quote) {
      box.appendChild(el("div", "pg-tip-label", "原文 source"));
      box.appendChild(el("blockquote", "pg-tip-quote", "“" + tip.quote + "”"));
    }
    return box;
  }

  var nodeRecords = data.nodes.map(function (n) {
    var copy = Object.assign({}, n);
    copy.title = tipElement(n.tip);
    return copy;
  });
  var nodes = new vis.DataSet(nodeRecords);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("pg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);

  var state = {
    network: network,
    nodes: nodes,
    edges: edges,
    ready: false,
    readyMs: null,
    scriptMs: null,
    stabilizedMs: null,
    tipElement: tipElement
  };
  window.plangraph = state;

  network.once("afterDrawing", function () {
    state.ready = true;
    state.readyMs = performance.now();
    document.body.setAttribute("data-ready", "1");
  });
  // With physics on, a bounded stabilisation runs; this is when it is done.
  network.on("stabilizationIterationsDone", function () {
    state.stabilizedMs = performance.now();
  });

  // ---- details panel --------------------------------------------------
  var details = document.getElementById("pg-details-body");
  var here = location.pathname.split("/").pop();

  function showDetails(id) {
    var n = nodes.get(id);
    details.textContent = "";
    if (!n) return;
    details.appendChild(tipElement(n.tip));
    if (n.page && n.page.split("#")[0] !== here) {
      var a = el("a", "pg-open", "打开专页 →");
      a.setAttribute("href", n.page);
      details.appendChild(a);
    }
    var links = network.getConnectedEdges(id).map(function (eid) { return edges.get(eid); });
    if (links.length) {
      details.appendChild(el("div", "pg-tip-label", "关系 relations (" + links.length + ")"));
      var ul = el("ul", "pg-links");
      links.forEach(function (e) {
        var other = e.from === id ? e.to : e.from;
        var on = nodes.get(other);
        if (!on) return;
        var li = el("li");
        li.appendChild(el("span", "pg-rel", (e.from === id ? "→ " : "← ") + e.label + " "));
        var b = el("button", "pg-link", on.label);
        b.type = "button";
        b.addEventListener("click", function () { focusNode(other); });
        li.appendChild(b);
        ul.appendChild(li);
      });
      details.appendChild(ul);
    }
  }

  function focusNode(id) {
    if (!nodes.get(id)) return;
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 0.9), animation: false });
    showDetails(id);
  }

  network.on("click", function (params) {
    if (params.nodes.length) showDetails(params.nodes[0]);
  });

  // ---- search -----------------------------------------------------------
  var search = document.getElementById("pg-search");
  var count = document.getElementById("pg-search-count");
  var datalist = document.getElementById("pg-labels");
  var seen = {};
  nodeRecords.forEach(function (n) {
    var label = n.tip && n.tip.rows && n.tip.rows[0] ? n.tip.rows[0][1] : n.label;
    if (seen[label]) return;
    seen[label] = true;
    var opt = document.createElement("option");
    opt.value = label;
    datalist.appendChild(opt);
  });

  function matches(query) {
    var q = query.trim().toLowerCase();
    if (!q) return [];
    return nodes.getIds({
      filter: function (n) { return !n.hidden && n.search.indexOf(q) !== -1; }
    });
  }

  search.addEventListener("input", function () {
    var ids = matches(search.value);
    network.selectNodes(ids);
    count.textContent = search.value.trim() ? ids.length + " 个匹配" : "";
  });
  search.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    var ids = matches(search.value);
    if (ids.length) focusNode(ids[0]);
  });

  // ---- class filter (legend check boxes) ---------------------------------
  Array.prototype.forEach.call(document.querySelectorAll("#pg-legend input[data-cls]"), function (box) {
    box.addEventListener("change", function () {
      var cls = box.getAttribute("data-cls");
      var ids = nodes.getIds({ filter: function (n) { return n.cls === cls; } });
      nodes.update(ids.map(function (id) { return { id: id, hidden: !box.checked }; }));
    });
  });

  // ---- physics (optional) and fit ----------------------------------------
  // Turning physics on runs a bounded stabilisation from the computed layout
  // (so it ends, and emits "stabilized"), then leaves physics on for dragging.
  document.getElementById("pg-physics").addEventListener("change", function (ev) {
    state.stabilizedMs = null;
    network.setOptions({ physics: { enabled: ev.target.checked } });
    if (ev.target.checked) network.stabilize(data.options.physics.stabilization.iterations);
  });
  document.getElementById("pg-fit").addEventListener("click", function () {
    network.fit({ animation: false });
  });

  // ---- #n=<node id> in the address: select and show that node -----------
  function fromHash() {
    var m = /^#n=(.+)$/.exec(location.hash);
    if (m) focusNode(decodeURIComponent(m[1]));
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();

  state.scriptMs = performance.now() - started;
})();
