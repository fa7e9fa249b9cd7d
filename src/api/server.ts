/**
 * @module api/server
 * `dualuse serve` / `npm start`: binds the port at once (health answers immediately, readiness after the knowledge
 * base has loaded), then loads the knowledge base and rules. SIGHUP or POST /api/v1/admin/reload loads a new
 * knowledge base beside the serving one and swaps it in only if it loads and validates; a bad one is refused, the
 * last good one keeps serving, and the failure shows in GET /api/v1/status. Reloads run one at a time. SIGTERM and
 * SIGINT stop taking connections and let requests in flight finish.
 */
import { createServer } from 'node:http';
import { createApp } from './app.ts';
import { openEngine } from '../engine/index.ts';
import type { Determiner } from '../engine/determine.ts';
import { openRecordStore } from '../records/store.ts';
import { join } from 'node:path';
import { buildSite, siteIsCurrent } from '../site/build.ts';
import { firstLine, LoadError } from '../errors.ts';
import { ExchangeConfigError, secretsFromEnv } from '../exchange/crypto.ts';
import { DEFAULT_K } from '../exchange/networks.ts';
import { openExchangeStore, type ExchangeStore } from '../exchange/store.ts';

export interface Reloader {
  current(): Determiner | undefined;
  status(): Record<string, unknown>;
  reload(): Promise<Record<string, unknown>>;
}

/** Holds the serving engine and replaces it atomically when a new one loads; `open` is injectable for tests. */
export function createReloader(open: () => Determiner): Reloader {
  let engine: Determiner | undefined;
  let loadedAt: string | undefined;
  let reloads = 0;
  let failures = 0;
  let lastError: { code: string; message: string; at: string } | undefined;
  let running: Promise<Record<string, unknown>> | undefined;
  const status = () => ({
    ready: Boolean(engine),
    edition: engine?.kb.latest().edition.id ?? null,
    kb_sha256: engine?.kb.hash ?? null,
    rules_sha256: engine?.rules.hash ?? null,
    loaded_at: loadedAt ?? null,
    reloads,
    reload_failures_total: failures,
    last_error: lastError ?? null,
  });
  const reload = () => {
    if (running) return running;
    running = (async () => {
      await null; // start after `running` is set, so that a concurrent call joins this reload
      try {
        const next = open();
        engine = next; // one assignment: each request sees the old or the new engine, never a mix
        loadedAt = new Date().toISOString();
        reloads++;
        return { ok: true, ...status() };
      } catch (e) {
        failures++;
        lastError = { code: e instanceof LoadError ? 'RULESET_INVALID' : 'RELOAD_FAILED', message: (e as Error).message.slice(0, 4000), at: new Date().toISOString() };
        return { ok: false, ...status() };
      }
    })().finally(() => { running = undefined; });
    return running;
  };
  return { current: () => engine, status, reload };
}

/**
 * The exchange's store from the environment (DUALUSE_EXCHANGE_KEYS, DUALUSE_EXCHANGE_HMAC_SECRET, DUALUSE_EXCHANGE_K),
 * in the records' database file. Without its secrets the exchange is off and says why (503 EXCHANGE_UNAVAILABLE).
 */
export function openExchangeFromEnv(dbPath: string, env: NodeJS.ProcessEnv = process.env): { store?: ExchangeStore; k: number; why?: string } {
  const k = env.DUALUSE_EXCHANGE_K === undefined ? DEFAULT_K : Number(env.DUALUSE_EXCHANGE_K);
  if (!Number.isInteger(k) || k < 1) throw new Error('DUALUSE_EXCHANGE_K must be a whole number of distinct members, 1 or more (default 3)');
  try {
    return { store: openExchangeStore(dbPath, secretsFromEnv(env)), k };
  } catch (e) {
    if (e instanceof ExchangeConfigError) return { k, why: `${e.message} (docs/exchange.md)` };
    throw e;
  }
}

