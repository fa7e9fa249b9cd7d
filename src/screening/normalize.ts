/**
 * @module screening/normalize
 * Name normalisation for restricted-party screening. Query names and listed names go through exactly the same
 * steps, so that the matcher compares like with like:
 *
 * 1. Unicode NFKC, then lower case (case folding).
 * 2. Unicode format characters (category Cf: zero-width spaces and joiners, bidi overrides, soft hyphens, BOM) removed.
 * 3. Greek letters inside a Latin word replaced by their Latin look-alikes ({@link GREEK_CONFUSABLES}, UTS #39);
 *    Cyrillic transliterated to Latin with {@link CYRILLIC_TO_LATIN} (a simplified BGN/PCGN table: х→kh, ц→ts,
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
 * 9. Arabic name particles: `abd al` / `abd el` / `abd ur` … become one token `abdul` (so that "Abdul Rahman" and
 *    "Abd al-Rahman" have the same tokens; `abdel`, `abdol` meet `abdul` through the phonetic key); `ibn`, `ben` →
 *    `bin`; `abou`, `abo` → `abu`.
 *
 * {@link phoneticKey} gives each token a consonant skeleton used by the matcher to pair spelling variants
 * (Mohammed/Muhammad/Mohamad, Hussein/Husayn/Hossein, Arkadiy/Arkady, Aleksei/Alexey).
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
  sa: ['sa', 'societe anonyme', 'sociedad anonima', 'sociedade anonima', 'sa de cv', 'sociedad anonima de capital variable', 'sapi de cv'],
  sarl: ['sarl'],
  sas: ['sas'],
  spa: ['spa', 'societa per azioni'],
  srl: ['srl', 's de rl', 's de rl de cv', 'sociedad de responsabilidad limitada', 'sociedad de responsabilidad limitada de capital variable'],
  bv: ['bv'],
  nv: ['nv'],
  sdnbhd: ['sdnbhd', 'sdn bhd', 'sendirian berhad', 'bhd', 'berhad'],
  plc: ['plc', 'public limited company'],
  llp: ['llp', 'limited liability partnership'],
  fze: ['fze', 'fzco', 'fzc', 'fz co', 'fz llc', 'fzllc', 'free zone establishment', 'free zone company', 'free zone co', 'free zone llc'],
  kk: ['kk', 'kabushiki kaisha'],
  oy: ['oy', 'oyj'],
  fgup: ['fgup', 'federal state unitary enterprise'],
};

/** The canonical legal-form tokens. */
export const LEGAL_FORM_TOKENS: ReadonlySet<string> = new Set(Object.keys(LEGAL_FORMS));

const PHRASES = new Map<string, string>();
for (const [canon, phrases] of Object.entries(LEGAL_FORMS)) for (const p of phrases) PHRASES.set(p, canon);
const LONGEST_PHRASE = Math.max(...[...PHRASES.keys()].map((p) => p.split(' ').length));
/** First words of the legal-form phrases: a word not among them starts no phrase. */
const FIRST_WORDS: ReadonlySet<string> = new Set([...PHRASES.keys()].map((p) => p.split(' ')[0] as string));

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

