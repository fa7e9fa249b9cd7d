/**
 * @module site/build
 * Builds the static reference site into a folder: every ECCN, destination, chart column, Country Group, licence
 * exception, edition and diff between editions, the Wassenaar Arrangement entries (codes and headings, linked to the
 * official document: site/wassenaar.ts), the API page, the "check a transaction" page, and a prebuilt lunr search
 * index (loaded by the browser on first use). Links are relative; the site works from any static host.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import lunr from 'lunr';
import { createDeterminer, type Determiner } from '../engine/determine.ts';
import { diffEditions, type EditionDiff } from '../engine/diff.ts';
import { END_USES, END_USER_KINDS } from '../schema/control.ts';
import { openApiDocument } from '../api/openapi.ts';
import { createRenderer, type PageView } from './render.ts';
import { CATEGORIES, citationLinks, columnView, countryHref, countryView, diffFile, diffHref, diffView, eccnHref, eccnView, exceptionHref, mapOf, exceptionView, groupHref, groupView, REASON_NAMES, type SearchDoc } from './views.ts';
import { waEntryView, wassenaarIndexView, wassenaarOf, waSearchDocs } from './wassenaar.ts';
import { eccnDivergenceView, mapHeadline, mapIndexView } from './wassenaar-map.ts';
import { analyse } from '../analysis/index.ts';
import { checkAnalysisRules } from '../load/analysis-rules.ts';
import { checkBenchmarks } from '../load/benchmarks.ts';
import { buildReport, type BurdenReport, type OutdatedReport, type OverlapsReport, type UnilateralReport } from '../analysis/reports.ts';
import { burdenView, countryFlags, eccnFlags, headlineOf, outdatedView, overlapsView, reportsIndexView, unilateralView } from './reports.ts';

/** `analysisMs`: the part of `ms` spent on the reports' analysis (analysis/index.ts; measured by bench/reports.ts too). */
export interface BuildStats { pages: number; ms: number; analysisMs: number; indexBytes: number; indexGzipBytes: number; out: string }

/** Marker written last: which knowledge base and rules the site shows (a server rebuilds when they change). */
export const BUILD_INFO = 'build.json';

