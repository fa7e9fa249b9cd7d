/**
 * What the exchange writes to disk (issue 10): a store on a temporary SQLite file is filled with reports full of
 * distinctive names, e-mails, phones, addresses, notes and member names, closed, and its raw bytes (the database
 * and any -wal/-shm file left) are searched for every one of those strings, as written and in the lower-case
 * normalised forms the link index uses. None may appear; nor may a token; the access log holds no member id.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { newSecrets } from '../../src/exchange/crypto.ts';
import { addressKey, nameKey, partyIdentifiers, phoneKey } from '../../src/exchange/identifiers.ts';
import type { InquiryReportT } from '../../src/exchange/schema.ts';
import { openExchangeStore, type Principal } from '../../src/exchange/store.ts';

const dir = mkdtempSync(join(tmpdir(), 'dualuse-exchange-storage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MEMBERS = ['Quillfeather Photonics GmbH', 'Xanthorpe Precision Oy'];
const PARTIES = [
  { role: 'buyer' as const, names: ['Vyzhigalov Kvantelektronika FZE', 'ООО «Выжигалов Квантэлектроника»'], emails: ['zhurbinsky.procure@vyzhigalov-kvant.ae'], phones: ['+971 4 387 2916'], addresses: ['Office 3718, Quorvantis Tower, Deira, Dubai, UAE'], domains: ['https://www.vyzhigalov-kvant.ae/'], countries: ['AE'] },
  { role: 'freight_forwarder' as const, names: ['Hexwhistle Zoltraverse Logistics Ltd'], emails: ['dispatch.hexwhistle@gmail.com'], phones: ['0755 3391 8842'], addresses: ['Room 1907, 88 Plimbourne Road, Futian District, Shenzhen'], countries: ['CN'] },
];
const NOTES = 'Brixtonwald note: the caller named Ignatz Pemberfold as the end user';
const CLAIMED = 'Klavirmont research reactor';

describe('the database file holds no plaintext identifier, name, note or token', () => {
  it('after filling, closing and checkpointing', () => {
    const file = join(dir, 'exchange.sqlite');
    const store = openExchangeStore(file, newSecrets());
    const principals: { principal: Principal; token: string }[] = MEMBERS.map((m) => store.createPrincipal('member', m));
    const analyst = store.createPrincipal('analyst', 'Ossiandre Analysis Cell');
    for (const [i, { principal }] of principals.entries()) {
      const report: InquiryReportT = {
        received_at: `2026-0${i + 3}-14`, channel: 'email', items: [{ eccn: '3A001.a.2.c', description: 'Quorvantis radiation-hardened FPGA' }], end_use_claimed: CLAIMED,
        end_user_claimed: { name: 'Ignatz Pemberfold Institute', kind: 'government', country: 'IR' }, destination: 'AE',
        parties: PARTIES, red_flags: ['evasive_about_end_use'], decision: 'declined', notes: `${NOTES} (${i})`,
      };
      const s = store.addReport(principal, report);
      store.logAccess(principal, 'submit_report', s.id);
      store.ownReports(principal);
      store.logAccess(principal, 'list_own_reports');
    }
    store.logAccess(analyst.principal, 'read_networks', '1 clusters');
    expect(store.analysedReports()).toHaveLength(2);
    store.close();

    // The write-ahead log is checkpointed into the main file on close; fold in anything left anyway.
    const db = new Database(file);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const logRows = db.prepare('SELECT principal, role, action, target_sealed FROM exchange_access_log').all() as { principal: string; role: string; action: string; target_sealed: string | null }[];
    const memberIds = db.prepare("SELECT id FROM exchange_principals WHERE role = 'member'").all() as { id: string }[];
    db.close();
    const bytes = Buffer.concat([file, `${file}-wal`, `${file}-shm`].filter(existsSync).map((f) => readFileSync(f)));
    expect(bytes.length).toBeGreaterThan(4096);
    // Positive controls: what is stored in plaintext on purpose (actions, dates, principal ids) is found.
    expect(bytes.includes(Buffer.from('list_own_reports'))).toBe(true);
    expect(bytes.includes(Buffer.from('2026-04-14'))).toBe(true);
    expect(bytes.includes(Buffer.from((memberIds[0] as { id: string }).id))).toBe(true);

    const plain = new Set<string>([
      ...MEMBERS, 'Ossiandre Analysis Cell', NOTES, CLAIMED, 'Ignatz Pemberfold', 'Quorvantis radiation-hardened FPGA',
      ...PARTIES.flatMap((p) => [...p.names, ...p.emails, ...p.phones, ...p.addresses, ...(p.domains ?? [])]),
      // Pieces a partial leak would show.
      'Vyzhigalov', 'Kvantelektronika', 'Выжигалов', 'zhurbinsky', 'vyzhigalov-kvant', 'Hexwhistle', 'Zoltraverse', 'Quorvantis', 'Plimbourne', 'Brixtonwald', 'Klavirmont', 'Quillfeather', 'Xanthorpe',
      '4 387 2916', '3391 8842',
    ]);
    // The normalised forms the link index is computed from.
    for (const p of PARTIES) {
      for (const x of partyIdentifiers(p)) plain.add(x.value);
      for (const n of p.names) { const k = nameKey(n); if (k) plain.add(k); }
      for (const a of p.addresses) { const k = addressKey(a); if (k) plain.add(k); }
      for (const ph of p.phones) { const k = phoneKey(ph, p.countries); if (k) { plain.add(k); plain.add(k.slice(1)); } }
    }
    expect(plain.has('+97143872916')).toBe(true);
    expect(plain.has('zhurbinsky.procure@vyzhigalov-kvant.ae')).toBe(true);
    const found: string[] = [];
    for (const s of plain) {
      for (const variant of new Set([s, s.toLowerCase(), s.toUpperCase()])) {
        if (bytes.includes(Buffer.from(variant, 'utf8')) || bytes.includes(Buffer.from(variant, 'utf16le'))) found.push(variant);
      }
    }
    expect(found).toEqual([]);

    // Tokens: neither the token nor its random part.
    for (const { token } of [...principals, analyst]) {
      expect(bytes.includes(Buffer.from(token))).toBe(false);
      expect(bytes.includes(Buffer.from(token.slice(3)))).toBe(false);
    }

    // The access log: a keyed hash for who, never a member id; the targets sealed.
    expect(logRows).toHaveLength(5);
    for (const r of logRows) {
      expect(r.principal).toMatch(/^[A-Za-z0-9_-]{43}$/);
      for (const { id } of memberIds) { expect(r.principal).not.toContain(id); expect(r.target_sealed ?? '').not.toContain(id); }
      if (r.target_sealed) expect(r.target_sealed).toMatch(/^k1\./);
    }
    expect(new Set(logRows.filter((r) => r.role === 'member').map((r) => r.principal)).size).toBe(2);
  });
});
