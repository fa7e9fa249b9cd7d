/**
 * The record store on real answers: each distinct answer stored once and read back whole (ref included), a batch of
 * records written all or none, records of the old layout still readable; and opened by several processes at once on a path that does not exist yet: each must open it
 * (migrations applied once), and every record each of them writes must be there afterwards. This is what happens
 * on a fresh clone when several `dualuse check` runs start together.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/kb.ts';
import { realDeterminer } from '../helpers/determiner.ts';
import { openRecordStore, recordedAnswer, RecordStoreError } from '../../src/records/store.ts';
import { ANSWER_VERSIONS } from '../../src/engine/index.ts';
import type { DeterminationRequestT } from '../../src/engine/request.ts';

const dir = mkdtempSync(join(tmpdir(), 'dualuse-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A child only opens and closes the store: what is under test is opening and migrating.
const CHILD = `
import { openRecordStore } from './src/records/store.ts';
// Start together: wait for the agreed moment, so the race happens every run rather than by luck.
while (Date.now() < Number(process.env.START_AT)) { /* spin */ }
const s = openRecordStore(process.env.STORE_PATH);
s.close();
console.log('opened');
`;

function open(path: string, startAt: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((res) => {
    execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], { cwd: REPO_ROOT, timeout: 60_000, env: { ...process.env, STORE_PATH: path, START_AT: String(startAt) } }, (err, stdout, stderr) => {
      res({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
    });
  });
}

describe('record store: opening', () => {
  it('8 processes opening one new store together all succeed, and each migration is applied once', async () => {
    const path = join(dir, 'fresh', 'records.sqlite');
    const startAt = Date.now() + 4000; // after every child has loaded tsx and the store module
    const runs = await Promise.all(Array.from({ length: 8 }, () => open(path, startAt)));
    for (const r of runs) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe('opened');
    }
    const db = new Database(path, { readonly: true });
    const versions = (db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((v) => v.version);
    const cols = (db.prepare('PRAGMA table_info(determinations)').all() as { name: string }[]).map((c) => c.name);
    db.close();
    expect(versions).toEqual([1, 2, 3]);
    expect(cols).toEqual(expect.arrayContaining(['answer_id', 'context_id']));
  }, 90_000);
});

describe('record store: answers stored once', () => {
  const d = realDeterminer();
  const ask = async (req: DeterminationRequestT) => ({ req, answer: await d.determine(req) });

  it('stores each distinct answer once; every record reads back its own request and the answer it was given', async () => {
    const s = openRecordStore(join(dir, 'once.sqlite'));
    try {
      const a = await ask({ ref: 'PO-1', destination: 'AE', date: '2026-08-07', items: [{ eccn: '3A090.b' }] });
      const b = await ask({ ref: 'PO-2', destination: 'AE', date: '2026-08-07', items: [{ eccn: '3A090.b' }] });
      const c = await ask({ destination: 'FR', date: '2026-08-07', items: [{ eccn: 'EAR99' }] });
      const ids = [a, b, c].map((x) => s.record({ source: 'test', requestJson: JSON.stringify(x.req), answer: recordedAnswer(x.answer) }, ANSWER_VERSIONS));
      expect(s.count()).toBe(3);
      expect(s.answerCount()).toBe(2); // PO-1 and PO-2 differ only by their ref
      for (const [i, x] of [a, b, c].entries()) {
        const r = s.get(ids[i] as string);
        expect(r?.request).toEqual(x.req);
        expect(r?.answer).toEqual(x.answer);
        expect(Object.keys(r?.answer ?? {})[0]).toBe(x.req.ref !== undefined ? 'ref' : 'decision');
      }
    } finally { s.close(); }
  });

  it('writes a batch of records all or none, and a failed batch leaves no answer half-remembered', async () => {
    const s = openRecordStore(join(dir, 'batch.sqlite'));
    try {
      const a = await ask({ destination: 'CN', date: '2026-08-07', items: [{ eccn: '3A001.b.2' }] });
      const good = { source: 'test', requestJson: JSON.stringify(a.req), answer: recordedAnswer(a.answer) };
      const bad = { ...good, requestJson: undefined as unknown as string }; // NOT NULL: the second insert fails
      expect(() => s.recordMany([good, bad], ANSWER_VERSIONS)).toThrow(RecordStoreError);
      expect(s.count()).toBe(0);
      expect(s.answerCount()).toBe(0);
      // The answer of the failed batch was rolled back: recording it now must store it again (else its row would
      // point at nothing and the foreign key would refuse it).
      const ids = s.recordMany([good, good], ANSWER_VERSIONS);
      expect(ids).toHaveLength(2);
      expect(s.count()).toBe(2);
      expect(s.answerCount()).toBe(1);
      expect(s.get(ids[1] as string)?.answer).toEqual(a.answer);
    } finally { s.close(); }
  });

  it('reads records written before answers were shared (migration 2 rows with their own deflated answer)', async () => {
    const path = join(dir, 'old.sqlite');
    const a = await ask({ ref: 'old', destination: 'DE', date: '2026-07-23', items: [{ eccn: '6B007', value_usd: 1000 }] });
    openRecordStore(path).close();
    const raw = new Database(path);
    const { deflateRawSync } = await import('node:zlib');
    raw.prepare(`INSERT INTO determinations (id, created_at, source, decision, destination, eccns, as_of, edition, kb_sha256, rules_sha256, engine, matcher, request_json, answer_json, answer_deflate)
      VALUES ('old-1', '2026-11-01T00:00:00.000Z', 'api', ?, 'DE', '["6B007"]', '2026-07-23', '2026-07-23', 'x', 'y', 'e', 'm', ?, '', ?)`).run(a.answer.decision, JSON.stringify(a.req), deflateRawSync(JSON.stringify(a.answer)));
    raw.close();
    const s = openRecordStore(path);
    try {
      expect(s.get('old-1')?.answer).toEqual(a.answer);
      expect(s.list({ limit: 10 }).map((r) => r.id)).toEqual(['old-1']);
    } finally { s.close(); }
  });

  it('refuses to change or delete a stored answer', async () => {
    const path = join(dir, 'append-only.sqlite');
    const s = openRecordStore(path);
    const a = await ask({ destination: 'FR', date: '2026-08-07', items: [{ eccn: '5A002' }] });
    s.record({ source: 'test', requestJson: JSON.stringify(a.req), answer: recordedAnswer(a.answer) }, ANSWER_VERSIONS);
    s.close();
    const raw = new Database(path);
    try {
      expect(() => raw.prepare("UPDATE answers SET answer_deflate = x'00'").run()).toThrow(/append-only/);
      expect(() => raw.prepare('DELETE FROM answers').run()).toThrow(/append-only/);
    } finally { raw.close(); }
  });
});

describe('record store: ids and checkpoints', () => {
  it('record ids are time-ordered UUIDs (version 7): they sort by creation time', async () => {
    const { uuid7 } = await import('../../src/records/store.ts');
    const a = uuid7(1_700_000_000_000);
    const b = uuid7(1_700_000_000_001);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.slice(0, 13).replace('-', '')).toBe((1_700_000_000_000).toString(16).padStart(12, '0'));
    expect(a < b).toBe(true);
    expect(new Set(Array.from({ length: 1000 }, () => uuid7(1)))).toHaveProperty('size', 1000);
  });

  it('with backgroundCheckpoint, a worker thread folds the write-ahead log into the database', async () => {
    const path = join(dir, 'checkpoint.sqlite');
    const s = openRecordStore(path, { backgroundCheckpoint: true, checkpointEveryMs: 20 });
    try {
      expect(s.checkpointing).toBe('background');
      const answer = recordedAnswer(await realDeterminer().determine({ destination: 'FR', date: '2026-08-07', items: [{ eccn: 'EAR99' }] }));
      const v = { engine: 'e', matcher: 'm' };
      for (let i = 0; i < 50; i++) s.recordMany(Array.from({ length: 40 }, (_, k) => ({ source: 'test', requestJson: JSON.stringify({ ref: `${i}-${k}` }), answer })), v);
      // SQLite's own checkpoints are off on the writer: only the worker can move pages into the database file.
      const reader = new Database(path, { readonly: true });
      try {
        const pagesInDb = () => (reader.prepare('PRAGMA page_count').get() as { page_count: number }).page_count;
        const { statSync } = await import('node:fs');
        const deadline = Date.now() + 10_000;
        while (statSync(path).size < 100 * 4096 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
        expect(statSync(path).size).toBeGreaterThanOrEqual(100 * 4096); // 2,000 records are far more than 100 pages
        expect(pagesInDb()).toBeGreaterThan(100);
      } finally { reader.close(); }
      expect(s.count()).toBe(2000);
    } finally { s.close(); }
  });
});
