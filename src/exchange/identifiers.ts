/**
 * @module exchange/identifiers
 * The identifiers that link reports (issue 10), normalised so that spelling variants meet: names through the
 * screening normaliser (legal forms folded, transliteration, diacritics) then phonetic keys of the tokens, in sorted
 * order, without generic business words; e-mail addresses lower-cased; web domains lower-cased without scheme, path
 * or "www."; the e-mail's domain too, unless a free-mail provider's; phone numbers to E.164 (libphonenumber-js,
 * with the party's country as the default region); addresses tokenised (folded, common abbreviations, sorted).
 * Identifiers too weak to link on their own (a one-word name, an address without a number, a free-mail domain) are
 * left out: a false link merges two networks, which is worse than a missed one.
 *
 * Changes from the linking bench (bench/exchange-linking.ts, bench/results/exchange-linking.json). Each one either
 * takes away links between different things, or lets two spellings of the same identifier meet without letting a
 * new kind of weak identifier link:
 * - names: a name's key is scoped by country ("<key>@AE"). Generic two-word names ("Golden Star Trading", "Silk Road
 *   Trading") are carried by unrelated companies in different countries, and linked noise reports to each other and
 *   to planted networks (3 false merges in the 5× scenario, 12–62 noise reports linked). A party without a stated
 *   country is placed by its own phone number, web or e-mail domain (country code, not free-mail) or address when
 *   they agree; otherwise it gives no name key;
 * - names: legal forms and generic words of hub countries that the screening normaliser does not fold (Turkish
 *   "Ltd. Şti.", "Sanayi ve Ticaret", "San. ve Tic.", "A.Ş."; Kazakh "TOO"; Kyrgyz "OsOO") are left out: Turkish,
 *   Kazakh and Kyrgyz fronts did not meet across their own spellings;
 * - phones: a number written with the 00 international prefix ("0086 755 …") is read as +86 … (it gave no key
 *   unless the party's country also dials 00); a valid reading wins over one that is merely possible (a Russian
 *   "8 (495) …" with countries [AE, RU] became +971 8495…); a number that is only possible keys only when written
 *   internationally and all readings agree (a Turkish "0532 …" of a party in AE became +971 532…);
 * - addresses: a country written at the end ("…, Dubai, UAE", "…, United Arab Emirates", "…, P.R. China",
 *   "…, Singapore, Singapore") is dropped when at least four tokens remain, so an address with and without its
 *   country meets (30 of the bench's 135 address spellings did not meet their address's key).
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { foldText, normalizeName, phoneticKey } from '../screening/normalize.ts';
import type { PartyT } from './schema.ts';

export type IdentifierType = 'name' | 'email' | 'domain' | 'phone' | 'address';
export interface Identifier { readonly type: IdentifierType; readonly value: string }

/** Words that do not tell two organisations apart. */
const GENERIC = new Set(['trading', 'trade', 'technology', 'technologies', 'tech', 'industrial', 'industry', 'industries', 'international', 'group', 'import', 'export', 'imp', 'exp', 'electronics', 'electronic', 'engineering', 'company', 'corporation', 'corp', 'enterprise', 'enterprises', 'global', 'general', 'development', 'science', 'scientific', 'solutions', 'systems', 'services', 'supply', 'supplies', 'equipment', 'holding', 'holdings', 'and', 'of', 'for']);
/**
 * Legal forms and generic words the screening normaliser leaves as tokens, from countries where fronts are often
 * registered (bench: Turkish, Kazakh and Kyrgyz fronts did not meet across "Ltd. Şti." / "Sanayi ve Ticaret Ltd. Şti." /
 * "TOO" / "LLP" spellings). Turkish: şti (şirketi), a.ş. (anonim şirketi), sanayi (industry), ticaret (trade),
 * ve (and), dış (foreign), ithalat/ihracat (import/export); Kazakh TOO (LLP); Kyrgyz OsOO (LLC). Dropping a word
 * only ever makes a key shorter; a name needs two distinctive tokens all the same.
 */
