/**
 * @module import/lists
 * Restricted-party lists: reads the US Consolidated Screening List mirrored in
 * `shared/regdata/structured/seelpeed-export-controls-agent-mcp/screening-list.json` (compact field names, table
 * indexes) and writes its twelve lists to `regulations/lists/us-csl.json`, with table indexes resolved to text: the four
 * of the Bureau of Industry and Security — Entity List (EL), Denied Persons List (DPL), Unverified List (UVL), Military
 * End User List (MEU) — and Treasury's and State's (SDN, SSI, CMIC, NS-MBS, PLC, CAP, DTC, ISN). A list the source
 * holds that the schema does not know stops the import (teach src/schema/party-list.ts its code first).
 *
 * What the importer changes, and nothing else: whitespace is collapsed; an alias holding two names separated by `;`
 * is split; duplicate aliases are dropped; country values that are not ISO codes are mapped (`UK`→GB, `PRC`→CN,
 * `TURKIYE`→TR, `CRIMEA (OCCUPIED)`→UA, `MACAU`→MO, `REGION: WEST BANK`→PS …; see COUNTRY_FIXES) or, when they cannot be mapped with confidence, dropped with a `review` note
 * on the entry. Every such change is listed in `docs/import-report.md`.
 *
 * Entry ids are `<list>-<8 hex digits of sha256(name | sorted countries)>`, with `-2`, `-3` … for a repeated name
 * and countries in the same list (the DPL lists some persons once per address). They do not depend on the order of
 * the upstream file, so adding an entry upstream does not renumber the others.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import countries from 'i18n-iso-countries';
import { isBisList, PARTY_LIST_CODES, type PartyEntryT, type PartyListCode, type PartyListFileT, type PartyListMetaT } from '../schema/party-list.ts';
import { cleanText } from './text.ts';

/** Path of the source, relative to `shared/regdata`. */
export const SCREENING_LIST_PATH = 'structured/seelpeed-export-controls-agent-mcp/screening-list.json';
/** Where the lists are written, relative to the output root. */
export const PARTY_LISTS_FILE = 'regulations/lists/us-csl.json';

/** Upstream country values that are not ISO 3166-1 alpha-2 codes, with the code they stand for. */
const COUNTRY_FIXES: Readonly<Record<string, string>> = {
  UK: 'GB',
  PRC: 'CN',
  TURKIYE: 'TR',
  'CRIMEA (OCCUPIED)': 'UA', // the Crimea region of Ukraine
  MACAU: 'MO',
  'MAN, ISLE OF': 'IM',
  'REGION: RUSSIA': 'RU',
  'REGION: CHINA': 'CN',
  'REGION: IRAN': 'IR',
  'REGION: NORTHERN MALI': 'ML',
  // ISO 3166-1 PS (State of Palestine) covers the West Bank and the Gaza Strip.
  'REGION: WEST BANK': 'PS',
  'REGION: NORTHERN GAZA': 'PS',
  'REGION: NORTH GAZA': 'PS',
  // Left out, with a review note on the entry: disputed or multi-country regions (Kashmir, Jammu and Kashmir,
  // Kafia Kingi, Commonwealth of Independent States) and AN (Netherlands Antilles, a code withdrawn in 2010).
};

/** The layout of the upstream file (see its `fieldKey`). */
interface CslEntry {
  n: string; a?: string[]; s: number; t?: string; c?: string[]; e?: string;
  lr?: number; lp?: number; pg?: number | number[]; fr?: string; u: number;
  addr?: string[];
}
interface CslFile {
  citation: string;
  source: { url: string };
  sourceGeneratedAt: string;
  retrievedAt: string;
  entryCount: number;
  countsBySource: Record<string, number>;
  listAuthority: Record<string, { code: string; citation: string; effect: string }>;
  fieldKey: Record<string, string>;
  tables: { sources: string[]; licenceRequirements: string[]; licencePolicies: string[]; programmes: string[]; urls: string[] };
  entries: CslEntry[];
}

export interface PartyListImportSummary {
  file: string;
  counts: Record<PartyListCode, number>;
  notIncluded: number;
}

/** The well-formed "<volume> FR <page>" citations in a Federal Register text (F.R., FR, 81.F.R. …). */
export function federalRegisterCitations(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\b([0-9]{1,3})\s*\.?\s*F\.?\s*R\.?\s+([0-9]{1,6})\b/g)) {
    const c = `${m[1]} FR ${m[2]}`;
    if (!out.includes(c)) out.push(c);
  }
  return out;
}

