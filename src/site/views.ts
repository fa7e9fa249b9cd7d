/**
 * @module site/views
 * View models of the reference site: plain objects with every value a template shows, already escaped-safe
 * (the templates escape them) and every link as a path from the site root (the templates prefix `{{root}}`).
 */
import type { KnowledgeBase, Snapshot } from '../kb/kb.ts';
import { optionalWassenaarMap } from '../kb/wassenaar-map.ts';
import type { MapKind } from '../schema/wassenaar-map.ts';
import type { Column, DestinationState, EccnState } from '../kb/model.ts';
import type { EditionDiff, WordDiff } from '../engine/diff.ts';
import { inDestinationSet } from '../engine/scope.ts';
import { describeChange } from '../format/diff.ts';
import type { PageView } from './render.ts';

export const CATEGORIES: Record<string, string> = {
  0: 'Nuclear materials, facilities and equipment, and miscellaneous items',
  1: 'Special materials and related equipment, chemicals, microorganisms and toxins',
  2: 'Materials processing',
  3: 'Electronics',
  4: 'Computers',
  5: 'Telecommunications and information security',
  6: 'Sensors and lasers',
  7: 'Navigation and avionics',
  8: 'Marine',
  9: 'Aerospace and propulsion',
};
export const REASON_NAMES: Record<string, string> = {
  NS: 'National security', MT: 'Missile technology', NP: 'Nuclear nonproliferation', CB: 'Chemical and biological weapons', RS: 'Regional stability',
  CC: 'Crime control', AT: 'Anti-terrorism', FC: 'Firearms Convention', SS: 'Short supply', UN: 'United Nations', EI: 'Encryption items',
  SL: 'Surreptitious listening', SI: 'Significant items', CW: 'Chemical Weapons Convention',
};

const ECFR_774 = 'https://www.ecfr.gov/current/title-15/subtitle-B/chapter-VII/subchapter-C/part-774/appendix-Supplement%20No.%201%20to%20Part%20774';
const ECFR_738 = 'https://www.ecfr.gov/current/title-15/subtitle-B/chapter-VII/subchapter-C/part-738/appendix-Supplement%20No.%201%20to%20Part%20738';
const ECFR_740_SUPP1 = 'https://www.ecfr.gov/current/title-15/subtitle-B/chapter-VII/subchapter-C/part-740/appendix-Supplement%20No.%201%20to%20Part%20740';

