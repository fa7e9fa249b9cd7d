/* Analyst page of the suspicious-inquiry exchange: reads GET /api/v1/exchange/networks with the analyst's token and
   draws each network shown (parties and reports, edges where a party is named in a report) as SVG. Every value is
   set as text (never as HTML). */
(function () {
  'use strict';
  var form = document.getElementById('token-form');
  var out = document.getElementById('networks');
  var status = document.getElementById('status');
  var SVG = 'http://www.w3.org/2000/svg';
  function el(tag, text, cls) { var e = document.createElement(tag); if (text !== undefined && text !== null) e.textContent = String(text); if (cls) e.className = cls; return e; }
  function svg(tag, attrs) { var e = document.createElementNS(SVG, tag); Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); }); return e; }
  function list(label, xs) { if (!xs || !xs.length) return null; var p = el('p'); p.appendChild(el('strong', label + ': ')); p.appendChild(document.createTextNode(xs.join('; '))); return p; }
  function graph(c) {
    var n = c.graph.nodes.length, w = 640, h = Math.max(220, Math.min(520, 80 + n * 18)), cx = w / 2, cy = h / 2, r = Math.min(cx, cy) - 50;
    var pos = {};
    c.graph.nodes.forEach(function (node, i) { var a = (2 * Math.PI * i) / n; pos[node.id] = { x: cx + r * Math.cos(a), y: cy + r * Math.sin(a) }; });
    var s = svg('svg', { 'class': 'network', role: 'img', width: w, height: h, viewBox: '0 0 ' + w + ' ' + h });
    var t = svg('title', {}); t.textContent = 'Network ' + c.id + ': ' + c.parties.length + ' parties in ' + c.reports + ' reports'; s.appendChild(t);
    c.graph.edges.forEach(function (e) { var a = pos[e.from], b = pos[e.to]; if (a && b) s.appendChild(svg('line', { x1: a.x, y1: a.y, x2: b.x, y2: b.y })); });
    c.graph.nodes.forEach(function (node) {
      var p = pos[node.id];
      s.appendChild(svg('circle', { cx: p.x, cy: p.y, r: node.kind === 'party' ? 9 : 6, 'class': node.kind }));
      var label = svg('text', { x: p.x + 12, y: p.y + 4 }); label.textContent = node.kind === 'party' ? node.label : node.id; s.appendChild(label);
    });
    return s;
  }
  function render(data) {
    out.textContent = '';
    out.appendChild(el('p', data.shown + ' networks reported by at least ' + data.k + ' members; ' + data.hidden + ' below that (counts only).'));
    data.clusters.filter(function (c) { return c.shown; }).forEach(function (c) {
      var sec = el('section', null, 'cluster');
      sec.appendChild(el('h2', 'Network ' + c.id + ' — ' + c.reports + ' reports from ' + c.members + ' members, ' + c.first_received + ' to ' + c.last_received));
      sec.appendChild(graph(c));
      [list('Items sought', c.items.map(function (x) { return (x.eccn || x.description) + ' (' + x.reports + ')'; })),
        list('Red flags', c.red_flags.map(function (x) { return x.code + ' (' + x.reports + ')'; })),
        list('Countries', c.countries), list('Destinations', c.destinations)].forEach(function (p) { if (p) sec.appendChild(p); });
      var ul = el('ul');
      c.parties.forEach(function (p) {
        var li = el('li');
        li.appendChild(el('strong', p.node + ' ' + (p.names[0] || p.emails[0] || p.phones[0] || '')));
        li.appendChild(document.createTextNode(' — ' + p.roles.join(', ') + '; in ' + p.reports + ' reports; ' + [p.names.join(' / '), p.emails.join(', '), p.phones.join(', '), p.domains.join(', '), p.addresses.join(' / '), p.countries.join(', ')].filter(Boolean).join('; ')));
        if (p.list_matches.length) li.appendChild(el('span', ' — list match: ' + p.list_matches.map(function (m) { return m.entry + ' [' + m.list + ', ' + m.band + ']'; }).join('; '), 'warn'));
        ul.appendChild(li);
      });
      sec.appendChild(ul);
      var exp = el('p');
      ['json', 'csv'].forEach(function (f) {
        var b = el('button', 'Export ' + f.toUpperCase()); b.type = 'button';
        b.addEventListener('click', function () { download(c.id, f); });
        exp.appendChild(b); exp.appendChild(document.createTextNode(' '));
      });
      sec.appendChild(exp);
      out.appendChild(sec);
    });
    var hidden = data.clusters.filter(function (c) { return !c.shown; });
    if (hidden.length) {
      var t = el('table', null, 'hidden-clusters'); var cap = el('caption', 'Networks below k (counts only)'); t.appendChild(cap);
      var head = el('tr'); ['Network', 'Reports', 'Members', 'Parties', 'Identifiers'].forEach(function (h) { var th = el('th', h); th.scope = 'col'; head.appendChild(th); }); var thead = el('thead'); thead.appendChild(head); t.appendChild(thead);
      var tb = el('tbody'); hidden.forEach(function (c) { var tr = el('tr'); [c.id, c.reports, c.members, c.parties, c.identifiers].forEach(function (v) { tr.appendChild(el('td', v)); }); tb.appendChild(tr); }); t.appendChild(tb);
      out.appendChild(t);
    }
  }
  var token = '';
  function download(id, format) {
    fetch('/api/v1/exchange/networks/' + encodeURIComponent(id) + '/export?format=' + format, { headers: { authorization: 'Bearer ' + token } })
      .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.blob(); })
      .then(function (b) { var a = document.createElement('a'); a.href = URL.createObjectURL(b); a.download = id + '.' + format; document.body.appendChild(a); a.click(); a.remove(); })
      .catch(function (e) { status.textContent = 'Export failed: ' + e.message; });
  }
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    token = document.getElementById('token').value.trim();
    status.textContent = 'Loading…';
    fetch('/api/v1/exchange/networks', { headers: { authorization: 'Bearer ' + token } })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, j: j }; }); })
      .then(function (res) {
        if (!res.ok) { status.textContent = res.j.error.code + ': ' + res.j.error.message; out.textContent = ''; return; }
        status.textContent = 'Loaded ' + res.j.clusters.length + ' networks.';
        render(res.j);
      })
      .catch(function (e) { status.textContent = 'The server did not answer (' + e.message + ').'; });
  });
})();