const LOCAL_GENERIC = new Set(['sti', 'as', 'sanayi', 'ticaret', 've', 'dis', 'ithalat', 'ihracat', 'too', 'osoo']);
/** Turkish abbreviations that are generic only together ("San. ve Tic."); "san" or "tic" alone may be a name. */
const LOCAL_PHRASES: readonly (readonly string[])[] = [['san', 've', 'tic'], ['san', 'tic'], ['ith', 'ihr'], ['ith', 've', 'ihr']];
const FREE_MAIL = new Set(['gmail.com', 'googlemail.com', 'yahoo.com', 'hotmail.com', 'outlook.com', 'live.com', 'msn.com', 'aol.com', 'icloud.com', 'me.com', 'mail.ru', 'bk.ru', 'inbox.ru', 'list.ru', 'yandex.ru', 'yandex.com', 'rambler.ru', 'qq.com', '163.com', '126.com', 'sina.com', 'sohu.com', 'yeah.net', 'protonmail.com', 'proton.me', 'gmx.com', 'gmx.de', 'web.de', 'tutanota.com', 'zoho.com']);
const ADDRESS_FOLDS: Readonly<Record<string, string>> = { street: 'st', str: 'st', road: 'rd', avenue: 'ave', av: 'ave', room: 'rm', building: 'bldg', bld: 'bldg', floor: 'fl', flr: 'fl', suite: 'ste', district: 'dist', boulevard: 'blvd', lane: 'ln', number: '', no: '', nr: '', unit: 'unit', block: 'blk', industrial: 'ind', zone: 'zone', tower: 'twr', office: 'ofc', apartment: 'apt', plaza: 'plz', the: '', of: '' };

/** The linking key of a name: phonetic keys of its distinctive tokens, sorted; undefined when fewer than two. */
export function nameKey(name: string): string | undefined {
  const n = normalizeName(name);
  if (n.unsupported.length) return undefined; // a script without transliteration: no safe key
  const words = [...n.tokens];
  for (const phrase of LOCAL_PHRASES) {
    for (let i = 0; i < words.length; i++) if (phrase.every((w, j) => words[i + j] === w)) { words.splice(i, phrase.length); i--; }
  }
  const tokens = [...new Set(words.filter((t) => !GENERIC.has(t) && !LOCAL_GENERIC.has(t) && t.length > 1).map((t) => phoneticKey(t) ?? t))].sort();
  return tokens.length >= 2 ? tokens.join(' ') : undefined;
}

export function emailKey(email: string): string | undefined {
  const e = email.trim().toLowerCase();
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e) ? e : undefined;
}

export function domainKey(input: string): string | undefined {
  const d = input.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/[/?#].*$/, '').replace(/^www\./, '').replace(/\.$/, '');
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(d) || FREE_MAIL.has(d)) return undefined;
  return d;
}

/** The number in E.164 and its country, or undefined (see phoneKey). */
function parsePhone(phone: string, countries: readonly string[]): { number: string; country: string | undefined } | undefined {
  const compact = phone.replace(/[^0-9+]/g, '');
  const international = (t: string) => /^\+/.test(t.replace(/[^0-9+]/g, ''));
  const tries: [string, CountryCode | undefined][] = [[phone, undefined], ...countries.map((c): [string, CountryCode] => [phone, c as CountryCode])];
  // "00" is the international prefix of most of the world (ITU-T E.164 recommends it): 0086 755 … is +86 755 ….
  if (/^00[1-9]/.test(compact)) tries.push([`+${compact.slice(2)}`, undefined]);
  const parsed = tries.flatMap(([t, c]) => { const p = parsePhoneNumberFromString(t, c); return p?.isPossible() ? [{ p, international: international(t) }] : []; });
  // A valid number (a real range of its country) wins. A national number read with a country that is not its own is
  // at best "possible" (right length) and would be another subscriber's key, so a number that is only possible is
  // kept when it was written internationally (+…, 00…), and all such readings agree.
  const valid = parsed.find((x) => x.p.isValid());
  if (valid) return { number: valid.p.number, country: valid.p.country };
  const possible = new Set(parsed.filter((x) => x.international).map((x) => x.p.number as string));
  return possible.size === 1 ? { number: [...possible][0] as string, country: undefined } : undefined;
}

