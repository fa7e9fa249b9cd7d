/**
 * @module import/ccl
 * Builds one ECCN file per entry from the three dated readings of 15 CFR 774 Supp. 1.
 *
 * The two toolstop editions (2026-01-01, 2026-08-07) come from one parser, so a difference between them is a
 * regulatory change. The seelpeed reading (2026-07-23) comes from another parser: it is used to date a change more
 * precisely (a change it already shows is dated 2026-07-23) and for the fields only it carries; where it merely
 * reads differently from both toolstop editions, that is a parser difference, reported in the import report and
 * never recorded as a change.
 */
import type { EccnFileT, EccnRevisionT, ExceptionValueT, LicenseRequirementT, SingleSourceT } from '../schema/eccn.ts';
import { CHART_COLUMNS, REASONS, type ReasonId, type ReviewNoteT } from '../schema/common.ts';
import type { Sources, ToolstopEccn, SeelpeedEntry } from './sources.ts';
import { canonicalText, cleanText } from './text.ts';
import { parseScope, scopeReasons } from './scope.ts';
import { parseRequirementDestinations } from './requirement-text.ts';

export const SRC = {
  T1: 'toolstop-2026-01-01',
  T3: 'toolstop-2026-08-07',
  S: 'seelpeed-2026-07-23',
  J: 'jaepaly-2026-07-23',
} as const;

/** Conventional order of reasons in the CCL, so two parsers' orderings compare equal. */
const REASON_ORDER: readonly ReasonId[] = ['NS', 'MT', 'NP', 'CB', 'CW', 'RS', 'FC', 'CC', 'EI', 'SL', 'SI', 'SS', 'UN', 'AT', 'FP'];
const REASON_SET = new Set<string>(REASONS);
const COLUMN_SET = new Set<string>(CHART_COLUMNS);

function sortReasons(rs: Iterable<string>): ReasonId[] {
  const set = new Set([...rs].filter((r) => REASON_SET.has(r))) as Set<ReasonId>;
  return REASON_ORDER.filter((r) => set.has(r));
}

/** The fields that editions change, in canonical form. */
interface Core {
  heading: string;
  reasons_for_control: ReasonId[];
  license_requirements: LicenseRequirementT[];
  other_authority: boolean;
}
type CoreField = keyof Core;
const CORE_FIELDS: readonly CoreField[] = ['heading', 'reasons_for_control', 'license_requirements', 'other_authority'];

function row(eccn: string, scope: string, requirement: string, column: string | null): LicenseRequirementT {
  let col = column && COLUMN_SET.has(column) ? (column as LicenseRequirementT['column']) : null;
  // "AT applies to entire entry" → "Column 1.": the parser lost the reason in front of "Column 1"; the row's own
  // scope names it, so the column is that reason's column 1 (reported in the import report as a repair).
  const lost = /^Column ([123])\.?$/.exec(requirement.trim());
  const rs = scopeReasons(cleanText(scope));
  if (!col && lost && rs.length === 1 && COLUMN_SET.has(`${rs[0]}${lost[1]}`)) {
    col = `${rs[0]}${lost[1]}` as LicenseRequirementT['column'];
    repairs.push({ eccn, note: `"${cleanText(scope)}" → "${requirement.trim()}" read as ${col}` });
  }
  const r: LicenseRequirementT = {
    reasons: scopeReasons(cleanText(scope)),
    scope: cleanText(scope),
    applies_to: parseScope(cleanText(scope), eccn),
    column: col,
    requirement: cleanText(requirement),
  };
  if (col === null) {
    r.destinations = parseRequirementDestinations(requirement);
    const ref = referral(requirement);
    if (r.destinations === null && ref) r.refers_to = ref;
    const cited = /§\s*(7[0-9]{2}\.[0-9]{1,2}(?:\([a-z0-9]{1,5}\))*)/.exec(requirement)?.[1];
    if (cited) r.cites = cited;
  }
  return r;
}

/** "See § 746.1(b) for UN controls." → "746.1(b)": a row that only sends the reader to another section. */
export function referral(requirement: string): string | undefined {
  const m = /^(?:See|Refer to)\s+§\s*(7[0-9]{2}\.[0-9]{1,2}(?:\([a-z0-9]{1,5}\))*)(?:\s+of the EAR)?(?:\s+for [^.]*)?\.?(?:\s+Note:.*)?$/.exec(requirement.replace(/\s+/g, ' ').trim());
  return m?.[1];
}

/**
 * The reasons for control are those the entry's "Reason for Control" line lists plus those its License Requirements
 * rows name ("NS applies to …"): the source's list sometimes omits a reason the table uses (2B910, 3A232).
 */
