/**
 * @module api/exchange
 * The suspicious-inquiry exchange over HTTP (issue 10), under /api/v1/exchange. Every request carries
 * `Authorization: Bearer <token>` (401 without a valid one, 403 for the wrong role) and is rate-limited per
 * principal; every read of exchange data is logged (who — a keyed hash —, what, when).
 *
 * - member: POST /reports, POST /reports/from-determination, GET /reports, GET /reports/:id, DELETE /reports/:id —
 *   its own reports only; another member's report is indistinguishable from one that does not exist (404).
 * - analyst: GET /networks, GET /networks/:id/export?format=json|csv — clusters reported by at least k distinct
 *   members in full, the rest as counts; never a reporter identity or a note.
 * - admin: POST /principals (the token is shown once), DELETE /principals/:id, GET /access-log.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { InvalidInputError, NotFoundError } from '../errors.ts';
import { exportCsv, exportRows, networks, type ClusterView } from '../exchange/networks.ts';
import type { InquiryReportT } from '../exchange/schema.ts';
import { ROLES, type ExchangeStore, type Principal, type Role } from '../exchange/store.ts';
import { validateInquiry } from '../exchange/validate.ts';
import type { Matcher } from '../screening/match.ts';
import type { RecordStore } from '../records/store.ts';
import { HttpError } from './errors.ts';
import { parseEccnRef } from '../kb/eccn-ref.ts';

export interface ExchangeOptions {
  /** The store; undefined when the exchange is not configured (every route then answers 503 EXCHANGE_UNAVAILABLE). */
  store: () => ExchangeStore | undefined;
  /** Distinct members a cluster needs before an analyst sees its parties (default 3). */
  k: number;
  /** Restricted-party matcher, to flag parties of a cluster that match the lists. */
  matcher?: () => Matcher | undefined;
  /** Determination records, for POST /reports/from-determination. */
  records?: () => RecordStore | undefined;
  /** Requests per minute per principal (default 600; 0 turns it off). */
  perMinute?: number;
  unavailable?: string;
}

type Authed = Request & { principal?: Principal };

/** A 404 of the exchange (not "in the knowledge base"). */
const notHere = (kind: string, id: string) => new NotFoundError(kind, id, undefined, undefined, 'the exchange');

