/**
 * @module site/wassenaar-map
 * The cross-regime map on the reference site (issue 8): the map's own page (`wassenaar/map.html`: counts per
 * category, the divergence counts, and a table of every ECCN and every Wassenaar-only entry, filterable by kind and
 * category, sortable), the divergence section of each ECCN page, and the headline counts of the home page.
 *
 * Everything is computed from `kb.wassenaarMap()` and the divergence module, the same functions `dualuse wassenaar
 * --summary --json` prints, so the site and the command agree by construction. Publication constraint (site/wassenaar.ts):
 * codes, kinds, counts and parameter values (figures and units) only; never a Wassenaar paragraph's text.
 */
import type { KnowledgeBase } from '../kb/kb.ts';
import type { WassenaarList } from '../kb/wassenaar.ts';
import { SUMMARY_GROUPS, summaryRowOf, type SummaryRow } from '../kb/wassenaar-map.ts';
import { CORRELATED_KINDS, MAP_KINDS, type MapKind } from '../schema/wassenaar-map.ts';
import { eccnDivergence, type Divergence, type Finding, type FindingType } from '../engine/wassenaar-divergence.ts';
import { wassenaarOverview } from '../engine/wassenaar.ts';
import type { PageView } from './render.ts';
import { CATEGORIES, eccnHref, KIND_LABEL, mapOf, waHref } from './views.ts';
import { waHeading } from './wassenaar.ts';

export const MAP_PAGE = 'wassenaar/map.html';
/** The command that prints the same counts (shown on the pages, so anyone can reproduce them). */
export const MAP_COMMAND = 'dualuse wassenaar --summary --json';

/** Short labels of the kinds, for table cells and the filter. */
const KIND_SHORT: Readonly<Record<MapKind | 'wassenaar_only', string>> = {
  wassenaar_dual_use: 'Wassenaar Dual-Use List',
  wassenaar_munitions: 'Wassenaar Munitions List',
  other_regime: 'other regime',
  plurilateral: 'plurilateral',
  us_only_anti_terrorism: 'US-only: anti-terrorism',
  us_only_unilateral: 'US-only: unilateral',
  other_authority: 'other agency',
  wassenaar_only: 'Wassenaar-only (no ECCN)',
};

const FINDING_LABEL: Readonly<Record<FindingType, string>> = {
  parameter: 'parameter value',
  us_only_paragraph: 'CCL-only paragraph',
  wassenaar_only_paragraph: 'Wassenaar-only paragraph',
  not_used_in_wassenaar: '“Not used” in the 2025 list',
  reserved_in_ear: '[Reserved] in the CCL',
  text_differs: 'different words',
};

const ASSESSMENT_LABEL: Readonly<Record<Finding['assessment'], string>> = {
  stricter: 'EAR stricter',
  looser: 'EAR looser',
  differs: 'differs: to review',
  extra_in_ear: 'EAR only',
  missing_in_ear: 'not in the EAR',
};

/** What a finding says, in the site's words: codes and values, never the Wassenaar text. */
function findingText(f: Finding): string {
  switch (f.type) {
    case 'parameter': return f.note; // built from the figures and units only (engine/wassenaar-divergence.ts)
    case 'us_only_paragraph': return `${f.eccn_paragraph} has no paragraph at the same place in the 2025 list (a CCL-only paragraph, or a reading problem of the items text).`;
    case 'wassenaar_only_paragraph': return `${f.wassenaar_paragraph} has no paragraph at the same place in the items text of the CCL (missing from the EAR, or dropped by the source).`;
    case 'not_used_in_wassenaar': return `The 2025 list marks ${f.wassenaar_paragraph} “Not used”; the CCL still has ${f.eccn_paragraph}.`;
    case 'reserved_in_ear': return `${f.eccn_paragraph} is [Reserved] in the CCL; the 2025 list has ${f.wassenaar_paragraph}.`;
    case 'text_differs': return 'The two paragraphs share few words: a different item at the same number, or the same item reworded. Compare them in the eCFR and the official list.';
  }
}

