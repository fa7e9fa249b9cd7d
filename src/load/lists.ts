/**
 * @module load/lists
 * Loads the restricted-party lists (`regulations/lists/us-csl.json`, written by `dualuse import`). They are loaded
 * separately from the knowledge base, and only when screening needs them: `loadKnowledgeBase` never reads them.
 *
 * The file is read with `JSON.parse`, validated against its schema (src/schema/party-list.ts), then checked for
 * what a schema cannot say: ids are unique, every entry's list is declared, and each list's `count` is its number
 * of entries. Every problem is collected and thrown together in one LoadError (issues carry the file and a JSON
 * pointer; parse errors carry the line and column). The result is deeply frozen.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LoadError, type Issue } from '../errors.ts';
import { PartyListFile, type PartyEntryT, type PartyListCode, type PartyListFileT, type PartyListMetaT, type PartyListSourceT } from '../schema/party-list.ts';
import { createValidator } from './validate.ts';
import { deepFreeze } from '../util/freeze.ts';

/** The lists file, relative to the repository root. */
export const PARTY_LISTS_FILE = 'regulations/lists/us-csl.json';
/** Larger files are refused before parsing (the BIS lists are about 2 MB; with the SDN list about 15 MB). */
export const MAX_LIST_FILE_BYTES = 64 * 1024 * 1024;

export interface PartyLists {
  /** Path of the file read, relative to the root. */
  readonly file: string;
  /** The list date (the day the Consolidated Screening List was generated): screening answers are as of this date. */
  readonly date: string;
  /** sha256 of the file's bytes, for audit records. */
  readonly sha256: string;
  readonly source: Readonly<PartyListSourceT>;
  readonly lists: readonly Readonly<PartyListMetaT>[];
  readonly entries: readonly Readonly<PartyEntryT>[];
  /** The list's metadata by code. */
  list(code: PartyListCode): Readonly<PartyListMetaT> | undefined;
  /** An entry by id. */
  entry(id: string): Readonly<PartyEntryT> | undefined;
}

let validator: ReturnType<typeof createValidator> | undefined;
const getValidator = () => (validator ??= createValidator({ 'party-list': PartyListFile }));

/** Reads, validates and freezes the lists under `<root>/regulations/lists/`; throws a LoadError listing every problem. */
export function loadPartyLists(root: string, file: string = PARTY_LISTS_FILE): PartyLists {
  const abs = join(root, file);
  let buf: Buffer;
  try {
    const size = statSync(abs).size;
    if (size > MAX_LIST_FILE_BYTES) {
      throw new LoadError([{ code: 'RULESET_TOO_LARGE', file, line: 1, column: 1, message: `file is ${size} bytes, more than the limit of ${MAX_LIST_FILE_BYTES} bytes`, hint: 'check that this is the lists file written by `dualuse import`' }]);
    }
    buf = readFileSync(abs);
  } catch (e) {
    if (e instanceof LoadError) throw e;
    throw new LoadError([{ code: 'RULESET_NOT_FOUND', file, message: `cannot read the restricted-party lists: ${(e as Error).message}`, hint: 'run `dualuse import` to write regulations/lists/, or run from the repository root' }]);
  }
  const text = buf.toString('utf8');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new LoadError([parseIssue(e as Error, text, file)]);
  }
  const issues = getValidator().validate('party-list', data, file);
  if (issues.length) throw new LoadError(issues);
  const parsed = data as PartyListFileT;
  issues.push(...checkConsistency(parsed, file));
  if (issues.length) throw new LoadError(issues);

  const byId = new Map(parsed.entries.map((e) => [e.id, e]));
  const byCode = new Map(parsed.lists.map((l) => [l.code, l]));
  const lists: PartyLists = {
    file,
    date: parsed.source.as_of,
    sha256: createHash('sha256').update(buf).digest('hex'),
    source: parsed.source,
    lists: parsed.lists,
    entries: parsed.entries,
    list: (code) => byCode.get(code),
    entry: (id) => byId.get(id),
  };
  deepFreeze(parsed);
  return Object.freeze(lists);
}

/** A loader that reads the lists on first use and keeps them (a failed load is retried on the next call). */
export function lazyPartyLists(root: string, file: string = PARTY_LISTS_FILE): () => PartyLists {
  let lists: PartyLists | undefined;
  return () => (lists ??= loadPartyLists(root, file));
}

function checkConsistency(f: PartyListFileT, file: string): Issue[] {
  const issues: Issue[] = [];
  const code = 'RULESET_REFERENCE_ERROR';
  const declared = new Map<string, number>();
  f.lists.forEach((l, i) => {
    if (declared.has(l.code)) issues.push({ code, file, pointer: `/lists/${i}/code`, message: `list ${l.code} is declared twice`, hint: 'declare each list once' });
    declared.set(l.code, i);
  });
  const seen = new Map<string, number>();
  const counts = new Map<string, number>();
  f.entries.forEach((e, i) => {
    const first = seen.get(e.id);
    if (first !== undefined) issues.push({ code, file, pointer: `/entries/${i}/id`, message: `entry id ${e.id} is also used by /entries/${first}`, hint: 'ids must be unique; re-run `dualuse import`' });
    else seen.set(e.id, i);
    if (!declared.has(e.list)) issues.push({ code, file, pointer: `/entries/${i}/list`, message: `entry ${e.id} is on list ${e.list}, which /lists does not declare`, hint: `declare ${e.list} in /lists or fix the entry` });
    if (!e.id.startsWith(`${e.list}-`)) issues.push({ code, file, pointer: `/entries/${i}/id`, message: `entry id ${e.id} does not start with its list code ${e.list}`, hint: 're-run `dualuse import`' });
    counts.set(e.list, (counts.get(e.list) ?? 0) + 1);
  });
  f.lists.forEach((l, i) => {
    const n = counts.get(l.code) ?? 0;
    if (n !== l.count) issues.push({ code, file, pointer: `/lists/${i}/count`, message: `list ${l.code} declares ${l.count} entries but the file has ${n}`, hint: 'the file is truncated or edited by hand; re-run `dualuse import`' });
  });
  return issues;
}

/** A JSON.parse error as an issue with line and column (Node gives the position in the message). */
function parseIssue(e: Error, text: string, file: string): Issue {
  const issue: Issue = { code: 'RULESET_PARSE_ERROR', file, message: `invalid JSON: ${e.message}`, hint: 'the file is damaged; re-run `dualuse import`' };
  const lc = /line ([0-9]+) column ([0-9]+)/.exec(e.message);
  const pos = /position ([0-9]+)/.exec(e.message);
  if (lc) {
    issue.line = Number(lc[1]);
    issue.column = Number(lc[2]);
  } else if (pos) {
    const before = text.slice(0, Number(pos[1]));
    const nl = before.lastIndexOf('\n');
    issue.line = before.split('\n').length;
    issue.column = before.length - nl;
  } else {
    issue.line = 1;
    issue.column = 1;
  }
  return issue;
}
