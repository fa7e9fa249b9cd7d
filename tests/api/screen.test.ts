/**
 * POST /api/v1/screen and `dualuse screen` on the real BIS lists: a listed name is a match with the entry, the name
 * that matched, its score and features; an unrelated name is clear; names that cannot be screened are errors, never
 * "clear"; files (JSONL, CSV, plain text) give one result line per input line, in order.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { listScreener } from '../../src/engine/index.ts';
import { realDeterminer } from '../helpers/determiner.ts';
import { REPO_ROOT } from '../helpers/kb.ts';

const dir = mkdtempSync(join(tmpdir(), 'dualuse-screen-'));
let server: Server;
let bare: Server;
let base = '';
let bareBase = '';
beforeAll(async () => {
  const d = realDeterminer({ screener: listScreener(REPO_ROOT) });
  server = createServer(createApp({ engine: () => d, rateLimitPerMinute: 0 }));
  bare = createServer(createApp({ engine: () => realDeterminer(), rateLimitPerMinute: 0 })); // no lists loaded
  await Promise.all([new Promise<void>((r) => server.listen(0, '127.0.0.1', r)), new Promise<void>((r) => bare.listen(0, '127.0.0.1', r))]);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  bareBase = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  await Promise.all([new Promise<void>((r) => server.close(() => r())), new Promise<void>((r) => bare.close(() => r()))]);
  rmSync(dir, { recursive: true, force: true });
});
const post = (url: string, body: unknown) => fetch(`${url}/api/v1/screen`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('POST /api/v1/screen', () => {
  it('screens each party: a listed name matches with its entry and features, an unrelated name is clear, bad names are errors', async () => {
    const r = await post(base, [
      { ref: 'a', name: 'Huawei Technologies Co., Ltd.', country: 'CN' },
      { ref: 'b', name: 'Zzyzx Quillfeather Bakery' },
      { ref: 'c', name: '   ' },
      { ref: 'd', name: 'x'.repeat(600) },
      { ref: 'e', name: 'Acme', country: 'China' },
    ]);
    expect(r.status).toBe(200);
    const j = (await r.json()) as { lists: { date: string; age_days: number; max_age_days: number; stale: boolean }; results: { index: number; ref?: string; band?: string; matches?: { list: string; entry_name: string; matched_name: string; score: number; features: string[]; citation: string }[]; error?: { code: string; details: { pointer: string }[] } }[] };
    expect(j.lists.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // The lists' age is always reported, and stale says whether it is over the limit (today's date is the real one).
    expect(j.lists.max_age_days).toBe(30);
    expect(j.lists.stale).toBe(j.lists.age_days > 30);
    const [a, b, c, d, e] = j.results;
    expect(a?.band).toBe('match');
    expect(a?.matches?.[0]).toMatchObject({ list: 'EL', entry_name: 'Huawei Technologies Co., Ltd.', score: 1 });
    expect(a?.matches?.[0]?.features.length).toBeGreaterThan(0);
    expect(a?.matches?.[0]?.citation).toMatch(/744/);
    expect(b).toMatchObject({ index: 1, ref: 'b', band: 'clear', matches: [] });
    expect(c?.error?.code).toBe('INVALID_PARTY_NAME');
    expect(c?.band).toBeUndefined(); // never "clear" for a name that was not screened
    expect(d?.error?.code).toBe('INVALID_PARTY_NAME');
    expect(e?.error?.code).toBe('INVALID_COUNTRY');
    expect(e?.error?.details[0]?.pointer).toBe('/4/country');
  });

  it('refuses a body that is not 1 to 1,000 parties, and says when no lists are loaded', async () => {
    expect((await post(base, [])).status).toBe(400);
    expect((await post(base, { name: 'x' })).status).toBe(400);
    expect((await post(base, Array.from({ length: 1001 }, () => ({ name: 'x' })))).status).toBe(400);
    const r = await post(bareBase, [{ name: 'Huawei' }]);
    expect(r.status).toBe(503);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('LIST_UNAVAILABLE');
  });
});

interface Run { code: number | null; stdout: string; stderr: string }
const cli = (args: string[]): Promise<Run> => new Promise((res) => {
  execFile(process.execPath, ['bin/dualuse.js', 'screen', ...args], { cwd: REPO_ROOT, timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
    res({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
  });
});

describe('dualuse screen', () => {
  it('one name: readable, or --json; exit 2 for a name that cannot be screened', async () => {
    const [text, json, bad] = await Promise.all([cli(['Huawei Technologies Co., Ltd.']), cli(['Zzyzx Quillfeather Bakery', '--json']), cli(['...'])]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^MATCH: "Huawei Technologies Co\., Ltd\."/);
    expect(text.stdout).toMatch(/EL: Huawei Technologies Co\., Ltd\./);
    const parsed = JSON.parse(json.stdout) as { lists: { stale: boolean; age_days: number } };
    expect(parsed).toMatchObject({ name: 'Zzyzx Quillfeather Bakery', band: 'clear', matches: [] });
    if (parsed.lists.stale) expect(json.stderr).toMatch(/warning LIST_STALE/); else expect(json.stderr).toBe('');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/INVALID_PARTY_NAME/);
  }, 60_000);

  it('files: JSONL, CSV and plain text give one line per input line, in order, with errors in place', async () => {
    const jsonl = join(dir, 'p.jsonl');
    writeFileSync(jsonl, ['{"ref":"1","name":"Huawei Technologies Co., Ltd."}', '{"ref":"2","name":""}', 'not json', '', '{"ref":"4","name":"Zzyzx Quillfeather Bakery","country":"US"}'].join('\n'));
    const csv = join(dir, 'p.csv');
    writeFileSync(csv, 'ref,name,country\nx1,Huawei Technologies Co. Ltd,CN\nx2,Zzyzx Quillfeather Bakery,\n');
    const txt = join(dir, 'p.txt');
    writeFileSync(txt, 'Huawei Technologies Co., Ltd.\n\nZzyzx Quillfeather Bakery\n');
    const out = join(dir, 'out.jsonl');
    const [a, b, c] = await Promise.all([cli(['--file', jsonl, '--out', out]), cli(['--file', csv]), cli(['--file', txt])]);
    expect(a.code).toBe(2); // bad lines
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { line: number; ref?: string; band?: string; error?: { code: string } });
    expect(lines.map((l) => [l.line, l.ref, l.band ?? l.error?.code])).toEqual([[1, '1', 'match'], [2, '2', 'INVALID_PARTY_NAME'], [3, undefined, 'MALFORMED_JSON'], [5, '4', 'clear']]);
    expect(a.stderr).toMatch(/4 lines: 2 screened .*2 errors/);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout.trim().split('\n').map((l) => { const j = JSON.parse(l) as { line: number; ref: string; band: string }; return [j.line, j.ref, j.band]; })).toEqual([[2, 'x1', 'match'], [3, 'x2', 'clear']]);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout.trim().split('\n').map((l) => { const j = JSON.parse(l) as { line: number; band: string }; return [j.line, j.band]; })).toEqual([[1, 'match'], [3, 'clear']]);
  }, 60_000);
});