/** Links for each part of a citation such as "15 CFR 742.6(a)(6)(iii); 15 CFR part 774, supplement no. 1, ECCN 3A090". */
export function citationLinks(citation: string): { text: string; url: string | null }[] {
  return citation.split(';').map((p) => p.trim()).filter(Boolean).map((text) => {
    const sec = /(?:15 CFR |§ ?)?(7\d\d\.\d{1,2})((?:\([a-z0-9]+\))*)/.exec(text);
    if (/part 774, supplement no\. 1/i.test(text)) return { text, url: ECFR_774 };
    if (/part 738, supplement no\. 1/i.test(text)) return { text, url: ECFR_738 };
    if (/part 740, supplement no\. 1/i.test(text)) return { text, url: ECFR_740_SUPP1 };
    if (sec) return { text, url: `https://www.ecfr.gov/current/title-15/section-${sec[1]}${sec[2] ? `#p-${sec[1]}${sec[2]}` : ''}` };
    return { text, url: null };
  });
}

export const eccnHref = (eccn: string) => `eccn/${eccn}.html`;
export const countryHref = (code: string) => `country/${code}.html`;
export const groupFile = (id: string) => id.replace(':', '');
export const groupHref = (id: string) => `group/${groupFile(id)}.html`;
export const columnHref = (id: string) => `column/${id}.html`;
export const exceptionHref = (s: string) => `exception/${s}.html`;
export const diffFile = (a: string, b: string) => `${a}_${b}`;
export const diffHref = (a: string, b: string) => `diff/${diffFile(a, b)}.html`;
/** One document of the site's lunr index: `codes`, `title` and `body` are indexed; kind, title, text, href shown. */
export interface SearchDoc { id: string; kind: string; title: string; text: string; href: string; codes: string; body: string }

/** A Wassenaar entry's page: `wassenaar/3.A.1.html`, `wassenaar/ML1.html`. */
export const waHref = (code: string) => `wassenaar/${code}.html`;

/**
 * What an ECCN page lists as its Wassenaar counterpart, and a Wassenaar page as the ECCNs that map to it: the
 * `counterparts` field of both views, rendered by `templates/partials/counterparts.hbs`.
 */
export interface Counterparts {
  /** The section's heading, e.g. "Wassenaar counterpart" or "ECCNs that map to it". */
  title: string;
  /** Links from the site root (`eccn/3A001.html`, `wassenaar/3.A.1.html`); href null when the site has no page for it. */
  items: { code: string; href: string | null; heading: string }[];
  /** Shown when `items` is empty (e.g. "No Wassenaar counterpart: a US-only control"). */
  none: string;
}

// ── THE ECCN ↔ WASSENAAR MAP (issue 8) ──────────────────────────────────────────────────────────────────────────────
// From `kb.wassenaarMap()` (regulations/wassenaar/<edition>/map/). Only codes and the map's own words are shown, never
// Wassenaar text (the list is published without a licence to republish it). A knowledge base without Wassenaar data
// (test fixtures) has no map: no section. The map's hash is part of the site's freshness check (site/build.ts).

export const KIND_LABEL: Readonly<Record<MapKind, string>> = {
  wassenaar_dual_use: 'Wassenaar Dual-Use List counterpart',
  wassenaar_munitions: 'Wassenaar Munitions List counterpart ("600 series")',
  other_regime: 'another multilateral regime (by its reasons for control)',
  plurilateral: 'plurilateral control',
  us_only_anti_terrorism: 'US-only: anti-terrorism',
  us_only_unilateral: 'US-only: unilateral',
  other_authority: 'under another agency\'s authority',
};

/** The knowledge base's ECCN ↔ Wassenaar map, or undefined when it holds no Wassenaar data; a broken map throws. */
export const mapOf = optionalWassenaarMap;

/** The Wassenaar entries an ECCN corresponds to; null when the knowledge base has no map. */
export function eccnCounterparts(kb: KnowledgeBase, eccn: string): Counterparts | null {
  const m = mapOf(kb);
  if (!m) return null;
  const e = m.entry(eccn);
  if (!e) return { title: 'Wassenaar counterpart', items: [], none: 'This ECCN is not in the cross-regime map.' };
  const label = KIND_LABEL[e.kind];
  return {
    title: 'Wassenaar counterpart',
    items: e.counterparts.map((code) => ({ code, href: waHref(code), heading: `${label}${e.tracks ? `, for ${e.tracks}` : ''}` })),
    none: `No Wassenaar counterpart — ${label}${e.proposed ? ` (the numbering would give ${e.proposed}, which the 2025 list does not hold)` : ''}${e.regimes?.length ? `; regimes: ${e.regimes.join(', ')}` : ''}.`,
  };
}

/** The ECCNs that map to a Wassenaar entry; null when the knowledge base has no map. */
export function waCounterparts(kb: KnowledgeBase, code: string): Counterparts | null {
  const m = mapOf(kb);
  if (!m) return null;
  const links = m.linkedTo(code);
  return {
    title: 'ECCNs that map to it',
    items: links.map((l) => ({ code: l.eccn, href: eccnHref(l.eccn), heading: l.role === 'tracks' ? '(software or technology for this category)' : '' })),
    none: 'No ECCN maps to this entry: Wassenaar-only.',
  };
}

const words = (w: WordDiff) => w.map((p) => ({ text: p.text, ins: p.op === '+', del: p.op === '-' }));
const brief = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

export interface Ctx { kb: KnowledgeBase; s: Snapshot; edition: string; diffs: { from: string; to: string; diff: EditionDiff }[] }

export function eccnView(ctx: Ctx, e: EccnState): PageView {
  const s = ctx.s;
  const cols = new Map(s.columns().map((c) => [c.id, c]));
  const marked = (id: string) => s.destinations().filter((d) => d.chart.marks.includes(id as never)).length;
  const ss = e.single_source;
  const history = ctx.diffs.flatMap(({ from, to, diff }) => {
    const a = diff.entries.amended.find((x) => x.eccn === e.eccn);
    if (!a) return [];
    const flips = diff.decisions.changed.filter((c) => c.eccn === e.eccn || c.eccn.startsWith(`${e.eccn}.`)).length;
    return [{ from, to, href: `${diffHref(from, to)}#eccn-${e.eccn}`, fields: a.changes.map((c) => c.field), flips }];
  });
  return {
    path: eccnHref(e.eccn),
    title: `${e.eccn} — ${e.heading}`,
    edition: ctx.edition,
    description: `ECCN ${e.eccn}: reasons for control, License Requirements, licence exceptions and changes, edition ${ctx.edition}.`,
    eccn: e.eccn,
    heading: e.heading,
    category: { id: e.category, name: CATEGORIES[e.category] ?? '', href: `eccn/index.html#cat-${e.category}` },
    reasons: e.reasons_for_control.map((r) => ({ code: r, name: REASON_NAMES[r] ?? r })),
    known: e.license_requirements_known,
    otherAuthority: e.other_authority,
    rows: e.license_requirements.map((r) => ({
      reasons: r.reasons.join(', '),
      scope: r.scope,
      column: r.column ? { id: r.column, href: columnHref(r.column), label: cols.get(r.column)?.label ?? '', count: marked(r.column) } : null,
      requirement: r.requirement,
      cites: r.cites ? citationLinks(`15 CFR ${r.cites}`)[0] ?? null : null,
    })),
    exceptions: Object.entries(ss?.license_exceptions ?? {}).map(([sym, v]) => ({ symbol: sym, href: exceptionHref(sym), text: v.text, exists: Boolean(s.licenseException(sym)) })),
    staConditions: ss?.sta_special_conditions ?? '',
    relatedControls: ss?.related_controls ?? '',
    related: (ss?.related_eccns ?? []).map((x) => ({ eccn: x, href: eccnHref(x), exists: Boolean(s.eccn(x)) })),
    items: (ss?.items ?? []).map((p) => ({ paragraph: p.paragraph ?? '', text: p.text, kind: p.kind, depth: Math.min(p.depth, 6) })),
    knownAsOf: ss?.known_as_of.edition ?? '',
    history,
    since: e.since,
    sources: e.sources.join(', '),
    review: e.review.map((r) => `${r.field}: ${r.note}`),
    citation: { text: e.citation, url: ECFR_774 },
    counterparts: eccnCounterparts(ctx.kb, e.eccn),
  };
}

/** "What needs a licence here", read off the chart: entries with a License Requirements row whose column is marked. */
function chartSummary(s: Snapshot, d: DestinationState) {
  const byCat = new Map<string, { total: number; marked: number }>();
  for (const e of s.eccns()) {
    const c = byCat.get(e.category) ?? { total: 0, marked: 0 };
    c.total++;
    if (e.license_requirements.some((r) => r.column && d.chart.marks.includes(r.column))) c.marked++;
    byCat.set(e.category, c);
  }
  return [...byCat.entries()].sort(([x], [y]) => x.localeCompare(y)).map(([cat, c]) => ({ category: cat, name: CATEGORIES[cat] ?? '', total: c.total, marked: c.marked }));
}

export function countryView(ctx: Ctx, d: DestinationState, columns: readonly Column[]): PageView {
  const s = ctx.s;
  const controls = s.controls().filter((c) => c.applies_when.destinations && inDestinationSet(s, d.code, c.applies_when.destinations));
  return {
    path: countryHref(d.code),
    title: `${d.chart_name} (${d.code})`,
    edition: ctx.edition,
    description: `${d.chart_name}: Country Chart row, Country Groups, Part 744 and 746 controls, edition ${ctx.edition}.`,
    code: d.code,
    name: d.chart_name,
    aliases: d.aliases.join(', '),
    rowOf: d.row_of ? { code: d.row_of.code, href: countryHref(d.row_of.code), basis: d.row_of.basis } : null,
    marks: columns.map((c) => ({ id: c.id, href: columnHref(c.id), marked: d.chart.marks.includes(c.id) })),
    markedList: d.chart.marks.join(', '),
    footnotes: d.chart.footnotes.map((n) => ({ number: n, text: s.footnote(n)?.text ?? '' })),
    embargo: d.chart.embargo_referral,
    groups: d.groups.map((g) => ({ id: g, href: groupHref(g), label: s.group(g)?.label ?? '' })),
    controls: controls.map((c) => ({ title: c.title, basis: c.basis.replace('_', ' '), citation: c.citation.url ? [{ text: c.citation.cfr, url: c.citation.url }] : citationLinks(c.citation.cfr) })),
    summary: chartSummary(s, d),
    citation: { text: '15 CFR part 738, supplement no. 1 (Commerce Country Chart)', url: ECFR_738 },
  };
}

export function columnView(ctx: Ctx, c: Column): PageView {
  const s = ctx.s;
  return {
    path: columnHref(c.id),
    title: `Country Chart column ${c.id}`,
    edition: ctx.edition,
    description: `Destinations marked in Country Chart column ${c.id} and the entries that use it, edition ${ctx.edition}.`,
    id: c.id,
    label: c.label,
    reason: { code: c.reason, name: REASON_NAMES[c.reason] ?? c.reason },
    countries: s.destinations().filter((d) => d.chart.marks.includes(c.id)).map((d) => ({ code: d.code, name: d.chart_name, href: countryHref(d.code) })),
    eccns: s.eccns().filter((e) => e.license_requirements.some((r) => r.column === c.id)).map((e) => ({ eccn: e.eccn, href: eccnHref(e.eccn), heading: e.heading })),
    citation: { text: '15 CFR part 738, supplement no. 1', url: ECFR_738 },
  };
}

export function groupView(ctx: Ctx, id: string): PageView {
  const s = ctx.s;
  const g = s.group(id);
  if (!g) throw new Error(`no group ${id}`);
  return {
    path: groupHref(id),
    title: `Country Group ${g.id}`,
    edition: ctx.edition,
    description: `Country Group ${g.id} (${g.label}) and its members.`,
    id: g.id,
    label: g.label,
    editorial: g.label_source === 'editorial',
    knownAsOf: g.known_as_of.edition,
    members: g.members.map((m) => ({ code: m, name: s.destination(m)?.chart_name ?? m, href: countryHref(m), exists: Boolean(s.destination(m)) })),
    notes: g.notes,
    citation: { text: '15 CFR part 740, supplement no. 1', url: ECFR_740_SUPP1 },
  };
}

export function exceptionView(ctx: Ctx, symbol: string): PageView {
  const s = ctx.s;
  const x = s.licenseException(symbol);
  if (!x) throw new Error(`no licence exception ${symbol}`);
  const terms = s.exceptionTerms(symbol);
  return {
    path: exceptionHref(symbol),
    title: `License Exception ${symbol} — ${x.title}`,
    edition: ctx.edition,
    description: `License Exception ${symbol} (§ ${x.section}): ${x.title}; entries with a value for it.`,
    symbol,
    other: x.other_symbols.join(', '),
    name: x.title,
    section: citationLinks(`15 CFR ${x.section}`)[0],
    knownAsOf: x.known_as_of.edition,
    terms: terms ? JSON.stringify({ ...terms, file: undefined }, null, 2) : '',
    eccns: s.eccns().filter((e) => e.single_source?.license_exceptions?.[symbol]).map((e) => ({ eccn: e.eccn, href: eccnHref(e.eccn), text: e.single_source?.license_exceptions?.[symbol]?.text ?? '' })),
  };
}

export function diffView(ctx: Ctx, from: string, to: string, d: EditionDiff): PageView {
  const top = d.decisions.by_destination.slice(0, 12);
  const max = Math.max(1, ...top.map((x) => x.changed));
  return {
    path: diffHref(from, to),
    title: `What changed from ${from} to ${to}`,
    edition: to,
    description: `Entries, Country Chart, Country Groups and licence decisions that changed between ${from} and ${to}.`,
    from, to,
    fromHref: `edition/${from}.html`, toHref: `edition/${to}.html`,
    summary: d.summary,
    pairs: d.decisions.pairs.toLocaleString('en-US'),
    evaluated: d.decisions.evaluated.toLocaleString('en-US'),
    transitions: Object.entries(d.decisions.transitions).map(([k, n]) => {
      const [a, b] = k.split(' → ').map((x) => x.replace(/_/g, ' ').replace('license', 'licence'));
      return { k: a === b ? `${b} (reasons changed)` : `${a} → ${b}`, n };
    }),
    amended: d.entries.amended.map((e) => ({
      eccn: e.eccn, href: eccnHref(e.eccn), heading: e.heading,
      changes: e.changes.map((c) => ({ field: c.field, words: c.words ? words(c.words) : null, from: brief(c.from), to: brief(c.to) })),
    })),
    added: d.entries.added.map((e) => ({ ...e, href: eccnHref(e.eccn) })),
    removed: d.entries.removed,
    cells: d.chart.cells.map((c) => ({ ...c, href: countryHref(c.code) })),
    groups: d.groups.map((g) => ({ group: g.group, href: groupHref(g.group), added: g.added.join(', '), removed: g.removed.join(', ') })),
    footnotes: d.footnotes.map((f) => ({ number: f.number, words: f.words ? words(f.words) : null, from: brief(f.from), to: brief(f.to) })),
    flips: d.decisions.changed.map((c) => ({
      eccn: c.eccn, href: eccnHref(c.eccn.split('.')[0] as string), dest: c.destination_name, code: c.destination, destHref: countryHref(c.destination),
      from: c.from.decision.replace(/_/g, ' '), to: c.to.decision.replace(/_/g, ' '), flipped: c.from.decision !== c.to.decision,
      detail: describeChange(c).split('; ').slice(1).join('; '), caveats: c.caveats.map((i) => i + 1).join(', '),
    })),
    caveats: d.decisions.caveats,
    // The small chart: changed pairs per destination (top 12), drawn as SVG bars at build time (no script).
    chart: top.map((x, i) => ({ name: x.name, code: x.code, n: x.changed, y: i * 22, width: Math.max(2, Math.round((x.changed / max) * 300)) })),
    chartHeight: top.length * 22,
  };
}
