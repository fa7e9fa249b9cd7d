/**
 * @module site/wassenaar
 * The Wassenaar Arrangement pages of the reference site: an index of the Dual-Use List (Categories 1–9) and the
 * Munitions List, one page per entry, and the entries' search documents.
 *
 * Publication constraint (issue 8; regulations/README.md, "Publication constraint"): the Secretariat publishes the
 * list as a public document without an explicit licence, so the site links to the official document and does not
 * republish entries. A page shows the entry's code, its own heading (the entry line, never a paragraph's text),
 * category and product group, the codes of its paragraphs (the structure, without their texts), Sensitive and Very
 * Sensitive List membership and the PDF pages; never a paragraph's text or a note. Search indexes codes and headings.
 */
import { LoadError } from '../errors.ts';
import type { KnowledgeBase } from '../kb/kb.ts';
import type { WaEntry, WassenaarList } from '../kb/wassenaar.ts';
import { WASSENAAR_ROOT } from '../load/wassenaar.ts';
import type { PageView } from './render.ts';
import { waCounterparts, waHref, type SearchDoc } from './views.ts';

export const WA_INDEX = 'wassenaar/index.html';
const LIST_NAMES = { SL: 'Sensitive List', VSL: 'Very Sensitive List' } as const;
/** Longest heading shown: entry lines run to about 370 characters; a longer one is cut (a heading, not the entry). */
const MAX_HEADING = 400;

/**
 * The knowledge base's Wassenaar list, or undefined when it has none (no `regulations/wassenaar/`, as in the fictional
 * test fixtures). Invalid Wassenaar files still throw: a site is not built from data that fails validation.
 */
export function wassenaarOf(kb: KnowledgeBase): WassenaarList | undefined {
  try {
    return kb.wassenaar();
  } catch (e) {
    const only = e instanceof LoadError && e.issues.length === 1 ? e.issues[0] : undefined;
    if (only?.code === 'RULESET_NOT_FOUND' && only.file === WASSENAAR_ROOT) return undefined;
    throw e;
  }
}

/** The entry's own heading: its entry line as printed ("Electronic items as follows:"), cut at a word if very long. */
export function waHeading(e: WaEntry): string {
  if (e.text.length <= MAX_HEADING) return e.text;
  const cut = e.text.slice(0, MAX_HEADING);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 0 ? cut.lastIndexOf(' ') : MAX_HEADING).replace(/[\s,;:]+$/, '')} …`;
}

/** "SYSTEMS, EQUIPMENT AND COMPONENTS" → "Systems, equipment and components" (product group and part titles). */
const sentenceCase = (t: string) => t.toLowerCase().replace(/[a-z]/, (c) => c.toUpperCase());

/** The official document: its name and the URL recorded in edition.yaml (`source.official_url`). */
function officialDocument(wa: WassenaarList): { text: string; url: string | null } {
  const ed = wa.edition;
  return { text: `${ed.document} (${ed.compiled_by}, ${ed.date}), PDF`, url: ed.source.official_url || null };
}

/** PDF pages as ranges, each linked to its first page in the official PDF (`#page=`), and the printed page numbers. */
function pagesView(wa: WassenaarList, pages: readonly number[]) {
  const url = wa.edition.source.official_url;
  const sorted = [...pages].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const p of sorted) {
    const last = runs[runs.length - 1];
    if (last && p === last[1] + 1) last[1] = p;
    else runs.push([p, p]);
  }
  const span = ([a, b]: [number, number], label: (n: number) => string) => (a === b ? label(a) : `${label(a)}–${label(b)}`);
  const printedOf = (n: number) => wa.edition.page_labels[n - 1] ?? '–';
  const pdf = runs.map((r) => span(r, String)).join(', ');
  const printed = runs.map((r) => span(r, printedOf)).join(', ');
  return {
    spans: runs.map((r) => ({ label: span(r, String), href: url ? `${url}#page=${r[0]}` : null })),
    // Shown only where they differ (from the Munitions List on, the printed number is one less than the PDF page).
    printed: printed === pdf ? '' : printed,
  };
}

/** SL / VSL marks of an entry: the whole entry, or some of its paragraphs only. */
function marksOf(e: WaEntry) {
  return (['SL', 'VSL'] as const).flatMap((id) => {
    const whole = Boolean(e.lists?.includes(id));
    const paras = e.paragraphs.filter((p) => p.lists?.includes(id)).map((p) => p.code);
    if (!whole && paras.length === 0) return [];
    const some = paras.length > 8 ? `${paras.slice(0, 8).join(', ')} …` : paras.join(', ');
    return [{
      whole,
      label: whole ? id : `${id} (part)`,
      detail: whole ? '' : `${paras.length} paragraph${paras.length === 1 ? '' : 's'} on the ${LIST_NAMES[id]}`,
      cls: id.toLowerCase(),
      title: whole ? `${LIST_NAMES[id]}: the whole entry` : `${LIST_NAMES[id]}: ${paras.length} paragraph${paras.length === 1 ? '' : 's'} (${some})`,
    }];
  });
}

const paragraphMarks = (lists: readonly string[] | undefined) =>
  (lists ?? []).map((id) => ({ label: id, cls: id.toLowerCase(), title: LIST_NAMES[id as keyof typeof LIST_NAMES] ?? id }));

