/**
 * @module engine/wassenaar-divergence
 * Where a correlated ECCN and its Wassenaar counterpart differ, paragraph by paragraph (pairs from the cross-regime
 * map): paragraphs one side has and the other does not (or has as "[Reserved]" / "Not used since …"), paragraphs
 * whose words differ, and parameter values (number and unit) that differ. A parameter difference is called stricter
 * or looser only when it is mechanical: the same unit, one value on each side in the same place, and the same
 * comparison read next to both ("exceeding", "greater than", "or more" … or "less than", "not exceeding" …); anything
 * else is `differs` and needs review. Nothing here says what the difference means for an export.
 *
 * The Wassenaar text extraction flattens superscripts ("5 x 103 Gy" is 5 × 10³ Gy): a number after "x 10" is read as
 * the exponent on both sides, and the CCL prints them apart ("5 × 10 3 Gy"); "m2" and "m 2" are m².
 *
 * @example
 * const d = eccnDivergence(kb, '3A001');
 * d?.findings.filter((f) => f.type === 'not_used_in_wassenaar').map((f) => f.eccn_paragraph);
 * //=> ['3A001.a.5.a.1', …]: paragraphs the 2025 list no longer has
 */
import type { KnowledgeBase } from '../kb/kb.ts';
import type { MapEntry } from '../kb/wassenaar-map.ts';
import { readEccnParagraphsAgainst } from '../kb/eccn-paragraphs.ts';
import { wordOverlap, wordSimilarity } from '../kb/words.ts';
import { ALIKE } from '../kb/eccn-paragraphs.ts';
import { CORRELATED_KINDS } from '../schema/wassenaar-map.ts';

export const FINDING_TYPES = ['us_only_paragraph', 'wassenaar_only_paragraph', 'not_used_in_wassenaar', 'reserved_in_ear', 'text_differs', 'parameter'] as const;
export type FindingType = (typeof FINDING_TYPES)[number];
/** extra_in_ear: the EAR carries a paragraph the list does not; missing_in_ear: the reverse. */
export type Assessment = 'stricter' | 'looser' | 'differs' | 'extra_in_ear' | 'missing_in_ear';

export interface Parameter {
  /** As read, normalised: `1.3 GSPS`, `5e3 Gy`. */
  readonly printed: string;
  /** The value in the base unit (`GHz` → Hz). */
  readonly value: number;
  readonly unit: string;
  /** The unit values are compared in. */
  readonly base: string;
  /** `lower`: the paragraph controls values above it ("exceeding"); `upper`: below it ("less than"). */
  readonly bound: 'lower' | 'upper' | null;
  /** The same limit restated in another unit, in parentheses after the first ("398 K (+125 °C)"): not compared. */
  readonly equivalent?: boolean;
}

export interface Finding {
  readonly type: FindingType;
  readonly assessment: Assessment;
  /** True for a stricter/looser parameter comparison read mechanically (same unit, same comparison on both sides). */
  readonly mechanical: boolean;
  readonly eccn_paragraph: string | null;
  readonly wassenaar_paragraph: string | null;
  readonly ear?: readonly string[];
  readonly wassenaar?: readonly string[];
  readonly ear_text?: string;
  readonly wassenaar_text?: string;
  readonly note: string;
}

export interface Divergence {
  readonly eccn: string;
  readonly kind: string;
  readonly counterparts: readonly string[];
  /** False when there is nothing to compare paragraph by paragraph; `not_compared` says why. */
  readonly compared: boolean;
  readonly not_compared?: string;
  /** The source and edition of the ECCN's items text compared. */
  readonly ear_text?: { readonly source: string; readonly as_of: string };
  readonly paragraphs?: { readonly paired: number; readonly us_only: number; readonly wassenaar_only: number };
  readonly counts: Readonly<Record<FindingType, number>> & { readonly stricter: number; readonly looser: number; readonly differs: number };
  readonly findings: readonly Finding[];
}

// --- parameters -------------------------------------------------------------------------------------------------

