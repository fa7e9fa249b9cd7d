/**
 * `dualuse serve` (what `npm start` runs) as a user starts it on a fresh checkout: a copy of regulations/, rules/ and
 * templates/ with no built site. The server answers /healthz at once, becomes ready, builds the reference site in
 * the background and then serves it at / under helmet's Content-Security-Policy; stopped with SIGTERM it exits 0.
 * Started again on the same folder it finds the site current and does not rebuild it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/kb.ts';

const dir = mkdtempSync(join(tmpdir(), 'dualuse-serve-'));
for (const d of ['regulations', 'rules', 'templates']) cpSync(join(REPO_ROOT, d), join(dir, d), { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(port: number): { proc: ChildProcess; out: () => string } {
  let out = '';
  const proc = spawn(process.execPath, ['--max-semi-space-size=1', 'bin/dualuse.js', '--root', dir, 'serve'], { cwd: REPO_ROOT, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DUALUSE_DB: join(dir, 'records.sqlite') }, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout?.on('data', (b: Buffer) => { out += b.toString(); });
  proc.stderr?.on('data', (b: Buffer) => { out += b.toString(); });
  return { proc, out: () => out };
}
const until = async (what: () => Promise<boolean>, ms: number) => {
  const end = Date.now() + ms;
  while (Date.now() < end) { if (await what().catch(() => false)) return true; await new Promise((r) => setTimeout(r, 250)); }
  return false;
};
const stop = (p: ChildProcess) => new Promise<number | null>((r) => { p.once('exit', (code) => r(code)); p.kill('SIGTERM'); });

describe('dualuse serve on a fresh checkout', () => {
  it('is alive at once, ready when loaded, builds the site and serves it at /, and stops cleanly', async () => {
    const port = 4300 + Math.floor(Math.random() * 500);
    const base = `http://127.0.0.1:${port}`;
    const s = start(port);
    try {
      expect(await until(async () => (await fetch(`${base}/healthz`)).ok, 30_000), s.out()).toBe(true);
      expect(await until(async () => (await fetch(`${base}/readyz`)).status === 200, 60_000), s.out()).toBe(true);
      expect(await until(async () => (await fetch(`${base}/`)).status === 200, 90_000), s.out()).toBe(true);
      const home = await fetch(`${base}/`);
      expect(home.headers.get('content-type')).toMatch(/text\/html/);
      expect(home.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
      expect(await home.text()).toContain('Dual-use export controls, as cited data');
      expect((await fetch(`${base}/eccn/3A090.html`)).status).toBe(200);
      expect((await fetch(`${base}/assets/search-index.json`)).status).toBe(200);
      expect(existsSync(join(dir, 'dist/site/build.json'))).toBe(true);
      expect(s.out()).toMatch(/site ready: \d+ pages/);
    } finally {
      expect(await stop(s.proc)).toBe(0);
    }
    // Again on the same folder: the site is current, nothing is rebuilt.
    const again = start(port + 1);
    try {
      expect(await until(async () => (await fetch(`http://127.0.0.1:${port + 1}/readyz`)).status === 200, 60_000), again.out()).toBe(true);
      expect(again.out()).toMatch(/site at http/);
      expect(again.out()).not.toMatch(/building the reference site/);
    } finally {
      expect(await stop(again.proc)).toBe(0);
    }
  }, 240_000);
});
