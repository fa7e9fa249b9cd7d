/** The restricted-party lists file: it loads, matches its source, and a damaged copy is refused with a pointer. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lazyPartyLists, loadPartyLists, PARTY_LISTS_FILE } from '../../src/load/lists.ts';
import { LoadError, type Issue } from '../../src/errors.ts';
import { REGDATA, REPO_ROOT } from '../helpers/kb.ts';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

const original = () => readFileSync(join(REPO_ROOT, PARTY_LISTS_FILE), 'utf8');
/** A temporary root holding `text` as its lists file. */
function rootWith(text: string): string {
  const d = mkdtempSync(join(tmpdir(), 'dualuse-lists-'));
  dirs.push(d);
  mkdirSync(join(d, 'regulations/lists'), { recursive: true });
  writeFileSync(join(d, PARTY_LISTS_FILE), text);
  return d;
}
/** Edit the parsed file, write it back one entry per line like the importer. */
function edited(fn: (f: { lists: Record<string, unknown>[]; entries: Record<string, unknown>[] }) => void): string {
  const f = JSON.parse(original()) as { lists: Record<string, unknown>[]; entries: Record<string, unknown>[] };
  fn(f);
  return JSON.stringify(f, null, 1);
}
function issuesOf(root: string): Issue[] {
  try {
    loadPartyLists(root);
  } catch (e) {
    expect(e).toBeInstanceOf(LoadError);
    return [...(e as LoadError).issues];
  }
  throw new Error('expected the lists to be refused');
}

describe('restricted-party lists', () => {
  const lists = loadPartyLists(REPO_ROOT);

  it('holds each of the twelve lists with as many entries as the source counts', () => {
    const source = JSON.parse(readFileSync(join(REGDATA, 'structured/seelpeed-export-controls-agent-mcp/screening-list.json'), 'utf8')) as { countsBySource: Record<string, number> };
    const counts = Object.fromEntries(lists.lists.map((l) => [l.code, lists.entries.filter((e) => e.list === l.code).length]));
    expect(counts).toEqual({ EL: 3420, DPL: 1596, UVL: 222, MEU: 70, SDN: 19181, SSI: 286, CMIC: 68, 'NS-MBS': 51, PLC: 78, CAP: 1, DTC: 787, ISN: 161 });
    expect(lists.entries).toHaveLength(25921);
    expect(lists.source.not_included).toEqual([]);
    expect(lists.lists.filter((l) => l.ear).map((l) => l.code)).toEqual(['EL', 'DPL', 'UVL', 'MEU']);
    for (const l of lists.lists) {
      expect(l.count).toBe(counts[l.code]);
      expect(source.countsBySource[l.title], l.title).toBe(counts[l.code]);
    }
  });

  it('carries the list date, metadata and resolved texts', () => {
    expect(lists.date).toBe('2026-07-31');
    expect(lists.source).toMatchObject({ source_generated_at: '2026-07-31T13:15:00.015113+00:00', retrieved_at: '2026-07-31T14:14:59.252Z', upstream_entry_count: 25921 });
    expect(lists.source.path).toBe('shared/regdata/structured/seelpeed-export-controls-agent-mcp/screening-list.json');
    expect(lists.list('DPL')).toMatchObject({ citation: '15 C.F.R. Part 764, Supplement No. 2', url: 'https://www.bis.gov/licensing/end-user-guidance/denied-persons-list-dpl' });
    const huawei = lists.entries.find((e) => e.list === 'EL' && e.name === 'Huawei Technologies Co., Ltd. (Huawei)');
    expect(huawei?.license_policy).toMatch(/denial/i);
    expect(huawei?.license_requirement).toMatch(/EAR/);
    expect(huawei?.federal_register_citations?.[0]).toBe('84 FR 22963');
    expect(lists.entry(huawei?.id ?? '')).toBe(huawei);
    expect(lists.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is deeply frozen and has unique ids', () => {
    expect(Object.isFrozen(lists)).toBe(true);
    expect(Object.isFrozen(lists.entries)).toBe(true);
    expect(Object.isFrozen(lists.entries[0])).toBe(true);
    expect(Object.isFrozen(lists.entries[0]?.aliases)).toBe(true);
    expect(new Set(lists.entries.map((e) => e.id)).size).toBe(lists.entries.length);
  });

  it('loads lazily, once', () => {
    let get = lazyPartyLists(join(tmpdir(), 'dualuse-no-such-root'));
    expect(() => get()).toThrow(LoadError); // nothing is read until the first call
    get = lazyPartyLists(REPO_ROOT);
    expect(get()).toBe(get());
  });

  it('refuses an entry without a name, pointing at it', () => {
    const issues = issuesOf(rootWith(edited((f) => { delete f.entries[5]?.name; })));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'RULESET_SCHEMA_INVALID', file: PARTY_LISTS_FILE, pointer: '/entries/5' });
    expect(issues[0]?.message).toContain('missing required field `name`');
  });

  it('refuses bad values and unknown fields, each with its pointer', () => {
    const issues = issuesOf(rootWith(edited((f) => {
      (f.entries[0] as { countries: string[] }).countries = ['Germany'];
      f.entries[1]!.list = 'OFAC';
      f.entries[2]!.nmae = 'typo';
    })));
    expect(issues.map((i) => i.pointer).sort()).toEqual(['/entries/0/countries/0', '/entries/1/list', '/entries/2/nmae']);
    expect(issues.find((i) => i.pointer === '/entries/2/nmae')?.message).toContain('did you mean `name`');
  });

  it('refuses a truncated file, duplicate ids and broken JSON', () => {
    const short = issuesOf(rootWith(edited((f) => { f.entries.pop(); })));
    expect(short).toEqual([expect.objectContaining({ code: 'RULESET_REFERENCE_ERROR', pointer: expect.stringMatching(/^\/lists\/[0-9]\/count$/) })]);
    const dup = issuesOf(rootWith(edited((f) => { f.entries[1]!.id = f.entries[0]!.id; f.entries[1]!.list = f.entries[0]!.list; })));
    expect(dup).toContainEqual(expect.objectContaining({ code: 'RULESET_REFERENCE_ERROR', pointer: '/entries/1/id' }));
    const text = original();
    const cut = text.indexOf('\n', text.indexOf('"entries"') + 50);
    const broken = issuesOf(rootWith(text.slice(0, cut)));
    expect(broken).toEqual([expect.objectContaining({ code: 'RULESET_PARSE_ERROR', file: PARTY_LISTS_FILE, line: expect.any(Number) })]);
    expect(issuesOf(join(tmpdir(), 'dualuse-no-such-root'))).toEqual([expect.objectContaining({ code: 'RULESET_NOT_FOUND' })]);
  });
});