const ASCII = /^[ -~]*$/; // printable ASCII (other characters take the full path)
const GREEK = /\p{Script=Greek}/u;
/** Lower-case Greek letters that look like Latin ones (after case folding), from the UTS #39 confusables. */
export const GREEK_CONFUSABLES: Readonly<Record<string, string>> = {
  α: 'a', β: 'b', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', γ: 'y', ζ: 'z', η: 'n', μ: 'u',
};
const CF = /\p{Cf}/gu;
const MARKS = /\p{M}/gu;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const APOSTROPHES = /['\u2018\u2019\u02bc\u02b9`\u00b4\u2032]/g;
const NOT_ALNUM = /[^\p{L}\p{N}]+/gu;

/** The text steps 1–5: NFKC, case fold, format characters, transliteration, diacritics, punctuation. */
export function foldText(s: string): { text: string; transliterated: boolean } {
  // Most names are ASCII, which steps 1–4 leave as they are except for case.
  if (ASCII.test(s)) return { text: s.toLowerCase().replace(APOSTROPHES, '').replace(/&/g, ' and ').replace(NOT_ALNUM, ' ').replace(/\s+/g, ' ').trim(), transliterated: false };
  let t = s.normalize('NFKC').toLowerCase().replace(CF, '');
  const transliterated = CYRILLIC.test(t);
  if (transliterated) t = [...t].map((c) => (Object.hasOwn(CYRILLIC_TO_LATIN, c) ? CYRILLIC_TO_LATIN[c] : c)).join('');
  // A Greek look-alike inside a Latin word ("Huaweι" with a Greek iota) is a confusable (UTS #39), not Greek.
  if (GREEK.test(t)) t = t.replace(/\S+/g, (word) => (/[a-z]/.test(word) ? [...word].map((c) => (Object.hasOwn(GREEK_CONFUSABLES, c) ? GREEK_CONFUSABLES[c] : c)).join('') : word));
  t = t.normalize('NFKD').replace(MARKS, '');
  t = [...t].map((c) => (Object.hasOwn(LETTER_FOLDS, c) ? LETTER_FOLDS[c] : c)).join('');
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
    while (j < raw.length && (raw[j] as string).length <= 2 && [...(raw[j] as string)].length === 1 && /\p{L}/u.test(raw[j] as string)) j++;
    if (j - i >= 2) { joined.push(raw.slice(i, j).join('')); i = j; } else { joined.push(raw[i] as string); i++; }
  }
  // 7. abbreviations and stop words
  // Object.hasOwn: a word such as "constructor" must not read Object.prototype (the SDN list has "Constructor Bureau").
  const words = joined.map((w) => (Object.hasOwn(WORD_FOLDS, w) ? (WORD_FOLDS[w] as string) : w)).filter((w) => !STOP_WORDS.has(w));
  // 9. Arabic particles (done before step 8: legal forms never contain them)
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (w === 'abd' && ARABIC_ARTICLES.has(words[i + 1] ?? '') && i + 2 < words.length) words.splice(i, 2, 'abdul');
    else if (Object.hasOwn(PARTICLES, w)) words[i] = PARTICLES[w] as string;
  }
  // 8. legal forms, longest phrase first
  const tokens: string[] = [];
  const forms: string[] = [];
  for (let i = 0; i < words.length;) {
    let hit: string | undefined;
    let len = 0;
    for (let n = FIRST_WORDS.has(words[i] as string) ? Math.min(LONGEST_PHRASE, words.length - i) : 0; n >= 1 && !hit; n--) {
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
    if (/^[a-z0-9]*$/.test(tok)) continue;
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

/** The article after "abd" in Arabic names, in its common romanisations (al, el, ul, ar-, ur-, ad-, as-, …). */
const ARABIC_ARTICLES: ReadonlySet<string> = new Set(['al', 'el', 'ul', 'ol', 'il', 'ar', 'ur', 'er', 'ad', 'ud', 'ed', 'as', 'us', 'es', 'an', 'un', 'at', 'ut', 'az', 'uz', 'ash', 'ush']);
/** One spelling for each Arabic name particle. */
const PARTICLES: Readonly<Record<string, string>> = { ibn: 'bin', ben: 'bin', abou: 'abu', abo: 'abu' };

/**
 * A consonant skeleton of a normalised token, for pairing romanisations of one name: digraphs folded (kh→h, gh→g,
 * ph→f, sh/ch/zh kept as one letter each, ks/x→x, ck/q/c→k), initial `ye` → `e`, final `-off`/`-eff` → `-ov`/`-ev`,
 * `abdel`/`abdul`/`abdur` at the start of a longer word → `abd`, every vowel (and y between
 * consonants) dropped after the first letter, an initial vowel written `a`, doubled letters collapsed.
 * `mohammed`, `muhammad`, `mohamad` → `mhmd`; `hussein`, `husayn`, `hossein` → `hsn`; `arkadiy`, `arkady` → `arkd`.
 * Tokens with digits, and skeletons shorter than 3 letters, have no key (too many names would share it).
 */
export function phoneticKey(token: string): string | undefined {
  if (!/^[a-z]+$/.test(token)) return undefined;
  let t = token.replace(/^ye/, 'e').replace(/^yu/, 'u').replace(/^ya/, 'a').replace(/^yo/, 'o')
    // -off/-eff: the old French-style spelling of Russian -ov/-ev (Pankoff, Likhacheff)
    .replace(/([oe])ff$/, '$1v')
    // abd + article written into one word: Abdelrahman, Abdurrahman, Abdulrahman → abd-rahman
    .replace(/^abd[aeiou][lr](?=[a-z]{3})/, 'abd');
  t = t.replace(/kh/g, 'h').replace(/gh/g, 'g').replace(/ph/g, 'f').replace(/sh/g, 'S').replace(/ch/g, 'C').replace(/zh/g, 'Z')
    .replace(/ck/g, 'k').replace(/ks/g, 'x').replace(/q/g, 'k').replace(/c/g, 'k').replace(/w/g, 'v').replace(/j/g, 'dZ');
  const first = /^[aeiouy]/.test(t) ? 'a' : (t[0] as string);
  const rest = t.slice(1).replace(/[aeiouy]/g, '');
  const key = (first + rest).replace(/(.)\1+/g, '$1');
  return key.length >= 3 ? key : undefined;
}

const SCRIPTS = ['Greek', 'Arabic', 'Hebrew', 'Han', 'Hiragana', 'Katakana', 'Hangul', 'Thai', 'Devanagari', 'Armenian', 'Georgian', 'Ethiopic', 'Bengali', 'Tamil'];
function scriptOf(c: string): string {
  for (const s of SCRIPTS) if (new RegExp(`\\p{Script=${s}}`, 'u').test(c)) return s;
  return 'Other';
}

/**
 * True when `a` and `b` are at most one edit apart (insert, delete, substitute, or swap of neighbours: Damerau-Levenshtein ≤ 1).
 * The same answer as `editDistanceWithin(a, b, 1) <= 1`, kept apart on purpose: the matcher asks it for most token
 * pairs, and this linear scan without a table is several times faster (tests/screening compare the two).
 */
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

/**
 * Damerau-Levenshtein distance (optimal string alignment: insert, delete, substitute, swap of neighbours) between `a`
 * and `b` when it is at most `max`, else `max + 1`. Rows are cut off early once every cell exceeds `max`.
 */
export function editDistanceWithin(a: string, b: string, max: number): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (lb + 1 > ROW) return editDistanceSlow(a, b, max);
  // Three rows reused between calls (names are short): no allocation in the matcher's inner loop.
  let prev2 = R0;
  let prev = R1;
  let cur = R2;
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) d = Math.min(d, (prev2[j - 2] as number) + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  const d = prev[lb] as number;
  return d > max ? max + 1 : d;
}

const ROW = 128;
const R0 = new Int32Array(ROW);
const R1 = new Int32Array(ROW);
const R2 = new Int32Array(ROW);

function editDistanceSlow(a: string, b: string, max: number): number {
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (prev2[j - 2] as number) + 1);
      cur.push(d);
    }
    prev2 = prev;
    prev = cur;
  }
  const d = prev[b.length] as number;
  return d > max ? max + 1 : d;
}