export async function buildSite(d: Determiner, opts: { root: string; out: string }): Promise<BuildStats> {
  const t0 = performance.now();
  const kb = d.kb;
  const s = kb.latest();
  const edition = s.edition.id;
  const wa = wassenaarOf(kb); // undefined for a knowledge base without regulations/wassenaar/: no Wassenaar pages
  // Built beside the target and swapped in at the end, so a server serving the old site never serves half a site.
  const target = opts.out;
  const out = `${target}.building-${process.pid}`;
  rmSync(out, { recursive: true, force: true });
  // The reports' analysis (issue 9: every pair of every edition through the engine); the API reuses it. (Run in a
  // worker thread beside the diffs it took longer, not shorter: the worker loads and compiles everything again.)
  const ta = performance.now();
  const analysis = await analyse(d, opts.root);
  const analysisMs = performance.now() - ta;
  const r = createRenderer(join(opts.root, 'templates'), { name: 'dualuse', built: new Date().toISOString().slice(0, 10), kbHash: kb.hash.slice(0, 12), wassenaar: Boolean(wa) });
  let pages = 0;
  const write = (page: string, view: PageView) => {
    const file = join(out, view.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, r.render(page, view));
    pages++;
  };

  // Diffs between consecutive editions, and from the first to the last.
  const eds = kb.editions;
  const pairs: [string, string][] = eds.slice(1).map((e, i) => [eds[i]?.id as string, e.id]);
  if (eds.length > 2) pairs.push([eds[0]?.id as string, eds[eds.length - 1]?.id as string]);
  const diffs: { from: string; to: string; diff: EditionDiff }[] = [];
  // A determiner of their own without the item memo: memoised answers are deep-frozen, which costs more than the
  // diffs save by re-using them, and the serving determiner's memo is left to the API.
  const dd = createDeterminer(kb, d.rules, { cache: false });
  for (const [a, b] of pairs) diffs.push({ from: a, to: b, diff: await diffEditions({ d: dd, date: kb.edition(a)?.date as string, input: a }, { d: dd, date: kb.edition(b)?.date as string, input: b }) });
  const consecutive = diffs.slice(0, eds.length - 1);
  const ctx = { kb, s, edition, diffs: consecutive };

  // Entries, by category.
  const hasMap = Boolean(wa && mapOf(kb));
  write('eccns', {
    path: 'eccn/index.html', title: 'Commerce Control List', edition, description: `Every ECCN of the Commerce Control List, edition ${edition}, by category.`,
    categories: Object.entries(CATEGORIES).map(([id, name]) => ({ id, name, eccns: s.eccns().filter((e) => e.category === id).map((e) => ({ eccn: e.eccn, href: eccnHref(e.eccn), heading: e.heading, reasons: e.reasons_for_control.join(' ') })) })),
  });

  // The Wassenaar Arrangement list: an index and a page per entry (structure only; the text stays in the official PDF).
  if (wa) {
    for (const e of wa.entries()) write('wa-entry', waEntryView({ kb, wa, edition }, e));
    write('wassenaar', { ...wassenaarIndexView({ kb, wa, edition }), mapHref: hasMap ? 'wassenaar/map.html' : null });
    if (hasMap) write('wa-map', mapIndexView({ kb, wa, edition }));
  }

  // Destinations, columns, groups, licence exceptions.
  const columns = s.columns();
  const dests = [...s.destinations(), ...s.territories()].sort((x, y) => x.chart_name.localeCompare(y.chart_name));
  // The pages that show the analysis's findings: entries and destinations (their flags), the reports, the home page.
  // The divergence from the Wassenaar counterpart is added here, not in eccnView, so views.ts does not depend on the
  // map pages' module (which depends on it).
  for (const e of s.eccns()) write('eccn', { ...eccnView(ctx, e), divergence: hasMap ? eccnDivergenceView(kb, e.eccn) : null, flags: eccnFlags(analysis, e.eccn) });
  for (const dest of dests) write('country', { ...countryView(ctx, dest, columns), flags: countryFlags(analysis, dest.code) });
  write('countries', {
    path: 'country/index.html', title: 'Destinations', edition, description: `Every destination of the Commerce Country Chart, edition ${edition}.`,
    columns: columns.map((c) => ({ id: c.id, href: `column/${c.id}.html`, label: c.label })),
    countries: dests.map((x) => ({ code: x.code, name: x.chart_name, href: countryHref(x.code), marks: columns.map((c) => (x.chart.marks.includes(c.id) ? 'X' : '')), embargo: Boolean(x.chart.embargo_referral), territory: Boolean(x.row_of) })),
  });
  for (const c of columns) write('column', columnView(ctx, c));
  for (const g of s.groups()) write('group', groupView(ctx, g.id));
  write('groups', { path: 'group/index.html', title: 'Country Groups', edition, description: 'The Country Groups of supplement no. 1 to part 740.', groups: s.groups().map((g) => ({ id: g.id, label: g.label, href: groupHref(g.id), members: g.members.length })) });
  for (const x of s.licenseExceptions()) write('exception', exceptionView(ctx, x.symbol));
  write('exceptions', { path: 'exception/index.html', title: 'License Exceptions', edition, description: 'The licence exceptions of part 740.', exceptions: s.licenseExceptions().map((x) => ({ symbol: x.symbol, title: x.title, href: exceptionHref(x.symbol), section: x.section })) });

  // Reports: the methodology page and one page per report (latest edition).
  write('reports-index', reportsIndexView(analysis, edition));
  write('report-overlaps', overlapsView(buildReport(analysis, 'overlaps') as OverlapsReport, edition));
  write('report-unilateral', unilateralView(buildReport(analysis, 'unilateral') as UnilateralReport, edition));
  write('report-outdated', outdatedView(buildReport(analysis, 'outdated') as OutdatedReport, edition));
  write('report-burden', burdenView(buildReport(analysis, 'burden') as BurdenReport, edition));

  // Editions and diffs.
  for (const [i, e] of eds.entries()) {
    const prev = i > 0 ? consecutive[i - 1] : undefined;
    write('edition', {
      path: `edition/${e.id}.html`, title: `Edition ${e.id}`, edition: e.id, description: `Edition ${e.id} of the knowledge base: its sources and what it changed.`,
      id: e.id, date: e.date, name: e.title,
      sources: e.sources.map((id) => { const src = kb.sources.find((x) => x.id === id); return { id, title: src?.title ?? id, url: src?.official_url ?? null, asOf: src?.as_of ?? '' }; }),
      first: i === 0,
      changed: prev ? prev.diff.entries.amended.map((x) => ({ eccn: x.eccn, href: eccnHref(x.eccn), heading: x.heading })) : [],
      flips: prev ? prev.diff.summary.decisions_changed : 0,
      diff: prev ? { from: prev.from, href: diffHref(prev.from, e.id) } : null,
    });
  }
  for (const x of diffs) write('diff', diffView(ctx, x.from, x.to, x.diff));
  write('editions', {
    path: 'edition/index.html', title: 'Editions and changes', edition, description: 'The editions of the knowledge base and what changed between them.',
    coverage: kb.coverage,
    editions: eds.map((e) => ({ id: e.id, date: e.date, name: e.title, href: `edition/${e.id}.html` })),
    diffs: diffs.map((x) => ({ from: x.from, to: x.to, href: diffHref(x.from, x.to), file: diffFile(x.from, x.to), amended: x.diff.summary.entries_amended, flips: x.diff.summary.decisions_changed })),
    scripts: ['diff-form.js'],
  });

  // API, check, search, home.
  const doc = openApiDocument('0.1.0') as { paths: Record<string, Record<string, { summary?: string; parameters?: { name: string; in: string; required?: boolean }[]; responses?: Record<string, unknown> }>> };
  write('api', {
    path: 'api.html', title: 'HTTP API', edition, description: 'The dualuse HTTP API: endpoints, parameters and error codes.',
    endpoints: Object.entries(doc.paths).flatMap(([p, ops]) => Object.entries(ops).map(([m, op]) => ({ method: m.toUpperCase(), path: p, summary: op.summary ?? '', params: (op.parameters ?? []).map((x) => `${x.name} (${x.in}${x.required ? ', required' : ''})`).join(', '), codes: Object.keys(op.responses ?? {}).join(', ') }))),
  });
  write('check', {
    path: 'check.html', title: 'Check a transaction', edition, description: 'Ask whether a shipment needs a licence (needs the dualuse server).',
    destinations: dests.map((x) => ({ code: x.code, name: x.chart_name })), endUses: [...END_USES], endUserKinds: [...END_USER_KINDS], date: s.edition.date, coverage: kb.coverage,
    scripts: ['check.js'],
  });
  write('search', { path: 'search.html', title: 'Search', edition, description: 'Search ECCNs, Wassenaar entries, destinations, Country Groups and licence exceptions.', scripts: ['lunr.js', 'search.js'] });
  const latest = consecutive[consecutive.length - 1];
  write('home', {
    path: 'index.html', title: 'dualuse — dual-use export controls, cited', edition, description: 'The US Export Administration Regulations as versioned, cited data: every ECCN, destination and change, searchable.',
    coverage: kb.coverage, counts: { eccns: s.eccns().length, destinations: s.destinations().length, groups: s.groups().length, exceptions: s.licenseExceptions().length },
    wassenaar: wa ? { entries: wa.entries().length, document: wa.edition.document } : null,
    map: hasMap ? mapHeadline(kb) : null,
    reports: headlineOf(analysis),
    latestDiff: latest ? { href: diffHref(latest.from, latest.to), from: latest.from, to: latest.to, flips: latest.diff.summary.decisions_changed } : null,
    reasons: Object.entries(REASON_NAMES).map(([code, name]) => ({ code, name })),
    citation: citationLinks('15 CFR part 774, supplement no. 1')[0],
  });

  // The search index: ECCN codes (every spelling folds to lower case; paragraphs are their own terms), headings and a
  // summary of the item text, destination and group names; Wassenaar codes and headings only (no paragraph text: see
  // site/wassenaar.ts). Bodies are not indexed whole (size; see engine-notes §2).
  const docs: SearchDoc[] = [];
  for (const e of s.eccns()) {
    const items = e.single_source?.items ?? [];
    const paras = new Set<string>([e.eccn]);
    for (const p of items) if (p.paragraph) paras.add(`${e.eccn}.${p.paragraph.replace(/^\./, '')}`);
    for (const row of e.license_requirements) for (const p of row.applies_to.paragraphs ?? []) paras.add(p);
    docs.push({ id: `eccn:${e.eccn}`, kind: 'ECCN', title: e.eccn, text: e.heading, href: eccnHref(e.eccn), codes: [...paras].join(' '), body: `${e.heading} ${items.filter((p) => p.kind === 'item').map((p) => p.text).join(' ').slice(0, 1500)}` });
  }
  for (const x of dests) docs.push({ id: `country:${x.code}`, kind: 'Destination', title: x.chart_name, text: `${x.code}${x.aliases.length ? ` · ${x.aliases.join(', ')}` : ''}`, href: countryHref(x.code), codes: x.code, body: `${x.chart_name} ${x.aliases.join(' ')}` });
  for (const g of s.groups()) docs.push({ id: `group:${g.id}`, kind: 'Country Group', title: `Country Group ${g.id}`, text: g.label, href: groupHref(g.id), codes: `${g.id} ${g.id.replace(':', '')}`, body: g.label });
  if (wa) docs.push(...waSearchDocs(wa));
  for (const x of s.licenseExceptions()) docs.push({ id: `exception:${x.symbol}`, kind: 'License Exception', title: `${x.symbol} — ${x.title}`, text: `§ ${x.section}`, href: exceptionHref(x.symbol), codes: [x.symbol, ...x.other_symbols].join(' '), body: x.title });
  const idx = lunr(function (this: lunr.Builder) {
    this.ref('id');
    this.field('codes', { boost: 20 });
    this.field('title', { boost: 10 });
    this.field('body');
    // Codes keep their dots and colons: "3A001.b.2", "3.A.1.a" and "D:5" are one term each (lunr splits on spaces and
    // hyphens).
    for (const doc of docs) this.add(doc);
  });
  const store = Object.fromEntries(docs.map((x) => [x.id, { k: x.kind, t: x.title, x: x.text, h: x.href }]));
  const index = JSON.stringify({ index: idx, store, edition });
  mkdirSync(join(out, 'assets'), { recursive: true });
  writeFileSync(join(out, 'assets', 'search-index.json'), index);

  // Assets: the site's own, and lunr for the browser.
  const assets = join(opts.root, 'templates', 'assets');
  for (const f of readdirSync(assets)) copyFileSync(join(assets, f), join(out, 'assets', f));
  copyFileSync(createRequire(import.meta.url).resolve('lunr'), join(out, 'assets', 'lunr.js'));
  writeFileSync(join(out, BUILD_INFO), `${JSON.stringify({ kb_sha256: kb.hash, rules_sha256: d.rules.hash, wassenaar_sha256: wa?.hash ?? null, wassenaar_map_sha256: (wa && mapOf(kb)?.hash) ?? null, analysis_rules_sha256: analysis.inputs.analysis_rules_sha256, benchmarks_sha256: analysis.inputs.benchmarks_sha256, edition, built_at: new Date().toISOString(), pages })}\n`);
  const old = `${target}.old-${process.pid}`;
  if (existsSync(target)) renameSync(target, old);
  renameSync(out, target);
  rmSync(old, { recursive: true, force: true });
  return { pages, ms: performance.now() - t0, analysisMs, indexBytes: Buffer.byteLength(index), indexGzipBytes: gzipSync(index).length, out: target };
}

