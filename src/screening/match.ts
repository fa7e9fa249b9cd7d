/**
 * @module screening/match
 * The name matcher for restricted-party screening against the twelve lists of the US Consolidated Screening List
 * (BIS, Treasury and State). It favours recall: a human reviews every `possible_match`. Its measured recall per class
 * of variant, precision and speed are in docs/screening.md (bench/screening.ts, on tests/fixtures/screening/).
 *
 * **Names.** Each entry is indexed under its listed name, its aliases, and names derived from the listed name: the
 * name without parenthetical parts ("Huawei Technologies Co., Ltd. (Huawei)" → "Huawei Technologies Co., Ltd."),
 * the parts of an "a.k.a." / "f.k.a." / "also known as" name, the affiliate in "X. Affiliated Entity: Y", and a short
 * name in parentheses when its words are in the name or it is the name's acronym ("(Huawei)", "(SSI)"; not "(UK)").
 * A parenthetical part that is not a short name is a qualifier ("Huawei Technologies (Australia) Pty Ltd."): the name
 * without it is broader than the entry, so it is marked "qualifier omitted" and can only be a possible match.
 * Query and names are normalised the same way (see screening/normalize.ts: NFKC/NFKD, diacritics, case, punctuation,
 * Cyrillic transliteration, legal-form folding) into a *set* of tokens, so word order does not matter.
 *
 * **Candidates.** An inverted index, built once in {@link createMatcher}, maps each token to the names holding it.
 * A query token of 5 or more characters also looks up the listed tokens one edit away (a deletion index, as in
 * SymSpell), so that a name with a typo in its only distinctive word is still found, and the listed tokens with the
 * same phonetic key (a consonant skeleton, see normalize.ts), so that romanisations of one name meet.
 *
 * **Score** (0..1), for the query tokens Q and a listed name's tokens N (legal forms excluded from both):
 * - each token is weighted by its rarity on the lists, w(t) = ln(1 + entries / entries containing t) (a token no
 *   listed name has gets the weight of a token held by half an entry), so that "huawei" counts far more than
 *   "technology" or "shenzhen";
 * - tokens are paired one to one: equal tokens (similarity 1), then tokens of 5+ characters within
 *   Damerau-Levenshtein distance 1 (similarity {@link TYPO_SIMILARITY}, weighted by the listed token), then tokens of
 *   the same phonetic key (similarity {@link SPELLING_SIMILARITY}: Mohammed~Muhammad, Hussein~Husayn);
 * - score = Σ pairs similarity · (w(q) + w(n)) / (Σ w(Q) + Σ w(N)) — a weighted Dice coefficient, so unmatched
 *   tokens on either side lower it;
 * - equal token sets score 1;
 * - legal forms that differ (or are present on one side only) subtract {@link LEGAL_FORM_PENALTY};
 * - a name derived from a listed name (above) subtracts {@link DERIVED_PENALTY}, so the listed name ranks first;
 * - country: when `opts.country` is given and the entry lists countries, the score gains {@link COUNTRY_BONUS} if the
 *   country is among them and loses {@link COUNTRY_PENALTY} if not. Listed addresses are not exhaustive, so a
 *   country never removes an equal-name match from the `match` band.
 *
 * **Bands** ({@link THRESHOLDS}, our own choice, versioned with {@link MATCHER}; scores are not comparable with
 * OFAC's or the CSL API's):
 * - `match`: the normalised token sets are equal (after legal-form folding), or score ≥ 0.92;
 * - `possible_match`: score ≥ 0.75;
 * - below 0.75 nothing is returned — except for a one-word query that no listed name equals ("Ali", "Technology"):
 *   it cannot identify a party, so every entry having that word is a `possible_match` (feature "one-word name").
 * At most {@link MAX_MATCHES} matches are returned, best first; `search` says when there were more (`truncated`).
 *
 * **Refused input** (an InvalidInputError, never an empty "clear" answer): a name that is empty or only punctuation
 * or legal forms, or longer than {@link MAX_NAME_LENGTH} (`INVALID_PARTY_NAME`); a name with letters of a script
 * that has no transliteration, e.g. Arabic or Han (`UNSUPPORTED_SCRIPT`).
 *
 * Every match lists the features that counted: "exact normalised name", "word order", "alias", "listed name part:
 * …", "typo: HUAWAI~HUAWEI", "spelling: MOHAMMED~MUHAMMAD", "partial: …", "legal form ignored", "transliterated",
 * "one-word name: …", "country match: CN",
 * "country differs: …".
 */