export function exchangeRouter(o: ExchangeOptions): Router {
  const r = express.Router();
  const json = express.json({ limit: '64kb', strict: true });
  const store = (): ExchangeStore => {
    const s = o.store();
    if (!s) throw new HttpError(503, 'EXCHANGE_UNAVAILABLE', o.unavailable ?? 'the suspicious-inquiry exchange is not configured on this server (docs/exchange.md)');
    return s;
  };
  // Authentication first: an unauthenticated request learns nothing, not even whether an id exists.
  r.use((req: Authed, res: Response, next: NextFunction) => {
    const h = req.get('authorization') ?? '';
    const m = /^Bearer ([A-Za-z0-9_-]{10,200})$/.exec(h);
    const p = m ? store().authenticate(m[1] as string) : undefined;
    if (!p) { res.setHeader('www-authenticate', 'Bearer realm="dualuse-exchange"'); next(new HttpError(401, 'UNAUTHENTICATED', 'send Authorization: Bearer <token> with a valid exchange token')); return; }
    req.principal = p;
    next();
  });
  const perMinute = o.perMinute ?? 600;
  if (perMinute > 0) {
    r.use(rateLimit({
      windowMs: 60_000, limit: perMinute, standardHeaders: 'draft-8', legacyHeaders: false,
      keyGenerator: (req) => (req as Authed).principal?.id ?? 'anonymous',
      handler: (_req, _res, next) => next(new HttpError(429, 'RATE_LIMITED', `more than ${perMinute} exchange requests a minute; slow down`, { 'retry-after': '60' })),
    }));
  }
  const as = (role: Role) => (req: Authed, _res: Response, next: NextFunction) => {
    if (req.principal?.role !== role) { next(new HttpError(403, 'FORBIDDEN', `this needs the ${role} role`)); return; }
    next();
  };
  const needJson = (req: Request, _res: Response, next: NextFunction) => {
    if (!req.is('application/json')) { next(new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json')); return; }
    next();
  };
  const who = (req: Authed) => req.principal as Principal;
  const submitted = (s: { id: string; received_at: string; created_at: string }) => ({ id: s.id, received_at: s.received_at, created_at: s.created_at });

  r.post('/reports', as('member'), needJson, json, (req: Authed, res) => {
    const report = validateInquiry(req.body);
    const s = store().addReport(who(req), report);
    store().logAccess(who(req), 'submit_report', s.id);
    res.status(201).setHeader('location', `/api/v1/exchange/reports/${s.id}`);
    res.json(submitted(s));
  });

  // A determination turned into a report in one step: its items, destination, end user, end uses, parties and red
  // flags, with the member's decision (and anything it adds).
  r.post('/reports/from-determination', as('member'), needJson, json, (req: Authed, res) => {
    const b = req.body as { determination_id?: unknown; decision?: unknown; received_at?: unknown; channel?: unknown; red_flags?: unknown; parties?: unknown; notes?: unknown };
    if (!b || typeof b !== 'object' || typeof b.determination_id !== 'string') throw new InvalidInputError('VALIDATION_FAILED', '/determination_id (the id of a recorded determination) is required', [{ pointer: '/determination_id', code: 'VALIDATION_FAILED' }]);
    const rec = o.records?.()?.get(b.determination_id);
    if (!rec) throw new NotFoundError('determination record', b.determination_id, undefined, undefined, 'the records');
    const q = rec.request;
    // The body's own parties first, so that an error in one is reported at its own index (/parties/0 …).
    const parties = [
      ...(Array.isArray(b.parties) ? (b.parties as InquiryReportT['parties']) : []),
      ...(q.end_user?.name ? [{ role: 'end_user' as const, names: [q.end_user.name], countries: [q.end_user.headquarters ?? q.destination] }] : []),
      ...(q.parties ?? []).map((p) => ({ role: 'other' as const, names: [p.name], countries: [q.destination] })),
    ];
    // ECCNs as the engine read them ("3a001" was accepted and means 3A001).
    const eccnOf = (raw: string) => { try { return parseEccnRef(raw).normalized; } catch { return raw; } };
    const report = validateInquiry({
      received_at: typeof b.received_at === 'string' ? b.received_at : rec.created_at.slice(0, 10),
      channel: typeof b.channel === 'string' ? b.channel : 'other',
      items: q.items.map((i) => ({ eccn: eccnOf(i.eccn), ...(i.value_usd !== undefined ? { value_usd: i.value_usd } : {}) })),
      ...(q.end_uses?.length ? { end_uses: q.end_uses } : {}),
      ...(q.end_user ? { end_user_claimed: { ...(q.end_user.name ? { name: q.end_user.name } : {}), ...(q.end_user.kind ? { kind: q.end_user.kind } : {}), country: q.destination } } : {}),
      destination: q.destination,
      parties,
      red_flags: [...new Set([...(q.red_flags ?? []), ...(Array.isArray(b.red_flags) ? (b.red_flags as string[]) : [])])],
      decision: b.decision,
      ...(typeof b.notes === 'string' ? { notes: b.notes } : {}),
      determination_id: rec.id,
    });
    const s = store().addReport(who(req), report);
    store().logAccess(who(req), 'submit_report_from_determination', s.id);
    res.status(201).setHeader('location', `/api/v1/exchange/reports/${s.id}`);
    res.json({ ...submitted(s), report });
  });

  r.get('/reports', as('member'), (req: Authed, res) => {
    const own = store().ownReports(who(req));
    store().logAccess(who(req), 'list_own_reports');
    res.json({ reports: own });
  });
  r.get('/reports/:id', as('member'), (req: Authed, res) => {
    const s = store().ownReport(who(req), String(req.params.id));
    store().logAccess(who(req), 'read_own_report', String(req.params.id));
    if (!s) throw notHere('report', String(req.params.id));
    res.json(s);
  });
  r.delete('/reports/:id', as('member'), (req: Authed, res) => {
    const ok = store().withdraw(who(req), String(req.params.id));
    store().logAccess(who(req), 'withdraw_report', String(req.params.id));
    if (!ok) throw notHere('report', String(req.params.id));
    res.status(204).end();
  });

  const clusters = () => networks(store().analysedReports(), { k: o.k, ...(o.matcher?.() ? { matcher: o.matcher() as Matcher } : {}) });
  r.get('/networks', as('analyst'), (req: Authed, res) => {
    const cs = clusters();
    store().logAccess(who(req), 'read_networks', `${cs.length} clusters`);
    res.json({ k: o.k, clusters: cs, shown: cs.filter((c) => c.shown).length, hidden: cs.filter((c) => !c.shown).length });
  });
  r.get('/networks/:id/export', as('analyst'), (req: Authed, res) => {
    const format = typeof req.query.format === 'string' ? req.query.format : 'json';
    if (format !== 'json' && format !== 'csv') throw new InvalidInputError('VALIDATION_FAILED', 'format is json or csv', [{ pointer: '/format', code: 'VALIDATION_FAILED' }]);
    // A cluster below k is not exported: to an analyst it does not exist beyond its counts.
    const c = clusters().find((x) => x.id === String(req.params.id) && x.shown) as ClusterView | undefined;
    store().logAccess(who(req), 'export_network', String(req.params.id));
    if (!c) throw notHere('network (reported by at least k members)', String(req.params.id));
    if (format === 'csv') { res.type('text/csv; charset=utf-8').setHeader('content-disposition', `attachment; filename="${c.id}.csv"`).send(exportCsv(c)); return; }
    res.json({ cluster: c.id, generated_at: new Date().toISOString(), note: 'No reporter identity or note is included. Fields follow what a confidential lead to BIS Export Enforcement describes: the parties and their identifiers, the items and destinations, the red flags, dates (docs/exchange.md).', rows: exportRows(c) });
  });

  r.post('/principals', as('admin'), needJson, json, (req: Authed, res) => {
    const b = req.body as { role?: unknown; name?: unknown };
    if (!ROLES.includes(b?.role as Role)) throw new InvalidInputError('VALIDATION_FAILED', `/role is one of ${ROLES.join(', ')}`, [{ pointer: '/role', code: 'VALIDATION_FAILED' }]);
    if (typeof b.name !== 'string' || !b.name.trim() || b.name.length > 300) throw new InvalidInputError('VALIDATION_FAILED', '/name is the organisation or person (1–300 characters)', [{ pointer: '/name', code: 'VALIDATION_FAILED' }]);
    const { principal, token } = store().createPrincipal(b.role as Role, b.name.trim());
    store().logAccess(who(req), 'create_principal', principal.id);
    res.status(201).json({ id: principal.id, role: principal.role, token, note: 'the token is shown once; store it now' });
  });
  r.delete('/principals/:id', as('admin'), (req: Authed, res) => {
    const ok = store().revoke(String(req.params.id));
    store().logAccess(who(req), 'revoke_principal', String(req.params.id));
    if (!ok) throw notHere('principal', String(req.params.id));
    res.status(204).end();
  });
  r.get('/access-log', as('admin'), (req: Authed, res) => {
    const limit = Number(req.query.limit ?? 200);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new InvalidInputError('VALIDATION_FAILED', 'limit is an integer from 1 to 10000', [{ pointer: '/limit', code: 'VALIDATION_FAILED' }]);
    store().logAccess(who(req), 'read_access_log');
    res.json({ entries: store().accessLog(limit) });
  });
  return r;
}