/** The divergence section of an ECCN page; null when the knowledge base has no map or the ECCN has no counterpart. */
export function eccnDivergenceView(kb: KnowledgeBase, eccn: string) {
  const m = mapOf(kb);
  const entry = m?.entry(eccn);
  if (!entry || !CORRELATED_KINDS.includes(entry.kind)) return null;
  const d = eccnDivergence(kb, eccn);
  if (!d) return null;
  const c = d.counts;
  return {
    counterpart: { code: d.counterparts[0] as string, href: waHref(d.counterparts[0] as string) },
    compared: d.compared,
    notCompared: d.not_compared ?? '',
    source: d.ear_text ? `${d.ear_text.source}, edition ${d.ear_text.as_of}` : '',
    paragraphs: d.paragraphs ?? null,
    summary: ([
      [c.stricter, 'parameter value', 'stricter in the EAR'], [c.looser, 'parameter value', 'looser in the EAR'], [c.differs, 'parameter value', 'to review'],
      [c.us_only_paragraph, 'CCL-only paragraph', ''], [c.wassenaar_only_paragraph, 'Wassenaar-only paragraph', ''],
      [c.not_used_in_wassenaar, 'paragraph', '“Not used” in the list'], [c.reserved_in_ear, 'paragraph', '[Reserved] in the CCL'], [c.text_differs, 'paragraph', 'with different words'],
    ] as const).filter(([n]) => n > 0).map(([n, noun, rest]) => `${n} ${noun}${n === 1 ? '' : 's'}${rest ? ` ${rest}` : ''}`).join(', '),
    findings: d.findings.map((f) => ({
      type: FINDING_LABEL[f.type],
      assessment: ASSESSMENT_LABEL[f.assessment],
      cls: f.assessment,
      eccnParagraph: f.eccn_paragraph ?? '—',
      waParagraph: f.wassenaar_paragraph ?? '—',
      waHref: f.wassenaar_paragraph ? waHref(d.counterparts[0] as string) : null,
      ear: f.ear?.join(', ') ?? '',
      wassenaar: f.wassenaar?.join(', ') ?? '',
      text: findingText(f),
    })),
  };
}

/** Findings about paragraphs (not parameter values): one side lacks it, "Not used", [Reserved], different words. */
const paragraphFindings = (c: Divergence['counts']) => c.us_only_paragraph + c.wassenaar_only_paragraph + c.not_used_in_wassenaar + c.reserved_in_ear + c.text_differs;

const groupCells = (r: SummaryRow) => [r.eccns, r.correlated, r.other_regime, r.plurilateral, r.us_only, r.by_kind.us_only_anti_terrorism, r.other_authority, r.wassenaar_entries, r.wassenaar_only];

/** The headline counts (home page and the map page's lead), computed from the map. */
export function mapHeadline(kb: KnowledgeBase) {
  if (!mapOf(kb)) return null;
  const t = wassenaarOverview(kb).summary.total;
  const dv = wassenaarOverview(kb).divergence;
  const pct = (n: number) => `${Math.round((100 * n) / t.eccns)} %`;
  return {
    eccns: t.eccns, correlated: t.correlated, correlatedPct: pct(t.correlated), otherRegime: t.other_regime, plurilateral: t.plurilateral,
    usOnly: t.us_only, usOnlyPct: pct(t.us_only), antiTerrorism: t.by_kind.us_only_anti_terrorism, unilateral: t.by_kind.us_only_unilateral,
    otherAuthority: t.other_authority, wassenaarOnly: t.wassenaar_only, stricter: dv.counts.stricter, looser: dv.counts.looser, toReview: dv.counts.differs,
    href: MAP_PAGE, command: MAP_COMMAND,
  };
}

export interface MapCtx { kb: KnowledgeBase; wa: WassenaarList; edition: string }