import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import { InvalidInputError } from '../errors.ts';
import type { PartyLists } from '../load/lists.ts';
import { PARTY_LIST_CODES, type PartyEntryT, type PartyListCode } from '../schema/party-list.ts';
import { editDistanceWithin, LEGAL_FORM_TOKENS, normalizeName, phoneticKey, withinOneEdit, type NormalizedName } from './normalize.ts';

export { normalizeName } from './normalize.ts';

/** Band thresholds on the score. */
export const THRESHOLDS = Object.freeze({ match: 0.92, possible_match: 0.75 });
/** Similarity of two tokens one edit apart. */
export const TYPO_SIMILARITY = 0.9;
/** Similarity of two tokens that differ but share a phonetic key (spelling variants: Mohammed~Muhammad). */
export const SPELLING_SIMILARITY = 0.85;
/** Both tokens need at least this many characters for a typo (one edit) to count. */
export const TYPO_MIN_LENGTH = 4;
/** Similarity of two tokens two edits apart. */
export const TYPO2_SIMILARITY = 0.8;
/** Both tokens need at least this many characters for two edits to count. */
export const TYPO2_MIN_LENGTH = 6;
/** A query word held by at most this many entries is also looked up two edits away. */
export const RARE_WORD_ENTRIES = 3;
export const LEGAL_FORM_PENALTY = 0.02;
/** A name derived from a listed name (a part of it) ranks just below the listed name itself. */
export const DERIVED_PENALTY = 0.01;
/** Both names hold a country's name and they are different countries ("Bank of China" / "Bank of Iran"). */
export const COUNTRY_NAME_PENALTY = 0.15;
export const COUNTRY_BONUS = 0.02;
export const COUNTRY_PENALTY = 0.05;
/** Most matches returned for one name; more make the result `truncated`. */
export const MAX_MATCHES = 25;
/** Longest query name accepted, in characters. */
export const MAX_NAME_LENGTH = 512;
/** What an audit record needs to say about the matcher. */
export const MATCHER = Object.freeze({ algorithm: 'idf-weighted token set + Damerau-Levenshtein 1 + phonetic key', version: '0.2.0', thresholds: THRESHOLDS });

export type Band = 'match' | 'possible_match';

export interface PartyMatch {
  list: PartyListCode;
  entry_id: string;
  /** The listed name of the entry. */
  name: string;
  /** The name, alias or derived name that matched. */
  matched_name: string;
  score: number;
  band: Band;
  features: string[];
  countries: string[];
  license_requirement?: string;
  license_policy?: string;
  federal_register?: string;
  /** Sanctions programmes of the entry (SDN and other Treasury lists), e.g. "RUSSIA-EO14024". */
  programs?: string[];
  /** The list's authority (a CFR citation for the BIS lists). */
  citation: string;
}

export interface ScreenOptions {
  /** ISO 3166-1 alpha-2 code of the party's country, if known. */
  country?: string;
}

export interface SearchResult {
  /** Best first, at most {@link MAX_MATCHES}. */
  matches: PartyMatch[];
  /** More entries qualified than are returned. */
  truncated: boolean;
}

export interface Matcher {
  /** The matches of a name (see {@link Matcher.search}), best first. */
  screen(name: string, opts?: ScreenOptions): PartyMatch[];
  /** The matches and whether the list was cut at {@link MAX_MATCHES}. */
  search(name: string, opts?: ScreenOptions): SearchResult;
}

