/** Hot reload: a good knowledge base is swapped in, a bad one is refused and the last good one keeps serving. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { createReloader } from '../../src/api/server.ts';
import { LoadError } from '../../src/errors.ts';
import { realDeterminer } from '../helpers/determiner.ts';

describe('hot reload', () => {
  it('keeps the last good knowledge base when a reload fails, and says so in /api/v1/status', async () => {
    const good = realDeterminer();
    let fail = false;
    const reloader = createReloader(() => {
      if (fail) throw new LoadError([{ code: 'RULESET_PARSE_ERROR', file: 'regulations/ccl/3/3A001.yaml', line: 3, column: 1, message: 'duplicate key' }]);
      return good;
    });
    const server = createServer(createApp({ engine: reloader.current, control: reloader, adminToken: 's3cret-token' }));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const reload = (token?: string) => fetch(`${base}/api/v1/admin/reload`, { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {} });
    try {
      expect((await fetch(`${base}/readyz`)).status).toBe(503);
      expect((await reload()).status).toBe(401);
      expect((await reload('wrong-token!')).status).toBe(401);
      const first = (await (await reload('s3cret-token')).json()) as { ok: boolean; kb_sha256: string };
      expect(first).toMatchObject({ ok: true, kb_sha256: good.kb.hash });
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      fail = true;
      const second = (await (await reload('s3cret-token')).json()) as { ok: boolean; reload_failures_total: number; last_error: { code: string; message: string } };
      expect(second.ok).toBe(false);
      expect(second.reload_failures_total).toBe(1);
      expect(second.last_error.code).toBe('RULESET_INVALID');
      expect(second.last_error.message).toContain('regulations/ccl/3/3A001.yaml:3:1');
      expect(reloader.current()).toBe(good); // the last good one keeps serving
      const status = (await (await fetch(`${base}/api/v1/status`)).json()) as { ready: boolean; last_error: { code: string } };
      expect(status).toMatchObject({ ready: true, last_error: { code: 'RULESET_INVALID' } });
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
    } finally { await new Promise<void>((r) => server.close(() => r())); }
  });

  it('runs reloads one at a time', async () => {
    let opened = 0;
    const reloader = createReloader(() => { opened++; return realDeterminer(); });
    const [a, b] = await Promise.all([reloader.reload(), reloader.reload()]);
    expect(a).toEqual(b);
    expect(opened).toBe(1);
  });
});
