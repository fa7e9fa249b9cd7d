/* "Check a transaction": posts the form to the dualuse API of the server that serves this page. When the page is
   opened from files or another static host, the API is not there: the page says what to do instead. */
(function () {
  'use strict';
  var form = document.getElementById('check-form');
  var out = document.getElementById('check-result');
  var offline = document.getElementById('check-offline');
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text) e.textContent = text; return e; }
  var served = location.protocol === 'http:' || location.protocol === 'https:';
  if (served) {
    fetch('/readyz').then(function (r) { if (r.ok) offline.classList.add('hidden'); }).catch(function () { /* keep the note */ });
  }
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    out.textContent = '';
    var f = new FormData(form);
    var item = { eccn: String(f.get('eccn') || '').trim() };
    var value = String(f.get('value') || '').trim();
    if (value) item.value_usd = Number(value);
    var body = { destination: String(f.get('destination')), items: [item] };
    if (f.get('date')) body.date = String(f.get('date'));
    if (f.get('end_use')) body.end_uses = [String(f.get('end_use'))];
    if (f.get('end_user_kind')) body.end_user = { kind: String(f.get('end_user_kind')) };
    if (!served) { out.appendChild(el('p', 'warn', 'No server: open this page from the dualuse server (npm start) to check a transaction.')); return; }
    out.appendChild(el('p', 'muted', 'Checking…'));
    fetch('/api/v1/determinations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, j: j }; }); })
      .then(function (res) {
        out.textContent = '';
        if (!res.ok) { out.appendChild(el('p', 'warn', (res.j.error && res.j.error.code) + ': ' + (res.j.error && res.j.error.message))); return; }
        var a = res.j;
        out.appendChild(el('p', 'decision', a.decision.replace(/_/g, ' ').toUpperCase()));
        out.appendChild(el('p', 'muted', 'As of ' + a.as_of + ', edition ' + a.edition.id + '; recorded as ' + a.record_id + '.'));
        var ul = el('ul');
        a.reasons.forEach(function (r) { ul.appendChild(el('li', '', r.decision.replace(/_/g, ' ') + ' — ' + r.code + ': ' + r.text + ' (' + r.citation + ')')); });
        out.appendChild(ul);
        if (a.license_exceptions.length) {
          out.appendChild(el('h2', '', 'Licence exceptions'));
          var ex = el('ul');
          a.license_exceptions.forEach(function (x) { ex.appendChild(el('li', '', x.code + ': ' + x.status.replace(/_/g, ' ') + ' — ' + x.why)); });
          out.appendChild(ex);
        }
        if (a.not_covered.length) {
          out.appendChild(el('h2', '', 'Not checked'));
          var nc = el('ul');
          a.not_covered.forEach(function (x) { nc.appendChild(el('li', '', x)); });
          out.appendChild(nc);
        }
      })
      .catch(function (e) { out.textContent = ''; out.appendChild(el('p', 'warn', 'The server did not answer (' + e.message + '). Is it running? npm start')); });
  });
})();