interface Variant {
  entry: number;
  text: string;
  kind: 'name' | 'alias';
  /** How the name was derived from a listed name or alias, when it was. */
  derived?: string;
  tokens: string[];
  /** Sum of the tokens' weights (filled in once the weights are known). */
  weight: number;
  forms: string[];
  transliterated: boolean;
}

const LIST_ORDER = new Map(PARTY_LIST_CODES.map((c, i) => [c, i]));

countries.registerLocale(createRequire(import.meta.url)('i18n-iso-countries/langs/en.json'));
/** Normalised one-word country names (ISO 3166 English names and their listed alternatives): china, iran, russia … */
export const COUNTRY_NAME_TOKENS: ReadonlySet<string> = new Set(
  Object.values(countries.getNames('en', { select: 'all' })).flat().map((n) => normalizeName(n).tokens).filter((t) => t.length === 1).map((t) => t[0] as string),
);

/** Names derived from one listed name or alias: without parenthetical parts, a.k.a. parts, the affiliated entity. */
export function derivedNames(text: string): { text: string; how: string }[] {
  const out: { text: string; how: string }[] = [];
  const add = (t: string, how: string) => {
    const s = t.replace(/\s+/g, ' ').replace(/^[\s,.;:()-]+|[\s,;:(-]+$/g, '').trim();
    if (s && s !== text && !out.some((o) => o.text === s)) out.push({ text: s, how });
  };
  const noParens = (t: string) => {
    let s = t;
    for (let i = 0; i < 3 && /\([^()]*\)/.test(s); i++) s = s.replace(/\([^()]*\)/g, ' ');
    return s;
  };
  const parts: { text: string; how: string }[] = [];
  const affiliate = /\.?\s*Affiliated Entit(?:y|ies)\s*:\s*/i.exec(text);
  if (affiliate) parts.push({ text: text.slice(affiliate.index + affiliate[0].length), how: 'affiliated entity' });
  const aka = /\s*[-,(]?\s*\b(a\.?\s?k\.?\s?a\.?(s)?|f\.?\s?k\.?\s?a\.?|also known as)(?![a-z])\s*[-:,]?\s*/i;
  const m = aka.exec(text);
  if (m && m.index > 0) {
    const before = text.slice(0, m.index);
    const after = text.slice(m.index + m[0].length);
    parts.push({ text: before, how: 'a.k.a. part' });
    // "X (AKA Y) Z" names a person X Z also known as Y; "X -AKAS- Y, Z" lists several names.
    const close = after.indexOf(')');
    if (m[0].includes('(')) {
      parts.push({ text: close >= 0 ? after.slice(0, close) : after, how: 'a.k.a. part' });
      if (close >= 0) parts.push({ text: `${before} ${after.slice(close + 1)}`, how: 'a.k.a. part' });
    } else if (m[2]) {
      for (const p of after.split(',')) parts.push({ text: p, how: 'a.k.a. part' });
    } else {
      parts.push({ text: after, how: 'a.k.a. part' });
    }
  }
  for (const p of parts) add(p.text, p.how);
  // Without its parenthetical parts. When a part is not a short name of the entry ("(Australia)", "(Shenzhen
  // Branch)"), the name without it is a different, broader name: it can only ever be a possible match.
  const own0 = affiliate ? text.slice(affiliate.index + affiliate[0].length) : text;
  const rest0 = own0.includes('(') ? normalizeName(noParens(own0)).tokens : [];
  const qualifiers = [...own0.matchAll(/\(([^()]+)\)/g)].map((pm) => pm[1] ?? '')
    .filter((inner) => !isShortName(inner, rest0) && !aka.test(` ${inner}`) && !/^\s*(formerly|previously|d\.?b\.?a\.?|trading as|t\/a)\b/i.test(inner));
  add(noParens(text), qualifiers.length ? `${QUALIFIER_OMITTED} (${qualifiers.join('; ')})` : 'parenthetical omitted');
  for (const p of parts) add(noParens(p.text), p.how);
  // "(Huawei)", "(SSI)": a short name in parentheses, when its words are in the name or it is the name's acronym.
  // Other parenthetical parts ("(Australia)", "(UK)") are not names of the entry on their own.
  // In "X (Short). Affiliated Entity: Y" the short name is X's, not the affiliate's: only Y is searched.
  for (const pm of own0.matchAll(/\(([^()]+)\)/g)) if (isShortName(pm[1] ?? '', rest0)) add(pm[1] ?? '', 'short name in parentheses');
  return out;
}

/** How a name without a qualifier in parentheses is described (and recognised by the scorer). */
export const QUALIFIER_OMITTED = 'qualifier omitted';

/** A parenthetical part is a short name of the entry when its words are all in the name, or it is the name's acronym. */
function isShortName(inner: string, rest: readonly string[]): boolean {
  const n = normalizeName(inner);
  if (!n.tokens.length || (n.forms.length === 0 && n.tokens.every((t) => LEGAL_FORM_TOKENS.has(t)))) return false;
  if (n.tokens.every((t) => rest.includes(t))) return true;
  return n.tokens.length === 1 && isAcronymOf(n.tokens[0] ?? '', rest);
}

/** `a` (2–8 letters) starts with the first word's initial and its letters follow the words' initials in order. */
function isAcronymOf(a: string, words: readonly string[]): boolean {
  if (!/^[a-z]{2,8}$/.test(a) || words.length < 2) return false;
  const initials = words.map((w) => w[0]).join('');
  if (a[0] !== initials[0]) return false;
  let j = 0;
  for (const c of initials) if (c === a[j]) j++;
  return j === a.length;
}

const HYPHENATED = /\p{L}-\p{L}/u;
const HYPHENS = /(?<=\p{L})-(?=\p{L})/gu;

/** Builds the index over the lists once; `screen` is then read-only and safe to call concurrently. */
export function createMatcher(lists: PartyLists): Matcher {
  const entries = lists.entries;
  const variants: Variant[] = [];
  entries.forEach((e, entry) => {
    const seen = new Set<string>();
    const push = (text: string, kind: 'name' | 'alias', derived?: string) => {
      const n = normalizeName(text);
      if (!n.tokens.length) return;
      const key = `${[...n.tokens].sort().join(' ')}|${[...n.forms].sort().join(' ')}`;
      if (seen.has(key)) return;
      seen.add(key);
      const v: Variant = { entry, text, kind, tokens: n.tokens, weight: 0, forms: n.forms, transliterated: n.transliterated };
      if (derived) v.derived = derived;
      variants.push(v);
    };
    // "Parkstroy-Sofia", "Cho-Man Wong" are also written as one word.
    const joined = (t: string) => { if (HYPHENATED.test(t)) push(t.replace(HYPHENS, ''), t === e.name ? 'name' : 'alias', 'words joined at hyphens'); };
    push(e.name, 'name');
    for (const d of derivedNames(e.name)) push(d.text, 'name', d.how);
    joined(e.name);
    for (const a of e.aliases) {
      push(a, 'alias');
      for (const d of derivedNames(a)) push(d.text, 'alias', d.how);
      joined(a);
    }
  });

  // Token → variants, and token → number of entries holding it.
  const postings = new Map<string, number[]>();
  // Entries are walked in order, so counting an entry once per token needs only the last entry counted.
  const entriesWith = new Map<string, { count: number; last: number }>();
  variants.forEach((v, i) => {
    for (const t of v.tokens) {
      const p = postings.get(t);
      if (p) p.push(i); else postings.set(t, [i]);
      const s = entriesWith.get(t);
      if (!s) entriesWith.set(t, { count: 1, last: v.entry });
      else if (s.last !== v.entry) { s.count++; s.last = v.entry; }
    }
  });
  const n = Math.max(entries.length, 1);
  const weights = new Map<string, number>();
  for (const [t, s] of entriesWith) weights.set(t, Math.log(1 + n / s.count));
  const unseenWeight = Math.log(1 + n / 0.5);
  const w = (t: string) => weights.get(t) ?? unseenWeight;
  for (const v of variants) v.weight = v.tokens.reduce((sum, t) => sum + w(t), 0);

  // Deletion index for typo candidates: each listed token of 4+ characters under itself and its one-deletion forms.
  const deletions = new Map<string, string[]>();
  const addDel = (k: string, t: string) => { const l = deletions.get(k); if (!l) deletions.set(k, [t]); else if (!l.includes(t)) l.push(t); };
  for (const t of postings.keys()) {
    if (t.length < TYPO_MIN_LENGTH) continue;
    addDel(t, t);
    for (let i = 0; i < t.length; i++) addDel(t.slice(0, i) + t.slice(i + 1), t);
  }
  // Phonetic key → the listed tokens having it, for spelling variants of names.
  const byKey = new Map<string, string[]>();
  const keyOf = new Map<string, string | undefined>();
  for (const t of postings.keys()) {
    const k = phoneticKey(t);
    keyOf.set(t, k);
    if (k) { const l = byKey.get(k); if (l) l.push(t); else byKey.set(k, [t]); }
  }
  const spellingNeighbours = (q: string): string[] => {
    const k = phoneticKey(q);
    return k ? (byKey.get(k) ?? []).filter((t) => t !== q) : [];
  };
  // Trigram index (padded: "^^a", "^ab" … "z$$") of the listed tokens of 6+ characters, for two-edit typos. Each edit
  // destroys at most three trigrams, so a token two edits away shares at least (length + 2) − 6 of them. Tokens are
  // numbered by length, so each posting list (ascending ids) holds the tokens of one length in one run: a query only
  // walks the runs of lengths within 2 of its own (binary search), not whole lists.
  const long = [...postings.keys()].filter((t) => t.length >= TYPO2_MIN_LENGTH).sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  const firstOfLength = new Map<number, number>();
  long.forEach((t, i) => { if (!firstOfLength.has(t.length)) firstOfLength.set(t.length, i); });
  const idFrom = (len: number) => { for (let l = len; l <= len + 64; l++) { const i = firstOfLength.get(l); if (i !== undefined) return i; } return long.length; };
  const trigramLists = new Map<string, number[]>();
  const grams = (t: string) => { const p = `^^${t}$$`; const out = new Set<string>(); for (let i = 0; i + 3 <= p.length; i++) out.add(p.slice(i, i + 3)); return out; };
  long.forEach((t, id) => { for (const g of grams(t)) { const l = trigramLists.get(g); if (l) l.push(id); else trigramLists.set(g, [id]); } });
  const trigrams = new Map<string, Int32Array>();
  for (const [g, l] of trigramLists) trigrams.set(g, Int32Array.from(l));
  trigramLists.clear();
  const lowerBound = (a: Int32Array, x: number) => { let lo = 0; let hi = a.length; while (lo < hi) { const m = (lo + hi) >> 1; if ((a[m] as number) < x) lo = m + 1; else hi = m; } return lo; };
  const stamp = new Uint32Array(long.length);
  let stampNow = 0;
  const typoNeighbours = (q: string, rareListedToo: boolean): string[] => {
    if (q.length < TYPO_MIN_LENGTH) return [];
    const found = new Set<string>();
    const keys = [q];
    for (let i = 0; i < q.length; i++) keys.push(q.slice(0, i) + q.slice(i + 1));
    for (const k of keys) for (const t of deletions.get(k) ?? []) if (t !== q && t.length >= TYPO_MIN_LENGTH && withinOneEdit(q, t)) found.add(t);
    // Two edits: only for a word no listed name has, or only a few ("Eleron" is listed, and also a misspelling of
    // "Electron"); a common listed word is taken to be spelt as listed.
    const listed = entriesWith.get(q)?.count ?? 0;
    if (q.length >= TYPO2_MIN_LENGTH && (listed === 0 || (rareListedToo && listed <= RARE_WORD_ENTRIES))) {
      // A token two edits away misses at most 6 of the query's trigrams, so it has at least one of any 7 of them:
      // probing the 7 rarest finds every such token (prefix filtering), then the edit distance decides.
      const lo = idFrom(q.length - 2);
      const hi = idFrom(q.length + 3); // ids of lengths q.length − 2 … q.length + 2 are lo … hi − 1
      const runs = [...grams(q)].map((g) => { const a = trigrams.get(g); return a ? { a, from: lowerBound(a, lo), to: lowerBound(a, hi) } : { a: new Int32Array(0), from: 0, to: 0 }; })
        .sort((x, y) => (x.to - x.from) - (y.to - y.from)).slice(0, 7);
      stampNow = (stampNow + 1) >>> 0 || 1;
      if (stampNow === 1) stamp.fill(0);
      for (const r of runs) {
        for (let k = r.from; k < r.to; k++) {
          const id = r.a[k] as number;
          if (stamp[id] === stampNow) continue;
          stamp[id] = stampNow;
          const t = long[id] as string;
          if (editDistanceWithin(q, t, 2) <= 2) found.add(t);
        }
      }
    }
    return [...found];
  };

  // Phonetic keys of query words, computed once per word rather than once per candidate (bounded).
  const queryKeys = new Map<string, string | undefined>();
  const queryKey = (t: string): string | undefined => {
    if (queryKeys.has(t)) return queryKeys.get(t);
    const k = keyOf.has(t) ? keyOf.get(t) : phoneticKey(t);
    if (queryKeys.size >= 50_000) queryKeys.clear();
    queryKeys.set(t, k);
    return k;
  };

  function score(q: NormalizedName, v: Variant, country: string | undefined, entry: PartyEntryT): { score: number; equal: boolean; features: string[] } {
    const features: string[] = [];
    const qSet = new Set(q.tokens);
    let num = 0;
    let den = 0;
    const pairs: [number, number][] = []; // query position → listed position, for word order
    const unmatchedQ: string[] = [];
    const usedV = new Set<string>();
    q.tokens.forEach((t, i) => {
      if (v.tokens.includes(t)) { num += 2 * w(t); den += 2 * w(t); usedV.add(t); pairs.push([i, v.tokens.indexOf(t)]); } else unmatchedQ.push(t);
    });
    // A query word left over pairs with the most similar unused listed word: one edit (0.9), the same phonetic key
    // (0.85: a spelling variant), two edits (0.8).
    const typos: string[] = [];
    const spellings: string[] = [];
    const stillQ: string[] = [];
    for (const t of unmatchedQ) {
      const k = queryKey(t);
      let hit: string | undefined;
      let sim = 0;
      let what = '';
      for (const u of v.tokens) {
        if (usedV.has(u) || qSet.has(u)) continue;
        if (t.length >= TYPO_MIN_LENGTH && u.length >= TYPO_MIN_LENGTH && withinOneEdit(t, u)) { hit = u; sim = TYPO_SIMILARITY; what = 'typo'; break; }
        if (sim < SPELLING_SIMILARITY && k && keyOf.get(u) === k) { hit = u; sim = SPELLING_SIMILARITY; what = 'spelling'; continue; }
        if (sim < TYPO2_SIMILARITY && t.length >= TYPO2_MIN_LENGTH && u.length >= TYPO2_MIN_LENGTH && editDistanceWithin(t, u, 2) <= 2) { hit = u; sim = TYPO2_SIMILARITY; what = 'typo'; }
      }
      if (hit) {
        usedV.add(hit);
        num += sim * 2 * w(hit);
        den += 2 * w(hit);
        (what === 'spelling' ? spellings : typos).push(`${what}: ${t.toUpperCase()}~${hit.toUpperCase()}`);
        pairs.push([q.tokens.indexOf(t), v.tokens.indexOf(hit)]);
      } else {
        stillQ.push(t);
        den += w(t);
      }
    }
    const stillV = v.tokens.filter((u) => !usedV.has(u));
    for (const u of stillV) den += w(u);
    const equal = stillQ.length === 0 && stillV.length === 0 && typos.length === 0 && spellings.length === 0;
    let s = equal ? 1 : den > 0 ? num / den : 0;

    if (v.kind === 'alias') features.push('alias');
    let capped = false;
    if (v.derived) {
      s -= DERIVED_PENALTY;
      features.push(`listed name part: ${v.derived}`);
      // The listed name without a qualifier ("(Australia)") is broader than the entry: at most a possible match.
      if (v.derived.startsWith(QUALIFIER_OMITTED)) { capped = true; s = Math.min(s, THRESHOLDS.match - 0.01); }
    }
    pairs.sort((a, b) => a[0] - b[0]);
    const inOrder = pairs.every((p, i) => i === 0 || p[1] > (pairs[i - 1] as [number, number])[1]);
    if (equal && inOrder && !capped) features.push('exact normalised name');
    if (!inOrder) features.push('word order');
    features.push(...typos, ...spellings);
    if (stillQ.length || stillV.length) {
      const matched = v.tokens.length - stillV.length;
      features.push(`partial: ${matched} of ${v.tokens.length} listed words, ${q.tokens.length - stillQ.length} of ${q.tokens.length} query words`);
    }
    const qf = [...q.forms].sort().join(' ');
    const vf = [...v.forms].sort().join(' ');
    if (qf !== vf) {
      s -= LEGAL_FORM_PENALTY;
      features.push('legal form ignored');
    }
    // Different countries named in the names: "Agricultural Bank of China" is not "Agricultural Bank of Iran".
    const qc = q.tokens.filter((t) => COUNTRY_NAME_TOKENS.has(t));
    const vc = qc.length ? v.tokens.filter((t) => COUNTRY_NAME_TOKENS.has(t)) : [];
    if (qc.length && vc.length && !qc.some((t) => vc.includes(t))) {
      s -= COUNTRY_NAME_PENALTY;
      features.push(`country in name differs: ${qc.join(' ').toUpperCase()} / ${vc.join(' ').toUpperCase()}`);
    }
    if (q.transliterated) features.push('transliterated');
    if (v.transliterated) features.push('transliterated (listed name)');
    if (country && entry.countries.length) {
      if (entry.countries.includes(country)) { s += COUNTRY_BONUS; features.push(`country match: ${country}`); } else { s -= COUNTRY_PENALTY; features.push(`country differs: ${country} (listed: ${entry.countries.join(', ')})`); }
    }
    if (capped) s = Math.min(s, THRESHOLDS.match - 0.01); // after the country bonus too
    return { score: Math.round(Math.min(1, Math.max(0, s)) * 1000) / 1000, equal: equal && !capped, features };
  }

  function search(name: string, opts: ScreenOptions = {}): SearchResult {
    if (typeof name !== 'string' || name.length > MAX_NAME_LENGTH) {
      throw new InvalidInputError('INVALID_PARTY_NAME', `party name must be a string of at most ${MAX_NAME_LENGTH} characters`, [{ pointer: '/name', code: 'INVALID_PARTY_NAME' }]);
    }
    const q = normalizeName(name);
    if (!q.tokens.length || q.tokens.every((t) => LEGAL_FORM_TOKENS.has(t))) {
      throw new InvalidInputError('INVALID_PARTY_NAME', 'party name has no words to screen (it is empty, or only punctuation or legal forms)', [{ pointer: '/name', code: 'INVALID_PARTY_NAME' }]);
    }
    if (q.unsupported.length) {
      throw new InvalidInputError('UNSUPPORTED_SCRIPT', `party name contains ${q.unsupported.join(', ')} letters, which the matcher cannot transliterate; screen a Latin spelling of the name`, [{ pointer: '/name', code: 'UNSUPPORTED_SCRIPT' }]);
    }
    const country = opts.country?.trim().toUpperCase() || undefined;

    // score ≤ 2·S / (max(S, queryMin) + W(N)): skip candidates that cannot reach the possible_match band.
    const floor = THRESHOLDS.possible_match - (country ? COUNTRY_BONUS : 0) - 1e-9;
    const best = new Map<number, { v: Variant; score: number; equal: boolean; features: string[] }>();
    // Candidates, with an over-estimate of the weight they share with the query (exact, typo and spelling tokens).
    // Two passes: the first looks listed words up two edits away only when no listed name has them; if it finds no
    // `match`, the second also looks up the rare listed words (a listed "Eleron" may be a misspelt "Electron").
    // A name that already matches an entry is flagged, so the second pass is spent only where it can change the band.
    const collect = (rareListedToo: boolean) => {
      const shared = new Map<number, number>();
      let queryMin = 0; // the least weight the query side can contribute to the denominator
      for (const t of q.tokens) {
        let least = w(t);
        for (const i of postings.get(t) ?? []) shared.set(i, (shared.get(i) ?? 0) + w(t));
        for (const u of new Set([...typoNeighbours(t, rareListedToo), ...spellingNeighbours(t)])) {
          least = Math.min(least, w(u));
          for (const i of postings.get(u) ?? []) shared.set(i, (shared.get(i) ?? 0) + w(u));
        }
        queryMin += least;
      }
      for (const [i, sh] of shared) {
        const v = variants[i] as Variant;
        if ((2 * sh) / (Math.max(sh, queryMin) + v.weight) < floor) continue;
        const entry = entries[v.entry] as PartyEntryT;
        const r = score(q, v, country, entry);
        if (r.score < THRESHOLDS.possible_match && !r.equal) continue;
        const prev = best.get(v.entry);
        if (!prev || r.score > prev.score || (r.score === prev.score && prev.v.kind === 'alias' && v.kind === 'name')) best.set(v.entry, { v, ...r });
      }
    };
    collect(false);
    const matched = () => [...best.values()].some((r) => r.equal || r.score >= THRESHOLDS.match);
    if (!matched() && q.tokens.some((t) => t.length >= TYPO2_MIN_LENGTH && postings.has(t) && (entriesWith.get(t)?.count ?? 0) <= RARE_WORD_ENTRIES)) collect(true);
    // A one-word name ("Ali", "Technology") cannot identify a party. When no listed name equals it, every entry
    // having that word is a possible match (best first, capped): a person must look, or screen the full name.
    if (q.tokens.length === 1 && ![...best.values()].some((r) => r.equal || r.score >= THRESHOLDS.match)) {
      const t = q.tokens[0] as string;
      const holders = entriesWith.get(t)?.count ?? 0;
      if (holders) {
        const note = `one-word name: "${t.toUpperCase()}" is a word of ${holders} listed ${holders === 1 ? 'entry' : 'entries'}; screen the full name`;
        for (const i of postings.get(t) ?? []) {
          const v = variants[i] as Variant;
          const entry = entries[v.entry] as PartyEntryT;
          const r = score(q, v, country, entry);
          const prev = best.get(v.entry);
          if (!prev || (prev.features.includes(note) && r.score > prev.score)) best.set(v.entry, { v, ...r, features: [...r.features, note] });
        }
      }
    }
    const out: PartyMatch[] = [];
    for (const [ei, r] of best) {
      const e = entries[ei] as PartyEntryT;
      const band: Band = r.equal || r.score >= THRESHOLDS.match ? 'match' : 'possible_match';
      const m: PartyMatch = {
        list: e.list, entry_id: e.id, name: e.name, matched_name: r.v.text, score: r.score, band, features: r.features,
        countries: [...e.countries], citation: lists.list(e.list)?.citation ?? '',
      };
      if (e.license_requirement) m.license_requirement = e.license_requirement;
      if (e.license_policy) m.license_policy = e.license_policy;
      if (e.federal_register) m.federal_register = e.federal_register;
      if (e.programs?.length) m.programs = [...e.programs];
      out.push(m);
    }
    out.sort((a, b) => b.score - a.score || (LIST_ORDER.get(a.list) ?? 0) - (LIST_ORDER.get(b.list) ?? 0) || a.name.localeCompare(b.name) || a.entry_id.localeCompare(b.entry_id));
    return { matches: out.slice(0, MAX_MATCHES), truncated: out.length > MAX_MATCHES };
  }

  return { search, screen: (name, opts) => search(name, opts).matches };
}
