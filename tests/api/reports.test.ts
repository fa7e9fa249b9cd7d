/**
 * GET /api/v1/reports/:name on an ephemeral loopback port, on the real data: 503 with Retry-After while the analysis
 * runs (never a partial report), then the same object `buildReport` gives (and `dualuse report --json` prints), CSV,
 * and the errors: unknown report or edition (404), bad format or query (400), no analysis rules (503).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { analyse } from '../../src/analysis/index.ts';
import { buildReport, reportCsv } from '../../src/analysis/reports.ts';
import { createDeterminer, type Determiner } from '../../src/engine/determine.ts';
import { loadRules } from '../../src/load/rules.ts';
import { VOCABULARY } from '../../src/engine/vocabulary.ts';
import { realKb, REPO_ROOT } from '../helpers/kb.ts';
import { TODAY } from '../helpers/determiner.ts';

const servers: Server[] = [];
async function serve(engine: Determiner, analysisRoot?: string): Promise<string> {
  const server = createServer(createApp({ engine: () => engine, rateLimitPerMinute: 0, ...(analysisRoot ? { analysisRoot } : {}) }));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
afterAll(async () => { for (const s of servers) await new Promise<void>((r) => s.close(() => r())); });

// A determiner of its own: the analysis is kept per determiner, so this one starts with none.
const engine = createDeterminer(realKb(), loadRules(REPO_ROOT, VOCABULARY), { today: () => TODAY });
let base = '';
beforeAll(async () => { base = await serve(engine, REPO_ROOT); });

describe('GET /api/v1/reports/:name', () => {
  it('is 503 REPORTS_NOT_READY with Retry-After while the analysis runs, then the report itself', async () => {
    const first = await fetch(`${base}/api/v1/reports/overlaps`);
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('15');
    expect((await first.json() as { error: { code: string } }).error.code).toBe('REPORTS_NOT_READY');
    const a = await analyse(engine, REPO_ROOT); // the same promise the server awaits
    const r = await fetch(`${base}/api/v1/reports/overlaps`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await r.json()).toEqual(JSON.parse(JSON.stringify(buildReport(a, 'overlaps'))));
  }, 180_000);

  it('serves every report for every edition, and CSV', async () => {
    const a = await analyse(engine, REPO_ROOT);
    for (const name of ['unilateral', 'outdated', 'burden']) {
      const body = await (await fetch(`${base}/api/v1/reports/${name}?edition=2026-01-01`)).json() as { report: string; edition: string };
      expect(body).toEqual(JSON.parse(JSON.stringify(buildReport(a, name, '2026-01-01'))));
    }
    const csv = await fetch(`${base}/api/v1/reports/burden?format=csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(await csv.text()).toBe(reportCsv(buildReport(a, 'burden')));
  }, 180_000);

  it('refuses an unknown report or edition (404), a bad format or query (400)', async () => {
    const err = async (path: string) => { const r = await fetch(`${base}${path}`); return { status: r.status, error: (await r.json() as { error: { code: string; message: string } }).error }; };
    expect(await err('/api/v1/reports/nope')).toMatchObject({ status: 404, error: { code: 'NOT_FOUND', message: expect.stringContaining('use one of: overlaps, unilateral, outdated, burden') } });
    expect(await err('/api/v1/reports/burden?edition=1999-01-01')).toMatchObject({ status: 404, error: { code: 'NOT_FOUND', message: expect.stringContaining('2026-08-07') } });
    expect(await err('/api/v1/reports/burden?format=xml')).toMatchObject({ status: 400, error: { code: 'VALIDATION_FAILED' } });
    expect(await err('/api/v1/reports/burden?foo=1')).toMatchObject({ status: 400, error: { code: 'VALIDATION_FAILED' } });
  });

  it('a server without the analysis rules says so (503 REPORTS_UNAVAILABLE)', async () => {
    const other = await serve(engine);
    const r = await fetch(`${other}/api/v1/reports/burden`);
    expect(r.status).toBe(503);
    expect((await r.json() as { error: { code: string } }).error.code).toBe('REPORTS_UNAVAILABLE');
  });
});
