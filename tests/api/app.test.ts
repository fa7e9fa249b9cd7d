/** The HTTP API on an ephemeral loopback port: readiness, a determination, look-ups, and the JSON error envelope. */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openRecordStore, RecordStoreError, type RecordStore } from '../../src/records/store.ts';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { realDeterminer } from '../helpers/determiner.ts';
import type { Determiner } from '../../src/engine/determine.ts';

let server: Server;
let base = '';
let engine: Determiner | undefined;
const dir = mkdtempSync(join(tmpdir(), 'dualuse-records-'));
const store = openRecordStore(join(dir, 'records.sqlite'));
let failing = false;
const broken: RecordStore = { ...store, record: () => { throw new RecordStoreError('disk full (injected)'); }, recordMany: () => { throw new RecordStoreError('disk full (injected)'); }, recordSoon: () => Promise.reject(new RecordStoreError('disk full (injected)')) };
beforeAll(async () => {
  server = createServer(createApp({ engine: () => engine, records: () => (failing ? broken : store) }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const j = async (r: Response): Promise<any> => r.json();
const post = (body: string, type = 'application/json') => fetch(`${base}/api/v1/determinations`, { method: 'POST', headers: { 'content-type': type }, body });

describe('API', () => {
  it('is alive at once and ready only when the knowledge base is loaded', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const r = await fetch(`${base}/readyz`);
    expect(r.status).toBe(503);
    expect(r.headers.get('retry-after')).toBe('2');
    expect((await j(r)).error.code).toBe('NOT_READY');
    const d = await post('{"destination":"AE","items":[{"eccn":"3A090.b"}]}');
    expect(d.status).toBe(503);
    engine = realDeterminer();
    const ok = await fetch(`${base}/readyz`);
    expect(ok.status).toBe(200);
    expect((await j(ok)).edition).toBe('2026-08-07');
  });

  it('answers a determination with the contract and the knowledge-base headers', async () => {
    const r = await post(JSON.stringify({ ref: 'PO-1', destination: 'AE', date: '2026-08-07', items: [{ eccn: '3A090.b' }] }));
    expect(r.status).toBe(200);
    expect(r.headers.get('x-kb-sha256')).toMatch(/^[0-9a-f]{64}$/);
    const body = await j(r);
    expect(body).toMatchObject({ ref: 'PO-1', decision: 'license_required', as_of: '2026-08-07', edition: { id: '2026-08-07' } });
    expect(body.reasons.some((x: { code: string }) => x.code === '742.6')).toBe(true);
  });

  it.each([
    ['wrong content type', () => post('{}', 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['malformed JSON', () => post('{"destination":'), 400, 'MALFORMED_JSON'],
    ['bad ECCN', () => post('{"destination":"DE","items":[{"eccn":"6F001"}]}'), 400, 'INVALID_ECCN'],
    ['unknown country', () => post('{"destination":"XX","items":[{"eccn":"3A001"}]}'), 400, 'INVALID_COUNTRY'],
    ['extra field', () => post('{"destination":"DE","items":[{"eccn":"3A001"}],"x":1}'), 400, 'VALIDATION_FAILED'],
    ['date before the data', () => post('{"destination":"DE","date":"2025-01-01","items":[{"eccn":"3A001"}]}'), 422, 'DATE_OUT_OF_COVERAGE'],
    ['body too large', () => post(JSON.stringify({ destination: 'DE', items: [{ eccn: '3A001' }], ref: 'x'.repeat(70_000) })), 413, 'PAYLOAD_TOO_LARGE'],
    ['unknown route', () => fetch(`${base}/api/v1/nope`), 404, 'NOT_FOUND'],
    ['wrong method', () => fetch(`${base}/api/v1/determinations`, { method: 'PUT' }), 405, 'METHOD_NOT_ALLOWED'],
    ['unknown ECCN look-up', () => fetch(`${base}/api/v1/eccns/3A998`), 404, 'NOT_FOUND'],
  ])('%s → %i %s, JSON envelope', async (_n, call, status, code) => {
    const r = await call();
    expect(r.status).toBe(status);
    expect(r.headers.get('content-type')).toMatch(/application\/json/);
    const body = await j(r);
    expect(body.error.code).toBe(code);
    expect(body.error.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/); // no stack traces
  });

  it('looks up an ECCN with its paragraph and a destination by ISO code', async () => {
    const e = await j(await fetch(`${base}/api/v1/eccns/3a001.b.2?date=2026-01-01`));
    expect(e).toMatchObject({ edition: '2026-01-01', paragraph: '3A001.b.2', eccn: { eccn: '3A001' } });
    const c = await j(await fetch(`${base}/api/v1/countries/HK`));
    expect(c.destination).toMatchObject({ code: 'HK', row_of: { code: 'CN' } });
  });

  it('records every answer before returning it, and serves the record', async () => {
    const before = store.count();
    const r = await post(JSON.stringify({ ref: 'PO-9', destination: 'CN', date: '2026-08-07', items: [{ eccn: '3A001.b.2' }] }));
    const body = await j(r);
    expect(r.status).toBe(200);
    expect(store.count()).toBe(before + 1);
    const rec = await j(await fetch(`${base}/api/v1/determinations/${body.record_id}`));
    expect(rec).toMatchObject({ id: body.record_id, source: 'api', decision: body.decision, destination: 'CN', eccns: ['3A001.b.2'], edition: '2026-08-07', kb_sha256: body.edition.sha256 });
    expect(rec.request).toMatchObject({ ref: 'PO-9', destination: 'CN' });
    const list = await j(await fetch(`${base}/api/v1/determinations?destination=CN&eccn=3A001`));
    expect(list.records.map((x: { id: string }) => x.id)).toContain(body.record_id);
    expect((await fetch(`${base}/api/v1/determinations?destination=CN&destination=DE`)).status).toBe(400);
  });

  it('returns no answer when the record cannot be written (503 AUDIT_UNAVAILABLE)', async () => {
    failing = true;
    try {
      const r = await post(JSON.stringify({ destination: 'FR', date: '2026-08-07', items: [{ eccn: 'EAR99' }] }));
      expect(r.status).toBe(503);
      const body = await j(r);
      expect(body.error.code).toBe('AUDIT_UNAVAILABLE');
      expect(body.decision).toBeUndefined();
    } finally { failing = false; }
  });

  it('re-evaluating stored inputs against their recorded edition gives the recorded answers', async () => {
    for (const req of [{ destination: 'AE', date: '2026-01-01', items: [{ eccn: '3A090.b' }] }, { destination: 'RU', date: '2026-07-23', items: [{ eccn: 'EAR99' }] }, { destination: 'DE', date: '2026-08-07', items: [{ eccn: '6B007', value_usd: 1000 }] }]) {
      await post(JSON.stringify(req));
    }
    const d = engine as Determiner;
    for (const rec of store.list({ limit: 1000 })) {
      expect(rec.answer.edition.sha256).toBe(d.kb.hash);
      const again = await d.evaluateUncached(rec.request);
      expect({ ...again, ref: rec.answer.ref }).toEqual({ ...rec.answer, record_id: undefined, ref: rec.answer.ref });
    }
  });

  it('refuses to change or delete a record (append-only)', () => {
    const raw = new Database(join(dir, 'records.sqlite'));
    try {
      expect(() => raw.prepare("UPDATE determinations SET decision = 'no_license_required'").run()).toThrow(/append-only/);
      expect(() => raw.prepare('DELETE FROM determinations').run()).toThrow(/append-only/);
    } finally { raw.close(); }
    expect(store.count()).toBeGreaterThan(0);
  });

  it('answers a batch in order, with an error entry for a bad request and a record for each answer', async () => {
    const before = store.count();
    const r = await fetch(`${base}/api/v1/determinations/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([
      { ref: 'a', destination: 'FR', date: '2026-08-07', items: [{ eccn: 'EAR99' }] },
      { ref: 'b', destination: 'XX', items: [{ eccn: 'EAR99' }] },
      { ref: 'c', destination: 'AE', date: '2026-08-07', items: [{ eccn: '3A090.b' }] },
    ]) });
    expect(r.status).toBe(200);
    const { results } = await j(r);
    expect(results.map((x: { index: number }) => x.index)).toEqual([0, 1, 2]);
    expect(results[0]).toMatchObject({ ref: 'a', decision: 'no_license_required' });
    expect(results[1]).toMatchObject({ ref: 'b', error: { code: 'INVALID_COUNTRY' } });
    expect(results[2]).toMatchObject({ ref: 'c', decision: 'license_required' });
    expect(store.count()).toBe(before + 2);
    const tooMany = await fetch(`${base}/api/v1/determinations/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(Array.from({ length: 1001 }, () => ({ destination: 'FR', items: [{ eccn: 'EAR99' }] }))) });
    expect(tooMany.status).toBe(400);
  });

  it('exports the records as JSONL and CSV', async () => {
    const jsonl = await (await fetch(`${base}/api/v1/determinations/export?format=jsonl`)).text();
    const lines = jsonl.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(store.count());
    expect(lines[0]).toHaveProperty('answer.decision');
    const csv = await (await fetch(`${base}/api/v1/determinations/export?format=csv`)).text();
    expect(csv.split('\n')[0]).toBe('id,created_at,source,decision,destination,eccns,as_of,edition,kb_sha256');
    expect(csv.trim().split('\n')).toHaveLength(store.count() + 1);
    expect((await fetch(`${base}/api/v1/determinations/export?format=xml`)).status).toBe(400);
  });

  it('limits the request rate per client (429 in the JSON envelope)', async () => {
    const limited = createServer(createApp({ engine: () => engine, records: () => store, rateLimitPerMinute: 3 }));
    await new Promise<void>((r) => limited.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(limited.address() as AddressInfo).port}/api/v1/editions`;
    try {
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await fetch(url)).status);
      expect(codes).toEqual([200, 200, 200, 429]);
      const r = await fetch(url);
      expect((await j(r)).error.code).toBe('RATE_LIMITED');
    } finally { await new Promise<void>((r) => limited.close(() => r())); }
  });

  it('searches ECCNs, lists destinations, and serves groups, exceptions and editions', async () => {
    const e = await j(await fetch(`${base}/api/v1/eccns?q=integrated&category=3&reason=RS`));
    expect(e.eccns.map((x: { eccn: string }) => x.eccn)).toContain('3A090');
    expect(e.eccns.every((x: { eccn: string }) => x.eccn.startsWith('3'))).toBe(true);
    const c = await j(await fetch(`${base}/api/v1/countries?date=2026-01-01`));
    expect(c.destinations).toHaveLength(200);
    expect(c.territories.map((t: { code: string }) => t.code)).toContain('HK');
    const g = await j(await fetch(`${base}/api/v1/country-groups/D5`));
    expect(g.group.members).toContain('CN');
    const x = await j(await fetch(`${base}/api/v1/license-exceptions/GBS`));
    expect(x.license_exception.section).toBe('740.4');
    expect(x.terms.only_reasons).toEqual(['NS']);
    const ed = await j(await fetch(`${base}/api/v1/editions`));
    expect(ed.editions.find((y: { id: string }) => y.id === '2026-07-23').changed_eccns).toContain('3A090');
    expect((await fetch(`${base}/api/v1/eccns?category=3&category=4`)).status).toBe(400);
    expect((await fetch(`${base}/api/v1/countries?date=2025-01-01`)).status).toBe(422);
    expect((await fetch(`${base}/api/v1/country-groups/Z9`)).status).toBe(404);
  });

  it('405 names the allowed methods in an Allow header', async () => {
    const r = await fetch(`${base}/api/v1/eccns/3A001`, { method: 'DELETE' });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('GET');
  });

  it('serves the diff between two editions as JSON and CSV, shares one computation, and refuses bad dates', async () => {
    const url = `${base}/api/v1/diff?from=2026-01-01&to=2026-08-07`;
    const [r1, r2] = await Promise.all([fetch(url), fetch(url)]);
    expect(r1.status).toBe(200);
    const [a, b] = [await j(r1), await j(r2)];
    expect(a).toEqual(b);
    expect(a.summary).toMatchObject({ entries_amended: 23, entries_added: 0, entries_removed: 0, chart_cells_changed: 0 });
    expect(a.from).toEqual({ input: '2026-01-01', date: '2026-01-01', edition: '2026-01-01' });
    expect(a.decisions.changed.some((c: { eccn: string; destination: string }) => c.eccn === '3A090.b' && c.destination === 'AE')).toBe(true);
    const csv = await fetch(`${url}&format=csv`);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect((await csv.text()).split('\n')[0]).toBe('kind,subject,destination,field,from,to,detail');
    for (const [q, status, code, pointer] of [
      ['from=2026-01-01', 400, 'VALIDATION_FAILED', '/to'],
      ['from=2026-01-01&to=soon', 400, 'INVALID_DATE', '/to'],
      ['from=2025-12-31&to=2026-08-07', 422, 'DATE_OUT_OF_COVERAGE', undefined],
      ['from=2026-01-01&to=2026-08-07&format=xml', 400, 'VALIDATION_FAILED', '/format'],
      ['from=2026-01-01&to=2026-08-07&x=1', 400, 'VALIDATION_FAILED', '/x'],
    ] as const) {
      const r = await fetch(`${base}/api/v1/diff?${q}`);
      expect(r.status, q).toBe(status);
      const e = (await j(r)).error;
      expect(e.code, q).toBe(code);
      if (pointer) expect(e.details[0].pointer, q).toBe(pointer);
    }
  }, 60_000);
});
