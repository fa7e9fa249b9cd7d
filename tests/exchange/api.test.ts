/**
 * The suspicious-inquiry exchange over HTTP (issue 10) on an ephemeral loopback port: members see only their own
 * reports, analysts never a reporter or a note, the k threshold, withdrawal, tokens and roles, the access log,
 * hostile input, and a report made from a recorded determination.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { newSecrets } from '../../src/exchange/crypto.ts';
import type { InquiryReportT, PartyT } from '../../src/exchange/schema.ts';
import { openExchangeStore, type ExchangeStore } from '../../src/exchange/store.ts';
import { openRecordStore, type RecordStore } from '../../src/records/store.ts';
import { realDeterminer } from '../helpers/determiner.ts';

const K = 3;
const dir = mkdtempSync(join(tmpdir(), 'dualuse-exchange-api-'));
const exchangeFile = join(dir, 'exchange.sqlite');
let store: ExchangeStore;
let records: RecordStore;
let server: Server;
let base = '';
let adminToken = '';
interface Who { id: string; name: string; token: string }
const members: Who[] = [];
let analyst: Who;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
interface Res { status: number; headers: Headers; text: string; json: any }
async function call(method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
  const h: Record<string, string> = { ...headers };
  if (token !== undefined) h.authorization = `Bearer ${token}`;
  if (body !== undefined && !h['content-type']) h['content-type'] = 'application/json';
  const r = await fetch(`${base}${path}`, { method, headers: h, ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}) });
  const text = await r.text();
  let json: unknown;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: r.status, headers: r.headers, text, json };
}
const EX = '/api/v1/exchange';

const report = (parties: PartyT[], extra: Partial<InquiryReportT> = {}): InquiryReportT => ({
  received_at: '2026-05-04', channel: 'email', items: [{ eccn: '3A001.a.2.c', description: 'FPGA', quantity: 40 }], end_use_claimed: 'university laboratory', destination: 'AE',
  parties, red_flags: ['evasive_about_end_use', 'cash_for_expensive_item'], decision: 'declined', ...extra,
});
/** A front company of one test's network: its identifiers are unique to that test. */
const front = (tag: string, extra: Partial<PartyT> = {}): PartyT => ({ role: 'buyer', names: [`${tag} Kovcheg Pribor FZE`], emails: [`procurement@${tag.toLowerCase()}-kovcheg.ae`], countries: ['AE'], ...extra });
const file = async (who: Who, r: InquiryReportT): Promise<string> => {
  const res = await call('POST', `${EX}/reports`, who.token, r);
  expect(res.status, res.text).toBe(201);
  return res.json.id as string;
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const networksNow = async (): Promise<any[]> => { const r = await call('GET', `${EX}/networks`, analyst.token); expect(r.status).toBe(200); return r.json.clusters; };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const clusterWith = (cs: any[], needle: string) => cs.find((c) => c.shown && JSON.stringify(c).includes(needle));

beforeAll(async () => {
  const engine = realDeterminer();
  records = openRecordStore(join(dir, 'records.sqlite'));
  store = openExchangeStore(exchangeFile, newSecrets());
  adminToken = store.createPrincipal('admin', 'Exchange Operator').token;
  server = createServer(createApp({ engine: () => engine, rateLimitPerMinute: 0, records: () => records, exchange: { store: () => store, k: K } }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const name of ['Nordlicht Optics GmbH member-A', 'Altmark Instruments AG member-B', 'Brightline Semiconductors Ltd member-C', 'Cedarwood Controls Inc member-D']) {
    const r = await call('POST', `${EX}/principals`, adminToken, { role: 'member', name });
    expect(r.status).toBe(201);
    members.push({ id: r.json.id, name, token: r.json.token });
  }
  const a = await call('POST', `${EX}/principals`, adminToken, { role: 'analyst', name: 'Analyst Unit Seven' });
  analyst = { id: a.json.id, name: 'Analyst Unit Seven', token: a.json.token };
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  store.close();
  records.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('members see only their own reports', () => {
  it('another member\'s report is a 404 exactly like a non-existent id, for reading and withdrawing; lists hold only one\'s own', async () => {
    const [a, b] = members as [Who, Who];
    const mine = await file(a, report([front('Iso')], { notes: 'isolation note' }));
    const own = await call('GET', `${EX}/reports/${mine}`, a.token);
    expect(own.status).toBe(200);
    expect(own.json.report.notes).toBe('isolation note');

    const missing = '019a0000-0000-7000-8000-000000000000';
    for (const method of ['GET', 'DELETE']) {
      const other = await call(method, `${EX}/reports/${mine}`, b.token);
      const none = await call(method, `${EX}/reports/${missing}`, b.token);
      expect(other.status).toBe(404);
      expect(none.status).toBe(404);
      const shape = (r: Res, id: string) => ({ code: r.json.error.code, message: r.json.error.message.replace(id, '<id>'), details: r.json.error.details, keys: Object.keys(r.json.error).sort() });
      expect(shape(other, mine)).toEqual(shape(none, missing));
      expect(other.json.error.message).toMatch(/^report '.*' was not found in the exchange$/);
      expect(other.text).not.toContain('isolation note');
    }
    // Still there for its owner (B's DELETE did nothing).
    expect((await call('GET', `${EX}/reports/${mine}`, a.token)).status).toBe(200);

    const bOwn = await file(b, report([front('IsoB')]));
    const listA = await call('GET', `${EX}/reports`, a.token);
    const listB = await call('GET', `${EX}/reports`, b.token);
    expect(listA.json.reports.map((r: { id: string }) => r.id)).toContain(mine);
    expect(listA.json.reports.map((r: { id: string }) => r.id)).not.toContain(bOwn);
    expect(listB.json.reports.map((r: { id: string }) => r.id)).toEqual([bOwn]);
    expect(listB.text).not.toContain('isolation note');
    // A member is not an analyst: no networks, no counts.
    expect((await call('GET', `${EX}/networks`, b.token)).status).toBe(403);
  });
});

describe('the analyst view', () => {
  it('holds at k − 1 (counts only) and at k (shown); never a reporter identity or a note; withdrawal removes a report from its cluster', async () => {
    const [a, b, c, d] = members as [Who, Who, Who, Who];
    const tag = 'Kthr';
    const f = front(tag, { phones: ['+971 4 303 4567'] });
    const email = (f.emails as string[])[0] as string;
    const noteA = 'NOTE-UNIQUE-7f3a1 the buyer asked to split the shipment';
    await file(a, report([f], { notes: noteA }));
    await file(a, report([{ ...f, names: [`${tag} Kovcheg Pribor L.L.C.`] }], { notes: `${noteA} again`, received_at: '2026-05-20' }));
    await file(b, report([{ role: 'buyer', names: [`KOVCHEG PRIBOR ${tag.toUpperCase()} LLC`], emails: [email.toUpperCase()], countries: ['AE'] }], { notes: 'NOTE-UNIQUE-b' }));

    // k − 1 = 2 distinct members (3 reports): counts only.
    let cs = await networksNow();
    expect(clusterWith(cs, email)).toBeUndefined();
    expect(JSON.stringify(cs)).not.toContain(email);
    expect(JSON.stringify(cs)).not.toContain('Kovcheg');
    const hidden = cs.find((x) => !x.shown && x.reports === 3 && x.members === 2);
    expect(hidden).toEqual({ id: expect.stringMatching(/^n_/), reports: 3, members: 2, parties: 1, identifiers: expect.any(Number), shown: false });
    // Below k a cluster cannot be exported either.
    expect((await call('GET', `${EX}/networks/${hidden.id}/export`, analyst.token)).status).toBe(404);

    const idBefore = hidden?.id;
    // The third member: k reached, shown with its parties and identifiers.
    const third = await file(c, report([{ role: 'buyer', names: [`${tag} Kovcheg Pribor`], phones: [(f.phones as string[])[0] as string], countries: ['AE'] }], { notes: 'NOTE-UNIQUE-c', received_at: '2026-06-11' }));
    const fourth = await file(d, report([{ role: 'buyer', names: ['Unrelated Zvezda Optika'], emails: ['info@unrelated-zvezda.kz'], countries: ['KZ'] }, { role: 'ultimate_consignee', names: [], emails: [email], countries: ['AE'] }], { notes: 'NOTE-UNIQUE-d', received_at: '2026-06-30' }));
    cs = await networksNow();
    const shown = clusterWith(cs, email);
    expect(shown).toMatchObject({ shown: true, reports: 5, members: 4, first_received: '2026-05-04', last_received: '2026-06-30' });
    // The network keeps its id as reports are added (it is its earliest report's): a saved export link keeps working.
    expect(shown.id).toBe(idBefore);
    expect(shown.parties[0].names).toEqual(expect.arrayContaining([`${tag} Kovcheg Pribor FZE`, `KOVCHEG PRIBOR ${tag.toUpperCase()} LLC`]));
    expect(shown.red_flags).toContainEqual({ code: 'evasive_about_end_use', reports: 5 });

    // What the analyst receives: /networks, the JSON and the CSV export.
    const net = await call('GET', `${EX}/networks`, analyst.token);
    const json = await call('GET', `${EX}/networks/${shown.id}/export`, analyst.token);
    const csv = await call('GET', `${EX}/networks/${shown.id}/export?format=csv`, analyst.token);
    expect(json.status).toBe(200);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(json.json.rows.length).toBeGreaterThan(0);
    for (const body of [net.text, json.text, csv.text]) {
      for (const m of members) { expect(body).not.toContain(m.name); expect(body).not.toContain(m.id); expect(body).not.toContain(m.token); }
      expect(body).not.toContain('NOTE-UNIQUE');
      expect(body).not.toContain('isolation note');
      expect(body).not.toContain(third);
      expect(body).not.toContain(fourth);
    }

    // Withdrawing two reports: the cluster falls to 2 members, below k, and holds 3 reports.
    expect((await call('DELETE', `${EX}/reports/${third}`, c.token)).status).toBe(204);
    expect((await call('DELETE', `${EX}/reports/${fourth}`, d.token)).status).toBe(204);
    expect((await call('GET', `${EX}/reports/${third}`, c.token)).status).toBe(404);
    cs = await networksNow();
    expect(clusterWith(cs, email)).toBeUndefined();
    expect(cs.find((x) => !x.shown && x.reports === 3 && x.members === 2)).toBeDefined();
    // The withdrawn reports and their links are gone from what the analysis reads.
    const analysed = store.analysedReports();
    expect(analysed.map((r) => r.id)).not.toContain(third);
    expect(analysed.map((r) => r.id)).not.toContain(fourth);
    // The other party of the fourth report is gone with it: no cluster of 1 report names Zvezda's e-mail domain.
    expect(analysed.some((r) => r.report.parties.some((p) => p.emails?.includes('info@unrelated-zvezda.kz')))).toBe(false);
  });
});

describe('tokens and roles', () => {
  it('no token, a malformed header, an unknown or revoked token → 401 with WWW-Authenticate; the wrong role → 403', async () => {
    for (const [token, headers] of [[undefined, {}], ['dx_unknown_token_0123456789', {}], [undefined, { authorization: 'Basic dXNlcjpwYXNz' }], [undefined, { authorization: `Bearer ${(members[0] as Who).token} extra` }]] as [string | undefined, Record<string, string>][]) {
      const r = await call('GET', `${EX}/reports`, token, undefined, headers);
      expect(r.status).toBe(401);
      expect(r.headers.get('www-authenticate')).toBe('Bearer realm="dualuse-exchange"');
      expect(r.json.error.code).toBe('UNAUTHENTICATED');
    }
    // A fresh member, revoked by the admin.
    const created = await call('POST', `${EX}/principals`, adminToken, { role: 'member', name: 'Short-lived Member' });
    expect((await call('GET', `${EX}/reports`, created.json.token)).status).toBe(200);
    expect((await call('DELETE', `${EX}/principals/${created.json.id}`, adminToken)).status).toBe(204);
    const revoked = await call('GET', `${EX}/reports`, created.json.token);
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await call('DELETE', `${EX}/principals/${created.json.id}`, adminToken)).status).toBe(404);

    const forbidden: [string, string, string | undefined, unknown][] = [
      ['POST', `${EX}/reports`, analyst.token, report([front('Role')])], ['GET', `${EX}/reports`, analyst.token, undefined], ['GET', `${EX}/networks`, (members[0] as Who).token, undefined],
      ['GET', `${EX}/access-log`, analyst.token, undefined], ['POST', `${EX}/principals`, (members[0] as Who).token, { role: 'admin', name: 'Escalation' }], ['GET', `${EX}/networks`, adminToken, undefined],
    ];
    for (const [method, path, token, body] of forbidden) {
      const r = await call(method, path, token, body);
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(r.json.error.code).toBe('FORBIDDEN');
    }
  });

  it('a created principal\'s token is returned once and only its SHA-256 is stored', async () => {
    const r = await call('POST', `${EX}/principals`, adminToken, { role: 'analyst', name: 'Token Check Analyst' });
    expect(r.status).toBe(201);
    const token = r.json.token as string;
    expect(token).toMatch(/^dx_[A-Za-z0-9_-]{43}$/);
    const db = new Database(exchangeFile, { readonly: true });
    try {
      const row = db.prepare('SELECT token_hash, name_sealed FROM exchange_principals WHERE id = ?').get(r.json.id) as { token_hash: Buffer; name_sealed: string };
      expect(row.token_hash.equals(createHash('sha256').update(token).digest())).toBe(true);
      expect(row.name_sealed).not.toContain('Token Check');
      const all = JSON.stringify(db.prepare('SELECT * FROM exchange_principals').all().map((x) => ({ ...(x as object), token_hash: (x as { token_hash: Buffer }).token_hash.toString('hex') })));
      expect(all).not.toContain(token);
      expect(all).not.toContain(token.slice(3));
    } finally { db.close(); }
    // Nothing shows it again: not the access log.
    expect((await call('GET', `${EX}/access-log?limit=10000`, adminToken)).text).not.toContain(token);
  });
});

describe('the access log', () => {
  it('every read is logged with the action and a keyed hash of the principal, never its id or name', async () => {
    const [a] = members as [Who];
    const before = (await call('GET', `${EX}/access-log?limit=10000`, adminToken)).json.entries.length as number;
    const id = await file(a, report([front('Log')]));
    await call('GET', `${EX}/reports`, a.token);
    await call('GET', `${EX}/reports/${id}`, a.token);
    await call('GET', `${EX}/reports/019a0000-0000-7000-8000-00000000dead`, a.token);
    await call('GET', `${EX}/networks`, analyst.token);
    await call('GET', `${EX}/networks/n_doesnotexist/export`, analyst.token);
    const log = await call('GET', `${EX}/access-log?limit=10000`, adminToken);
    expect(log.status).toBe(200);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const entries = log.json.entries as any[];
    // Newest first; the read of the log is logged before it is read, so it is its own first entry.
    const fresh = entries.slice(0, entries.length - before);
    expect(fresh.map((e) => e.action)).toEqual(['read_access_log', 'export_network', 'read_networks', 'read_own_report', 'read_own_report', 'list_own_reports', 'submit_report']);
    expect(fresh.map((e) => e.role)).toEqual(['admin', 'analyst', 'analyst', 'member', 'member', 'member', 'member']);
    const byRole = (role: string) => new Set(fresh.filter((e) => e.role === role).map((e) => e.principal));
    for (const role of ['admin', 'analyst', 'member']) expect(byRole(role).size).toBe(1);
    for (const e of fresh) expect(e.principal).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fresh.find((e) => e.action === 'submit_report').target).toBe(id);
    for (const who of [...members, analyst]) { expect(log.text).not.toContain(who.name); expect(JSON.stringify(fresh.map((e) => e.principal))).not.toContain(who.id); }
    // A bad limit is refused with its pointer.
    const bad = await call('GET', `${EX}/access-log?limit=0`, adminToken);
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].pointer).toBe('/limit');
  });
});

