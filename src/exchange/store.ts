/**
 * @module exchange/store
 * Where the suspicious-inquiry exchange keeps its data (issue 10): the same embedded SQLite file as the
 * determination records by default (`data/dualuse.sqlite`, or DUALUSE_DB), in tables of its own.
 *
 * What is stored, and how (exchange/crypto.ts):
 * - principals: role, SHA-256 of the token, the name sealed (AES-256-GCM);
 * - reports: the owner as a keyed hash of the member's id (so "my reports" can be found, and distinct reporters
 *   counted, without the database saying who), the reporter's identity sealed, the whole content sealed (parties'
 *   names, addresses, e-mails and phones are never written in plaintext), the date received;
 * - links: for each party of each report, the keyed hash of each normalised identifier (exchange/identifiers.ts);
 * - the access log: when, the role, the action, a keyed hash of who, the target sealed.
 * Withdrawing a report deletes it and its links (it leaves every cluster); the withdrawal is logged.
 * A shared deployment can move these four tables to PostgreSQL (docs/exchange.md).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { uuid7 } from '../records/store.ts';
import { keyedHash, newToken, open, sameHash, seal, tokenHash, type ExchangeSecrets } from './crypto.ts';
import { partyIdentifiers, type IdentifierType } from './identifiers.ts';
import type { InquiryReportT } from './schema.ts';

export const ROLES = ['member', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export interface Principal { readonly id: string; readonly role: Role; readonly name: string }

export interface StoredReport { readonly id: string; readonly received_at: string; readonly created_at: string; readonly report: InquiryReportT }
/** A report as the analysis reads it: no reporter identity, only the keyed owner (to count distinct members). */
export interface AnalysedReport extends StoredReport { readonly owner: string; readonly links: readonly { party: number; kind: IdentifierType; key: string }[] }
export interface AccessEntry { readonly at: string; readonly role: string; readonly principal: string; readonly action: string; readonly target: string | null }

export interface ExchangeStore {
  createPrincipal(role: Role, name: string): { principal: Principal; token: string };
  /** The principal a token belongs to; undefined for an unknown or revoked token. */
  authenticate(token: string): Principal | undefined;
  revoke(id: string): boolean;
  addReport(member: Principal, report: InquiryReportT): StoredReport;
  ownReports(member: Principal): StoredReport[];
  ownReport(member: Principal, id: string): StoredReport | undefined;
  /** Deletes the member's own report and its links; false when there is none of its own with that id. */
  withdraw(member: Principal, id: string): boolean;
  analysedReports(): AnalysedReport[];
  logAccess(p: Principal, action: string, target?: string): void;
  accessLog(limit?: number): AccessEntry[];
  /** Re-seals every sealed value with the current key (after a key was added in front; docs/exchange.md). */
  reseal(): number;
  /**
   * Recomputes every report's links from its sealed content, and its owner from its sealed reporter, with the current
   * identifier rules and HMAC secret: after the rules changed, or to rotate the HMAC secret (docs/exchange.md).
   * Returns the number of reports re-linked.
   */
  relink(): number;
  close(): void;
}

const MIGRATION = `
CREATE TABLE IF NOT EXISTS exchange_principals (
  id TEXT PRIMARY KEY, role TEXT NOT NULL CHECK (role IN ('member', 'analyst', 'admin')), token_hash BLOB NOT NULL UNIQUE,
  name_sealed TEXT NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT);
CREATE TABLE IF NOT EXISTS exchange_reports (
  id TEXT PRIMARY KEY, owner TEXT NOT NULL, reporter_sealed TEXT NOT NULL, content_sealed TEXT NOT NULL,
  received_at TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS exchange_reports_owner ON exchange_reports (owner);
CREATE TABLE IF NOT EXISTS exchange_links (
  report_id TEXT NOT NULL REFERENCES exchange_reports (id) ON DELETE CASCADE, party INTEGER NOT NULL, kind TEXT NOT NULL,
  key TEXT NOT NULL, PRIMARY KEY (report_id, party, kind, key));
CREATE INDEX IF NOT EXISTS exchange_links_key ON exchange_links (key);
CREATE TABLE IF NOT EXISTS exchange_access_log (
  id INTEGER PRIMARY KEY, at TEXT NOT NULL, role TEXT NOT NULL, principal TEXT NOT NULL, action TEXT NOT NULL, target_sealed TEXT);
`;