/** `wassenaar/map.html`: the counts per category, the divergence counts and the whole map as one filterable table. */
export function mapIndexView(ctx: MapCtx): PageView {
  const { kb, wa } = ctx;
  const map = mapOf(kb);
  if (!map) throw new Error('mapIndexView needs a knowledge base with the cross-regime map');
  const ov = wassenaarOverview(kb);
  const divergence = new Map(ov.divergence.eccns.map((x) => [x.eccn, x.counts]));
  const categoryName = (row: string) => (row === 'ML' ? 'Munitions List (600 series)' : CATEGORIES[row] ?? '');
  const rows = map.entries().map((e) => {
    const dc = divergence.get(e.eccn);
    const heading = kb.latest().eccn(e.eccn)?.state.heading ?? kb.eccnHistory(e.eccn)?.revisions.findLast((r) => r.heading)?.heading ?? '';
    return {
      eccn: e.eccn, href: eccnHref(e.eccn), heading, category: summaryRowOf(e.eccn), kind: e.kind, kindLabel: KIND_SHORT[e.kind], kindTitle: KIND_LABEL[e.kind],
      counterparts: e.counterparts.map((code) => ({ code, href: waHref(code) })),
      tracks: e.tracks ? { code: e.tracks, href: waHref(e.tracks) } : null,
      proposed: e.proposed ?? '', regimes: (e.regimes ?? []).join(', '), rule: e.rule,
      divergence: dc ? [dc.stricter ? `${dc.stricter} stricter` : '', dc.looser ? `${dc.looser} looser` : '', dc.differs ? `${dc.differs} to review` : '', paragraphFindings(dc) ? `${paragraphFindings(dc)} paragraph` : ''].filter(Boolean).join(', ') : '',
    };
  });
  const waOnly = ov.wassenaar_only.map((w) => {
    const entry = wa.entry(w.code);
    return { code: w.code, href: waHref(w.code), heading: entry ? waHeading(entry) : '', category: w.code.startsWith('ML') ? 'ML' : w.code[0] as string, proposed: w.proposed_eccn ?? '' };
  });
  const head = mapHeadline(kb);
  return {
    path: MAP_PAGE,
    title: 'ECCN ↔ Wassenaar map',
    edition: ctx.edition,
    description: `Every ECCN of the Commerce Control List linked to its Wassenaar Arrangement counterpart (${wa.edition.document}) or marked by kind: counts per category, divergence, and the whole map.`,
    waEdition: { id: wa.edition.id, document: wa.edition.document, date: wa.edition.date },
    headline: head,
    command: MAP_COMMAND,
    summaryColumns: ['ECCNs', 'correlated', 'other regime', 'plurilateral', 'US-only', 'of which anti-terrorism', 'other agency', 'Wassenaar entries in use', 'Wassenaar-only'],
    summary: [...ov.summary.rows, ov.summary.total].map((r) => ({ category: r.category === 'total' ? 'Total' : r.category, name: r.category === 'total' ? '' : categoryName(r.category), total: r.category === 'total', cells: groupCells(r) })),
    groups: Object.entries(SUMMARY_GROUPS).map(([id, kinds]) => ({ id, kinds: kinds.map((k) => KIND_SHORT[k]).join(', ') })),
    divergence: {
      correlated: ov.divergence.correlated, compared: ov.divergence.compared, counts: ov.divergence.counts,
      eccns: ov.divergence.eccns.map((x) => ({ eccn: x.eccn, href: eccnHref(x.eccn), counterpart: x.counterpart, waHref: waHref(x.counterpart), c: x.counts, paragraphs: paragraphFindings(x.counts) })),
    },
    kinds: [...MAP_KINDS.map((k) => ({ id: k, label: KIND_SHORT[k], count: rows.filter((r) => r.kind === k).length })), { id: 'wassenaar_only', label: KIND_SHORT.wassenaar_only, count: waOnly.length }],
    categories: [...ov.summary.rows.map((r) => ({ id: r.category, label: r.category === 'ML' ? 'ML (600 series, Munitions List)' : `${r.category} ${CATEGORIES[r.category] ?? ''}` }))],
    rows,
    waOnly,
    total: rows.length + waOnly.length,
    scripts: ['tables.js'],
  };
}