/** Reads the source, writes `regulations/lists/us-csl.json` under `outRoot`, appends its section to `docs/import-report.md`. */
export function importPartyLists(sourceRoot: string, outRoot: string): PartyListImportSummary {
  const srcDir = dirname(join(sourceRoot, SCREENING_LIST_PATH));
  const csl = JSON.parse(readFileSync(join(sourceRoot, SCREENING_LIST_PATH), 'utf8')) as CslFile;
  const commit = readFileSync(join(srcDir, 'SOURCE_COMMIT'), 'utf8').trim().split(/\s/)[0] ?? '';
  const expectKeys = ['n', 'a', 's', 't', 'c', 'e', 'lr', 'lp', 'pg', 'fr', 'u'];
  const unknown = Object.keys(csl.fieldKey).filter((k) => !expectKeys.includes(k));
  if (unknown.length) throw new Error(`${SCREENING_LIST_PATH}: unknown fields ${unknown.join(', ')} in fieldKey; teach src/import/lists.ts their meaning`);

  // The lists, by the code in `listAuthority`.
  const titleOf = new Map<PartyListCode, string>();
  for (const [title, a] of Object.entries(csl.listAuthority)) {
    if (!(PARTY_LIST_CODES as readonly string[]).includes(a.code)) throw new Error(`${SCREENING_LIST_PATH}: list ${a.code} (${title}) is not in PARTY_LIST_CODES; add it to src/schema/party-list.ts`);
    titleOf.set(a.code as PartyListCode, title);
  }
  for (const title of Object.keys(csl.countsBySource)) if (![...titleOf.values()].includes(title)) throw new Error(`${SCREENING_LIST_PATH}: list "${title}" has no entry in listAuthority`);
  const codeOfSource = new Map<number, PartyListCode>();
  csl.tables.sources.forEach((title, i) => {
    for (const [code, t] of titleOf) if (t === title) codeOfSource.set(i, code);
  });
  for (const code of PARTY_LIST_CODES) if (![...codeOfSource.values()].includes(code)) throw new Error(`${SCREENING_LIST_PATH}: list ${code} not found in tables.sources`);

  const table = (name: keyof CslFile['tables'], i: number | undefined, where: string): string | undefined => {
    if (i === undefined) return undefined;
    const v = csl.tables[name][i];
    if (v === undefined) throw new Error(`${SCREENING_LIST_PATH}: ${where}: index ${i} is outside tables.${name}`);
    return v;
  };

  const entries: PartyEntryT[] = [];
  const ids = new Set<string>();
  const urlOf = new Map<PartyListCode, Set<string>>();
  const countryFixes = new Map<string, number>();
  const dropped: string[] = [];
  const splitAliases: string[] = [];
  csl.entries.forEach((e, index) => {
    const list = codeOfSource.get(e.s);
    if (!list) return;
    const where = `entries[${index}] (${e.n})`;
    const name = cleanText(e.n);
    const aliases: string[] = [];
    for (const raw of e.a ?? []) {
      const parts = raw.split(';').map(cleanText).filter(Boolean);
      if (parts.length > 1 || raw.includes(';')) splitAliases.push(`${list} ${name}: "${cleanText(raw)}"`);
      for (const p of parts) if (p !== name && !aliases.includes(p)) aliases.push(p);
    }
    const review: { field: string; note: string }[] = [];
    const ccs: string[] = [];
    for (const raw of e.c ?? []) {
      let c = raw;
      if (!countries.isValid(c) && c !== 'XK') {
        const fixed = Object.hasOwn(COUNTRY_FIXES, c) ? COUNTRY_FIXES[c] : undefined;
        if (fixed) {
          countryFixes.set(`${raw} → ${fixed}`, (countryFixes.get(`${raw} → ${fixed}`) ?? 0) + 1);
          c = fixed;
        } else {
          review.push({ field: 'countries', note: `the source gives the country "${raw}", which is not an ISO 3166-1 code; it was left out (check the official list)` });
          dropped.push(`${list} ${name}: "${raw}"`);
          continue;
        }
      }
      if (!ccs.includes(c)) ccs.push(c);
    }
    const hash = createHash('sha256').update(`${name}|${[...ccs].sort().join(',')}`).digest('hex').slice(0, 8);
    let id = `${list}-${hash}`;
    for (let n = 2; ids.has(id); n++) id = `${list}-${hash}-${n}`;
    ids.add(id);

    const entry: PartyEntryT = { id, list, name, aliases, countries: ccs };
    if (e.t) entry.type = cleanText(e.t);
    if (e.addr?.length) entry.addresses = e.addr.map(cleanText);
    const lr = table('licenceRequirements', e.lr, where);
    if (lr) entry.license_requirement = cleanText(lr);
    const lp = table('licencePolicies', e.lp, where);
    if (lp) entry.license_policy = cleanText(lp);
    if (e.fr && cleanText(e.fr)) {
      entry.federal_register = cleanText(e.fr);
      const cites = federalRegisterCitations(e.fr);
      if (cites.length) entry.federal_register_citations = cites;
    }
    const pg = e.pg === undefined ? [] : Array.isArray(e.pg) ? e.pg : [e.pg];
    // A programme cell may name several ("RUSSIA-EO14024; UKRAINE-EO13661"): one code each, in order, no repeats.
    if (pg.length) entry.programs = [...new Set(pg.flatMap((i) => (table('programmes', i, where) ?? '').split(';').map(cleanText).filter(Boolean)))];
    if (review.length) entry.review = review;
    entries.push(entry);
    const u = table('urls', e.u, where);
    if (u) urlOf.set(list, (urlOf.get(list) ?? new Set()).add(u));
  });

  const counts = Object.fromEntries(PARTY_LIST_CODES.map((c) => [c, entries.filter((e) => e.list === c).length])) as Record<PartyListCode, number>;
  const lists: PartyListMetaT[] = PARTY_LIST_CODES.map((code) => {
    const title = titleOf.get(code) as string;
    const auth = csl.listAuthority[title];
    const urls = [...(urlOf.get(code) ?? [])];
    if (!auth || urls.length !== 1 || !urls[0]) throw new Error(`${SCREENING_LIST_PATH}: list ${code} has no authority or not exactly one list URL (${urls.join(', ')})`);
    const expected = csl.countsBySource[title];
    if (expected !== counts[code]) throw new Error(`${SCREENING_LIST_PATH}: list ${code} has ${counts[code]} entries but countsBySource says ${expected}`);
    const agency = / - ([^-]+)$/.exec(title)?.[1]?.trim();
    if (!agency) throw new Error(`${SCREENING_LIST_PATH}: list title "${title}" does not end with " - <agency>"`);
    return { code, title, citation: cleanText(auth.citation), agency, ear: isBisList(code), effect: cleanText(auth.effect), url: urls[0], count: counts[code] };
  });
  const notIncluded = Object.entries(csl.countsBySource)
    .filter(([title]) => ![...titleOf.values()].includes(title))
    .map(([title, count]) => ({ title, code: csl.listAuthority[title]?.code ?? title, count }));

  const file: PartyListFileT = {
    comment: 'Generated by `dualuse import` from shared/regdata (see source). Do not edit: correct the importer (src/import/lists.ts) and re-run it.',
    source: {
      path: `shared/regdata/${SCREENING_LIST_PATH}`,
      title: cleanText(csl.citation),
      upstream: 'github seelpeed-debug/export-controls-agent-mcp src/data/screening-list.json (built from the trade.gov Consolidated Screening List bulk download)',
      commit,
      url: csl.source.url,
      source_generated_at: csl.sourceGeneratedAt,
      retrieved_at: csl.retrievedAt,
      as_of: new Date(csl.sourceGeneratedAt).toISOString().slice(0, 10),
      upstream_entry_count: csl.entryCount,
      not_included: notIncluded,
    },
    lists,
    entries,
  };
  const out = join(outRoot, PARTY_LISTS_FILE);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, toJsonLines(file));

  const report = [
    '## Restricted-party lists', '',
    `\`${PARTY_LISTS_FILE}\` holds the US Consolidated Screening List generated ${csl.sourceGeneratedAt} (retrieved ${csl.retrievedAt}).`, '',
    '| list | agency | under the EAR | entries | citation |', '|---|---|---|---|---|',
    ...lists.map((l) => `| ${l.code} | ${l.agency} | ${l.ear ? 'yes' : 'no (flagged)'} | ${l.count} | ${l.citation} |`), '',
    `Not included: ${notIncluded.length ? notIncluded.map((n) => `${n.code} ${n.count}`).join(', ') : 'none'}.`, '',
    'Country values mapped to ISO codes:', '',
    ...[...countryFixes].map(([k, n]) => `- ${k} (${n} entries)`), '',
    'Country values dropped (not an ISO code, meaning unclear; each entry has a `review` note):', '',
    ...(dropped.length ? dropped.map((d) => `- ${d}`) : ['- none']), '',
    'Aliases split at `;`:', '',
    ...(splitAliases.length ? splitAliases.map((d) => `- ${d}`) : ['- none']), '',
  ];
  const reportPath = join(outRoot, 'docs', 'import-report.md');
  mkdirSync(dirname(reportPath), { recursive: true });
  appendFileSync(reportPath, report.join('\n'));
  return { file: PARTY_LISTS_FILE, counts, notIncluded: notIncluded.reduce((n, x) => n + x.count, 0) };
}

/** Pretty JSON with one list and one entry per line, so that a git diff shows whole entries. */
function toJsonLines(file: PartyListFileT): string {
  const rows = (xs: unknown[]) => (xs.length ? `[\n${xs.map((x) => `    ${JSON.stringify(x)}`).join(',\n')}\n  ]` : '[]');
  return [
    '{',
    `  "comment": ${JSON.stringify(file.comment)},`,
    `  "source": ${JSON.stringify(file.source, null, 2).replace(/\n/g, '\n  ')},`,
    `  "lists": ${rows(file.lists)},`,
    `  "entries": ${rows(file.entries)}`,
    '}',
    '',
  ].join('\n');
}