export function openExchangeStore(path: string, secrets: ExchangeSecrets): ExchangeStore {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('busy_timeout = 5000');
  if (path !== ':memory:' && String(db.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.exec(MIGRATION);
  const owner = (memberId: string) => keyedHash(secrets, 'owner', memberId);
  const q = {
    insertPrincipal: db.prepare('INSERT INTO exchange_principals (id, role, token_hash, name_sealed, created_at) VALUES (?, ?, ?, ?, ?)'),
    byToken: db.prepare('SELECT id, role, token_hash, name_sealed FROM exchange_principals WHERE token_hash = ? AND revoked_at IS NULL'),
    revoke: db.prepare('UPDATE exchange_principals SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
    insertReport: db.prepare('INSERT INTO exchange_reports (id, owner, reporter_sealed, content_sealed, received_at, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
    insertLink: db.prepare('INSERT OR IGNORE INTO exchange_links (report_id, party, kind, key) VALUES (?, ?, ?, ?)'),
    own: db.prepare('SELECT id, content_sealed, received_at, created_at FROM exchange_reports WHERE owner = ? ORDER BY created_at, id'),
    ownOne: db.prepare('SELECT id, content_sealed, received_at, created_at FROM exchange_reports WHERE owner = ? AND id = ?'),
    withdraw: db.prepare('DELETE FROM exchange_reports WHERE owner = ? AND id = ?'),
    all: db.prepare('SELECT id, owner, content_sealed, received_at, created_at FROM exchange_reports ORDER BY created_at, id'),
    links: db.prepare('SELECT report_id, party, kind, key FROM exchange_links'),
    log: db.prepare('INSERT INTO exchange_access_log (at, role, principal, action, target_sealed) VALUES (?, ?, ?, ?, ?)'),
    readLog: db.prepare('SELECT at, role, principal, action, target_sealed FROM exchange_access_log ORDER BY id DESC LIMIT ?'),
  };
  type Row = { id: string; content_sealed: string; received_at: string; created_at: string };
  const stored = (r: Row): StoredReport => ({ id: r.id, received_at: r.received_at, created_at: r.created_at, report: JSON.parse(open(secrets, r.content_sealed)) as InquiryReportT });
  const addReport = db.transaction((member: Principal, report: InquiryReportT): StoredReport => {
    const id = uuid7();
    const created = new Date().toISOString();
    q.insertReport.run(id, owner(member.id), seal(secrets, JSON.stringify({ id: member.id, name: member.name })), seal(secrets, JSON.stringify(report)), report.received_at, created);
    report.parties.forEach((p, i) => { for (const x of partyIdentifiers(p)) q.insertLink.run(id, i, x.type, keyedHash(secrets, x.type, x.value)); });
    return { id, received_at: report.received_at, created_at: created, report };
  });
  return {
    createPrincipal(role, name) {
      const token = newToken();
      const principal = { id: uuid7(), role, name };
      q.insertPrincipal.run(principal.id, role, tokenHash(token), seal(secrets, name), new Date().toISOString());
      return { principal, token };
    },
    authenticate(token) {
      if (typeof token !== 'string' || token.length < 10 || token.length > 200) return undefined;
      const h = tokenHash(token);
      const row = q.byToken.get(h) as { id: string; role: Role; token_hash: Buffer; name_sealed: string } | undefined;
      // The row was found by its hash; the comparison is repeated in constant time so that the check itself leaks no
      // timing (the index look-up compares hashes, never the token).
      if (!row || !sameHash(row.token_hash, h)) return undefined;
      return { id: row.id, role: row.role, name: open(secrets, row.name_sealed) };
    },
    revoke: (id) => q.revoke.run(new Date().toISOString(), id).changes > 0,
    addReport: (member, report) => addReport(member, report),
    ownReports: (member) => (q.own.all(owner(member.id)) as Row[]).map(stored),
    ownReport: (member, id) => { const r = q.ownOne.get(owner(member.id), id) as Row | undefined; return r ? stored(r) : undefined; },
    withdraw: (member, id) => q.withdraw.run(owner(member.id), id).changes > 0,
    analysedReports() {
      const links = new Map<string, { party: number; kind: IdentifierType; key: string }[]>();
      for (const l of q.links.all() as { report_id: string; party: number; kind: IdentifierType; key: string }[]) {
        const xs = links.get(l.report_id) ?? [];
        xs.push({ party: l.party, kind: l.kind, key: l.key });
        links.set(l.report_id, xs);
      }
      return (q.all.all() as (Row & { owner: string })[]).map((r) => ({ ...stored(r), owner: r.owner, links: links.get(r.id) ?? [] }));
    },
    logAccess(p, action, target) { q.log.run(new Date().toISOString(), p.role, keyedHash(secrets, 'principal', p.id), action, target ? seal(secrets, target) : null); },
    accessLog: (limit = 200) => (q.readLog.all(Math.min(Math.max(1, limit), 10_000)) as { at: string; role: string; principal: string; action: string; target_sealed: string | null }[])
      .map((r) => ({ at: r.at, role: r.role, principal: r.principal, action: r.action, target: r.target_sealed ? open(secrets, r.target_sealed) : null })),
    reseal() {
      let n = 0;
      db.transaction(() => {
        for (const r of db.prepare('SELECT id, name_sealed FROM exchange_principals').all() as { id: string; name_sealed: string }[]) { db.prepare('UPDATE exchange_principals SET name_sealed = ? WHERE id = ?').run(seal(secrets, open(secrets, r.name_sealed)), r.id); n++; }
        for (const r of db.prepare('SELECT id, reporter_sealed, content_sealed FROM exchange_reports').all() as { id: string; reporter_sealed: string; content_sealed: string }[]) {
          db.prepare('UPDATE exchange_reports SET reporter_sealed = ?, content_sealed = ? WHERE id = ?').run(seal(secrets, open(secrets, r.reporter_sealed)), seal(secrets, open(secrets, r.content_sealed)), r.id);
          n++;
        }
        for (const r of db.prepare('SELECT id, target_sealed FROM exchange_access_log WHERE target_sealed IS NOT NULL').all() as { id: number; target_sealed: string }[]) { db.prepare('UPDATE exchange_access_log SET target_sealed = ? WHERE id = ?').run(seal(secrets, open(secrets, r.target_sealed)), r.id); n++; }
      })();
      return n;
    },
    relink() {
      let n = 0;
      db.transaction(() => {
        db.prepare('DELETE FROM exchange_links').run();
        for (const r of db.prepare('SELECT id, reporter_sealed, content_sealed FROM exchange_reports').all() as { id: string; reporter_sealed: string; content_sealed: string }[]) {
          const reporter = JSON.parse(open(secrets, r.reporter_sealed)) as { id: string };
          db.prepare('UPDATE exchange_reports SET owner = ? WHERE id = ?').run(owner(reporter.id), r.id);
          const report = JSON.parse(open(secrets, r.content_sealed)) as InquiryReportT;
          report.parties.forEach((p, i) => { for (const x of partyIdentifiers(p)) q.insertLink.run(r.id, i, x.type, keyedHash(secrets, x.type, x.value)); });
          n++;
        }
      })();
      return n;
    },
    close: () => db.close(),
  };
}
