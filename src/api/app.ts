/**
 * @module api/app
 * The HTTP API (Express 5): determinations and knowledge-base look-ups under /api/v1, health and readiness, JSON
 * errors from one handler. `createApp` does no I/O: it is given a getter for the determiner, which is undefined
 * until the knowledge base is loaded (then /readyz says 503 and determinations are refused with NOT_READY).
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response, type NextFunction } from 'express';
import helmet from 'helmet';
import { rateLimit } from 'express-rate-limit';
import { listAge, todayUtc, type Determiner } from '../engine/determine.ts';
import type { ScreeningContext } from '../engine/result.ts';
import { validateRequest } from '../engine/validate-request.ts';
import { parseEccnRef } from '../kb/eccn-ref.ts';
import { CoverageError, firstLine, InvalidInputError, LoadError, NotFoundError } from '../errors.ts';
import { errorHandler, HttpError, notFound } from './errors.ts';
import type { SerializedAnswer, RecordStore } from '../records/store.ts';
import type { DeterminationRequestT } from '../engine/request.ts';
import { createAnswerMemo } from './answer-memo.ts';
import { diffEditions, resolveDiffDate, type EditionDiff } from '../engine/diff.ts';
import { diffCsv } from '../format/diff.ts';
import { screenInput, screenOne } from '../screening/screen.ts';
import { openApiDocument } from './openapi.ts';
import { ANSWER_VERSIONS } from '../engine/index.ts';
import { eccnCorrelation, wassenaarCode, wassenaarOverview } from '../engine/wassenaar.ts';
import { analyse, type Analysis } from '../analysis/index.ts';
import { buildReport, reportCsv, REPORT_NAMES } from '../analysis/reports.ts';
import { exchangeRouter, type ExchangeOptions } from './exchange.ts';

export interface AppOptions {
  engine: () => Determiner | undefined;
  /** Directory of the built static site, served at / when given. */
  siteDir?: string;
  bodyLimit?: string;
  /** Where every answer is recorded before it is returned; without it, determinations are refused (503). */
  records?: () => RecordStore | undefined;
  /** Requests per minute per client on /api/ (default 6000; 0 turns the limit off). */
  rateLimitPerMinute?: number;
  /** Status and hot reload of the knowledge base (see api/server.ts). */
  control?: { status(): Record<string, unknown>; reload(): Promise<Record<string, unknown>> };
  /** Bearer token of POST /api/v1/admin/reload; without one the endpoint refuses every call. */
  adminToken?: string;
  /** Repository root holding rules/analysis/ and regulations/benchmarks/: without it GET /api/v1/reports/* is a 503. */
  analysisRoot?: string;
  /** The suspicious-inquiry exchange (issue 10) under /api/v1/exchange and its analyst page at /exchange/. */
  exchange?: ExchangeOptions & { pageDir?: string };
}

/** The error entry of item `i` of a batch body: its ref when given, and pointers inside the body (`/i/…`). */
function entryError(i: number, ref: unknown, e: { code: string; message: string }, details: readonly { pointer: string; code: string }[]) {
  return { index: i, ...(ref !== undefined ? { ref } : {}), error: { code: e.code, message: e.message, details: details.map((x) => ({ pointer: `/${i}${x.pointer}`, code: x.code })) } };
}

/** Most transactions in one batch request. */
export const MAX_BATCH = 1000;

/** The lists an answer is screened against, as /status and /screen report them: date, age against the limit, file, SHA-256. */
const listsInUse = (ctx: ScreeningContext, maxAgeDays: number) => ({ ...listAge(ctx.lists.date, todayUtc(), maxAgeDays), file: ctx.lists.file, sha256: ctx.lists.sha256 });