const PREFIX: Record<string, number> = { T: 1e12, G: 1e9, M: 1e6, k: 1e3, '': 1, c: 1e-2, m: 1e-3, µ: 1e-6, n: 1e-9, p: 1e-12, f: 1e-15 };
/** Units and the base they are compared in; prefixed forms are generated for the SI ones. */
const UNITS = new Map<string, { base: string; factor: number }>();
const si = (base: string, prefixes: string) => { for (const p of ['', ...prefixes]) UNITS.set(`${p}${base}`, { base, factor: PREFIX[p] as number }); };
si('Hz', 'kMGT'); si('W', 'mµnpkMG'); si('V', 'mµk'); si('A', 'mµk'); si('m', 'kcmµnp'); si('s', 'mµnpf'); si('g', 'km'); si('Pa', 'kMG'); si('J', 'mkM');
si('bit/s', 'kMGT'); si('SPS', 'kMG'); si('m2', ''); si('Gy', '');
for (const [u, b, f] of [['cm2', 'm2', 1e-4], ['mm2', 'm2', 1e-6], ['Gb/s', 'bit/s', 1e9], ['Mb/s', 'bit/s', 1e6], ['Gbps', 'bit/s', 1e9], ['Mbps', 'bit/s', 1e6]] as const) UNITS.set(u, { base: b, factor: f });
for (const u of ['dB', 'dBm', 'dBc', 'dBi', 'dBW', 'dBfs', 'K', '°C', '°', '%', 'bit', 'bits', 'rpm', 'ppm', 'kN', 'n/cm2', 'Gy (Si)', 'Gy (Si)/s', 'mrad', 'rad', 'nm/min', 'km/h', 'm/s', 'mm/s', 'g/m', 'W/m2', 'kg/m3', 'g/cm3', 'N/m2', 'MPa√m', 'Ω', 'ohm', 'cal', 'Tesla', 'lm', 'Wh/kg']) if (!UNITS.has(u)) UNITS.set(u, { base: u === 'bits' ? 'bit' : u, factor: 1 });
UNITS.set('kN', { base: 'kN', factor: 1 });
UNITS.delete('A'); // a bare "A" is more often a product group ("4 A") than amperes
/** Longest first, so that `GHz` wins over `G` and `dBm` over `dB`. */
const UNIT_ALTERNATION = [...UNITS.keys()].sort((a, b) => b.length - a.length).map((u) => u.replace(/[.*+?^${}()|[\]\\/√]/g, (c) => `\\${c}`)).join('|');
const NUMBER = String.raw`(?<![\w.,])([-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[-+]?\d+(?:\.\d+)?)(?:\s*[x×]\s*10\s*(-?\d{1,2})(?!\d))?`;
const PARAM = new RegExp(`${NUMBER}\\s?(${UNIT_ALTERNATION})(?:\\s?([23])(?![0-9.]))?(?![A-Za-z0-9µ])`, 'g');
const POWER = new RegExp(`(?<![\\w.,])10\\s?-(\\d{1,2})\\s?(${UNIT_ALTERNATION})(?![A-Za-z0-9])`, 'g');
const BARE = new RegExp(`${NUMBER}(?=\\s*(?:to|and|-)\\s*[-+]?\\d[\\d.,]*\\s?(?:${UNIT_ALTERNATION})(?![A-Za-z]))`, 'g');

const LOWER_BEFORE = /(exceeding|greater than|more than|above|over|beyond|in excess of|higher than|at least|equal to or greater than|equal to or more than|equal to or exceeding|not less than|larger than)\s*(?:\(\s*)?$/i;
const UPPER_BEFORE = /(less than|less \(better\) than|below|not exceeding|lower than|up to|no more than|equal to or less than|not more than|smaller than|not greater than|or less than)\s*(?:\(\s*)?$/i;
const LOWER_AFTER = /^\s*(?:\([^)]*\)\s*)?,?\s*or (more|greater|higher|above|larger|better)\b/i;
const UPPER_AFTER = /^\s*(?:\([^)]*\)\s*)?,?\s*or (less|lower|below|smaller)\b/i;

