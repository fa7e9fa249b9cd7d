/**
 * @module load/wassenaar
 * Reads `regulations/wassenaar/` with the same strictness as the rest of the knowledge base (strict YAML, JSON Schema
 * from src/schema/wassenaar.ts, issues with file:line:column, all reported at once), checks what a schema cannot
 * (file name = code, unique codes, every paragraph's parent exists, Sensitive List membership matches the annex,
 * unique definitions) and builds the frozen view of `kb/wassenaar`.
 *
 * `dualuse validate` reads it eagerly with everything else; `loadKnowledgeBase` reads it on first use
 * (`kb.wassenaar()`), so that services that never look at it do not pay for its ~200 files at start-up.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TSchema } from '@sinclair/typebox';
import { LoadError, type Issue } from '../errors.ts';
import type { FileRecord } from '../kb/kb.ts';
import { createWassenaarList, type WassenaarList, type WassenaarRecords } from '../kb/wassenaar.ts';
import { WaAcronymsFile, WaCategoryFile, WaDefinitionsFile, WaEditionFile, WaEntryFile, WaListNotesFile, WaSensitiveListsFile } from '../schema/wassenaar.ts';
import { readFilesByKind } from './read-kinds.ts';
import { createValidator } from './validate.ts';
import { walk } from './walk.ts';
import { locateIssue } from './locate.ts';
import { checkWassenaarReferences } from './wassenaar-checks.ts';

export const WASSENAAR_ROOT = 'regulations/wassenaar';

const SCHEMAS: Record<string, TSchema> = {
  'wa-edition': WaEditionFile,
  'wa-list': WaListNotesFile,
  'wa-category': WaCategoryFile,
  'wa-entry': WaEntryFile,
  'wa-sensitive': WaSensitiveListsFile,
  'wa-definitions': WaDefinitionsFile,
  'wa-acronyms': WaAcronymsFile,
};
let validator: ReturnType<typeof createValidator> | undefined;
const getValidator = () => (validator ??= createValidator(SCHEMAS));

/** Which schema a file under `regulations/wassenaar/` follows, from its path. */
export function wassenaarKindOf(rel: string): string | undefined {
  const m = /^regulations\/wassenaar\/[0-9]{4}\/(.+)$/.exec(rel);
  const p = m?.[1];
  if (!p) return undefined;
  if (p === 'edition.yaml') return 'wa-edition';
  if (p === 'dual-use/index.yaml' || p === 'munitions/index.yaml') return 'wa-list';
  if (/^dual-use\/[1-9]\/index\.yaml$/.test(p)) return 'wa-category';
  if (/^dual-use\/[1-9]\/[1-9]\.[A-E]\.[0-9]{1,2}\.yaml$/.test(p) || /^munitions\/ML[0-9]{1,2}\.yaml$/.test(p)) return 'wa-entry';
  if (p === 'sensitive-lists.yaml') return 'wa-sensitive';
  if (p === 'definitions.yaml') return 'wa-definitions';
  if (p === 'acronyms.yaml') return 'wa-acronyms';
  return undefined;
}

export interface WassenaarCheck { list?: WassenaarList; issues: Issue[]; files: number }

/**
 * Reads and checks every file under `<root>/regulations/wassenaar/`; never throws for bad data. A knowledge base
 * without the folder (the fictional test fixtures) has no Wassenaar list: no issue, and no list.
 */
export function checkWassenaar(root: string): WassenaarCheck {
  const dir = join(root, WASSENAAR_ROOT);
  if (!existsSync(dir)) return { issues: [], files: 0 };
  const issues: Issue[] = [];
  const hash = createHash('sha256');
  const { byKind, located, files } = readFilesByKind(root, walk(dir), issues, {
    skip: (rel) => /^regulations\/wassenaar\/[0-9]{4}\/map\//.test(rel), // the cross-regime map: load/wassenaar-map.ts
    kindOf: wassenaarKindOf,
    unknown: (rel) => ({ code: 'RULESET_PATH_INVALID', file: rel, message: 'file is not part of the Wassenaar layout', hint: 'see regulations/README.md (Wassenaar Arrangement list) for where each kind of file goes' }),
    validator: getValidator(),
    hash,
  });
  const one = <T>(kind: string, name: string): FileRecord<T> | undefined => {
    const l = byKind.get(kind) ?? [];
    if (l.length === 1) return l[0] as FileRecord<T>;
    if (!issues.some((i) => i.file.endsWith(name))) issues.push({ code: l.length ? 'RULESET_REFERENCE_ERROR' : 'RULESET_NOT_FOUND', file: `${WASSENAAR_ROOT}/…/${name}`, message: l.length ? `${l.length} files ${name}: one edition is supported` : `required file ${name} is missing`, hint: 'run `dualuse import` to regenerate regulations/wassenaar/' });
    return undefined;
  };
  const edition = one<WassenaarRecords['edition']['data']>('wa-edition', 'edition.yaml');
  const sensitive = one<WassenaarRecords['sensitive']['data']>('wa-sensitive', 'sensitive-lists.yaml');
  const definitions = one<WassenaarRecords['definitions']['data']>('wa-definitions', 'definitions.yaml');
  const acronyms = one<WassenaarRecords['acronyms']['data']>('wa-acronyms', 'acronyms.yaml');
  if (!edition || !sensitive || !definitions || !acronyms) return { issues, files };
  const records: WassenaarRecords = {
    edition, sensitive, definitions, acronyms,
    lists: (byKind.get('wa-list') ?? []) as WassenaarRecords['lists'],
    categories: (byKind.get('wa-category') ?? []) as WassenaarRecords['categories'],
    entries: (byKind.get('wa-entry') ?? []) as WassenaarRecords['entries'],
  };
  // Checked even when some files failed, so that one run reports everything; say when a failure may be the cause.
  const failed = issues.length > 0;
  issues.push(...checkWassenaarReferences(records).map((i) => locateIssue(failed ? { ...i, hint: `${i.hint ?? ''}; this may follow from a file above that failed to load` } : i, located.get(i.file))));
  if (issues.length) return { issues, files };
  return { list: createWassenaarList(records, hash.digest('hex')), issues, files };
}

/** Reads the Wassenaar list or throws a LoadError listing every problem (or saying that the folder is missing). */
export function loadWassenaar(root: string): WassenaarList {
  const r = checkWassenaar(root);
  if (!r.list && r.files === 0 && r.issues.length === 0) throw new LoadError([{ code: 'RULESET_NOT_FOUND', file: WASSENAAR_ROOT, message: 'this knowledge base has no Wassenaar list', hint: 'run `dualuse import` to write regulations/wassenaar/' }]);
  if (!r.list) throw new LoadError(r.issues);
  return r.list;
}

/** A loader that reads the list on first use and keeps it (a failed load is retried on the next call). */
export function lazyWassenaar(root: string): () => WassenaarList {
  let list: WassenaarList | undefined;
  return () => (list ??= loadWassenaar(root));
}