describe('hostile input', () => {
  const good = report([front('Hostile')]);
  const post = (body: unknown, headers: Record<string, string> = {}) => call('POST', `${EX}/reports`, (members[0] as Who).token, body, headers);

  it.each([
    ['oversized body', () => post({ ...good, notes: 'x'.repeat(70_000) }), 413, 'PAYLOAD_TOO_LARGE', undefined],
    ['malformed JSON', () => post('{"received_at": "2026-05-04", "channel":'), 400, 'MALFORMED_JSON', undefined],
    ['wrong content type', () => post(JSON.stringify(good), { 'content-type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE', undefined],
    ['form-encoded body', () => post('received_at=2026-05-04', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'UNSUPPORTED_MEDIA_TYPE', undefined],
    ['an array instead of an object', () => post([good]), 400, 'VALIDATION_FAILED', ''],
    ['unknown top-level field', () => post({ ...good, reporter: 'Acme' }), 400, 'VALIDATION_FAILED', '/reporter'],
    ['unknown party field', () => post({ ...good, parties: [{ ...front('Hostile'), passport: 'X1' }] }), 400, 'VALIDATION_FAILED', '/parties/0/passport'],
    ['bad red-flag code', () => post({ ...good, red_flags: ['evasive_about_end_use', 'looks_shady'] }), 400, 'INVALID_RED_FLAG', '/red_flags/1'],
    ['missing decision', () => post({ ...good, decision: undefined }), 400, 'VALIDATION_FAILED', '/decision'],
    ['bad date', () => post({ ...good, received_at: '2026-13-45' }), 400, 'VALIDATION_FAILED', '/received_at'],
    ['bad channel', () => post({ ...good, channel: 'telepathy' }), 400, 'VALIDATION_FAILED', '/channel'],
    ['no items', () => post({ ...good, items: [] }), 400, 'VALIDATION_FAILED', '/items'],
    ['bad ECCN', () => post({ ...good, items: [{ eccn: "3A001'; DROP TABLE exchange_reports;--" }] }), 400, 'VALIDATION_FAILED', '/items/0/eccn'],
    ['script in a phone', () => post({ ...good, parties: [{ ...front('Hostile'), phones: ['<script>alert(1)</script>'] }] }), 400, 'VALIDATION_FAILED', '/parties/0/phones/0'],
    ['bad e-mail', () => post({ ...good, parties: [{ ...front('Hostile'), emails: ['not an email'] }] }), 400, 'VALIDATION_FAILED', '/parties/0/emails/0'],
    ['lower-case country', () => post({ ...good, parties: [{ ...front('Hostile'), countries: ['ae'] }] }), 400, 'VALIDATION_FAILED', '/parties/0/countries/0'],
    ['a party without any identifier', () => post({ ...good, parties: [{ role: 'buyer', names: [] }] }), 400, 'VALIDATION_FAILED', '/parties/0'],
    ['a name too long', () => post({ ...good, parties: [{ ...front('Hostile'), names: ['N'.repeat(301)] }] }), 400, 'VALIDATION_FAILED', '/parties/0/names/0'],
    ['a prototype key', () => post(JSON.parse(`{"__proto__": {"admin": true}, ${JSON.stringify(good).slice(1)}`)), 400, 'VALIDATION_FAILED', '/__proto__'],
  ])('%s → %i %s with the field pointer', async (_name, send, status, code, pointer) => {
    const r = await send();
    expect(r.status, r.text).toBe(status);
    expect(r.headers.get('content-type')).toMatch(/application\/json/);
    expect(r.json.error.code).toBe(code);
    expect(r.json.error.message.length).toBeGreaterThan(10);
    if (pointer !== undefined) { expect(r.json.error.details[0].pointer).toBe(pointer); expect(r.json.error.message).toContain(pointer); }
    expect(r.text).not.toMatch(/at .*\.ts:\d+/);
  });

  it('SQL quotes, <script> and formula-looking names are stored and returned as data; the CSV export guards formulas', async () => {
    const hostile = ["Robert'); DROP TABLE exchange_reports;-- Trading", '<script>alert("x")</script> Optika', "=cmd|'/c calc'!A1", '+SUM(A1:A9) Pribor', '@import Zenit'];
    const email = 'orders@hostile-names-kz.kz';
    const ids: string[] = [];
    for (const [i, m] of members.slice(0, K).entries()) {
      ids.push(await file(m, report([{ role: 'buyer', names: hostile, emails: [email], addresses: ['-12 Abay Avenue, Office 5, Almaty'], countries: ['KZ'] }], { notes: `'; DELETE FROM exchange_links; -- ${i}`, received_at: `2026-07-0${i + 1}` })));
    }
    const back = await call('GET', `${EX}/reports/${ids[0]}`, (members[0] as Who).token);
    expect(back.json.report.parties[0].names).toEqual(hostile);
    expect(back.json.report.notes).toBe("'; DELETE FROM exchange_links; -- 0");
    expect(back.headers.get('content-type')).toMatch(/application\/json/);
    // The tables are intact and the links were written.
    expect(store.analysedReports().filter((r) => ids.includes(r.id)).every((r) => r.links.length >= 2)).toBe(true);

    const c = clusterWith(await networksNow(), email);
    expect(c).toBeDefined();
    expect(c.parties[0].names).toEqual([...hostile].sort());
    const json = await call('GET', `${EX}/networks/${c.id}/export`, analyst.token);
    expect(json.json.rows[0].party_names).toBe([...hostile].sort().join('; '));
    const csv = await call('GET', `${EX}/networks/${c.id}/export?format=csv`, analyst.token);
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('cluster_id,reports,distinct_reporters,first_received,last_received,party,party_roles,party_names,party_addresses,party_emails,party_phones,party_web_domains,party_countries,items_sought,destinations,end_uses_claimed,red_flags,restricted_party_list_matches');
    // Every cell that a spreadsheet would read as a formula starts with a quote.
    const cells = parseCsvLine(lines[1] as string);
    const names = cells[7] as string;
    expect(names.startsWith("'")).toBe(true); // "+SUM…" sorts first
    expect(names).toContain("=cmd|'/c calc'!A1");
    expect(cells[8]).toBe("'-12 Abay Avenue, Office 5, Almaty");
    for (const cell of cells) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});

/** RFC 4180 cells of one line. */
function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') quoted = false; else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { out.push(cur); cur = ''; } else cur += ch;
  }
  out.push(cur);
  return out;
}

describe('a report from a recorded determination', () => {
  it('turns the determination\'s items, destination, end user, parties and red flags into a report', async () => {
    const det = await call('POST', '/api/v1/determinations', undefined, {
      date: '2026-08-07', destination: 'AE', items: [{ eccn: '3A001', value_usd: 12000 }],
      end_user: { name: 'Detrec Spektr Avtomatika LLC', kind: 'commercial' },
      parties: [{ name: 'Detrec Orbita Komponent FZE', role: 'intermediate consignee' }],
      red_flags: ['vague_delivery'],
    });
    expect(det.status, det.text).toBe(200);
    const recordId = det.json.record_id as string;
    const [a, b] = members as [Who, Who];
    const r = await call('POST', `${EX}/reports/from-determination`, a.token, { determination_id: recordId, decision: 'declined', channel: 'web_form', red_flags: ['little_business_background'], notes: 'from a determination', parties: [{ role: 'payer', names: ['Detrec Payer Kaskad'], emails: ['pay@detrec-kaskad.ae'], countries: ['AE'] }] });
    expect(r.status, r.text).toBe(201);
    expect(r.json.report).toMatchObject({
      channel: 'web_form', destination: 'AE', decision: 'declined', determination_id: recordId, notes: 'from a determination',
      items: [{ eccn: '3A001', value_usd: 12000 }],
      end_user_claimed: { name: 'Detrec Spektr Avtomatika LLC', kind: 'commercial', country: 'AE' },
      red_flags: ['vague_delivery', 'little_business_background'],
    });
    // The body's own parties first (an error in one is reported at its own index), then the determination's.
    expect(r.json.report.parties).toEqual([
      { role: 'payer', names: ['Detrec Payer Kaskad'], emails: ['pay@detrec-kaskad.ae'], countries: ['AE'] },
      { role: 'end_user', names: ['Detrec Spektr Avtomatika LLC'], countries: ['AE'] },
      { role: 'other', names: ['Detrec Orbita Komponent FZE'], countries: ['AE'] },
    ]);
    const badParty = await call('POST', `${EX}/reports/from-determination`, a.token, { determination_id: recordId, decision: 'declined', parties: [{ role: 'payer', names: ['X Y'], emails: ['bad'] }] });
    expect(badParty.status).toBe(400);
    expect(badParty.json.error.details[0].pointer).toBe('/parties/0/emails/0');
    // An ECCN the engine accepted in lower case ("3a001.B.2") becomes the report's canonical ECCN.
    const lower = await call('POST', '/api/v1/determinations', undefined, { date: '2026-08-07', destination: 'AE', items: [{ eccn: '3a001.B.2' }] });
    expect(lower.status, lower.text).toBe(200);
    const fromLower = await call('POST', `${EX}/reports/from-determination`, a.token, { determination_id: lower.json.record_id, decision: 'pending', parties: [{ role: 'buyer', names: ['Lower Case Buyer Kompaniya'] }] });
    expect(fromLower.status, fromLower.text).toBe(201);
    expect(fromLower.json.report.items).toEqual([{ eccn: '3A001.b.2' }]);
    const stored = await call('GET', `${EX}/reports/${r.json.id}`, a.token);
    expect(stored.json.report).toEqual(r.json.report);
    expect((await call('GET', `${EX}/reports/${r.json.id}`, b.token)).status).toBe(404);

    // Errors: an unknown record, no id, a bad red flag, no decision.
    const unknown = await call('POST', `${EX}/reports/from-determination`, a.token, { determination_id: '019a0000-0000-7000-8000-000000000000', decision: 'declined' });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.message).toMatch(/^determination record '.*' was not found in the records/);
    const noId = await call('POST', `${EX}/reports/from-determination`, a.token, { decision: 'declined' });
    expect(noId.status).toBe(400);
    expect(noId.json.error.details[0].pointer).toBe('/determination_id');
    const badFlag = await call('POST', `${EX}/reports/from-determination`, a.token, { determination_id: recordId, decision: 'declined', red_flags: ['nope'] });
    expect(badFlag.status).toBe(400);
    expect(badFlag.json.error.code).toBe('INVALID_RED_FLAG');
    const noDecision = await call('POST', `${EX}/reports/from-determination`, a.token, { determination_id: recordId });
    expect(noDecision.status).toBe(400);
    expect(noDecision.json.error.details[0].pointer).toBe('/decision');
    expect((await call('POST', `${EX}/reports/from-determination`, analyst.token, { determination_id: recordId, decision: 'declined' })).status).toBe(403);
  });
});