/** The CCL's and the list's typography folded: minus signs, thousands in words, "Giga Samples Per Second (GSPS)". */
function normalise(text: string): string {
  return text
    .replace(/[−–—]/g, '-')
    .replace(/\u00a0/g, ' ')
    .replace(/μ/g, 'µ')
    .replace(/\b(Giga|Mega|Kilo) Samples Per Second\s*\((GSPS|MSPS|kSPS)\)/gi, '$2')
    .replace(/\b(\d+)-bit\b/g, '$1 bit')
    .replace(/(\d)\s?[oº°]?\s?C\)/g, '$1 °C)') // "(180C)": the list's extraction lost the degree sign
    .replace(/(\d)\s?[oº°]\s?C\b/g, '$1 °C') // "20oC", "215ºC"
    .replace(/\b(n\/cm|cm|mm|km|µm|m) ([23])(?![0-9.])/g, '$1$2') // the CCL's "n/cm 2", "1 m 2": squared
    .replace(/\blog 2\b/g, 'log2')
    .replace(/\s+/g, ' ');
}

/** The number-and-unit values of a paragraph's text, in order. */
export function parameters(text: string): Parameter[] {
  const t = normalise(text);
  const out: { at: number; p: Parameter }[] = [];
  const read = (m: RegExpExecArray, unit: string, square: string | undefined): Parameter | undefined => {
    const mantissa = Number((m[1] as string).replace(/,/g, ''));
    const exp = m[2] !== undefined ? Number(m[2]) : 0;
    let u = unit;
    if (square && ['m', 'cm', 'mm', 'km', 'µm'].includes(u)) u = `${u}2`;
    else if (square && u === 'n/cm') u = 'n/cm2';
    const def = UNITS.get(u);
    if (!def || !Number.isFinite(mantissa)) return undefined;
    const before = t.slice(Math.max(0, m.index - 40), m.index);
    const after = t.slice(m.index + m[0].length, m.index + m[0].length + 40);
    const bound = LOWER_BEFORE.test(before) || LOWER_AFTER.test(after) ? 'lower' : UPPER_BEFORE.test(before) || UPPER_AFTER.test(after) ? 'upper' : null;
    const value = mantissa * 10 ** exp * def.factor;
    return { printed: `${m[1]}${m[2] !== undefined ? `e${m[2]}` : ''} ${u}`, value, unit: u, base: def.base, bound };
  };
  const taken: [number, number][] = [];
  // "10 -14 J" (the CCL) and "10-14 J" (the list): 10 to the power of -14, with no mantissa printed.
  for (const m of t.matchAll(POWER)) {
    const def = UNITS.get(m[2] as string);
    if (!def) continue;
    const at = m.index ?? 0;
    taken.push([at, at + m[0].length]);
    const before = t.slice(Math.max(0, at - 40), at);
    const bound = LOWER_BEFORE.test(before) ? 'lower' : UPPER_BEFORE.test(before) ? 'upper' : null;
    out.push({ at, p: { printed: `1e-${m[1]} ${m[2]}`, value: 10 ** -Number(m[1]) * def.factor, unit: m[2] as string, base: def.base, bound } });
  }
  for (const m of t.matchAll(PARAM)) {
    const at = m.index ?? 0;
    if (taken.some(([a, b]) => at >= a && at < b)) continue;
    const p = read(m as RegExpExecArray, m[3] as string, m[4]);
    if (p) out.push({ at, p });
  }
  // "4.2 to 4.4 GHz": the first number takes the unit of the second.
  for (const m of t.matchAll(BARE)) {
    if (out.some((o) => o.at === m.index)) continue;
    const unit = new RegExp(`^\\s*(?:to|and|-)\\s*[-+]?\\d[\\d.,]*\\s?(${UNIT_ALTERNATION})`).exec(t.slice((m.index ?? 0) + m[0].length))?.[1];
    const p = unit ? read(m as RegExpExecArray, unit, undefined) : undefined;
    if (p) out.push({ at: m.index ?? 0, p });
  }
  out.sort((a, b) => a.at - b.at);
  // "greater than 31.62 mW (15 dBm)", "398 K (+125 °C)": the value in parentheses restates the one before it.
  for (let i = 1; i < out.length; i++) {
    const prev = out[i - 1] as { at: number; p: Parameter };
    const cur = out[i] as { at: number; p: Parameter };
    if (/^[-+]?[\d.,]+(?:\s?[x×]\s?10\s?-?\d{1,2})?\s?\S+\s?\(\s*$/.test(t.slice(prev.at, cur.at))) cur.p = { ...cur.p, bound: cur.p.bound ?? prev.p.bound, equivalent: true };
  }
  return out.map((o) => o.p);
}

/**
 * The same printed figure with a different unit prefix ("10 ms" / "10 µs"): a thousandfold difference that a lost or
 * misread prefix in a text extraction produces as easily as a real divergence, so it is reported for review, not as
 * stricter or looser.
 */
const samePrefixSlip = (x: Parameter, y: Parameter) => x.base === y.base && x.unit !== y.unit && figure(x) === figure(y);
const figure = (p: Parameter) => p.printed.slice(0, p.printed.length - p.unit.length).trim();

const same = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b), 1e-30);

