/**
 * @module screening/normalize
 * Name normalisation for restricted-party screening. Query names and listed names go through exactly the same
 * steps, so that the matcher compares like with like:
 *
 * 1. Unicode NFKC, then lower case (case folding).
 * 2. Unicode format characters (category Cf: zero-width spaces and joiners, bidi overrides, soft hyphens, BOM) removed.
 * 3. Cyrillic transliterated to Latin with {@link CYRILLIC_TO_LATIN} (a simplified BGN/PCGN table: х→kh, ц→ts,
 *    ж→zh, щ→shch, й→y, я→ya, ю→yu; ъ and ь dropped; е and ё → e). A Cyrillic letter inside a Latin word (a
 *    "confusable" such as Cyrillic а) becomes its Latin look-alike the same way.
 * 4. NFKD and removal of combining marks (diacritics: ü→u, é→e, ç→c), then {@link LETTER_FOLDS} for letters that
 *    do not decompose (ß→ss, æ→ae, ø→o, ł→l, đ→d, ı→i, œ→oe, þ→th).
 * 5. Apostrophes removed without a space (Xi'an → xian, Int'l → intl); `&` → `and`; every other character that is
 *    not a letter or digit becomes a space; whitespace collapsed.
 * 6. Runs of two or more single-letter tokens are joined (S.A. → sa, U. A. → ua, J.S.C. → jsc, V.P. → vp).
 * 7. {@link WORD_FOLDS}: a few abbreviations spelt out (intl → international …); "the" dropped.
 * 8. Legal forms folded with {@link LEGAL_FORMS} (longest phrase first) to one canonical token each, e.g.
 *    `co ltd`, `company limited`, `limited`, `pte ltd` → `ltd`; `ooo`, `limited liability company` → `llc`;
 *    `oao`, `zao`, `pao`, `ojsc`, `joint stock company` → `jsc`. Canonical legal forms are kept apart from the other
 *    tokens (`forms`): the matcher compares names without them and only notes when they differ.
 *
 * Letters of a script without a transliteration (Greek, Arabic, Han …) are kept, and reported in `unsupported`, so
 * that the caller can refuse to call such a name clear.
 */

/** Simplified BGN/PCGN Cyrillic → Latin (Russian, with the Ukrainian and Belarusian extra letters). Lower case. */
export const CYRILLIC_TO_LATIN: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch',
  ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
  // Ukrainian and Belarusian
  є: 'ye', і: 'i', ї: 'yi', ґ: 'g', ў: 'u',
};

/** Latin letters that NFKD does not decompose into a base letter and a mark. */
export const LETTER_FOLDS: Readonly<Record<string, string>> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h', ŧ: 't',
};

/** Abbreviations spelt out, so that both spellings compare equal. */
export const WORD_FOLDS: Readonly<Record<string, string>> = {
  intl: 'international', natl: 'national', mfg: 'manufacturing', univ: 'university', inst: 'institute',
};
/** Tokens dropped. */
export const STOP_WORDS: ReadonlySet<string> = new Set(['the']);

/**
 * Legal forms: canonical token → the phrases (normalised tokens, space-separated) that fold to it. Phrases are
 * matched anywhere in the name, longest first. Multi-letter abbreviations written with dots (S.A., J.S.C.) arrive
 * here already joined (step 6). Deliberately absent because they are also ordinary words or initials: `as`, `ab`,
 * `sl`, `lp`, `tov`; and free-zone names such as `dmcc`.
 */
export const LEGAL_FORMS: Readonly<Record<string, readonly string[]>> = {
  ltd: [
    'ltd', 'limited', 'co ltd', 'co limited', 'company limited', 'company ltd', 'limited company', 'ltd co',
    'pte ltd', 'pte', 'pvt ltd', 'pvt', 'private limited', 'pty ltd', 'pty', 'proprietary limited', 'ltda', 'limitada',
  ],
  llc: [
    'llc', 'limited liability company', 'ooo', 'sp zoo',
    'obshchestvo s ogranichennoy otvetstvennostyu', 'obshchestvo s ogranichennoi otvetstvennostyu',
    'obshchestvo s ogranichennoj otvetstvennostju', 'obschestvo s ogranichennoy otvetstvennostyu',
  ],
  inc: ['inc', 'incorporated'],
  corp: ['corp', 'corporation'],
  co: ['co', 'company'],
  jsc: [
    'jsc', 'ojsc', 'cjsc', 'pjsc', 'oao', 'zao', 'pao', 'ao', 'nao', 'joint stock company', 'joint stock co',
    'open joint stock company', 'closed joint stock company', 'public joint stock company', 'jt stock co',
    'aktsionernoe obshchestvo', 'aktsionernoye obshchestvo', 'aktsionernoe obschestvo',
    'otkrytoe aktsionernoe obshchestvo', 'zakrytoe aktsionernoe obshchestvo', 'publichnoe aktsionernoe obshchestvo',
    'otkrytoe aktsionernoe obschestvo', 'publichnoe aktsionernoe obschestvo',
  ],
  gmbh: ['gmbh', 'gesellschaft mit beschrankter haftung', 'gmbh co kg', 'gmbh and co kg'],
  ag: ['ag', 'aktiengesellschaft'],
  kg: ['kg', 'kommanditgesellschaft'],
  sa: ['sa', 'societe anonyme', 'sociedad anonima', 'sociedade anonima', 'sa de cv'],
  sarl: ['sarl'],
  sas: ['sas'],
  spa: ['spa', 'societa per azioni'],
  srl: ['srl'],
  bv: ['bv'],
  nv: ['nv'],
  sdnbhd: ['sdnbhd', 'sdn bhd', 'sendirian berhad', 'bhd', 'berhad'],
  plc: ['plc', 'public limited company'],
  llp: ['llp', 'limited liability partnership'],
  fze: ['fze', 'fzco', 'fzc', 'fz co', 'fz llc', 'fzllc'],
  kk: ['kk', 'kabushiki kaisha'],
  oy: ['oy', 'oyj'],
  fgup: ['fgup', 'federal state unitary enterprise'],
};