export async function serve(root: string, opts: { port: number; host: string }): Promise<void> {
  const reloader = createReloader(() => {
    const d = openEngine(root);
    // Index the party lists before the engine is swapped in, so that the first request with parties does not wait
    // for it. Lists that cannot be loaded do not stop the server: answers with parties say LIST_UNAVAILABLE.
    try { d.screener?.matcher(); } catch (e) { console.error(`restricted-party lists unavailable: ${firstLine(e)}`); }
    return d;
  });
  const records = openRecordStore(undefined, { backgroundCheckpoint: true });
  console.log(`recording every answer in ${records.path} (write-ahead log checkpointed by a ${records.checkpointing === 'background' ? 'worker thread' : 'commit'})`);
  const limit = process.env.DUALUSE_RATE_LIMIT === undefined ? undefined : Number(process.env.DUALUSE_RATE_LIMIT);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) throw new Error('DUALUSE_RATE_LIMIT must be a whole number of requests a minute per client (0: no limit)');
  const siteDir = join(root, 'dist', 'site');
  // The reference site at /: built when missing or made from another knowledge base (first start, after a reload),
  // in the background while the API serves; one build at a time.
  let building: Promise<void> | undefined;
  let failedFor = ''; // a build that failed is not retried for the same knowledge base
  const ensureSite = () => {
    const d = reloader.current();
    if (!d || building || failedFor === d.kb.hash || siteIsCurrent(d, siteDir, root)) return;
    console.log(`building the reference site into ${siteDir} …`);
    building = buildSite(d, { root, out: siteDir }).then(
      (r) => console.log(`site ready: ${r.pages} pages at http://${opts.host}:${opts.port}/ (${(r.ms / 1000).toFixed(1)} s)`),
      (e: unknown) => { failedFor = d.kb.hash; console.error(`the site could not be built (the API keeps serving): ${(e as Error).message}`); },
    ).finally(() => { building = undefined; ensureSite(); });
  };
  const control = { status: reloader.status, reload: async () => { const r = await reloader.reload(); if (r.ok) ensureSite(); return r; } };
  const exchange = openExchangeFromEnv(records.path);
  console.log(exchange.store ? `suspicious-inquiry exchange on (k = ${exchange.k}) in ${records.path}` : `suspicious-inquiry exchange off: ${exchange.why}`);
  const app = createApp({
    engine: reloader.current, records: () => records, siteDir, control, analysisRoot: root,
    exchange: { store: () => exchange.store, k: exchange.k, matcher: () => { try { return reloader.current()?.screener?.matcher(); } catch { return undefined; } }, pageDir: join(root, 'templates', 'exchange'), ...(exchange.why ? { unavailable: exchange.why } : {}) }, ...(limit !== undefined ? { rateLimitPerMinute: limit } : {}), ...(process.env.DUALUSE_ADMIN_TOKEN ? { adminToken: process.env.DUALUSE_ADMIN_TOKEN } : {}) });
  const server = createServer({ headersTimeout: 10_000, requestTimeout: 30_000 }, app);
  await new Promise<void>((resolve) => server.listen(opts.port, opts.host, resolve));
  console.log(`dualuse listening on http://${opts.host}:${opts.port} (loading the knowledge base …)`);
  const stop = () => { server.close(() => { records.close(); exchange.store?.close(); process.exit(0); }); setTimeout(() => process.exit(0), 10_000).unref(); };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.on('SIGHUP', () => { void control.reload().then((r) => console.log(`reload: ${r.ok ? 'swapped in' : 'refused, the last good knowledge base keeps serving'}`)); });
  const first = await control.reload();
  if (!first.ok) { console.error(`the knowledge base failed to load; the server stays not ready:\n${JSON.stringify(first.last_error)}`); return; }
  console.log(`ready: knowledge base ${String(first.kb_sha256).slice(0, 12)}, edition ${String(first.edition)}${building ? '' : `; site at http://${opts.host}:${opts.port}/`}`);
}