/** Parameter findings for one pair of paragraph texts. */
export function compareParameters(earText: string, waText: string): { assessment: Assessment; ear: string[]; wassenaar: string[]; note: string }[] {
  const e = parameters(earText).filter((p) => !p.equivalent);
  const w = parameters(waText).filter((p) => !p.equivalent);
  const key = (p: Parameter) => `${p.base}:${p.value.toPrecision(9)}`;
  const ek = e.map(key).sort();
  const wk = w.map(key).sort();
  if (ek.length === wk.length && ek.every((k, i) => k === wk[i])) return [];
  const out: { assessment: Assessment; ear: string[]; wassenaar: string[]; note: string }[] = [];
  const bases = [...new Set([...e, ...w].map((p) => p.base))];
  for (const base of bases) {
    const eb = e.filter((p) => p.base === base);
    const wb = w.filter((p) => p.base === base);
    if (eb.length === wb.length) {
      eb.forEach((x, i) => {
        const y = wb[i] as Parameter;
        if (same(x.value, y.value)) return;
        let assessment: Assessment = 'differs';
        let note = `${base}: ${x.printed} in the EAR, ${y.printed} in the Wassenaar list`;
        if (samePrefixSlip(x, y)) {
          note += ' (the same figure with another unit prefix: possibly a transcription slip in one source, such as "µ" read as "m"; check the official texts before reading it as stricter or looser)';
        } else if (x.bound && x.bound === y.bound) {
          const earStricter = x.bound === 'lower' ? x.value < y.value : x.value > y.value;
          assessment = earStricter ? 'stricter' : 'looser';
          note += ` (both ${x.bound === 'lower' ? 'a lower bound: "exceeding", "greater than", "or more"' : 'an upper bound: "less than", "not exceeding", "or less"'}; the ${earStricter ? 'EAR\'s' : 'list\'s'} value takes in more items)`;
        } else note += x.bound || y.bound ? ' (the comparison could not be read on both sides)' : ' (no comparison read next to them)';
        out.push({ assessment, ear: [x.printed], wassenaar: [y.printed], note });
      });
    } else {
      const ev = eb.filter((x) => !wb.some((y) => same(x.value, y.value)));
      const wv = wb.filter((y) => !eb.some((x) => same(x.value, y.value)));
      if (ev.length === 0 && wv.length === 0) continue; // the same values, one printed twice on one side
      out.push({ assessment: 'differs', ear: ev.map((p) => p.printed), wassenaar: wv.map((p) => p.printed), note: `${base}: ${eb.length} value(s) in the EAR, ${wb.length} in the Wassenaar list; values on one side only are listed` });
    }
  }
  return out;
}

