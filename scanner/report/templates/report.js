(function () {
  "use strict";
  // The findings live in one JSON block; only the rows of the current page are in the DOM, so 10,000
  // findings filter and sort instantly. Text is set with textContent only: no markup from data.
  var D = JSON.parse(document.getElementById("sfp-data").textContent);
  var SEV = D.severities, RULES = D.rules, T = D.table, ROWS = T.rows;
  // Join the lookup tables back (see findings_table in html.py): full paths, "Type Name" resources.
  T.files = T.files.map(function (f) { return T.folders[f[0]] + f[1]; });
  function message(index, name) { var m = T.messages[index]; return typeof m === "string" ? m : m.join(name); }
  ROWS.forEach(function (r) {
    var name = T.names[r[5][1]];
    r[2] = message(r[2], name);
    r[9].forEach(function (rel) { rel[2] = message(rel[2], name); });
    r[5] = (T.types[r[5][0]] + " " + name).trim();
  });
  var body = document.getElementById("findings-body");
  var info = document.getElementById("findings-info");
  var prev = document.getElementById("page-prev"), next = document.getElementById("page-next");
  var state = {sev: {}, area: "", rule: "", status: "", q: "", sort: "", dir: 1, page: 0, size: 100, shown: [], open: {},
               group: "", groups: {}, items: []};
  SEV.forEach(function (s) { state.sev[s] = true; });
  var haystack = null;

  function text(r) {
    var rule = RULES[r[1]];
    return [rule[0], rule[1], rule[2], SEV[r[0]], r[2], r[5], T.files[r[3]], T.statuses[r[6]]].join(" ").toLowerCase();
  }
  var KEYS = {
    severity: function (r) { return r[0]; },
    rule: function (r) { return RULES[r[1]][0]; },
    area: function (r) { return RULES[r[1]][1]; },
    resource: function (r) { return r[5].toLowerCase(); },
    message: function (r) { return r[2].toLowerCase(); },
    location: function (r) { return T.files[r[3]] + ":" + ("000000" + r[4]).slice(-7); },
    status: function (r) { return T.statuses[r[6]]; }
  };

  function apply() {
    var q = state.q, shown = [];
    if (q && haystack === null) { haystack = ROWS.map(text); }
    for (var i = 0; i < ROWS.length; i++) {
      var r = ROWS[i], rule = RULES[r[1]];
      if (!state.sev[SEV[r[0]]]) continue;
      if (state.area && rule[1] !== state.area) continue;
      if (state.rule && rule[0] !== state.rule) continue;
      if (state.status && T.statuses[r[6]] !== state.status) continue;
      if (q && haystack[i].indexOf(q) < 0) continue;
      shown.push(i);
    }
    if (state.sort) {
      var key = KEYS[state.sort], dir = state.dir;
      var keyed = shown.map(function (i) { return [key(ROWS[i]), i]; });
      keyed.sort(function (a, b) { return a[0] < b[0] ? -dir : a[0] > b[0] ? dir : a[1] - b[1]; });
      shown = keyed.map(function (k) { return k[1]; });
    }
    state.shown = shown;
    state.page = 0;
    regroup();
  }

  // Grouped, the table lists one header row per rule or resource (in the order of the sorted rows, with its
  // count) and the rows of the groups the reader opened; paging counts both.
  var GROUP_KEYS = {
    rule: function (r) { return RULES[r[1]][0] + ": " + RULES[r[1]][2]; },
    resource: function (r) { return r[5]; }
  };
  function regroup() {
    if (!state.group) { state.items = state.shown; draw(); return; }
    var key = GROUP_KEYS[state.group], order = [], members = {};
    state.shown.forEach(function (i) {
      var k = key(ROWS[i]);
      if (!members[k]) { members[k] = []; order.push(k); }
      members[k].push(i);
    });
    var items = [];
    order.forEach(function (k) {
      items.push({group: k, rows: members[k]});
      if (state.groups[k]) items.push.apply(items, members[k]);
    });
    state.items = items;
    draw();
  }

  function groupRow(item) {
    var tr = document.createElement("tr"), td = document.createElement("td"), worst = SEV.length;
    item.rows.forEach(function (i) { worst = Math.min(worst, ROWS[i][0]); });
    tr.className = "grouphead";
    tr.tabIndex = 0;
    tr.setAttribute("data-group", item.group);
    tr.setAttribute("aria-expanded", state.groups[item.group] ? "true" : "false");
    td.colSpan = 6;
    td.appendChild(span("sev " + SEV[worst], SEV[worst]));
    td.appendChild(document.createTextNode(" " + item.group + " "));
    td.appendChild(span("count", item.rows.length + " finding" + (item.rows.length === 1 ? "" : "s")));
    tr.appendChild(td);
    return tr;
  }

  function cell(tr, content, cls) {
    var td = document.createElement("td");
    if (cls) td.className = cls;
    if (typeof content === "string") td.textContent = content; else td.appendChild(content);
    tr.appendChild(td);
    return td;
  }
  function span(cls, content) {
    var el = document.createElement("span");
    el.className = cls;
    el.textContent = content;
    return el;
  }

  // Long metadata paths wrap after a slash rather than mid-word.
  function pathBreaks(path) {
    var frag = document.createDocumentFragment(), parts = path.split("/");
    parts.forEach(function (part, i) {
      frag.appendChild(document.createTextNode(part + (i < parts.length - 1 ? "/" : "")));
      if (i < parts.length - 1) frag.appendChild(document.createElement("wbr"));
    });
    return frag;
  }

  // A finding's detail: what identifies it across scans, and the waiver entry that would accept it.
  function detail(index) {
    var r = ROWS[index], tr = document.createElement("tr"), td = document.createElement("td");
    tr.className = "detail";
    td.colSpan = 6;
    var dl = document.createElement("dl");
    [["Rule", RULES[r[1]][0] + ": " + RULES[r[1]][2]], ["Resource", r[5]], ["Key", T.keys[r[8]]], ["Fingerprint", r[7]],
     ["Status", T.statuses[r[6]]]].forEach(function (pair) {
      var dt = document.createElement("dt"), dd = document.createElement("dd");
      dt.textContent = pair[0];
      dd.textContent = pair[1];
      dl.appendChild(dt);
      dl.appendChild(dd);
    });
    td.appendChild(dl);
    if (r[9].length) {  // every element of the weakness, where it is
      var ol = document.createElement("ol");
      r[9].forEach(function (rel) {
        var li = document.createElement("li");
        li.appendChild(span("mono", T.files[rel[0]] + ":" + rel[1]));
        li.appendChild(document.createTextNode(" " + rel[2]));
        ol.appendChild(li);
      });
      td.appendChild(ol);
    }
    var pre = document.createElement("pre");
    pre.textContent = "# waivers file entry (--waivers) to accept this finding\nwaivers:\n  - fingerprint: " + r[7] +
      "\n    justification: <why the risk is accepted>\n    owner: <who answers for it>\n    expires: <YYYY-MM-DD>";
    td.appendChild(pre);
    tr.appendChild(td);
    return tr;
  }

  function toggle(tr) {
    var index = parseInt(tr.getAttribute("data-index"), 10), next = tr.nextSibling;
    if (state.open[index]) {
      delete state.open[index];
      if (next && next.className === "detail") body.removeChild(next);
    } else {
      state.open[index] = true;
      body.insertBefore(detail(index), next);
    }
    tr.setAttribute("aria-expanded", state.open[index] ? "true" : "false");
  }

  function draw() {
    var items = state.items, total = items.length, size = state.size;
    var pages = Math.max(1, Math.ceil(total / size));
    if (state.page >= pages) state.page = pages - 1;
    var start = state.page * size, end = Math.min(total, start + size);
    var frag = document.createDocumentFragment();
    for (var k = start; k < end; k++) {
      if (typeof items[k] === "object") { frag.appendChild(groupRow(items[k])); continue; }
      var r = ROWS[items[k]], rule = RULES[r[1]], sev = SEV[r[0]], status = T.statuses[r[6]];
      var tr = document.createElement("tr");
      tr.className = "finding";
      tr.tabIndex = 0;
      tr.setAttribute("data-index", items[k]);
      tr.setAttribute("aria-expanded", state.open[items[k]] ? "true" : "false");
      tr.setAttribute("data-severity", sev);
      tr.setAttribute("data-rule", rule[0]);
      cell(tr, span("sev " + sev, sev));
      var a = document.createElement("a");
      a.href = "#rule-" + rule[0];
      a.textContent = rule[0];
      a.title = rule[2];
      cell(tr, a, "mono nowrap");
      cell(tr, rule[1]);
      cell(tr, r[5]);
      var msg = cell(tr, r[2]);
      if (status !== "open") { msg.appendChild(document.createTextNode(" ")); msg.appendChild(span("badge status-" + status, status)); }
      var file = T.files[r[3]];
      cell(tr, file ? pathBreaks(file + ":" + r[4]) : "(org)", "loc mono");
      frag.appendChild(tr);
      if (state.group) tr.className += " member";
      if (state.open[items[k]]) frag.appendChild(detail(items[k]));
    }
    body.textContent = "";
    body.appendChild(frag);
    var fmt = function (n) { return n.toLocaleString("en-US"); };
    var matching = state.shown.length, what = state.group ? " rows of " + fmt(matching) : "";
    info.textContent = matching === 0 ? "No findings match the filters." :
      "Showing " + fmt(start + 1) + "–" + fmt(end) + " of " + fmt(state.group ? total : matching) + what +
      " matching finding" + (matching === 1 ? "" : "s") +
      (matching !== ROWS.length ? " (" + fmt(ROWS.length) + " in total)" : "");
    prev.disabled = state.page === 0;
    next.disabled = end >= total;
  }

  function toggleGroup(tr) {
    var key = tr.getAttribute("data-group"), page = state.page;
    state.groups[key] = !state.groups[key];
    regroup();
    state.page = page;
    draw();
  }
  body.addEventListener("click", function (e) {
    var head = e.target.closest("tr.grouphead");
    if (head) { toggleGroup(head); return; }
    var tr = e.target.closest("tr.finding");
    if (tr && !e.target.closest("a")) toggle(tr);
  });
  body.addEventListener("keydown", function (e) {
    if ((e.key === "Enter" || e.key === " ") && e.target.matches("tr.finding")) { e.preventDefault(); toggle(e.target); }
    if ((e.key === "Enter" || e.key === " ") && e.target.matches("tr.grouphead")) { e.preventDefault(); toggleGroup(e.target); }
  });

  function on(id, ev, fn) { var el = document.getElementById(id); if (el) el.addEventListener(ev, fn); return el; }
  document.querySelectorAll("input[name=sev]").forEach(function (box) {
    box.addEventListener("change", function () { state.sev[box.value] = box.checked; apply(); });
  });
  on("f-area", "change", function (e) { state.area = e.target.value; apply(); });
  on("f-rule", "change", function (e) { state.rule = e.target.value; apply(); });
  on("f-status", "change", function (e) { state.status = e.target.value; apply(); });
  on("f-group", "change", function (e) { state.group = e.target.value; state.groups = {}; state.page = 0; regroup(); });
  on("f-size", "change", function (e) { state.size = parseInt(e.target.value, 10); draw(); });
  var timer = null;
  on("f-search", "input", function (e) {
    clearTimeout(timer);
    timer = setTimeout(function () { state.q = e.target.value.trim().toLowerCase(); apply(); }, 120);
  });
  on("page-prev", "click", function () { state.page -= 1; draw(); });
  on("page-next", "click", function () { state.page += 1; draw(); });
  document.querySelectorAll("th.sortable").forEach(function (th) {
    th.addEventListener("click", function () {
      var col = th.getAttribute("data-sort");
      state.dir = state.sort === col ? -state.dir : 1;
      state.sort = col;
      document.querySelectorAll("th.sortable").forEach(function (o) { o.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", state.dir === 1 ? "ascending" : "descending");
      apply();
    });
  });
  // A severity card shows just that severity in the table.
  document.querySelectorAll("button.card[data-severity]").forEach(function (card) {
    card.addEventListener("click", function () {
      var only = card.getAttribute("data-severity");
      document.querySelectorAll("input[name=sev]").forEach(function (box) {
        box.checked = box.value === only;
        state.sev[box.value] = box.checked;
      });
      apply();
      document.getElementById("findings").scrollIntoView();
    });
  });
  // A drift status chip shows the findings with that status.
  document.querySelectorAll("button.status-chip").forEach(function (chip) {
    chip.addEventListener("click", function () {
      var select = document.getElementById("f-status");
      if (!select) return;
      select.value = chip.getAttribute("data-status");
      state.status = select.value;
      apply();
      document.getElementById("findings").scrollIntoView();
    });
  });
  // The access matrix: every sensitive object and field, 50 to a page; a row opens its grants.
  function accessTable() {
    var A = D.access, abody = document.getElementById("access-body");
    if (!A || !abody) return;
    var AR = A.rows, ast = {page: 0, size: 50, guest: false, q: "", shown: [], open: {}}, W = A.words, parent = "";
    var AF = A.files.map(function (f) { return A.folders[f[0]] + f[1]; });
    AR.forEach(function (t) {  // full names, and the words and paths the rows hold as indexes
      if (t[1]) t[0] = parent + "." + t[0]; else parent = t[0];
      t[1] = t[1] ? "field" : "object";
      t[7] = W[t[7]];
      t[9] = t[9].map(function (g) { return [W[g[0]], W[g[1]], W[g[2]], W[g[3]], AF[g[4]], g[5], g[6]]; });
    });
    var ainfo = document.getElementById("access-info");
    var aprev = document.getElementById("access-prev"), anext = document.getElementById("access-next");
    function grants(index) {
      var t = AR[index], tr = document.createElement("tr"), td = document.createElement("td");
      tr.className = "detail";
      td.colSpan = 6;
      td.appendChild(span("note", t[7]));
      var table = document.createElement("table"), head = document.createElement("tr");
      ["Holder", "Type", "Access", "How", "Where"].forEach(function (h) {
        var th = document.createElement("th"); th.textContent = h; head.appendChild(th);
      });
      table.appendChild(head);
      t[9].forEach(function (g) {
        var row = document.createElement("tr");
        if (g[6]) row.className = "guest";
        cell(row, g[0] + (g[6] ? " (guest)" : ""));
        cell(row, g[1]);
        cell(row, g[2]);
        cell(row, g[3]);
        cell(row, pathBreaks(g[4] + (g[5] ? ":" + g[5] : "")), "loc mono");
        table.appendChild(row);
      });
      td.appendChild(t[9].length ? table : span("empty", "No retrieved profile, permission set or sharing rule grants access."));
      if (t[8] > t[9].length) td.appendChild(span("note", " … and " + (t[8] - t[9].length) + " more grants (guest grants come first); the JSON report holds the full model."));
      tr.appendChild(td);
      return tr;
    }
    function adraw() {
      var total = ast.shown.length, pages = Math.max(1, Math.ceil(total / ast.size));
      if (ast.page >= pages) ast.page = pages - 1;
      var start = ast.page * ast.size, end = Math.min(total, start + ast.size), frag = document.createDocumentFragment();
      for (var k = start; k < end; k++) {
        var i = ast.shown[k], t = AR[i], tr = document.createElement("tr");
        tr.className = "target-row" + (t[2] ? " guest" : "");
        tr.tabIndex = 0;
        tr.setAttribute("data-index", i);
        tr.setAttribute("aria-expanded", ast.open[i] ? "true" : "false");
        cell(tr, t[0], "mono" + (t[1] === "field" ? " indent" : ""));
        cell(tr, t[2] ? span("badge guest", "reachable") : "no");
        for (var h = 3; h < 7; h++) cell(tr, String(t[h]));
        frag.appendChild(tr);
        if (ast.open[i]) frag.appendChild(grants(i));
      }
      abody.textContent = "";
      abody.appendChild(frag);
      ainfo.textContent = total === 0 ? "Nothing matches." : "Showing " + (start + 1) + "–" + end + " of " + total +
        " sensitive objects and fields" + (total !== AR.length ? " (" + AR.length + " in total)" : "");
      aprev.disabled = ast.page === 0;
      anext.disabled = end >= total;
    }
    function afilter() {
      ast.shown = [];
      for (var i = 0; i < AR.length; i++) {
        if (ast.guest && !AR[i][2]) continue;
        if (ast.q && AR[i][0].toLowerCase().indexOf(ast.q) < 0) continue;
        ast.shown.push(i);
      }
      ast.page = 0;
      adraw();
    }
    abody.addEventListener("click", function (e) {
      var tr = e.target.closest("tr.target-row");
      if (!tr) return;
      var i = parseInt(tr.getAttribute("data-index"), 10);
      ast.open[i] = !ast.open[i];
      adraw();
    });
    on("a-guest", "change", function (e) { ast.guest = e.target.checked; afilter(); });
    on("a-search", "input", function (e) { ast.q = e.target.value.trim().toLowerCase(); afilter(); });
    on("access-prev", "click", function () { ast.page -= 1; adraw(); });
    on("access-next", "click", function () { ast.page += 1; adraw(); });
    afilter();
  }

  // Printing shows every matching finding, not just the current page.
  var saved = null;
  window.addEventListener("beforeprint", function () {
    saved = [state.size, state.page];
    state.size = Math.max(1, state.items.length);  // one page holding every matching row
    state.page = 0;
    draw();
  });
  window.addEventListener("afterprint", function () {
    if (saved) { state.size = saved[0]; state.page = saved[1]; draw(); saved = null; }
  });
  apply();
  accessTable();
  document.documentElement.setAttribute("data-ready", "1");
}());