/**
 * True when the site in `out` was built from this knowledge base, these rules and this Wassenaar list. The knowledge
 * base's hash leaves out the Wassenaar files (read on first use), so their hash is compared apart; it is read only
 * when the rest matches, and a site built before the Wassenaar pages (no `wassenaar_sha256`) is not current.
 */
export function siteIsCurrent(d: Determiner, out: string, root: string): boolean {
  try {
    const info = JSON.parse(readFileSync(join(out, BUILD_INFO), 'utf8')) as { kb_sha256?: string; rules_sha256?: string; wassenaar_sha256?: string | null; wassenaar_map_sha256?: string | null; analysis_rules_sha256?: string; benchmarks_sha256?: string };
    const wa = wassenaarOf(d.kb);
    return info.kb_sha256 === d.kb.hash && info.rules_sha256 === d.rules.hash && info.wassenaar_sha256 === (wa?.hash ?? null) && info.wassenaar_map_sha256 === ((wa && mapOf(d.kb)?.hash) ?? null)
      // The reports read rules/analysis/ and regulations/benchmarks/, which the knowledge base's hash does not cover.
      && info.analysis_rules_sha256 === checkAnalysisRules(root).rules?.hash && info.benchmarks_sha256 === checkBenchmarks(root).hash;
  } catch { return false; }
}
