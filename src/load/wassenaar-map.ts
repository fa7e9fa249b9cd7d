/**
 * @module load/wassenaar-map
 * Reads the cross-regime map (`regulations/wassenaar/<edition>/map/`) strictly (YAML, JSON Schema from
 * src/schema/wassenaar-map.ts) and checks what a schema cannot, reporting every problem with file, pointer, line and
 * column: every ECCN of the CCL is mapped exactly once, in the file of its category, and nothing else is; every rule
 * and regime named exists; every Wassenaar code named (counterparts, paragraphs, Wassenaar-only entries) is in the
 * list and every Wassenaar entry is accounted for; a kind agrees with its counterparts; the quotes of the rules are
 * in the sections of regulations/ear-text/ they cite.
 *
 * `dualuse validate` checks it with everything else; `loadKnowledgeBase` reads it on the first use of
 * `kb.wassenaarMap()` (which reads the Wassenaar list too).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TSchema } from '@sinclair/typebox';
import { LoadError, type Issue } from '../errors.ts';
import type { FileRecord } from '../kb/kb.ts';
import type { WassenaarList } from '../kb/wassenaar.ts';
import { createWassenaarMap, type WassenaarMap, type WassenaarMapRecords } from '../kb/wassenaar-map.ts';
import type { EccnFileT } from '../schema/eccn.ts';
import { CORRELATED_KINDS, WaMapCategoryFile, WaMapIndexFile, type WaMapCategoryFileT, type WaMapIndexFileT } from '../schema/wassenaar-map.ts';
import { readValidated, type Located } from './read-file.ts';
import { createValidator } from './validate.ts';
import { locateIssue } from './locate.ts';
import { WASSENAAR_ROOT } from './wassenaar.ts';

const SCHEMAS: Record<string, TSchema> = { 'wa-map-index': WaMapIndexFile, 'wa-map-category': WaMapCategoryFile };
let validator: ReturnType<typeof createValidator> | undefined;
const getValidator = () => (validator ??= createValidator(SCHEMAS));

/** What the map is checked against. */
export interface MapContext {
  /** The CCL entries (every edition). */
  readonly eccns: readonly FileRecord<EccnFileT>[];
  /** The Wassenaar list the map links to. */
  readonly wassenaar: WassenaarList;
  /** The text of a section of regulations/ear-text/, by id (`738.2`). */
  readonly section: (id: string) => string | undefined;
}

export interface MapCheck { map?: WassenaarMap; issues: Issue[]; files: number }

/** The map folders: `regulations/wassenaar/<edition>/map/`, relative to the root. */
function mapDirs(root: string): string[] {
  const dir = join(root, WASSENAAR_ROOT);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((e) => /^[0-9]{4}$/.test(e) && existsSync(join(dir, e, 'map'))).sort().map((e) => `${WASSENAAR_ROOT}/${e}/map`);
}

/** Reads and checks the map; never throws for bad data. A knowledge base without one has no map: no issue. */
export function checkWassenaarMap(root: string, ctx: MapContext): MapCheck {
  const dirs = mapDirs(root);
  if (dirs.length === 0) return { issues: [], files: 0 };
  const issues: Issue[] = [];
  if (dirs.length > 1) return { issues: [{ code: 'RULESET_REFERENCE_ERROR', file: `${WASSENAAR_ROOT}/…/map`, message: `${dirs.length} map folders (${dirs.join(', ')}): one edition is supported`, hint: 'run `dualuse import`' }], files: 0 };
  const dir = dirs[0] as string;
  const hash = createHash('sha256');
  const located = new Map<string, Located>();
  let index: FileRecord<WaMapIndexFileT> | undefined;
  const categories: FileRecord<WaMapCategoryFileT>[] = [];
  let files = 0;
  for (const name of readdirSync(join(root, dir)).sort()) {
    const rel = `${dir}/${name}`;
    if (/\.(md|txt)$/i.test(name)) continue;
    const kind = name === 'index.yaml' ? 'wa-map-index' : /^[0-9]\.yaml$/.test(name) ? 'wa-map-category' : undefined;
    if (!kind) { issues.push({ code: 'RULESET_PATH_INVALID', file: rel, message: 'file is not part of the cross-regime map', hint: 'the map holds index.yaml and one <category>.yaml per CCL category (0–9)' }); continue; }
    files++;
    const read = readValidated(join(root, rel), rel, kind, getValidator(), hash);
    if (!read.ok) { issues.push(...read.issues); continue; }
    located.set(rel, read.where);
    if (kind === 'wa-map-index') index = { file: rel, data: read.data as WaMapIndexFileT };
    else categories.push({ file: rel, data: read.data as WaMapCategoryFileT });
  }
  if (!index) {
    if (!issues.some((i) => i.file === `${dir}/index.yaml`)) issues.push({ code: 'RULESET_NOT_FOUND', file: `${dir}/index.yaml`, message: 'required file is missing', hint: 'run `dualuse import` to regenerate the map' });
    return { issues, files };
  }
  const failed = issues.length > 0;
  const refs = checkMapReferences({ index, categories }, ctx).map((i) => locateIssue(failed ? { ...i, hint: `${i.hint ?? ''}; this may follow from a file above that failed to load` } : i, located.get(i.file)));
  issues.push(...refs);
  if (issues.length) return { issues, files };
  return { map: createWassenaarMap({ index, categories }, hash.digest('hex')), issues, files };
}