function fromToolstop(eccn: string, e: ToolstopEccn): Core {
  const rows = e.c.map(([scope, req, col]) => row(eccn, scope, req, col));
  return {
    heading: cleanText(e.t),
    reasons_for_control: sortReasons([...e.r, ...rows.flatMap((r) => r.reasons)]),
    license_requirements: rows,
    other_authority: e.n === 1,
  };
}

/** seelpeed's reading, used only to compare with toolstop's (not stored). */
function seelpeedComparable(e: SeelpeedEntry) {
  return {
    heading: canonicalText(e.heading),
    reasons_for_control: sortReasons((e.reasonForControl ?? '').split(/[\s,.]+/)).join(','),
    license_requirements: JSON.stringify(e.countryChart.map((r) => [canonicalText(r.control), canonicalText(r.countryChart)])),
  };
}
function toolstopComparable(c: Core) {
  return {
    heading: canonicalText(c.heading),
    reasons_for_control: c.reasons_for_control.join(','),
    license_requirements: JSON.stringify(c.license_requirements.map((r) => [canonicalText(r.scope), canonicalText(r.requirement)])),
  };
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Rows whose text the importer repaired, for the import report. */
const repairs: { eccn: string; note: string }[] = [];

/** "$5000", "$1,500.", "$200" → the amount; anything longer (conditions, exceptions) → null. */
export function parseLvsAmount(text: string): number | null {
  const m = /^\$\s?([0-9]{1,3}(?:,?[0-9]{3})*)\.?$/.exec(text.trim());
  return m?.[1] ? Number(m[1].replace(/,/g, '')) : null;
}
/** "Yes" → true, "N/A" → false, anything with conditions → null. */
export function parseYesNa(text: string): boolean | null {
  const t = text.trim().replace(/\.$/, '');
  if (/^yes$/i.test(t)) return true;
  if (/^n\/?a$/i.test(t)) return false;
  return null;
}

function singleSource(e: SeelpeedEntry, eccn: string, date: string): SingleSourceT | undefined {
  const out: SingleSourceT = { known_as_of: { edition: date, source: SRC.S } };
  if (e.licenceExceptionFlags && Object.keys(e.licenceExceptionFlags).length) {
    const le: Record<string, ExceptionValueT> = {};
    for (const [sym, raw] of Object.entries(e.licenceExceptionFlags)) {
      if (!/^[A-Z]{3}$/.test(sym) || typeof raw !== 'string' || !raw.trim()) continue;
      const text = cleanText(raw);
      const v: ExceptionValueT = { text };
      if (sym === 'LVS') {
        v.amount_usd = parseLvsAmount(text);
        v.eligible = /^n\/?a\.?$/i.test(text) ? false : v.amount_usd !== null ? true : null;
      } else v.eligible = parseYesNa(text);
      le[sym] = v;
    }
    if (Object.keys(le).length) out.license_exceptions = le;
  }
  if (e.staSpecialConditions?.trim()) out.sta_special_conditions = cleanText(e.staSpecialConditions);
  if (e.relatedControls?.trim()) {
    out.related_controls = cleanText(e.relatedControls);
    const refs = [...new Set((e.relatedControls.match(/\b[0-9][A-E][0-9]{3}\b/g) ?? []).filter((r) => r !== eccn))].sort();
    if (refs.length) out.related_eccns = refs;
  }
  if (e.items?.length) {
    out.items = e.items.map((i) => ({ paragraph: i.paragraph, kind: i.kind, depth: i.depth, text: cleanText(i.text) })).filter((i) => i.text.length > 0);
  }
  return Object.keys(out).length > 1 ? out : undefined;
}

export interface CclImport {
  files: EccnFileT[];
  /** Parser differences between seelpeed and toolstop that were not recorded as changes. */
  discrepancies: { eccn: string; field: string; note: string }[];
  /** Changes between editions, with the date given to each. */
  changes: { eccn: string; field: string; edition: string; evidence: string }[];
  /** Rows whose chart column was recovered from their own scope sentence. */
  repairs: { eccn: string; note: string }[];
}

export function importCcl(src: Sources): CclImport {
  const t1 = src.toolstop['2026-01-01'].eccns;
  const t3 = src.toolstop['2026-08-07'].eccns;
  const sDate = src.seelpeed.ccl.ecfrIssueDate;
  const sEntries = new Map(src.seelpeed.ccl.entries.map((e) => [e.eccn, e]));
  const jHeadings = new Map(src.jaepaly.headings.map((h) => [h.code.replace(/^ECCN-/, ''), h]));
  const all = [...new Set([...Object.keys(t1), ...Object.keys(t3), ...sEntries.keys(), ...jHeadings.keys()])]
    .filter((k) => /^[0-9][A-E][0-9]{3}$/.test(k))
    .sort();

  repairs.length = 0;
  const files: EccnFileT[] = [];
  const discrepancies: CclImport['discrepancies'] = [];
  const changes: CclImport['changes'] = [];

  for (const eccn of all) {
    const a = t1[eccn];
    const b = t3[eccn];
    const s = sEntries.get(eccn);
    const review: ReviewNoteT[] = [];
    const revisions: EccnRevisionT[] = [];

    if (a && b) {
      const A = fromToolstop(eccn, a);
      const B = fromToolstop(eccn, b);
      const sc = s ? seelpeedComparable(s) : undefined;
      const ac = toolstopComparable(A);
      const bc = toolstopComparable(B);
      revisions.push({ edition: '2026-01-01', sources: [SRC.T1], ...A, license_requirements_known: true });
      const at0723: Partial<Core> = {};
      const at0807: Partial<Core> = {};
      for (const f of CORE_FIELDS) {
        const changed = !same(A[f], B[f]);
        const sVal = sc && f !== 'other_authority' ? sc[f] : undefined;
        if (changed) {
          // A change the 2026-07-23 reading already shows was in force on that date.
          if (sVal !== undefined && f !== 'other_authority' && sVal === bc[f]) {
            (at0723 as Record<string, unknown>)[f] = B[f];
            changes.push({ eccn, field: f, edition: sDate, evidence: `${SRC.S} reads the new text; ${SRC.T3} confirms it` });
          } else {
            (at0807 as Record<string, unknown>)[f] = B[f];
            const ev = sVal === undefined ? `${SRC.S} does not carry this field` : sVal === ac[f as keyof typeof ac] ? `${SRC.S} still reads the old text` : `${SRC.S} reads neither text`;
            changes.push({ eccn, field: f, edition: '2026-08-07', evidence: `${SRC.T3} differs from ${SRC.T1}; ${ev}` });
            if (sVal !== undefined && sVal !== ac[f as keyof typeof ac]) {
              review.push({ field: f, note: `changed between 2026-01-01 and 2026-08-07; the 2026-07-23 source (${SRC.S}) reads differently from both editions, so the change is dated 2026-08-07 — confirm the effective date from the Federal Register.` });
            }
          }
        } else if (sVal !== undefined && sVal !== ac[f as keyof typeof ac]) {
          discrepancies.push({ eccn, field: f, note: `${SRC.S} reads this field differently from both toolstop editions (parser difference; not recorded as a change)` });
        }
      }
      if (Object.keys(at0723).length) revisions.push({ edition: sDate, sources: [SRC.T3, SRC.S], ...at0723 });
      if (Object.keys(at0807).length) revisions.push({ edition: '2026-08-07', sources: [SRC.T3], ...at0807 });
      if (!s) review.push({ field: 'single_source', note: `not in the ${SRC.S} reading (its parser dropped this entry), so licence exception values, related controls and items text are not in the data.` });
    } else if (s && !a && !b) {
      throw new Error(`${eccn}: only in ${SRC.S}; the importer has no rule for a seelpeed-only entry yet`);
    } else if (!a && !b) {
      const j = jHeadings.get(eccn);
      if (!j) continue;
      revisions.push({
        edition: '2026-01-01',
        sources: [SRC.J],
        heading: cleanText(j.text),
        reasons_for_control: [],
        license_requirements: [],
        license_requirements_known: false,
        other_authority: false,
      });
      review.push({ field: 'license_requirements', note: `only the ${SRC.J} headings corpus (eCFR ${src.jaepaly.ecfrDate}) lists this ECCN; no source carries its License Requirements, so every determination for it answers needs_review.` });
      review.push({ field: 'heading', note: `the heading text in ${SRC.J} looks like a fragment of neighbouring text (parser artefact); replace it from the official Supplement No. 1 to Part 774.` });
      review.push({ field: 'revisions', note: `the entry is carried back to 2026-01-01 because the only source is dated ${src.jaepaly.ecfrDate}; the toolstop parser dropped it from both of its editions (the upstream fetch counts 638 entries).` });
    } else {
      throw new Error(`${eccn}: present in only one toolstop edition; treat as an addition/removal explicitly`);
    }

    const file: EccnFileT = {
      eccn,
      category: eccn[0] as string,
      product_group: eccn[1] as string,
      revisions,
    };
    if (s) {
      const ss = singleSource(s, eccn, sDate);
      if (ss) file.single_source = ss;
    }
    if (review.length) file.review = review;
    files.push(file);
  }
  return { files, discrepancies, changes, repairs: [...new Map(repairs.map((r) => [`${r.eccn}|${r.note}`, r])).values()] };
}
