/* Editions page: compares any two dates through the dualuse API when the page is served by it. */
(function () {
  'use strict';
  var form = document.getElementById('diff-form');
  var out = document.getElementById('diff-result');
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text) e.textContent = text; return e; }
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var from = document.getElementById('diff-from').value;
    var to = document.getElementById('diff-to').value;
    out.textContent = '';
    if (location.protocol !== 'http:' && location.protocol !== 'https:') { out.appendChild(el('p', 'warn', 'No server: open this page from the dualuse server (npm start), or run: npx dualuse diff --from ' + from + ' --to ' + to)); return; }
    out.appendChild(el('p', 'muted', 'Comparing…'));
    fetch('/api/v1/diff?from=' + encodeURIComponent(from) + '&to=' + encodeURIComponent(to))
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, j: j }; }); })
      .then(function (res) {
        out.textContent = '';
        if (!res.ok) { out.appendChild(el('p', 'warn', res.j.error.code + ': ' + res.j.error.message)); return; }
        var s = res.j.summary;
        out.appendChild(el('p', '', s.entries_amended + ' entries amended, ' + s.entries_added + ' added, ' + s.entries_removed + ' removed; ' + s.chart_cells_changed + ' chart cells; ' + s.decisions_changed + ' licence decisions changed.'));
        var ul = el('ul');
        res.j.decisions.changed.slice(0, 200).forEach(function (c) { ul.appendChild(el('li', '', c.eccn + ' → ' + c.destination_name + ': ' + c.from.decision.replace(/_/g, ' ') + ' → ' + c.to.decision.replace(/_/g, ' '))); });
        out.appendChild(ul);
      })
      .catch(function (e) { out.textContent = ''; out.appendChild(el('p', 'warn', 'The server did not answer (' + e.message + ').')); });
  });
})();