export function createApp(opts: AppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(helmet());
  app.use((req: Request, res: Response, next: NextFunction) => {
    res.setHeader('x-request-id', randomUUID());
    const d = opts.engine();
    if (d) { res.setHeader('x-kb-edition', d.kb.latest().edition.id); res.setHeader('x-kb-sha256', d.kb.hash); }
    next();
  });
  const ready = (): Determiner => {
    const d = opts.engine();
    if (!d) throw new HttpError(503, 'NOT_READY', 'the knowledge base is still loading', { 'retry-after': '2' });
    return d;
  };
  const json = express.json({ limit: opts.bodyLimit ?? '64kb', strict: true });
  const batchJson = express.json({ limit: '4mb', strict: true });
  const perMinute = opts.rateLimitPerMinute ?? 6000;
  if (perMinute > 0) {
    app.use('/api/', rateLimit({
      windowMs: 60_000, limit: perMinute, standardHeaders: 'draft-8', legacyHeaders: false,
      handler: (_req, _res, next) => next(new HttpError(429, 'RATE_LIMITED', `more than ${perMinute} requests a minute; slow down`, { 'retry-after': '60' })),
    }));
  }
  const needJson = (req: Request, _res: Response, next: NextFunction) => {
    if (!req.is('application/json')) return next(new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json'));
    next();
  };

  app.get('/healthz', (_req, res) => { res.json({ status: 'alive' }); });
  const doc = openApiDocument('0.1.0');
  app.get('/openapi.json', (_req, res) => { res.json(doc); });
  app.get('/readyz', (_req, res) => {
    const d = opts.engine();
    if (!d) { res.setHeader('retry-after', '2'); res.status(503).json({ error: { code: 'NOT_READY', message: 'the knowledge base is still loading', request_id: String(res.getHeader('x-request-id')), details: [] } }); return; }
    res.json({ status: 'ready', edition: d.kb.latest().edition.id, kb_sha256: d.kb.hash, coverage: d.kb.coverage });
  });

  const store = (): RecordStore => {
    const s = opts.records?.();
    if (!s) throw new HttpError(503, 'AUDIT_UNAVAILABLE', 'answers cannot be recorded, so none is returned', { 'retry-after': '5' });
    return s;
  };
  const versions = ANSWER_VERSIONS;

  const memo = createAnswerMemo();
  const refPart = (ref: string | undefined) => (ref === undefined ? '' : `"ref":${JSON.stringify(ref)},`);

  app.post('/api/v1/determinations', needJson, json, async (req, res) => {
    const d = ready();
    const request = validateRequest(req.body);
    const { answer, tail } = await memo.answer(d, request);
    // Recorded before it is returned; if the record cannot be written, the answer is not returned.
    let id: string;
    try { id = await store().recordSoon({ source: 'api', requestJson: JSON.stringify(request), answer }, versions); } catch (e) {
      throw new HttpError(503, 'AUDIT_UNAVAILABLE', `${(e as Error).message}; no answer is returned without its record`, { 'retry-after': '5' });
    }
    // The answer's bytes come from the memo; the record id and the ref go in front of them. Written as is (no ETag:
    // a POST answer is not cached, and hashing 5–30 kB per answer was a tenth of the server's time).
    const head = Buffer.from(`{"record_id":${JSON.stringify(id)},${refPart(request.ref)}`);
    res.status(200);
    res.setHeader('location', `/api/v1/determinations/${id}`);
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('content-length', head.length + tail.length);
    res.write(head);
    res.end(tail);
  });

  app.post('/api/v1/determinations/batch', needJson, batchJson, async (req, res) => {
    const d = ready();
    const body = req.body as unknown;
    if (!Array.isArray(body)) throw new InvalidInputError('VALIDATION_FAILED', `the body must be an array of up to ${MAX_BATCH} determination requests`, [{ pointer: '', code: 'VALIDATION_FAILED' }]);
    if (body.length === 0 || body.length > MAX_BATCH) throw new InvalidInputError('VALIDATION_FAILED', `a batch holds 1 to ${MAX_BATCH} requests, not ${body.length}`, [{ pointer: '', code: 'VALIDATION_FAILED' }]);
    const s = store();
    // Every transaction is answered first; the answers are recorded together (one transaction), then returned.
    const answered: { index: number; request: DeterminationRequestT; answer: SerializedAnswer }[] = [];
    const results: string[] = [];
    for (const [i, item] of body.entries()) {
      try {
        const request = validateRequest(item);
        answered.push({ index: i, request, answer: (await memo.answer(d, request)).answer });
        results.push('');
      } catch (e) {
        if (e instanceof InvalidInputError || e instanceof CoverageError) {
          const ref = (item as { ref?: unknown } | null)?.ref;
          results.push(JSON.stringify(entryError(i, ref, e, e instanceof InvalidInputError ? e.details : [{ pointer: '/date', code: e.code }])));
        } else throw e;
      }
    }
    let ids: string[];
    try { ids = s.recordMany(answered.map((a) => ({ source: 'api-batch', requestJson: JSON.stringify(a.request), answer: a.answer })), versions); } catch (e) {
      throw new HttpError(503, 'AUDIT_UNAVAILABLE', `${(e as Error).message}; no answer is returned without its record`, { 'retry-after': '5' });
    }
    answered.forEach((a, k) => { results[a.index] = `{"index":${a.index},"record_id":${JSON.stringify(ids[k])},${refPart(a.request.ref)}${a.answer.text.slice(1)}`; });
    res.type('application/json').send(`{"results":[${results.join(',')}]}`);
  });

  app.get('/api/v1/determinations/export', (req, res) => {
    const format = req.query.format ?? 'jsonl';
    if (format !== 'jsonl' && format !== 'csv') throw new InvalidInputError('VALIDATION_FAILED', 'format is jsonl or csv', [{ pointer: '/format', code: 'VALIDATION_FAILED' }]);
    const s = store();
    res.setHeader('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson');
    if (format === 'csv') res.write('id,created_at,source,decision,destination,eccns,as_of,edition,kb_sha256\n');
    const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    // Streamed in pages, so any number of records is exported with bounded memory.
    let after: string | undefined;
    for (;;) {
      const page = s.list({ limit: 1000, ...(after ? { after } : {}) });
      for (const r of page) res.write(format === 'csv' ? `${[r.id, r.created_at, r.source, r.decision, r.destination, r.eccns.join(' '), r.as_of, r.edition, r.kb_sha256].map(cell).join(',')}\n` : `${JSON.stringify(r)}\n`);
      if (page.length < 1000) break;
      after = page[page.length - 1]?.id;
    }
    res.end();
  });

  app.get('/api/v1/determinations/:id', (req, res) => {
    const r = store().get(String(req.params.id));
    if (!r) throw new NotFoundError('determination record', String(req.params.id));
    res.json(r);
  });

  app.get('/api/v1/determinations', (req, res) => {
    const q = req.query as Record<string, unknown>;
    for (const [k, v] of Object.entries(q)) {
      if (typeof v !== 'string' || !['from', 'to', 'decision', 'destination', 'eccn', 'limit', 'after'].includes(k)) throw new InvalidInputError('VALIDATION_FAILED', `query parameter '${k}' is not allowed or repeated (allowed once each: from, to, decision, destination, eccn, limit, after)`, [{ pointer: `/${k}`, code: 'VALIDATION_FAILED' }]);
    }
    const limit = q.limit === undefined ? 100 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new InvalidInputError('VALIDATION_FAILED', 'limit must be an integer from 1 to 1000', [{ pointer: '/limit', code: 'VALIDATION_FAILED' }]);
    const records = store().list({ ...(q as Record<string, string>), limit });
    res.json({ records, next: records.length === limit ? records[records.length - 1]?.id : null });
  });

  app.get('/api/v1/eccns/:eccn', (req, res) => {
    const d = ready();
    const date = typeof req.query.date === 'string' ? req.query.date : undefined;
    const s = date ? d.kb.asOf(date) : d.kb.latest();
    const ref = parseEccnRef(String(req.params.eccn));
    const found = s.eccn(ref.normalized);
    if (!found) throw new NotFoundError('ECCN', ref.normalized, s.date);
    // The cross-regime map covers every edition; a map that cannot be read does not hide the ECCN, it says so.
    let wassenaar: unknown;
    try { wassenaar = eccnCorrelation(d.kb, found.state.eccn) ?? null; } catch (e) {
      if (!(e instanceof LoadError)) throw e;
      console.error(`[${String(res.getHeader('x-request-id'))}] the Wassenaar list or the cross-regime map cannot be loaded:`, e.message);
      wassenaar = { error: { code: 'WASSENAAR_UNAVAILABLE', message: 'the Wassenaar list or the cross-regime map cannot be loaded; run `dualuse validate`' } };
    }
    res.json({ as_of: s.date, edition: s.edition.id, paragraph: found.paragraph, eccn: found.state, wassenaar });
  });

  /** The Wassenaar list and the cross-regime map, read on first use; a load failure is a 503 that says so. */
  const withWassenaar = <T>(fn: () => T): T => {
    try { return fn(); } catch (e) {
      if (e instanceof LoadError) throw new HttpError(503, 'WASSENAAR_UNAVAILABLE', 'the Wassenaar list or the cross-regime map cannot be loaded; run `dualuse validate`', { 'retry-after': '60' });
      throw e;
    }
  };

  app.get('/api/v1/wassenaar', (req, res) => {
    oneQuery(req, []);
    const d = ready();
    res.json(withWassenaar(() => wassenaarOverview(d.kb)));
  });

  app.get('/api/v1/wassenaar/:code', (req, res) => {
    oneQuery(req, []);
    const d = ready();
    const code = String(req.params.code);
    const view = withWassenaar(() => wassenaarCode(d.kb, code));
    if (!view) throw new NotFoundError('Wassenaar entry or paragraph', code);
    res.json(view);
  });

  // The reports (issue 9) are computed from the serving knowledge base on first need (≈ 15 s; the site build at start
  // usually has done it already: analyse() keeps one result per determiner). Until it is done: 503 with Retry-After,
  // never a partial report. A failed analysis is reported and tried again on the next request.
  const analyses = new WeakMap<Determiner, { done?: Analysis; running?: Promise<unknown> }>();
  app.get('/api/v1/reports/:name', (req, res) => {
    const q = oneQuery(req, ['edition', 'format']);
    const d = ready();
    const name = String(req.params.name);
    if (!(REPORT_NAMES as readonly string[]).includes(name)) throw new NotFoundError('report', name, undefined, `use one of: ${REPORT_NAMES.join(', ')}`);
    const format = q.format ?? 'json';
    if (format !== 'json' && format !== 'csv') throw new InvalidInputError('VALIDATION_FAILED', 'format is json or csv', [{ pointer: '/format', code: 'VALIDATION_FAILED' }]);
    if (q.edition !== undefined && !d.kb.edition(q.edition)) throw new NotFoundError('edition', q.edition, undefined, `use one of: ${d.kb.editions.map((e) => e.id).join(', ')}`);
    const root = opts.analysisRoot;
    if (!root) throw new HttpError(503, 'REPORTS_UNAVAILABLE', 'this server has no analysis rules (started without the repository root)');
    let st = analyses.get(d);
    if (!st) {
      const entry: { done?: Analysis; running?: Promise<unknown> } = {};
      entry.running = analyse(d, root).then((a) => { entry.done = a; }, (e: unknown) => {
        analyses.delete(d);
        console.error(`the analysis failed: ${firstLine(e)}`);
      });
      analyses.set(d, entry);
      st = entry;
    }
    if (!st.done) throw new HttpError(503, 'REPORTS_NOT_READY', 'the reports are being computed from this knowledge base (about 15 s after a start or a reload); retry shortly', { 'Retry-After': '15' });
    const r = buildReport(st.done, name, q.edition);
    if (format === 'csv') { res.type('text/csv; charset=utf-8').send(reportCsv(r)); return; }
    res.json(r);
  });

  app.get('/api/v1/countries/:code', (req, res) => {
    const d = ready();
    const date = typeof req.query.date === 'string' ? req.query.date : undefined;
    const s = date ? d.kb.asOf(date) : d.kb.latest();
    const code = String(req.params.code);
    if (!/^[A-Z]{2}$/.test(code)) throw new InvalidInputError('INVALID_COUNTRY', `'${code}' is not an ISO 3166-1 alpha-2 code in upper case`, [{ pointer: '/code', code: 'INVALID_COUNTRY' }]);
    const dest = s.destination(code);
    if (!dest) throw new NotFoundError('destination', code, s.date);
    res.json({ as_of: s.date, edition: s.edition.id, destination: dest, footnotes: dest.chart.footnotes.map((n) => s.footnote(n)) });
  });

  app.get('/api/v1/status', (_req, res) => {
    const s = opts.records?.();
    const d = opts.engine();
    let lists: Record<string, unknown> | null = null;
    if (d?.screener) {
      try {
        const ctx = d.screener.context();
        lists = { available: true, ...listsInUse(ctx, d.listMaxAgeDays) };
      } catch (e) { lists = { available: false, code: 'LIST_UNAVAILABLE', message: firstLine(e) }; }
    }
    res.json({ ...(opts.control?.status() ?? { ready: Boolean(d) }), records: s ? { available: true, wal_checkpoints: s.checkpointing } : { available: false }, lists });
  });

  app.post('/api/v1/admin/reload', async (req, res) => {
    const given = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';
    const want = opts.adminToken ?? '';
    const a = Buffer.from(given);
    const b = Buffer.from(want);
    if (!want || a.length !== b.length || !timingSafeEqual(a, b)) throw new HttpError(401, 'UNAUTHORIZED', 'a valid admin token is required (Authorization: Bearer …; set DUALUSE_ADMIN_TOKEN on the server)');
    if (!opts.control) throw new HttpError(404, 'NOT_FOUND', 'reload is not available here');
    res.json(await opts.control.reload());
  });

  const snapshotFor = (req: Request) => {
    const d = ready();
    const date = req.query.date;
    if (date !== undefined && (typeof date !== 'string' || !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(date))) throw new InvalidInputError('INVALID_DATE', 'date must be YYYY-MM-DD', [{ pointer: '/date', code: 'INVALID_DATE' }]);
    return typeof date === 'string' ? d.kb.asOf(date) : d.kb.latest();
  };
  const oneQuery = (req: Request, allowed: string[]) => {
    const q = req.query as Record<string, unknown>;
    for (const [k, v] of Object.entries(q)) if (typeof v !== 'string' || !allowed.includes(k)) throw new InvalidInputError('VALIDATION_FAILED', `query parameter '${k}' is not allowed or repeated (allowed once each: ${allowed.join(', ')})`, [{ pointer: `/${k}`, code: 'VALIDATION_FAILED' }]);
    return q as Record<string, string | undefined>;
  };

  app.get('/api/v1/eccns', (req, res) => {
    const q = oneQuery(req, ['q', 'category', 'reason', 'date']);
    const s = snapshotFor(req);
    const words = (q.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const list = s.eccns().filter((e) =>
      (!q.category || e.category === q.category) &&
      (!q.reason || e.reasons_for_control.includes(q.reason.toUpperCase() as never)) &&
      words.every((w) => e.eccn.toLowerCase().includes(w) || e.heading.toLowerCase().includes(w)));
    res.json({ as_of: s.date, edition: s.edition.id, count: list.length, eccns: list.map((e) => ({ eccn: e.eccn, heading: e.heading, reasons_for_control: e.reasons_for_control, since: e.since })) });
  });

  app.get('/api/v1/countries', (req, res) => {
    oneQuery(req, ['date']);
    const s = snapshotFor(req);
    res.json({ as_of: s.date, edition: s.edition.id, destinations: s.destinations().map((d) => ({ code: d.code, chart_name: d.chart_name, marks: d.chart.marks, groups: d.groups })), territories: s.territories().map((t) => ({ code: t.code, name: t.chart_name, row_of: t.row_of?.code })) });
  });

  app.get('/api/v1/country-groups/:group', (req, res) => {
    const s = snapshotFor(req);
    const id = String(req.params.group).replace(/^([A-E])([0-9])$/i, '$1:$2').toUpperCase();
    const g = s.group(id);
    if (!g) throw new NotFoundError('country group', String(req.params.group));
    res.json({ as_of: s.date, edition: s.edition.id, group: g });
  });

  app.get('/api/v1/license-exceptions/:code', (req, res) => {
    const s = snapshotFor(req);
    const e = s.licenseException(String(req.params.code));
    if (!e) throw new NotFoundError('licence exception', String(req.params.code));
    res.json({ as_of: s.date, edition: s.edition.id, license_exception: e, terms: s.exceptionTerms(e.symbol) ?? null });
  });

  app.post('/api/v1/screen', needJson, batchJson, (req, res) => {
    const d = ready();
    const sc = d.screener;
    if (!sc) throw new HttpError(503, 'LIST_UNAVAILABLE', 'no restricted-party lists are loaded; parties cannot be screened', { 'retry-after': '60' });
    const body = req.body as unknown;
    if (!Array.isArray(body) || body.length === 0 || body.length > MAX_BATCH) throw new InvalidInputError('VALIDATION_FAILED', `the body must be an array of 1 to ${MAX_BATCH} parties { "ref"?, "name", "country"? }`, [{ pointer: '', code: 'VALIDATION_FAILED' }]);
    let m: ReturnType<typeof sc.matcher>;
    try { m = sc.matcher(); } catch (e) {
      throw new HttpError(503, 'LIST_UNAVAILABLE', `the restricted-party lists could not be loaded (${firstLine(e)}); parties cannot be screened`, { 'retry-after': '60' });
    }
    const results = body.map((item, i) => {
      try { return { index: i, ...screenOne(m, screenInput(item)) }; } catch (e) {
        if (!(e instanceof InvalidInputError)) throw e;
        const ref = (item as { ref?: unknown } | null)?.ref;
        return entryError(i, typeof ref === 'string' ? ref : undefined, e, e.details);
      }
    });
    // Old lists cannot clear a party: the age is in every response, and `stale` says when it is over the limit.
    const ctx = sc.context();
    res.json({ lists: listsInUse(ctx, d.listMaxAgeDays), matcher: ctx.matcher, thresholds: ctx.thresholds, results });
  });

  // Diffs take seconds: one computation per (knowledge base, from, to), shared by concurrent requests and kept
  // (a handful of date pairs are ever asked for; 32 are kept per knowledge base). Computations run one at a time,
  // so a burst of distinct date pairs queues instead of taking every core from the determinations.
  const diffs = new WeakMap<Determiner, Map<string, Promise<EditionDiff>>>();
  let diffQueue: Promise<unknown> = Promise.resolve();
  app.get('/api/v1/diff', async (req, res) => {
    const d = ready();
    const q = req.query as Record<string, unknown>;
    for (const [k, v] of Object.entries(q)) {
      if (typeof v !== 'string' || !['from', 'to', 'format'].includes(k)) throw new InvalidInputError('VALIDATION_FAILED', `query parameter '${k}' is not allowed or repeated (allowed once each: from, to, format)`, [{ pointer: `/${k}`, code: 'VALIDATION_FAILED' }]);
    }
    for (const k of ['from', 'to']) if (typeof q[k] !== 'string' || !q[k]) throw new InvalidInputError('VALIDATION_FAILED', `${k} is required: an edition id (${d.kb.editions.map((e) => e.id).join(', ')}) or a date inside the coverage`, [{ pointer: `/${k}`, code: 'VALIDATION_FAILED' }]);
    const format = (q.format as string | undefined) ?? 'json';
    if (format !== 'json' && format !== 'csv') throw new InvalidInputError('VALIDATION_FAILED', 'format is json or csv', [{ pointer: '/format', code: 'VALIDATION_FAILED' }]);
    const a = resolveDiffDate(d, String(q.from), '/from');
    const b = resolveDiffDate(d, String(q.to), '/to');
    let m = diffs.get(d);
    if (!m) { m = new Map(); diffs.set(d, m); }
    const key = `${a.input}|${a.date}|${b.input}|${b.date}`;
    let p = m.get(key);
    if (!p) {
      const run = () => diffEditions({ d, date: a.date, input: a.input }, { d, date: b.date, input: b.input });
      p = diffQueue.then(run, run);
      diffQueue = p.catch(() => undefined);
      m.set(key, p);
      p.catch(() => m?.delete(key));
      if (m.size > 32) m.delete(m.keys().next().value as string);
    }
    const r = await p;
    if (format === 'csv') { res.type('text/csv; charset=utf-8').send(diffCsv(r)); return; }
    res.json(r);
  });

  app.get('/api/v1/editions', (_req, res) => {
    const d = ready();
    // What each edition changed: the ECCN revisions dated by it (the first edition holds every entry's first state).
    const changed = new Map<string, string[]>();
    for (const r of d.kb.records.eccns) for (const rev of r.data.revisions.slice(1)) changed.set(rev.edition, [...(changed.get(rev.edition) ?? []), r.data.eccn]);
    res.json({ coverage: d.kb.coverage, editions: d.kb.editions.map((e) => ({ ...e, changed_eccns: (changed.get(e.id) ?? []).sort() })), sources: d.kb.sources });
  });

  if (opts.exchange) {
    app.use('/api/v1/exchange', exchangeRouter({ ...opts.exchange, records: opts.exchange.records ?? (() => opts.records?.()) }));
    // The analyst page: a shell that asks for a token and reads the API (no exchange data in any static file).
    if (opts.exchange.pageDir) app.use('/exchange', express.static(opts.exchange.pageDir, { index: 'index.html', dotfiles: 'ignore' }));
  }
  if (opts.siteDir) app.use(express.static(opts.siteDir, { index: 'index.html', dotfiles: 'ignore' }));
  // A known path asked with another method: 405 with the methods it has.
  app.use((req: Request, _res: Response, next: NextFunction) => {
    const stack = (app as unknown as { router: { stack: { route?: { methods: Record<string, boolean> }; match(path: string): boolean }[] } }).router.stack;
    const allowed = new Set<string>();
    for (const l of stack) if (l.route && l.match(req.path)) for (const m of Object.keys(l.route.methods)) allowed.add(m.toUpperCase());
    if (allowed.size) return next(new HttpError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${req.path} (allowed: ${[...allowed].join(', ')})`, { allow: [...allowed].join(', ') }));
    next();
  });
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
