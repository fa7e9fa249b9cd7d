/* Search page: loads the prebuilt lunr index on first use and shows results; exact ECCN and Wassenaar codes come first.
   Input lunr cannot parse (foo:, ~, +, *ion) falls back to a plain term search instead of failing. */
(function () {
  'use strict';
  var results = document.getElementById('results');
  var input = document.getElementById('q-page');
  var form = document.getElementById('search-page-form');
  var loaded = null;
  function load() {
    if (!loaded) {
      loaded = fetch('assets/search-index.json').then(function (r) {
        if (!r.ok) throw new Error('the search index could not be loaded (' + r.status + ')');
        return r.json();
      }).then(function (data) { return { idx: lunr.Index.load(data.index), store: data.store }; });
    }
    return loaded;
  }
  function plain(idx, q) {
    var terms = q.toLowerCase().replace(/[:~^+*-]/g, ' ').split(/\s+/).filter(Boolean);
    if (!terms.length) return [];
    return idx.query(function (qb) {
      terms.forEach(function (t) { qb.term(t, { wildcard: lunr.Query.wildcard.TRAILING, presence: lunr.Query.presence.OPTIONAL }); });
    });
  }
  function search(db, q) {
    var hits;
    try { hits = db.idx.search(q); } catch { hits = plain(db.idx, q); } // lunr query syntax it cannot parse
    if (!hits.length) hits = plain(db.idx, q);
    // An ECCN code in any spelling: the entry itself first.
    var m = /^\s*(\d[a-e]\d{3})((?:\.[a-z0-9]+)*)\s*$/i.exec(q);
    if (m) {
      var id = 'eccn:' + m[1].toUpperCase();
      if (db.store[id]) hits = [{ ref: id, exact: true }].concat(hits.filter(function (h) { return h.ref !== id; }));
    }
    // A Wassenaar code as typed or as printed (3.A.1, 3.a.1.b, "3. A. 1.", 3a1, ML8, ml8.a): its entry first.
    var w = /^\s*([1-9])\s*\.?\s*([a-e])\s*\.?\s*(\d{1,2})((?:\s*\.\s*[a-z0-9]{1,2})*)\s*\.?\s*$/i.exec(q);
    var ml = /^\s*ml\s*(\d{1,2})((?:\s*\.\s*[a-z0-9]{1,2})*)\s*\.?\s*$/i.exec(q);
    var wid = w ? 'wa:' + w[1] + '.' + w[2].toUpperCase() + '.' + Number(w[3]) : ml ? 'wa:ML' + Number(ml[1]) : null;
    if (wid && db.store[wid]) hits = [{ ref: wid, exact: true }].concat(hits.filter(function (h) { return h.ref !== wid; }));
    // A Country Group code (D:5, d5): the group first.
    var g = /^\s*([a-e]):?(\d)?\s*$/i.exec(q);
    if (g) {
      var gid = 'group:' + g[1].toUpperCase() + (g[2] ? ':' + g[2] : '');
      if (db.store[gid]) hits = [{ ref: gid, exact: true }].concat(hits.filter(function (h) { return h.ref !== gid; }));
    }
    return hits.slice(0, 50);
  }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text) e.textContent = text;
    return e;
  }
  function show(q) {
    results.textContent = '';
    if (!q.trim()) return;
    results.appendChild(el('p', { 'class': 'muted' }, 'Searching…'));
    load().then(function (db) {
      var hits = search(db, q);
      results.textContent = '';
      results.appendChild(el('p', {}, hits.length ? hits.length + ' result' + (hits.length === 1 ? '' : 's') + ' for “' + q + '”' : 'No results for “' + q + '”. Try an ECCN (3A001), a Wassenaar entry (3.A.1), a word of a heading, or a country.'));
      var ol = el('ol');
      hits.forEach(function (h) {
        var d = db.store[h.ref];
        if (!d) return;
        var li = el('li');
        var a = el('a', { href: d.h }, d.t);
        li.appendChild(a);
        li.appendChild(document.createTextNode(' '));
        li.appendChild(el('span', { 'class': 'kind' }, d.k));
        li.appendChild(el('div', {}, d.x));
        ol.appendChild(li);
      });
      results.appendChild(ol);
    }).catch(function (e) {
      results.textContent = '';
      results.appendChild(el('p', { 'class': 'warn' }, 'Search is unavailable: ' + e.message));
    });
  }
  var params = new URLSearchParams(location.search);
  var q = params.get('q') || '';
  input.value = q;
  show(q);
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    history.replaceState(null, '', '?q=' + encodeURIComponent(input.value));
    show(input.value);
  });
})();
