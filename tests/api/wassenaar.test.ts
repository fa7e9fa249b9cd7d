/** The Wassenaar look-ups of the HTTP API on an ephemeral loopback port, on the real data: correlations, codes, counts, errors. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { realDeterminer } from '../helpers/determiner.ts';
import { realKb } from '../helpers/kb.ts';
import { summarizeMap } from '../../src/kb/wassenaar-map.ts';
import { LoadError } from '../../src/errors.ts';
import type { Determiner } from '../../src/engine/determine.ts';

let server: Server;
let base = '';
beforeAll(async () => {
  const engine = realDeterminer();
  server = createServer(createApp({ engine: () => engine, rateLimitPerMinute: 0 }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => { await new Promise<void>((r) => server.close(() => r())); });

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const get = async (path: string): Promise<{ status: number; body: any }> => { const r = await fetch(`${base}${path}`); return { status: r.status, body: await r.json() }; };
const PDF = 'https://www.wassenaar.org/app/uploads/2026/01/List-of-Dual-Use-Goods-and-Technologies-and-ML-2025-Corr.pdf';

describe('GET /api/v1/eccns/:eccn carries the Wassenaar correlation', () => {
  it('3A001: counterpart 3.A.1 with its page link, the rule and its citations, the divergence counts', async () => {
    const { status, body } = await get('/api/v1/eccns/3A001');
    expect(status).toBe(200);
    expect(body.eccn.eccn).toBe('3A001');
    const w = body.wassenaar;
    expect(w).toMatchObject({ eccn: '3A001', kind: 'wassenaar_dual_use', wassenaar_edition: { id: '2025-corr', official_url: PDF } });
    expect(w.counterparts).toEqual([{ code: '3.A.1', list: 'dual-use', heading: 'Electronic items as follows:', pages: expect.arrayContaining([50]), url: `${PDF}#page=50` }]);
    expect(w.rule.id).toBe('ns_numbering');
    expect(w.rule.citations[0]).toMatchObject({ cfr: '15 CFR 738.2(d)(1), Table 1', source: 'regulations/ear-text/738.2.yaml' });
    expect(w.regimes.map((g: { id: string }) => g.id)).toEqual(['MTCR', 'NSG']);
    expect(w.divergence.compared).toBe(true);
    expect(w.divergence.counts.stricter).toBeGreaterThan(0);
    expect(w.divergence.findings).toEqual(expect.arrayContaining([expect.objectContaining({ eccn_paragraph: '3A001.b.7.a', ear: ['90 GHz'], wassenaar: ['110 GHz'], assessment: 'stricter' })]));
  });

  it('a paragraph reference gets its ECCN\'s correlation; an xx99x entry is US-only', async () => {
    expect((await get('/api/v1/eccns/5A002.a.1')).body.wassenaar).toMatchObject({ eccn: '5A002', counterparts: [{ code: '5.A.2' }] });
    const at = (await get('/api/v1/eccns/5A992')).body.wassenaar;
    expect(at).toMatchObject({ kind: 'us_only_anti_terrorism', counterparts: [], rule: { id: 'at_numbering' }, divergence: { compared: false } });
  });
});

describe('GET /api/v1/wassenaar/:code', () => {
  it('an entry: heading, pages, the ECCNs linked to it, its paragraphs\' codes and the official link', async () => {
    const { status, body } = await get('/api/v1/wassenaar/ML10');
    expect(status).toBe(200);
    expect(body).toMatchObject({ code: 'ML10', type: 'entry', entry: 'ML10', list: 'munitions', pages: [203, 204], printed_pages: ['202', '203'], url: `${PDF}#page=203`, wassenaar_only: false });
    expect(body.eccns.map((e: { eccn: string }) => e.eccn)).toEqual(['9A610', '9B610', '9C610', '9D610', '9E610']);
    expect(body.paragraphs).toContain('ML10.a');
    expect(body.text).toBe(body.heading);
  });

  it('a paragraph, written as a user may type it: its text and the CCL paragraph paired with it', async () => {
    const { status, body } = await get('/api/v1/wassenaar/3.a.1.b.7.a.');
    expect(status).toBe(200);
    expect(body).toMatchObject({ code: '3.A.1.b.7.a', type: 'paragraph', entry: '3.A.1', heading: 'Electronic items as follows:', eccn_paragraphs: ['3A001.b.7.a'] });
    expect(body.text).toContain('beyond 110 GHz');
  });

  it('a Wassenaar-only entry says so', async () => {
    const { body } = await get('/api/v1/wassenaar/ML18');
    expect(body).toMatchObject({ code: 'ML18', eccns: [], wassenaar_only: true, not_in_use: false });
  });

  it.each([
    ['an unknown code', '/api/v1/wassenaar/3.A.99', 404, 'NOT_FOUND', /Wassenaar entry or paragraph '3\.A\.99' was not found/],
    ['a malformed code', '/api/v1/wassenaar/3-A-1', 400, 'INVALID_WASSENAAR_CODE', /not a Wassenaar code/],
    ['an ECCN', '/api/v1/wassenaar/3A001', 400, 'INVALID_WASSENAAR_CODE', /for an ECCN use \/api\/v1\/eccns/],
    ['a query parameter', '/api/v1/wassenaar/3.A.1?date=2026-01-01', 400, 'VALIDATION_FAILED', /not allowed/],
  ])('%s: %i with the error envelope', async (_name, path, status, code, message) => {
    const r = await get(path);
    expect(r.status).toBe(status);
    expect(r.body.error).toMatchObject({ code, message: expect.stringMatching(message), request_id: expect.any(String), details: expect.any(Array) });
  });
});

describe('GET /api/v1/wassenaar', () => {
  it('counts per category, the same as the map gives, with the divergence counts and the Wassenaar-only entries', async () => {
    const { status, body } = await get('/api/v1/wassenaar');
    expect(status).toBe(200);
    const kb = realKb();
    expect(body.summary).toEqual(JSON.parse(JSON.stringify(summarizeMap(kb.wassenaarMap(), kb.wassenaar()))));
    expect(body.summary.rows.map((r: { category: string }) => r.category)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'ML']);
    expect(body.divergence).toMatchObject({ correlated: 235, compared: expect.any(Number), counts: { stricter: expect.any(Number) } });
    expect(body.wassenaar_only.map((w: { code: string }) => w.code)).toContain('ML18');
    expect(body.rules.map((r: { id: string }) => r.id)).toContain('ml_software_technology');
  });
});

describe('a Wassenaar list or map that cannot be loaded', () => {
  it('is a 503 on the Wassenaar routes, and an error in place of the correlation on the ECCN look-up', async () => {
    const real = realDeterminer();
    const broken = () => { throw new LoadError([{ code: 'RULESET_REFERENCE_ERROR', file: 'regulations/wassenaar/2025/map/3.yaml', message: 'injected' }]); };
    const engine = { ...real, kb: { ...real.kb, wassenaar: broken, wassenaarMap: broken } } as Determiner;
    const srv = createServer(createApp({ engine: () => engine, rateLimitPerMinute: 0 }));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const at = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
    try {
      for (const path of ['/api/v1/wassenaar', '/api/v1/wassenaar/3.A.1']) {
        const r = await fetch(`${at}${path}`);
        expect(r.status).toBe(503);
        expect(((await r.json()) as { error: { code: string } }).error.code).toBe('WASSENAAR_UNAVAILABLE');
      }
      const e = await fetch(`${at}/api/v1/eccns/3A001`);
      expect(e.status).toBe(200);
      const body = (await e.json()) as { eccn: { eccn: string }; wassenaar: { error: { code: string } } };
      expect(body.eccn.eccn).toBe('3A001');
      expect(body.wassenaar.error.code).toBe('WASSENAAR_UNAVAILABLE');
    } finally { await new Promise<void>((r) => srv.close(() => r())); }
  });
});
