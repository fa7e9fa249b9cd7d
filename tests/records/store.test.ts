/**
 * The record store opened by several processes at once on a path that does not exist yet: each must open it
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
    const startAt = Date.now() + 2500; // after every child has loaded tsx and the store module
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
    expect(versions).toEqual([1, 2]);
    expect(cols).toContain('answer_deflate');
  }, 90_000);
});
