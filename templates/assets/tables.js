/*
 * Tables of the reference site: `table.sortable` gets a sort button in each column heading (numbers sort as numbers,
 * the rest as text; aria-sort says the order), and a `form[data-filter-for]` filters the rows of its table: each
 * select matches the row's `data-<name>` attribute, a search input the row's text. Without JavaScript every row shows.
 */
(function () {
  'use strict';
  function cellValue(row, i) {
    var c = row.cells[i];
    var t = c ? c.textContent.trim() : '';
    var n = t.replace(/[,\s%]/g, '');
    return /^-?\d+(\.\d+)?$/.test(n) ? { num: true, v: parseFloat(n) } : { num: false, v: t.toLowerCase() };
  }
  function sortBy(table, th, i) {
    var body = table.tBodies[0];
    var asc = th.getAttribute('aria-sort') !== 'ascending';
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
    // Rows marked .total stay last whatever the order.
    var rows = Array.prototype.filter.call(body.rows, function (r) { return !r.classList.contains('total'); });
    var totals = Array.prototype.filter.call(body.rows, function (r) { return r.classList.contains('total'); });
    rows.sort(function (a, b) {
      var x = cellValue(a, i), y = cellValue(b, i);
      var d = x.num && y.num ? x.v - y.v : String(x.v).localeCompare(String(y.v), undefined, { numeric: true });
      return asc ? d : -d;
    });
    rows.concat(totals).forEach(function (r) { body.appendChild(r); });
  }
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    if (!table.tHead || !table.tBodies[0]) return;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'sort';
      b.textContent = th.textContent;
      b.title = 'Sort by ' + th.textContent;
      th.textContent = '';
      th.appendChild(b);
      b.addEventListener('click', function () { sortBy(table, th, i); });
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll('form[data-filter-for]'), function (form) {
    var table = document.getElementById(form.getAttribute('data-filter-for'));
    if (!table) return;
    var out = form.querySelector('output');
    form.classList.remove('hidden');
    function apply() {
      var selects = Array.prototype.filter.call(form.elements, function (e) { return e.tagName === 'SELECT' && e.value; });
      var q = (form.querySelector('input[type=search]') || { value: '' }).value.trim().toLowerCase();
      var shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
        var ok = selects.every(function (s) { return r.getAttribute('data-' + s.name) === s.value; }) && (!q || r.textContent.toLowerCase().indexOf(q) !== -1);
        r.hidden = !ok;
        if (ok) shown++;
      });
      if (out) out.textContent = shown + ' of ' + table.tBodies[0].rows.length + ' rows';
    }
    form.addEventListener('input', apply);
    form.addEventListener('change', apply);
    form.addEventListener('submit', function (ev) { ev.preventDefault(); apply(); });
    // A filter can be linked to: map.html?kind=us_only_anti_terrorism&cat=5
    var params = new URLSearchParams(location.search);
    Array.prototype.forEach.call(form.elements, function (e) { if (e.name && params.has(e.name)) e.value = params.get(e.name); });
    apply();
  });
})();