// --- paragraphs ---------------------------------------------------------------------------------------------------

const RESERVED = /^\[Reserved\]\.?$|\[Reserved\]\.?$/i;
const NOT_USED = /^Not used since [0-9]{4}/;
const clip = (s: string, n = 400) => (s.length > n ? `${s.slice(0, n - 1).trimEnd()}…` : s);
const zeroCounts = () => ({ us_only_paragraph: 0, wassenaar_only_paragraph: 0, not_used_in_wassenaar: 0, reserved_in_ear: 0, text_differs: 0, parameter: 0, stricter: 0, looser: 0, differs: 0 });

function countOf(findings: readonly Finding[]): Divergence['counts'] {
  const c = zeroCounts();
  for (const f of findings) {
    c[f.type]++;
    if (f.assessment === 'stricter') c.stricter++;
    if (f.assessment === 'looser') c.looser++;
    if (f.type === 'parameter' && f.assessment === 'differs') c.differs++;
  }
  return c;
}

/** How an ECCN and its Wassenaar counterpart differ; undefined when the ECCN is not in the map. */
export function eccnDivergence(kb: KnowledgeBase, eccn: string): Divergence | undefined {
  const map = kb.wassenaarMap();
  const e = map.entry(eccn);
  if (!e) return undefined;
  return divergenceOf(kb, e);
}

function notCompared(e: MapEntry, why: string): Divergence {
  return { eccn: e.eccn, kind: e.kind, counterparts: e.counterparts, compared: false, not_compared: why, counts: zeroCounts(), findings: [] };
}

