/**
 * The reference site, built from the real knowledge base into a temp folder: a crawl of every page (no broken
 * internal link or anchor, no missing asset, no inline script, landmarks and labels, the edition on every page),
 * the search index size, the Wassenaar pages (structure and headings only: no paragraph text or note is published),
 * and headless Chromium (Debian's /usr/bin/chromium driven by playwright-core) against the site served with the real
 * API: search by words, by ECCN code and by Wassenaar code, a country page, bad queries, the check page.
 * With UPDATE_SCREENSHOTS=1 the browser tests also write docs/screenshots/*.png.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import Handlebars from 'handlebars';
import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, siteIsCurrent, type BuildStats } from '../../src/site/build.ts';
import { createRenderer } from '../../src/site/render.ts';
import { eccnCounterparts, waCounterparts } from '../../src/site/views.ts';
import { wassenaarOf } from '../../src/site/wassenaar.ts';
import { wassenaarOverview } from '../../src/engine/wassenaar.ts';
import { analyse } from '../../src/analysis/index.ts';
import { buildReport, type BurdenReport, type OverlapsReport } from '../../src/analysis/reports.ts';
import { headlineOf } from '../../src/site/reports.ts';
import { loadKnowledgeBase } from '../../src/load/index.ts';
import { createApp } from '../../src/api/app.ts';
import { openRecordStore } from '../../src/records/store.ts';
import { realDeterminer } from '../helpers/determiner.ts';
import { REPO_ROOT } from '../helpers/kb.ts';
import { FIXTURE_KB } from '../helpers/temp.ts';

const dir = mkdtempSync(join(tmpdir(), 'dualuse-site-'));
const out = join(dir, 'site');
const d = realDeterminer();
let stats: BuildStats;
beforeAll(async () => { stats = await buildSite(d, { root: REPO_ROOT, out }); }, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function walk(p: string): string[] {
  return readdirSync(p).flatMap((f) => (statSync(join(p, f)).isDirectory() ? walk(join(p, f)) : [join(p, f)]));
}

describe('site build', () => {
  it('renders every entry, destination, group, exception, edition and diff', () => {
    const s = d.kb.latest();
    const html = walk(out).filter((f) => f.endsWith('.html')).map((f) => relative(out, f));
    expect(stats.pages).toBe(html.length);
    for (const e of s.eccns()) expect(html).toContain(`eccn/${e.eccn}.html`);
    for (const x of [...s.destinations(), ...s.territories()]) expect(html).toContain(`country/${x.code}.html`);
    for (const g of s.groups()) expect(html).toContain(`group/${g.id.replace(':', '')}.html`);
    for (const x of s.licenseExceptions()) expect(html).toContain(`exception/${x.symbol}.html`);
    for (const e of d.kb.editions) expect(html).toContain(`edition/${e.id}.html`);
    expect(html).toEqual(expect.arrayContaining(['index.html', 'api.html', 'check.html', 'search.html', 'diff/2026-01-01_2026-07-23.html', 'diff/2026-07-23_2026-08-07.html', 'diff/2026-01-01_2026-08-07.html']));
    // The Wassenaar list adds its index and one page per entry (173 Dual-Use List entries and ML1–ML22).
    const wa = d.kb.wassenaar().entries();
    expect(wa.length).toBe(195);
    for (const e of wa) expect(html).toContain(`wassenaar/${e.code}.html`);
    expect(html.filter((f) => f.startsWith('wassenaar/')).length).toBe(wa.length + 2); // + the index and the map
    const eds = d.kb.editions.length;
    const ear = s.eccns().length + s.destinations().length + s.territories().length + s.columns().length + s.groups().length + s.licenseExceptions().length
      + eds + (eds - 1) + (eds > 2 ? 1 : 0) // editions and their diffs
      + 9; // the five index pages (ECCNs, destinations, groups, exceptions, editions), home, API, check, search
    expect(stats.pages).toBe(ear + wa.length + 2 + 5); // + the methodology page and the four reports
    expect(html).toEqual(expect.arrayContaining(['reports/index.html', 'reports/overlaps.html', 'reports/unilateral.html', 'reports/outdated.html', 'reports/burden.html']));
  });

  it('has no broken internal link, anchor or asset on any page', () => {
    const files = walk(out).filter((f) => f.endsWith('.html'));
    const ids = new Map<string, Set<string>>();
    const idsOf = (f: string) => { let s = ids.get(f); if (!s) { s = new Set([...readFileSync(f, 'utf8').matchAll(/\sid="([^"]+)"/g)].map((m) => m[1] as string)); ids.set(f, s); } return s; };
    const broken: string[] = [];
    let links = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
        const url = (m[1] as string).replace(/&amp;/g, '&');
        if (/^(https?:|mailto:)/.test(url)) continue;
        links++;
        const [pathPart, frag] = url.split('#') as [string, string | undefined];
        const target = pathPart === '' ? f : resolve(dirname(f), pathPart.split('?')[0] as string);
        if (!target.startsWith(out) || !existsSync(target)) { broken.push(`${relative(out, f)} → ${url}`); continue; }
        if (frag && target.endsWith('.html') && !idsOf(target).has(decodeURIComponent(frag))) broken.push(`${relative(out, f)} → ${url} (no id "${frag}")`);
      }
    }
    expect(broken.slice(0, 20)).toEqual([]);
    expect(links).toBeGreaterThan(10_000);
  });

  it('every page: lang, landmarks, the edition, labelled inputs, no inline script or style', () => {
    for (const f of walk(out).filter((x) => x.endsWith('.html'))) {
      const t = readFileSync(f, 'utf8');
      const name = relative(out, f);
      expect(t, name).toMatch(/<html lang="en">/);
      expect(t, name).toMatch(/<main id="main">/);
      expect(t, name).toMatch(/<nav aria-label="Sections">/);
      expect(t, name).toMatch(/Edition <a href="[^"]*edition\/\d{4}-\d{2}-\d{2}\.html">\d{4}-\d{2}-\d{2}<\/a>/);
      expect(t, name).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/); // every script is a file: a strict CSP holds
      expect(t, name).not.toMatch(/\sstyle="/);
      expect(t, name).not.toMatch(/\son[a-z]+="/); // no inline event handlers
      for (const m of t.matchAll(/<(?:input|select)[^>]*\sid="([^"]+)"/g)) expect(t, `${name}: label for ${m[1]}`).toContain(`<label for="${m[1]}"`);
    }
  });

  it('every page is valid HTML (html-validate, recommended rules: structure, accessibility, deprecated markup)', async () => {
    const hv = new HtmlValidate({ extends: ['html-validate:recommended'] });
    const problems: string[] = [];
    for (const f of walk(out).filter((x) => x.endsWith('.html'))) {
      const report = await hv.validateFile(f);
      for (const r of report.results) for (const m of r.messages) problems.push(`${relative(out, f)}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`);
    }
    expect(problems.slice(0, 20)).toEqual([]);
  }, 120_000);

  it('escapes regulation text (it is data, never markup)', () => {
    const t = readFileSync(join(out, 'eccn/6A003.html'), 'utf8');
    expect(t).toContain('Cameras, systems or equipment, and &quot;components&quot; therefor');
    expect(t).toContain('<a href="../exception/LVS.html">LVS</a>');
  });

  it('a Wassenaar page has the code, heading, category, SL/VSL marks, PDF pages and the official link', () => {
    const wa = d.kb.wassenaar();
    const url = wa.edition.source.official_url;
    expect(url).toMatch(/^https:\/\/www\.wassenaar\.org\//); // as recorded in edition.yaml (MANIFEST.md § 3)
    const t = readFileSync(join(out, 'wassenaar/3.A.1.html'), 'utf8');
    expect(t).toContain('<h1><span class="code">3.A.1</span> Electronic items as follows:</h1>');
    expect(t).toContain('<a href="../wassenaar/index.html#cat-3">Category 3</a>: Electronics');
    expect(t).toContain('<span class="code">3.A</span> Systems, equipment and components');
    expect(t).toContain(`<a class="cite" href="${url}">WA-LIST (25) 1 Corr.`);
    expect(t).toContain(`<a href="${url}#page&#x3D;50">50–66</a>`); // the entry's PDF pages, linked to the first
    expect(t).toMatch(/<abbr class="badge sl" title="Sensitive List: 2 paragraphs \(3\.A\.1\.b\.2, 3\.A\.1\.b\.3\)">SL \(part\)<\/abbr>/);
    expect(t).toContain('<span class="code">3.A.1.b.2</span> <abbr class="badge sl" title="Sensitive List">SL</abbr>');
    expect(t).toContain('<span class="code">3.A.1.a.1.a</span>'); // the structure: every paragraph code
    // A whole entry on both lists, and a Munitions List entry (its printed page numbers are one less than the PDF's).
    const c = readFileSync(join(out, 'wassenaar/1.C.1.html'), 'utf8');
    expect(c).toContain('<abbr class="badge sl" title="Sensitive List: the whole entry">SL</abbr> <abbr class="badge vsl" title="Very Sensitive List: the whole entry">VSL</abbr>');
    const ml = readFileSync(join(out, 'wassenaar/ML8.html'), 'utf8');
    expect(ml).toContain('<h1><span class="code">ML8</span> &quot;Energetic materials&quot; and related substances, as follows:</h1>');
    expect(ml).toContain('(printed 191–199)');
    // The index: every entry with its heading and link, by category and the Munitions List.
    // The index and the map page; on ECCN pages, the divergence section (the items section shows the CCL's own text,
    // which often repeats the list's words: it is the US regulation, not the list).
    const divergenceOf = (eccn: string) => /<section aria-labelledby="h-divergence">[\s\S]*?<\/section>/.exec(readFileSync(join(out, `eccn/${eccn}.html`), 'utf8'))?.[0] ?? '';
    const idx = readFileSync(join(out, 'wassenaar/index.html'), 'utf8') + readFileSync(join(out, 'wassenaar/map.html'), 'utf8');
    expect(divergenceOf('3A001')).toContain('Divergence from Wassenaar');
    for (const id of ['cat-1', 'cat-5', 'cat-9', 'ml']) expect(idx).toContain(`<section id="${id}"`);
    expect(idx).toContain('<td><a href="../wassenaar/3.A.1.html">3.A.1</a></td><td>Electronic items as follows:</td>');
    expect(idx).toContain('<td><a href="../wassenaar/ML22.html">ML22</a></td><td>&quot;Technology&quot; as follows:</td>');
    // Reached from the navigation of every page and from the home page.
    expect(readFileSync(join(out, 'eccn/3A001.html'), 'utf8')).toContain('<li><a href="../wassenaar/index.html">Wassenaar</a></li>');
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toMatch(/<a href="wassenaar\/index\.html">Wassenaar Arrangement list<\/a> \(195 entries/);
  });

  it('no Wassenaar page carries a paragraph text or a note (publication constraint, issue 8)', () => {
    const wa = d.kb.wassenaar();
    // A real paragraph text from the data, absent from its page.
    const text = 'Integrated circuits designed or rated as radiation hardened to withstand any of the following:';
    expect(wa.paragraph('3.A.1.a.1')?.paragraph?.text).toBe(text);
    expect(readFileSync(join(out, 'wassenaar/3.A.1.html'), 'utf8')).not.toContain(Handlebars.escapeExpression(text));
    // Every paragraph text and every note of every entry (long enough not to be a phrase of the heading), on its own
    // page and on the index.
    // The index and the map page; on ECCN pages, the divergence section (the items section shows the CCL's own text,
    // which often repeats the list's words: it is the US regulation, not the list).
    const divergenceOf = (eccn: string) => /<section aria-labelledby="h-divergence">[\s\S]*?<\/section>/.exec(readFileSync(join(out, `eccn/${eccn}.html`), 'utf8'))?.[0] ?? '';
    const idx = readFileSync(join(out, 'wassenaar/index.html'), 'utf8') + readFileSync(join(out, 'wassenaar/map.html'), 'utf8');
    expect(divergenceOf('3A001')).toContain('Divergence from Wassenaar');
    const found: string[] = [];
    let checked = 0;
    for (const e of wa.entries()) {
      const page = readFileSync(join(out, `wassenaar/${e.code}.html`), 'utf8') + (waCounterparts(d.kb, e.code)?.items ?? []).map((i) => divergenceOf(i.code)).join('');
      const texts = [...(e.notes ?? []).map((n) => n.text), ...e.paragraphs.flatMap((p) => [p.text, ...(p.notes ?? []).map((n) => n.text)])].filter((x) => x.length >= 40);
      for (const x of texts) {
        checked++;
        const html = Handlebars.escapeExpression(x);
        if (page.includes(html) || idx.includes(html)) found.push(`${e.code}: ${x.slice(0, 60)}`);
      }
    }
    expect(checked).toBeGreaterThan(2_000);
    expect(found.slice(0, 10)).toEqual([]);
    // The search index holds each entry's code, paragraph codes and heading, nothing else of it.
    const { store } = JSON.parse(readFileSync(join(out, 'assets/search-index.json'), 'utf8')) as { store: Record<string, { k: string; t: string; x: string; h: string }> };
    const docs = Object.entries(store).filter(([id]) => id.startsWith('wa:'));
    expect(docs.length).toBe(wa.entries().length);
    for (const [id, doc] of docs) {
      const e = wa.entry(id.slice(3));
      expect(doc, id).toEqual({ k: e?.list === 'munitions' ? 'Wassenaar Munitions List' : 'Wassenaar Dual-Use List', t: e?.code, x: e?.text, h: `wassenaar/${e?.code}.html` });
    }
  });

  it('shows the ECCN ↔ Wassenaar map on both sides, with codes and the map\'s words only', () => {
    const kb = d.kb;
    expect(eccnCounterparts(kb, '3A001')?.items).toEqual([{ code: '3.A.1', href: 'wassenaar/3.A.1.html', heading: 'Wassenaar Dual-Use List counterpart' }]);
    expect(waCounterparts(kb, '3.A.1')?.items.map((i) => i.code)).toContain('3A001');
    const eccnPage = readFileSync(join(out, 'eccn/3A001.html'), 'utf8');
    expect(eccnPage).toContain('id="h-counterparts"');
    expect(eccnPage).toContain('<a href="../wassenaar/3.A.1.html">3.A.1</a>');
    expect(readFileSync(join(out, 'wassenaar/3.A.1.html'), 'utf8')).toContain('<a href="../eccn/3A001.html">3A001</a>');
    // A US-only entry says why it has no counterpart; 3A090 is proposed as 3.A.90 by the numbering, which the list lacks.
    const us = eccnCounterparts(kb, '3A090');
    expect(us?.items).toEqual([]);
    expect(us?.none).toContain('3.A.90');
    expect(readFileSync(join(out, 'eccn/2B991.html'), 'utf8')).toContain('US-only: anti-terrorism');
    // A 600-series entry links to its Munitions List category; a Wassenaar-only entry says so.
    expect(eccnCounterparts(kb, '9A610')?.items.map((i) => i.code)).toEqual(['ML10']);
    expect(waCounterparts(kb, 'ML1')?.items).toEqual([]);
    expect(readFileSync(join(out, 'wassenaar/ML1.html'), 'utf8')).toContain('Wassenaar-only');
  });

  it('the map page: counts per category as the command prints them, every ECCN and Wassenaar-only entry once, filters', () => {
    const page = readFileSync(join(out, 'wassenaar/map.html'), 'utf8');
    const ov = wassenaarOverview(d.kb);
    const t = ov.summary.total;
    // The total row, cell by cell, is the summary `dualuse wassenaar --summary --json` prints (tests/cli recounts it
    // from the map files).
    const total = /<tr class="total">([\s\S]*?)<\/tr>/.exec(page)?.[1] ?? '';
    const cells = [...total.matchAll(/<td class="num">(\d+)<\/td>/g)].map((m) => Number(m[1]));
    expect(cells).toEqual([t.eccns, t.correlated, t.other_regime, t.plurilateral, t.us_only, t.by_kind.us_only_anti_terrorism, t.other_authority, t.wassenaar_entries, t.wassenaar_only]);
    expect(t.eccns).toBe(638);
    const rows = [...page.matchAll(/<tr data-kind="([a-z_]+)" data-cat="([0-9ML]+)">/g)];
    const map = d.kb.wassenaarMap();
    expect(rows.length).toBe(map.entries().length + map.wassenaarOnly().length);
    for (const k of ['us_only_anti_terrorism', 'wassenaar_dual_use', 'wassenaar_munitions']) expect(rows.filter((r) => r[1] === k).length, k).toBe(map.entries().filter((e) => e.kind === k).length);
    expect(rows.filter((r) => r[1] === 'wassenaar_only').length).toBe(map.wassenaarOnly().length);
    expect(page).toMatch(/<a href="\.\.\/eccn\/3A001\.html"[^>]*>3A001<\/a><\/td><td>3<\/td><td[^>]*>Wassenaar Dual-Use List<\/td><td><a href="\.\.\/wassenaar\/3\.A\.1\.html">3\.A\.1<\/a>/);
    expect(page).toContain('dualuse wassenaar --summary --json');
    // The home page's headline is the same computation.
    const home = readFileSync(join(out, 'index.html'), 'utf8');
    expect(home).toContain(`${t.correlated} (${Math.round((100 * t.correlated) / t.eccns)} %) have a Wassenaar counterpart`);
    expect(home).toContain(`${t.by_kind.us_only_anti_terrorism} are US-only anti-terrorism controls`);
  });

  it('an ECCN page shows its divergence: figures and codes, stricter only when mechanical, the µ/m slip to review', () => {
    const page = readFileSync(join(out, 'eccn/3A001.html'), 'utf8');
    const row = (para: string) => new RegExp(`<td class="code">${para.replace(/\./g, '\\.')}</td>[\\s\\S]*?</tr>`).exec(page)?.[0] ?? '';
    expect(row('3A001.b.7.a')).toContain('<td>90 GHz</td><td>110 GHz</td><td>EAR stricter</td>');
    expect(row('3A001.b.5')).toContain('<td>10 ms</td><td>10 µs</td><td>differs: to review</td>');
    expect(row('3A001.b.5')).toContain('transcription slip');
    // Not compared, and why: a correlated ECCN without items text (Category 9) and a 600-series entry.
    expect(readFileSync(join(out, 'eccn/9A012.html'), 'utf8')).toMatch(/Divergence from Wassenaar[\s\S]*Not compared: the sources carry no List of Items Controlled text/);
    expect(readFileSync(join(out, 'eccn/9A610.html'), 'utf8')).toMatch(/Not compared: the 600 series is linked by Munitions List category/);
    // No counterpart, no divergence section.
    expect(readFileSync(join(out, 'eccn/2B991.html'), 'utf8')).not.toContain('h-divergence');
  });

  it('the reports: the home page\'s headline counts and each report page are the analysis\'s numbers; flags on ECCN and country pages', async () => {
    const a = await analyse(d, REPO_ROOT);
    const h = headlineOf(a);
    const home = readFileSync(join(out, 'index.html'), 'utf8');
    expect(home).toContain(`Of ${h.pairs} (ECCN, destination) pairs, ${h.licence} need a licence`);
    expect(home).toContain(`${h.subsumedCells} chart requirements are subsumed`);
    expect(home).toContain(`${h.unilateralPairs} licence pairs exist only because of unilateral controls`);
    const o = buildReport(a, 'overlaps') as OverlapsReport;
    const ov = readFileSync(join(out, 'reports/overlaps.html'), 'utf8');
    expect(ov).toContain(`<strong>${o.summary.cells_subsumed} cells are subsumed</strong>`);
    expect([...ov.matchAll(/<tr data-rule="/g)].length).toBe(o.findings.length);
    expect(ov).toContain('<svg class="bars"');
    const b = buildReport(a, 'burden') as BurdenReport;
    const bu = readFileSync(join(out, 'reports/burden.html'), 'utf8');
    expect([...bu.matchAll(/<tr data-cat="/g)].length).toBe(b.by_eccn.length);
    expect(bu).toContain(`Of ${b.summary.pairs} (ECCN, destination) pairs, ${b.summary.licence} need a licence`);
    // The methodology page has every rule, its method and citation.
    const m = readFileSync(join(out, 'reports/index.html'), 'utf8');
    for (const r of a.rules) expect(m).toContain(`id="rule-${r.id}"`);
    for (const field of ['summary.cells_subsumed', 'summary.pairs_unilateral_only', 'summary.licence']) expect(m).toContain(`<code>${field}</code>`);
    // Flags: 3A001 is subsumed for Russia and Belarus (§ 746.8) and differs from Wassenaar; Russia's page says so too.
    const e = readFileSync(join(out, 'eccn/3A001.html'), 'utf8');
    expect(e).toMatch(/Chart requirements subsumed for \d+ destinations \([^)]*BY[^)]*RU[^)]*\)/);
    expect(e).toContain('Thresholds differ from the 2025 Wassenaar list');
    expect(readFileSync(join(out, 'eccn/2B991.html'), 'utf8')).toContain('No Wassenaar counterpart and no other regime: a US-only control');
    expect(readFileSync(join(out, 'country/RU.html'), 'utf8')).toMatch(/\d+ Country Chart requirements here are subsumed by a broader requirement/);
  }, 120_000);

  it('a knowledge base without regulations/wassenaar/ builds no Wassenaar pages; a change of the list rebuilds the site', () => {
    expect(wassenaarOf(loadKnowledgeBase(FIXTURE_KB))).toBeUndefined();
    const r = createRenderer(join(REPO_ROOT, 'templates'), { name: 'dualuse', built: '2026-01-01', kbHash: 'x', wassenaar: false });
    expect(r.render('search', { path: 'search.html', title: 'Search', edition: '2026-08-07', description: 'x' })).not.toContain('wassenaar/');
    // build.json records the list's hash (the knowledge base's hash does not cover it).
    const info = JSON.parse(readFileSync(join(out, 'build.json'), 'utf8')) as Record<string, unknown>;
    expect(info.wassenaar_sha256).toBe(d.kb.wassenaar().hash);
    expect(siteIsCurrent(d, out, REPO_ROOT)).toBe(true);
    const other = join(dir, 'other-site');
    mkdirSync(other, { recursive: true });
    writeFileSync(join(other, 'build.json'), JSON.stringify({ ...info, wassenaar_sha256: 'f'.repeat(64) }));
    expect(siteIsCurrent(d, other, REPO_ROOT)).toBe(false);
    const { wassenaar_sha256: _, ...before } = info; // a site built before the Wassenaar pages
    writeFileSync(join(other, 'build.json'), JSON.stringify(before));
    expect(siteIsCurrent(d, other, REPO_ROOT)).toBe(false);
  });

  it('ships a search index of at most 2 MB gzipped', () => {
    expect(stats.indexGzipBytes).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect(existsSync(join(out, 'assets/lunr.js'))).toBe(true);
  });
});

describe('site in headless Chromium', () => {
  let server: Server;
  let base = '';
  let browser: Browser;
  const records = mkdtempSync(join(tmpdir(), 'dualuse-site-records-'));
  const store = openRecordStore(join(records, 'r.sqlite'));
  const consoleErrors: string[] = [];
  const shots = process.env.UPDATE_SCREENSHOTS === '1' ? join(REPO_ROOT, 'docs/screenshots') : undefined;
  beforeAll(async () => {
    server = createServer(createApp({ engine: () => d, records: () => store, siteDir: out, rateLimitPerMinute: 0 }));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    if (shots) mkdirSync(shots, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((r) => server.close(() => r()));
    store.close();
    rmSync(records, { recursive: true, force: true });
  });
  const open = async (path: string): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(`${path}: ${m.text()}`); });
    page.on('pageerror', (e) => consoleErrors.push(`${path}: ${e.message}`));
    await page.goto(`${base}/${path}`);
    return page;
  };
  const resultTitles = async (page: Page) => page.locator('#results li > a').allTextContents();

  it('search by words from the header reaches the entry: "cameras" → 6A003', async () => {
    const page = await open('index.html');
    await page.fill('#q', 'cameras');
    await page.press('#q', 'Enter');
    await page.waitForSelector('#results li > a');
    const titles = await resultTitles(page);
    expect(titles).toContain('6A003');
    if (shots) await page.screenshot({ path: join(shots, 'search.png') });
    await page.click('#results li > a:text-is("6A003")');
    await page.waitForURL(/eccn\/6A003\.html$/);
    expect(await page.locator('h1').textContent()).toContain('6A003');
    if (shots) await page.screenshot({ path: join(shots, 'eccn-6A003.png'), fullPage: false });
    await page.close();
  }, 60_000);

  it('an ECCN or group code in any spelling comes first; country names and words in headings and items are found', async () => {
    for (const [q, first] of [['3a001.b.2', '3A001'], ['3A090', '3A090'], ['D:5', 'Country Group D:5'], ['germany', 'Germany'], ['encryption', undefined], ['centrifuge', undefined]] as const) {
      const page = await open(`search.html?q=${encodeURIComponent(q)}`);
      await page.waitForSelector('#results li > a');
      const titles = await resultTitles(page);
      if (first) expect(titles[0], q).toBe(first);
      else expect(titles.length, q).toBeGreaterThan(0);
      await page.close();
    }
  }, 60_000);

  it('a Wassenaar code or heading word reaches the entry page: "3.A.1" from the header, "spray cooling" → 3.A.3', async () => {
    const page = await open('index.html');
    await page.fill('#q', '3.A.1');
    await page.press('#q', 'Enter');
    await page.waitForSelector('#results li > a');
    expect((await resultTitles(page))[0]).toBe('3.A.1');
    await page.click('#results li > a:text-is("3.A.1")');
    await page.waitForURL(/wassenaar\/3\.A\.1\.html$/);
    expect(await page.locator('h1').textContent()).toBe('3.A.1 Electronic items as follows:');
    expect(await page.locator('a.cite').getAttribute('href')).toBe(d.kb.wassenaar().edition.source.official_url);
    if (shots) await page.screenshot({ path: join(shots, 'wassenaar-3.A.1.png') });
    await page.close();
    for (const [q, want] of [['spray cooling', '3.A.3'], ['3. A. 3.', '3.A.3'], ['ml8.a', 'ML8']] as const) {
      const p = await open(`search.html?q=${encodeURIComponent(q)}`);
      await p.waitForSelector('#results li > a');
      const titles = await resultTitles(p);
      if (q === 'spray cooling') expect(titles, q).toContain(want);
      else expect(titles[0], q).toBe(want);
      await p.close();
    }
  }, 60_000);

  it('input lunr cannot parse shows results or a message, never an error', async () => {
    for (const q of ['foo:', '~', '+', '*ion', 'night vision']) {
      const page = await open(`search.html?q=${encodeURIComponent(q)}`);
      await page.waitForSelector('#results p:not(.muted)');
      const text = await page.locator('#results').textContent();
      expect(text, q).toMatch(/result|No results/);
      expect(text, q).not.toMatch(/unavailable|Error/);
      await page.close();
    }
  }, 60_000);

  it('a country page shows its Country Chart marks', async () => {
    const page = await open('country/AE.html');
    const heads = await page.locator('#h-row + table thead th').allTextContents();
    const cells = await page.locator('#h-row + table tbody td').allTextContents();
    const marked = heads.filter((_, i) => cells[i]?.trim() === 'X');
    expect(marked).toEqual([...(d.kb.latest().destination('AE')?.chart.marks ?? [])]);
    expect(marked.length).toBeGreaterThan(0);
    if (shots) await page.screenshot({ path: join(shots, 'country-AE.png') });
    await page.close();
  }, 60_000);

  it('the check page asks the API and shows the decision', async () => {
    const page = await open('check.html');
    await page.waitForSelector('#check-offline.hidden', { state: 'attached' });
    await page.fill('#c-eccn', '3A090.b');
    await page.selectOption('#c-dest', 'AE');
    await page.fill('#c-date', '2026-08-07');
    await page.click('#check-form button');
    await page.waitForSelector('#check-result .decision');
    expect(await page.locator('#check-result .decision').textContent()).toBe('LICENSE REQUIRED');
    expect(await page.locator('#check-result').textContent()).toMatch(/742\.6/);
    if (shots) await page.screenshot({ path: join(shots, 'check.png') });
    await page.close();
  }, 60_000);

  it('the map page filters by kind and category (also from the address) and sorts by a column', async () => {
    const map = d.kb.wassenaarMap();
    const at = map.entries().filter((e) => e.kind === 'us_only_anti_terrorism');
    const page = await open('wassenaar/map.html');
    const visible = () => page.locator('#map-table tbody tr:visible').count();
    expect(await visible()).toBe(map.entries().length + map.wassenaarOnly().length);
    await page.selectOption('#f-kind', 'us_only_anti_terrorism');
    expect(await visible()).toBe(at.length);
    await expect.poll(() => page.locator('#map-count').textContent()).toBe(`${at.length} of ${map.entries().length + map.wassenaarOnly().length} rows`);
    await page.selectOption('#f-cat', '5');
    expect(await visible()).toBe(at.filter((e) => e.eccn.startsWith('5')).length);
    await page.fill('#f-text', '5A992');
    expect(await page.locator('#map-table tbody tr:visible td:first-child').allTextContents()).toEqual(['5A992']);
    // Sorting the ECCN column descending puts the last ECCN first.
    await page.fill('#f-text', '');
    await page.selectOption('#f-kind', '');
    await page.selectOption('#f-cat', '');
    await page.locator('#map-table thead button', { hasText: 'ECCN' }).click();
    await page.locator('#map-table thead button', { hasText: 'ECCN' }).click();
    expect(await page.locator('#map-table thead th').first().getAttribute('aria-sort')).toBe('descending');
    const last = [...map.entries().map((e) => e.eccn)].sort((a, b) => b.localeCompare(a))[0];
    expect(await page.locator('#map-table tbody tr td:first-child').first().textContent()).toBe(last);
    if (shots) await page.screenshot({ path: join(shots, 'wassenaar-map.png') });
    await page.close();
    const linked = await open('wassenaar/map.html?kind=wassenaar_munitions&cat=ML');
    expect(await linked.locator('#map-table tbody tr:visible').count()).toBe(map.entries().filter((e) => e.kind === 'wassenaar_munitions').length);
    await linked.close();
  }, 60_000);

  it('a report\'s findings filter by rule and sort', async () => {
    const a = await analyse(d, REPO_ROOT);
    const o = buildReport(a, 'overlaps');
    const page = await open('reports/overlaps.html');
    const rows = () => page.locator('#findings-table tbody tr:visible').count();
    expect(await rows()).toBe(o.findings.length);
    await page.selectOption('#f-rule', 'reason-duplicates-another');
    expect(await rows()).toBe(o.findings.filter((f) => f.rule === 'reason-duplicates-another').length);
    await page.fill('#f-q', '3A001');
    expect(await page.locator('#findings-table tbody tr:visible td:first-child').allTextContents()).toEqual(o.findings.filter((f) => f.rule === 'reason-duplicates-another' && f.eccn === '3A001').map((f) => f.eccn));
    if (shots) await page.screenshot({ path: join(shots, 'report-overlaps.png') });
    await page.close();
  }, 60_000);

  it('the diff page shows the flips, and no page logged an error', async () => {
    const page = await open('diff/2026-01-01_2026-08-07.html');
    const rows = await page.locator('tr.flip').allTextContents();
    expect(rows.some((r) => r.includes('3A090.b') && r.includes('United Arab Emirates'))).toBe(true);
    if (shots) await page.screenshot({ path: join(shots, 'diff.png') });
    await page.close();
    expect(consoleErrors).toEqual([]);
  }, 60_000);
});