/** The cross-checks of the map against the CCL, the Wassenaar list and the section texts. */
export function checkMapReferences(r: WassenaarMapRecords, ctx: MapContext): Issue[] {
  const issues: Issue[] = [];
  const add = (file: string, pointer: string, message: string, hint: string) => issues.push({ code: 'RULESET_REFERENCE_ERROR', file, pointer, message, hint });
  const wa = ctx.wassenaar;
  const ix = r.index;
  if (ix.data.edition !== wa.edition.id) add(ix.file, '/edition', `the map is of Wassenaar edition ${ix.data.edition} but the list is ${wa.edition.id}`, 'run `dualuse import` to regenerate the map with the list');
  const rules = new Set<string>();
  ix.data.rules.forEach((rule, i) => {
    if (rules.has(rule.id)) add(ix.file, `/rules/${i}/id`, `rule ${rule.id} is defined twice`, 'give each rule one id');
    rules.add(rule.id);
  });
  const regimes = new Set<string>();
  ix.data.regimes.forEach((g, i) => { if (regimes.has(g.id)) add(ix.file, `/regimes/${i}/id`, `regime ${g.id} is defined twice`, 'give each regime one id'); regimes.add(g.id); });
  const checkQuotes = (citations: readonly { source: string; quote: string; cfr: string }[], at: string) => citations.forEach((c, j) => {
    const ear = /^regulations\/ear-text\/(.+)\.yaml$/.exec(c.source);
    if (!ear) return; // a file of shared/regdata: checked by `dualuse import`
    const text = ctx.section(ear[1] as string);
    if (text === undefined) add(ix.file, `${at}/citations/${j}/source`, `${c.source} is not a section of the knowledge base`, 'cite a section of regulations/ear-text/');
    else if (!text.includes(c.quote)) add(ix.file, `${at}/citations/${j}/quote`, `the quote is not in ${c.source} (${c.cfr}): "${c.quote.slice(0, 120)}"`, 'quote the section verbatim (copy it from the file)');
  });
  ix.data.rules.forEach((rule, i) => checkQuotes(rule.citations, `/rules/${i}`));
  ix.data.regimes.forEach((g, i) => checkQuotes(g.citations, `/regimes/${i}`));

  const known = new Map(ctx.eccns.map((e) => [e.data.eccn, e.data]));
  const seen = new Map<string, string>(); // eccn → file
  const linked = new Set<string>();
  for (const { file, data } of r.categories) {
    const stem = file.replace(/^.*\//, '').replace(/\.yaml$/, '');
    if (stem !== data.category) add(file, '/category', `file holds category ${data.category} but is named ${stem}.yaml`, `rename the file to ${data.category}.yaml or fix the category`);
    data.eccns.forEach((e, i) => {
      const at = `/eccns/${i}`;
      const ccl = known.get(e.eccn);
      if (!ccl) add(file, `${at}/eccn`, `ECCN ${e.eccn} is not in the CCL (regulations/ccl/)`, 'map only ECCNs of the knowledge base; run `dualuse import`');
      else if (ccl.category !== data.category) add(file, `${at}/eccn`, `ECCN ${e.eccn} is in CCL category ${ccl.category}, not ${data.category}`, `move it to ${ccl.category}.yaml`);
      const other = seen.get(e.eccn);
      if (other) add(file, `${at}/eccn`, `ECCN ${e.eccn} is mapped twice (also in ${other})`, 'map each ECCN once');
      seen.set(e.eccn, file);
      if (!rules.has(e.rule)) add(file, `${at}/rule`, `rule ${e.rule} is not defined in ${ix.file}`, `use one of ${[...rules].join(', ')}`);
      const correlated = CORRELATED_KINDS.includes(e.kind);
      if (correlated && e.counterparts.length === 0) add(file, `${at}/counterparts`, `kind ${e.kind} needs a counterpart`, 'give the Wassenaar code, or change the kind');
      if (!correlated && e.counterparts.length > 0) add(file, `${at}/counterparts`, `kind ${e.kind} has no Wassenaar counterpart, but ${e.counterparts.join(', ')} is given`, 'remove the counterparts, or change the kind');
      e.counterparts.forEach((c, k) => {
        const entry = wa.entry(c);
        if (!entry) add(file, `${at}/counterparts/${k}`, `${c} is not an entry of the Wassenaar list ${wa.edition.id}`, 'link only codes the list holds (regulations/wassenaar/)');
        else if ((e.kind === 'wassenaar_dual_use') !== (entry.list === 'dual-use')) add(file, `${at}/counterparts/${k}`, `${c} is on the ${entry.list} list, but the kind is ${e.kind}`, 'use wassenaar_dual_use for Dual-Use List entries and wassenaar_munitions for ML entries');
        linked.add(c);
      });
      if (e.tracks) { if (!wa.entry(e.tracks)) add(file, `${at}/tracks`, `${e.tracks} is not an entry of the Wassenaar list`, 'name an ML category the list holds'); linked.add(e.tracks); }
      if (e.proposed && wa.entry(e.proposed) && !correlated) add(file, `${at}/proposed`, `the list holds ${e.proposed}: the ECCN should be linked to it`, 'run `dualuse import`');
      e.regimes?.forEach((g, k) => { if (!regimes.has(g)) add(file, `${at}/regimes/${k}`, `regime ${g} is not defined in ${ix.file}`, `use one of ${[...regimes].join(', ')}`); });
      const p = e.paragraphs;
      if (!p) return;
      if (e.kind !== 'wassenaar_dual_use') { add(file, `${at}/paragraphs`, `paragraphs are paired only for wassenaar_dual_use links, not ${e.kind}`, 'remove them'); return; }
      if (!rules.has(p.rule)) add(file, `${at}/paragraphs/rule`, `rule ${p.rule} is not defined in ${ix.file}`, `use one of ${[...rules].join(', ')}`);
      const base = e.counterparts[0];
      if (!base) return;
      p.paired.forEach((l, k) => { if (!wa.paragraph(`${base}.${l}`)) add(file, `${at}/paragraphs/paired/${k}`, `${base}.${l} is not a paragraph of the Wassenaar list`, 'pair only paragraphs both sides have'); });
      p.wassenaar_only.forEach((l, k) => { if (!wa.paragraph(`${base}.${l}`)) add(file, `${at}/paragraphs/wassenaar_only/${k}`, `${base}.${l} is not a paragraph of the Wassenaar list`, 'list only paragraphs the list has'); });
      p.us_only.forEach((l, k) => { if (wa.paragraph(`${base}.${l}`)) add(file, `${at}/paragraphs/us_only/${k}`, `${base}.${l} is a paragraph of the Wassenaar list: ${e.eccn}.${l} is not US-only`, 'pair it'); });
    });
  }
  const missing = [...known.keys()].filter((e) => !seen.has(e)).sort();
  if (missing.length) add(ix.file, '/edition', `${missing.length} ECCN(s) of the CCL are not mapped: ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? ' …' : ''}`, 'every ECCN of every edition has an entry in map/<category>.yaml; run `dualuse import`');

  const listed = new Set<string>();
  ix.data.wassenaar_only.forEach((w, i) => {
    if (!wa.entry(w.code)) add(ix.file, `/wassenaar_only/${i}/code`, `${w.code} is not an entry of the Wassenaar list ${wa.edition.id}`, 'list only codes the list holds');
    if (linked.has(w.code)) add(ix.file, `/wassenaar_only/${i}/code`, `${w.code} is linked by an ECCN, so it is not Wassenaar-only`, 'remove it from wassenaar_only');
    if (w.proposed_eccn && known.has(w.proposed_eccn)) add(ix.file, `/wassenaar_only/${i}/proposed_eccn`, `ECCN ${w.proposed_eccn} is in the CCL`, 'link it instead; run `dualuse import`');
    listed.add(w.code);
  });
  ix.data.not_in_use.forEach((c, i) => {
    if (!wa.entry(c)) add(ix.file, `/not_in_use/${i}`, `${c} is not an entry of the Wassenaar list ${wa.edition.id}`, 'list only codes the list holds');
    if (linked.has(c)) add(ix.file, `/not_in_use/${i}`, `${c} is linked by an ECCN`, 'remove it from not_in_use');
    listed.add(c);
  });
  const unaccounted = wa.entries().map((e) => e.code).filter((c) => !linked.has(c) && !listed.has(c));
  if (unaccounted.length) add(ix.file, '/wassenaar_only', `${unaccounted.length} Wassenaar entr${unaccounted.length === 1 ? 'y is' : 'ies are'} neither linked nor listed: ${unaccounted.join(', ')}`, 'list them in wassenaar_only or not_in_use; run `dualuse import`');
  return issues;
}

/** Reads the map or throws a LoadError listing every problem (or saying that there is none). */
export function loadWassenaarMap(root: string, ctx: MapContext): WassenaarMap {
  const r = checkWassenaarMap(root, ctx);
  if (!r.map && r.files === 0 && r.issues.length === 0) throw new LoadError([{ code: 'RULESET_NOT_FOUND', file: `${WASSENAAR_ROOT}/…/map`, message: 'this knowledge base has no cross-regime map', hint: 'run `dualuse import` to write regulations/wassenaar/<edition>/map/' }]);
  if (!r.map) throw new LoadError(r.issues);
  return r.map;
}

/** A loader that reads the map on first use and keeps it (a failed load is retried on the next call). */
export function lazyWassenaarMap(root: string, ctx: () => MapContext): () => WassenaarMap {
  let map: WassenaarMap | undefined;
  return () => (map ??= loadWassenaarMap(root, ctx()));
}