/** The canonical legal-form tokens. */
export const LEGAL_FORM_TOKENS: ReadonlySet<string> = new Set(Object.keys(LEGAL_FORMS));

const PHRASES = new Map<string, string>();
for (const [canon, phrases] of Object.entries(LEGAL_FORMS)) for (const p of phrases) PHRASES.set(p, canon);
const LONGEST_PHRASE = Math.max(...[...PHRASES.keys()].map((p) => p.split(' ').length));

export interface NormalizedName {
  /** Name tokens without legal forms, in order, without repeats (all tokens when the name is only legal forms). */
  tokens: string[];
  /** Canonical legal forms found, in order, without repeats. */
  forms: string[];
  /** The input contained Cyrillic letters that were transliterated. */
  transliterated: boolean;
  /** Letters of scripts without a transliteration (e.g. "Han", "Arabic"), which are kept as they are. */
  unsupported: string[];
}

const CF = /\p{Cf}/gu;
const MARKS = /\p{M}/gu;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const APOSTROPHES = /['\u2018\u2019\u02bc\u02b9`\u00b4\u2032]/g;
const NOT_ALNUM = /[^\p{L}\p{N}]+/gu;

/** The text steps 1–5: NFKC, case fold, format characters, transliteration, diacritics, punctuation. */
export function foldText(s: string): { text: string; transliterated: boolean } {
  let t = s.normalize('NFKC').toLowerCase().replace(CF, '');
  const transliterated = CYRILLIC.test(t);
  if (transliterated) t = [...t].map((c) => CYRILLIC_TO_LATIN[c] ?? c).join('');
  t = t.normalize('NFKD').replace(MARKS, '');
  t = [...t].map((c) => LETTER_FOLDS[c] ?? c).join('');
  t = t.replace(APOSTROPHES, '').replace(/&/g, ' and ').replace(NOT_ALNUM, ' ').replace(/\s+/g, ' ').trim();
  return { text: t, transliterated };
}

/** Normalise a name into tokens and legal forms (all steps; see the module comment). */
export function normalizeName(s: string): NormalizedName {
  const { text, transliterated } = foldText(s);
  const raw = text ? text.split(' ') : [];
  // 6. join runs of single letters
  const joined: string[] = [];
  for (let i = 0; i < raw.length;) {
    let j = i;
    while (j < raw.length && [...(raw[j] as string)].length === 1 && /\p{L}/u.test(raw[j] as string)) j++;
    if (j - i >= 2) { joined.push(raw.slice(i, j).join('')); i = j; } else { joined.push(raw[i] as string); i++; }
  }
  // 7. abbreviations and stop words
  const words = joined.map((w) => WORD_FOLDS[w] ?? w).filter((w) => !STOP_WORDS.has(w));
  // 8. legal forms, longest phrase first
  const tokens: string[] = [];
  const forms: string[] = [];
  for (let i = 0; i < words.length;) {
    let hit: string | undefined;
    let len = 0;
    for (let n = Math.min(LONGEST_PHRASE, words.length - i); n >= 1 && !hit; n--) {
      const canon = PHRASES.get(words.slice(i, i + n).join(' '));
      if (canon) { hit = canon; len = n; }
    }
    if (hit) {
      if (!forms.includes(hit)) forms.push(hit);
      i += len;
    } else {
      const w = words[i] as string;
      if (!tokens.includes(w)) tokens.push(w);
      i++;
    }
  }
  const unsupported = new Set<string>();
  for (const tok of tokens) {
    for (const c of tok) {
      if (/[a-z0-9]/.test(c) || !/\p{L}/u.test(c)) continue;
      if (/\p{Script=Latin}/u.test(c)) continue; // a Latin letter without a fold (ə, ŋ): kept and compared as is
      unsupported.add(scriptOf(c));
    }
  }
  // A name made only of legal forms ("Company Limited") keeps them as its tokens.
  if (tokens.length === 0 && forms.length) return { tokens: [...forms], forms: [], transliterated, unsupported: [...unsupported] };
  return { tokens, forms, transliterated, unsupported: [...unsupported] };
}

const SCRIPTS = ['Greek', 'Arabic', 'Hebrew', 'Han', 'Hiragana', 'Katakana', 'Hangul', 'Thai', 'Devanagari', 'Armenian', 'Georgian', 'Ethiopic', 'Bengali', 'Tamil'];
function scriptOf(c: string): string {
  for (const s of SCRIPTS) if (new RegExp(`\\p{Script=${s}}`, 'u').test(c)) return s;
  return 'Other';
}

/** True when `a` and `b` are at most one edit apart (insert, delete, substitute, or swap of neighbours: Damerau-Levenshtein ≤ 1). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // substitution
    return i + 1 < la && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // swap
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1); // delete / insert
}