function divergenceOf(kb: KnowledgeBase, e: MapEntry): Divergence {
  if (!CORRELATED_KINDS.includes(e.kind)) return notCompared(e, `no Wassenaar counterpart (${e.kind})`);
  if (e.kind === 'wassenaar_munitions') return notCompared(e, 'the 600 series is linked by Munitions List category; paragraphs are not paired (rule ml_category / ml_software_technology)');
  const p = e.paragraphs;
  const base = e.counterparts[0] as string;
  const history = kb.eccnHistory(e.eccn);
  const items = history?.single_source?.items;
  if (!items?.length || !history?.single_source) return notCompared(e, 'the sources carry no List of Items Controlled text for this ECCN (only Categories 1, 3, 4 and 5 have it)');
  if (!p) return notCompared(e, `the paragraphs are not paired: ${e.review?.find((r) => r.field === 'paragraphs')?.note ?? 'no paragraph could be read from the items text'}`);
  const wa = kb.wassenaar();
  const waText = (label: string) => wa.paragraph(`${base}.${label}`)?.paragraph?.text;
  const read = readEccnParagraphsAgainst(items, waText);
  const findings: Finding[] = [];
  const ref = (l: string) => `${e.eccn}.${l}`;
  const waRef = (l: string) => `${base}.${l}`;
  for (const l of p.us_only) findings.push({ type: 'us_only_paragraph', assessment: 'extra_in_ear', mechanical: false, eccn_paragraph: ref(l), wassenaar_paragraph: null, ear_text: clip(read.paragraphs.get(l)?.text ?? ''), note: `${ref(l)} has no paragraph ${waRef(l)} in the Wassenaar list (a CCL-only paragraph, or a reading problem of the items text)` });
  for (const l of p.wassenaar_only) findings.push({ type: 'wassenaar_only_paragraph', assessment: 'missing_in_ear', mechanical: false, eccn_paragraph: null, wassenaar_paragraph: waRef(l), wassenaar_text: clip(waText(l) ?? ''), note: `${waRef(l)} has no paragraph ${ref(l)} in the items text of the CCL (missing from the EAR, or dropped by the source)` });
  for (const l of p.paired) {
    const ep = read.paragraphs.get(l);
    const wt = waText(l);
    if (!ep || wt === undefined || ep.inferred) continue;
    const earReserved = ep.reserved || RESERVED.test(ep.text.trim());
    const waNotUsed = NOT_USED.test(wt);
    if (earReserved && waNotUsed) continue;
    if (waNotUsed) { findings.push({ type: 'not_used_in_wassenaar', assessment: 'extra_in_ear', mechanical: false, eccn_paragraph: ref(l), wassenaar_paragraph: waRef(l), ear_text: clip(ep.text), wassenaar_text: wt, note: `the Wassenaar list reads "${wt}" at ${waRef(l)}; the CCL still has ${ref(l)}` }); continue; }
    if (earReserved) { findings.push({ type: 'reserved_in_ear', assessment: 'missing_in_ear', mechanical: false, eccn_paragraph: ref(l), wassenaar_paragraph: waRef(l), ear_text: ep.text, wassenaar_text: clip(wt), note: `${ref(l)} is [Reserved] in the CCL; the Wassenaar list has ${waRef(l)}` }); continue; }
    const sim = wordSimilarity(ep.text, wt);
    // Alike when most words are shared, or when the shorter text's words are nearly all in the other ("DACs" / "Digital-to-Analog Converters (DAC)").
    const alike = sim >= ALIKE || wordOverlap(ep.text, wt) >= 0.8;
    if (!alike) findings.push({ type: 'text_differs', assessment: 'differs', mechanical: false, eccn_paragraph: ref(l), wassenaar_paragraph: waRef(l), ear_text: clip(ep.text), wassenaar_text: clip(wt), note: `the two paragraphs share few words (${Math.round(sim * 100) / 100}): a different item at the same number, or the same item in other words` });
    // Stricter or looser only between paragraphs that say the same thing otherwise.
    for (const d of compareParameters(ep.text, wt).map((x) => (alike || x.assessment === 'differs' ? x : { ...x, assessment: 'differs' as const, note: `${x.note.replace(/ \(both .*$/, '')} (the paragraphs' words differ: not compared as stricter or looser)` }))) findings.push({ type: 'parameter', assessment: d.assessment, mechanical: d.assessment === 'stricter' || d.assessment === 'looser', eccn_paragraph: ref(l), wassenaar_paragraph: waRef(l), ear: d.ear, wassenaar: d.wassenaar, ear_text: clip(ep.text), wassenaar_text: clip(wt), note: d.note });
  }
  return {
    eccn: e.eccn, kind: e.kind, counterparts: e.counterparts, compared: true,
    ear_text: { source: history.single_source.known_as_of.source, as_of: history.single_source.known_as_of.edition },
    paragraphs: { paired: p.paired.length, us_only: p.us_only.length, wassenaar_only: p.wassenaar_only.length },
    counts: countOf(findings),
    findings,
  };
}

export interface DivergenceSummary {
  /** Correlated ECCNs, and those whose paragraphs could be compared. */
  readonly correlated: number;
  readonly compared: number;
  readonly counts: Divergence['counts'];
  /** ECCNs with at least one finding, most findings first. */
  readonly eccns: readonly { readonly eccn: string; readonly counterpart: string; readonly counts: Divergence['counts'] }[];
}

const total = (c: Divergence['counts']) => FINDING_TYPES.reduce((n, t) => n + c[t], 0);

/** The divergence of every correlated ECCN, counted. */
export function divergenceSummary(kb: KnowledgeBase): DivergenceSummary {
  const map = kb.wassenaarMap();
  const all = map.entries().filter((e) => CORRELATED_KINDS.includes(e.kind)).map((e) => divergenceOf(kb, e));
  const counts = zeroCounts();
  for (const d of all) for (const k of Object.keys(counts) as (keyof typeof counts)[]) counts[k] += d.counts[k];
  const eccns = all.filter((d) => d.findings.length).map((d) => ({ eccn: d.eccn, counterpart: d.counterparts[0] as string, counts: d.counts })).sort((a, b) => total(b.counts) - total(a.counts) || a.eccn.localeCompare(b.eccn));
  return { correlated: all.length, compared: all.filter((d) => d.compared).length, counts, eccns };
}