export function phoneKey(phone: string, countries: readonly string[] = []): string | undefined {
  return parsePhone(phone, countries)?.number;
}

/**
 * Country names as written at the end of an address, folded like address text, with their ISO code: every region's
 * English name (Intl.DisplayNames), "Republic of …", and the usual other spellings. Only a trailing country is
 * dropped from an address key ("China Road" stays).
 */
const foldAddress = (s: string) => foldText(s).text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
const REGION_NAMES = new Intl.DisplayNames(['en'], { type: 'region' });
const isRegion = (code: string) => /^[A-Z]{2}$/.test(code) && REGION_NAMES.of(code) !== code;
const COUNTRY_WORDS: ReadonlyMap<string, string> = (() => {
  const names = new Map<string, string>();
  for (let a = 65; a <= 90; a++) for (let b = 65; b <= 90; b++) {
    const code = String.fromCharCode(a, b);
    const name = REGION_NAMES.of(code);
    if (name && name !== code && !['EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'ZZ'].includes(code)) { names.set(foldAddress(name), code); names.set(`republic of ${foldAddress(name)}`, code); }
  }
  const aliases: Readonly<Record<string, readonly string[]>> = {
    AE: ['uae', 'u a e'], HK: ['hk', 'hong kong', 'hong kong sar', 'hksar'], CN: ['prc', 'p r china', 'p r c', 'pr china', 'peoples republic of china', 'mainland china'],
    MO: ['macau', 'macao', 'macau sar'], TW: ['taiwan roc', 'roc'], RU: ['russian federation'], TR: ['turkey', 'turkiye'], US: ['usa', 'u s a', 'united states of america'],
    GB: ['uk', 'u k', 'great britain'], KR: ['korea', 'south korea', 'republic of korea'], KG: ['kyrgyz republic'], CZ: ['czech republic', 'ceska republika'],
    SK: ['slovak republic'], DE: ['deutschland'], IT: ['italia'], PL: ['polska'], ES: ['espana'], CH: ['schweiz', 'suisse'], NL: ['nederland', 'the netherlands', 'holland'],
    AT: ['osterreich'], IR: ['iran islamic republic of', 'islamic republic of iran'], VN: ['viet nam'],
  };
  for (const [code, ns] of Object.entries(aliases)) for (const n of ns) names.set(n, code);
  return names;
})();
const LONGEST_COUNTRY = Math.max(...[...COUNTRY_WORDS.keys()].map((n) => n.split(' ').length));

/** The address's words, and the country written at its end (removed from the words), if any. */
function addressWords(address: string): { words: string[]; country: string | undefined } {
  const words = foldAddress(address).split(' ');
  let country: string | undefined;
  // A trailing country, longest spelling first ("republic of kazakhstan" before "kazakhstan"); again while the same
  // country precedes it, for a city-state written twice ("…, Singapore, Singapore" meets "…, Singapore").
  for (let stripped = true; stripped;) {
    stripped = false;
    for (let n = Math.min(LONGEST_COUNTRY, words.length - 1); n >= 1; n--) {
      const c = COUNTRY_WORDS.get(words.slice(words.length - n).join(' '));
      if (c && (country === undefined || c === country)) { country = c; words.splice(words.length - n, n); stripped = true; break; }
    }
  }
  return { words, country };
}

const addressTokens = (words: readonly string[]) => [...new Set(words
  .map((w) => ADDRESS_FOLDS[w] ?? w).filter(Boolean)
  // "12a" and "12 a" alike: digits and letters apart.
  .flatMap((w) => w.match(/[0-9]+|[a-z]+/g) ?? []))].sort();

/**
 * Tokens of an address, folded and sorted, without a trailing country; undefined when it has fewer than three
 * tokens or no number. The country is dropped only when at least four tokens remain: a short address keeps it
 * ("12 Main St, UK" does not meet "12 Main St, USA"), as before the country was dropped at all.
 */
export function addressKey(address: string): string | undefined {
  const { words, country } = addressWords(address);
  let uniq = addressTokens(words);
  if (country && uniq.length < 4) uniq = addressTokens(foldAddress(address).split(' '));
  return uniq.length >= 3 && uniq.some((w) => /[0-9]/.test(w)) ? uniq.join(' ') : undefined;
}

/** Two-letter top-level domains that say nothing about where a firm is: used worldwide for their letters, or not a country's. */
const VANITY_TLDS = new Set(['eu', 'su', 'io', 'co', 'me', 'tv', 'ai', 'cc', 'fm', 'ws', 'to', 'ly', 'gg', 'sh', 'ac', 'la', 'nu', 'vc', 'tk', 'ml', 'ga', 'cf', 'gq', 'st', 'gl', 'im', 'is', 'so', 'cx', 'pw', 'md', 'ms']);

/**
 * Where a party without a stated country is, from its own identifiers: the country of a valid phone number, the
 * country-code domain of its web site or (not free-mail) e-mail, a country written at the end of its address.
 * Only when they all agree; undefined otherwise.
 */
export function inferredCountry(p: PartyT): string | undefined {
  const found = new Set<string>();
  for (const ph of p.phones ?? []) { const c = parsePhone(ph, [])?.country; if (c) found.add(c); }
  const domains = [...(p.domains ?? []).map(domainKey), ...(p.emails ?? []).map((e) => { const k = emailKey(e); return k ? domainKey(k.split('@')[1] as string) : undefined; })];
  for (const d of domains) {
    const tld = d?.split('.').pop();
    if (!tld || tld.length !== 2 || VANITY_TLDS.has(tld)) continue;
    const code = tld === 'uk' ? 'GB' : tld.toUpperCase();
    if (isRegion(code)) found.add(code);
  }
  for (const a of p.addresses ?? []) { const c = addressWords(a).country; if (c) found.add(c); }
  return found.size === 1 ? [...found][0] : undefined;
}

/**
 * Every linking identifier of a party, normalised, without repeats. A name's key is scoped by country ("<key>@AE"):
 * each of the party's countries, or when it states none the one its own phone, domain or address shows
 * (inferredCountry); a party with neither gives no name key. The same two-word name in two countries is most often
 * two companies (the bench's generic names), and a name is the weakest identifier a report carries.
 */
export function partyIdentifiers(p: PartyT): Identifier[] {
  const out = new Map<string, Identifier>();
  const add = (type: IdentifierType, value: string | undefined) => { if (value) out.set(`${type}:${value}`, { type, value }); };
  const stated = [...new Set(p.countries ?? [])];
  const inferred = stated.length ? undefined : inferredCountry(p);
  const countries = stated.length ? stated : inferred ? [inferred] : [];
  for (const n of p.names) { const k = nameKey(n); if (k) for (const c of countries) add('name', `${k}@${c}`); }
  for (const e of p.emails ?? []) { const k = emailKey(e); add('email', k); if (k) add('domain', domainKey(k.split('@')[1] as string)); }
  for (const d of p.domains ?? []) add('domain', domainKey(d));
  for (const ph of p.phones ?? []) add('phone', phoneKey(ph, p.countries ?? []));
  for (const a of p.addresses ?? []) add('address', addressKey(a));
  return [...out.values()];
}