/** Where an entry sits: its list, and for the Dual-Use List its category, part (Category 5) and product group. */
function placeOf(wa: WassenaarList, e: WaEntry) {
  if (e.list === 'munitions') return { list: 'Munitions List', section: { name: 'Munitions List', href: `${WA_INDEX}#ml` }, category: null, part: null, group: null };
  const c = e.category ? wa.category(e.category) : undefined;
  const part = c?.parts?.find((p) => p.part === e.part);
  const g = c?.groups.find((x) => x.code === `${e.category}.${e.group}` && (x.part === undefined || x.part === e.part));
  return {
    list: 'Dual-Use List',
    section: { name: `Category ${e.category}`, href: `${WA_INDEX}#cat-${e.category}` },
    category: c ? { id: c.category, title: c.title, href: `${WA_INDEX}#cat-${c.category}` } : null,
    part: part ? { n: part.part, title: sentenceCase(part.title) } : null,
    group: g ? { code: g.code, title: sentenceCase(g.title) } : null,
  };
}

export interface WaCtx { kb: KnowledgeBase; wa: WassenaarList; edition: string }

/** The page of one entry (`wassenaar/3.A.1.html`). */
export function waEntryView(ctx: WaCtx, e: WaEntry): PageView {
  const wa = ctx.wa;
  const heading = waHeading(e);
  const depth0 = e.code.split('.').length + 1;
  return {
    path: waHref(e.code),
    title: `Wassenaar ${e.code} — ${heading}`,
    edition: ctx.edition,
    description: `Wassenaar Arrangement ${e.code}: heading, paragraph codes, Sensitive List marks and PDF pages in ${wa.edition.document}, with a link to the official text.`,
    code: e.code,
    heading,
    subheading: e.subheading ?? '',
    ...placeOf(wa, e),
    marks: marksOf(e),
    pages: pagesView(wa, e.pages),
    // The structure only: codes, depth, marks and pages; the paragraphs' texts and notes stay out (publication).
    paragraphs: e.paragraphs.map((p) => ({ code: p.code, depth: Math.max(0, Math.min(6, p.code.split('.').length - depth0)), marks: paragraphMarks(p.lists), pages: pagesView(wa, p.pages) })),
    official: officialDocument(wa),
    waEdition: { id: wa.edition.id, document: wa.edition.document, date: wa.edition.date },
    counterparts: waCounterparts(ctx.kb, e.code),
  };
}

/** The index (`wassenaar/index.html`): Categories 1–9 (Category 5 by part) and the Munitions List. */
export function wassenaarIndexView(ctx: WaCtx): PageView {
  const wa = ctx.wa;
  const row = (e: WaEntry) => ({ code: e.code, href: waHref(e.code), heading: waHeading(e), marks: marksOf(e), pages: pagesView(wa, e.pages) });
  const entries = wa.entries();
  const sections = wa.categories().map((c) => {
    const inCat = entries.filter((e) => e.list === 'dual-use' && e.category === c.category);
    const tables = c.parts?.length
      ? c.parts.map((p) => ({ caption: `Category ${c.category}, Part ${p.part}: ${sentenceCase(p.title)}`, entries: inCat.filter((e) => e.part === p.part).map(row) }))
      : [{ caption: `Category ${c.category} entries`, entries: inCat.map(row) }];
    return { id: `cat-${c.category}`, short: `${c.category} ${c.title}`, title: `Category ${c.category}: ${c.title}`, tables };
  });
  const ml = entries.filter((e) => e.list === 'munitions');
  sections.push({ id: 'ml', short: 'Munitions List', title: 'Munitions List', tables: [{ caption: 'Munitions List entries', entries: ml.map(row) }] });
  const onList = (id: 'SL' | 'VSL') => entries.filter((e) => e.lists?.includes(id) || e.paragraphs.some((p) => p.lists?.includes(id))).length;
  return {
    path: WA_INDEX,
    title: 'Wassenaar Arrangement list',
    edition: ctx.edition,
    description: `The entries of the Wassenaar Arrangement Dual-Use List and Munitions List (${wa.edition.document}): codes, headings, Sensitive List marks, with links to the official document.`,
    waEdition: { id: wa.edition.id, title: wa.edition.title, document: wa.edition.document, date: wa.edition.date, corrigendum: wa.edition.corrigendum ?? '' },
    official: officialDocument(wa),
    counts: { dualUse: entries.length - ml.length, munitions: ml.length, sl: onList('SL'), vsl: onList('VSL') },
    sections,
  };
}

/** Search documents: the entry's code and its paragraphs' codes, and its heading; no paragraph text (publication). */
export function waSearchDocs(wa: WassenaarList): SearchDoc[] {
  return wa.entries().map((e) => ({
    id: `wa:${e.code}`,
    kind: e.list === 'munitions' ? 'Wassenaar Munitions List' : 'Wassenaar Dual-Use List',
    title: e.code,
    text: waHeading(e),
    href: waHref(e.code),
    codes: [e.code, ...e.paragraphs.map((p) => p.code)].join(' '),
    body: `${e.subheading ?? ''} ${waHeading(e)}`.trim(),
  }));
}
