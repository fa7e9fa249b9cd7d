/**
 * The exchange from the command line (issue 10), as a user runs it: `dualuse exchange secrets|add-principal|revoke`
 * and `dualuse report-inquiry --file`, in child processes (node bin/dualuse.js, cwd the repository) against a
 * database in a temporary folder. Exit codes: 0 filed, 2 bad input / not allowed, 3 exchange not configured.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSecrets } from '../../src/exchange/crypto.ts';
import type { InquiryReportT } from '../../src/exchange/schema.ts';
import { openExchangeStore } from '../../src/exchange/store.ts';
import { REPO_ROOT } from '../helpers/kb.ts';

interface Run { code: number | null; stdout: string; stderr: string }
const dir = mkdtempSync(join(tmpdir(), 'dualuse-exchange-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const db = join(dir, 'dualuse.sqlite');

/** The environment without any exchange setting of the caller's. */
const baseEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', DUALUSE_DB: db };
  for (const k of Object.keys(env)) if (k.startsWith('DUALUSE_EXCHANGE_')) delete env[k];
  return env;
};
function cli(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((res) => {
    execFile(process.execPath, ['bin/dualuse.js', ...args], { cwd: REPO_ROOT, timeout: 60_000, env }, (err, stdout, stderr) => {
      res({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
    });
  });
}
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

const report: InquiryReportT = {
  received_at: '2026-06-02', channel: 'email', items: [{ eccn: '5A002.a', description: 'encrypted radios', quantity: 30 }], destination: 'KG',
  parties: [{ role: 'buyer', names: ['Tayfun Snabzheniye OsOO'], emails: ['zakupki@tayfun-snab.kg'], phones: ['+996 312 123 456'], countries: ['KG'] }],
  red_flags: ['evasive_about_end_use'], decision: 'declined', notes: 'filed from the command line',
};

describe('dualuse exchange and report-inquiry', () => {
  it('secrets → add-principal (token once) → report-inquiry files, refuses bad files and non-members', async () => {
    // 1. Fresh secrets: two lines to put in the environment.
    const secrets = await cli(['exchange', 'secrets'], baseEnv());
    expect(secrets.code).toBe(0);
    const lines = secrets.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^DUALUSE_EXCHANGE_KEYS=k\d{8}:[A-Za-z0-9+/]{43}=$/);
    expect(lines[1]).toMatch(/^DUALUSE_EXCHANGE_HMAC_SECRET=[A-Za-z0-9+/]{43}=$/);
    expect(secrets.stderr).toMatch(/Keep these secret/);
    const env: NodeJS.ProcessEnv = { ...baseEnv() };
    for (const l of lines) { const i = l.indexOf('='); env[l.slice(0, i)] = l.slice(i + 1); }
    const parsed = parseSecrets(env.DUALUSE_EXCHANGE_KEYS as string, env.DUALUSE_EXCHANGE_HMAC_SECRET as string);
    expect(parsed.keys[0]?.key).toHaveLength(32);

    // 2. Principals: the token is printed once, on stdout only.
    const member = await cli(['exchange', 'add-principal', '--role', 'member', '--name', 'Fjordvik Controls AS'], env);
    expect(member.code, member.stderr).toBe(0);
    const m = JSON.parse(member.stdout) as { id: string; role: string; token: string; note: string };
    expect(m).toMatchObject({ role: 'member', token: expect.stringMatching(/^dx_[A-Za-z0-9_-]{43}$/), note: expect.stringMatching(/shown once/) });
    expect(count(member.stdout, m.token)).toBe(1);
    expect(member.stderr).not.toContain(m.token);
    const analyst = JSON.parse((await cli(['exchange', 'add-principal', '--role', 'analyst', '--name', 'Export Enforcement Liaison'], env)).stdout) as { token: string };
    // Without the secrets, the admin commands say so with exit 3, as report-inquiry does.
    const adminUnconfigured = await cli(['exchange', 'add-principal', '--role', 'member', '--name', 'X'], baseEnv());
    expect(adminUnconfigured.code).toBe(3);
    expect(adminUnconfigured.stderr).toMatch(/^error EXCHANGE_UNAVAILABLE: the exchange needs DUALUSE_EXCHANGE_KEYS/);
    const badRole = await cli(['exchange', 'add-principal', '--role', 'boss', '--name', 'X'], env);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toMatch(/VALIDATION_FAILED.*--role/);

    // 3. A valid report, filed with the member token: exit 0 and its id.
    const good = join(dir, 'r.json');
    writeFileSync(good, JSON.stringify(report));
    const filed = await cli(['report-inquiry', '--file', good], { ...env, DUALUSE_EXCHANGE_TOKEN: m.token });
    expect(filed.code, filed.stderr).toBe(0);
    const id = /^report filed: ([0-9a-f-]{36})$/.exec(filed.stdout.trim())?.[1];
    expect(id).toBeDefined();
    const asJson = await cli(['report-inquiry', '--file', good, '--json'], { ...env, DUALUSE_EXCHANGE_TOKEN: m.token });
    expect(asJson.code).toBe(0);
    expect(JSON.parse(asJson.stdout)).toMatchObject({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), received_at: '2026-06-02' });

    // 4–6 are independent of each other: run together (each process starts in about a second).
    const write = (name: string, text: string) => { const f = join(dir, name); writeFileSync(f, text); return f; };
    const badFlag = write('bad-flag.json', JSON.stringify({ ...report, red_flags: ['evasive_about_end_use', 'shady'] }));
    const badPhoneFile = write('bad-phone.json', JSON.stringify({ ...report, parties: [{ ...report.parties[0], phones: ['call me maybe'] }] }));
    const notJsonFile = write('not-json.json', '{"received_at": ');
    const member2 = JSON.parse((await cli(['exchange', 'add-principal', '--role', 'member', '--name', 'Greywater Systems'], env)).stdout) as { id: string; token: string };
    expect((await cli(['exchange', 'revoke', '--id', member2.id], env)).code).toBe(0);
    const [refused, badPhone, notJson, forbidden, none, unknown, revoked, unconfigured] = await Promise.all([
      cli(['report-inquiry', '--file', badFlag], { ...env, DUALUSE_EXCHANGE_TOKEN: m.token }),
      cli(['report-inquiry', '--file', badPhoneFile, '--json'], { ...env, DUALUSE_EXCHANGE_TOKEN: m.token }),
      cli(['report-inquiry', '--file', notJsonFile], { ...env, DUALUSE_EXCHANGE_TOKEN: m.token }),
      cli(['report-inquiry', '--file', good], { ...env, DUALUSE_EXCHANGE_TOKEN: analyst.token }),
      cli(['report-inquiry', '--file', good], env),
      cli(['report-inquiry', '--file', good], { ...env, DUALUSE_EXCHANGE_TOKEN: 'dx_not_a_real_token_at_all_0123456789' }),
      cli(['report-inquiry', '--file', good], { ...env, DUALUSE_EXCHANGE_TOKEN: member2.token }),
      cli(['report-inquiry', '--file', good], { ...baseEnv(), DUALUSE_EXCHANGE_TOKEN: m.token }),
    ]);
    // 4. An invalid file: exit 2, naming the field; a file that is not JSON: exit 2.
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/INVALID_RED_FLAG/);
    expect(refused.stderr).toContain('/red_flags/1');
    expect(badPhone.code).toBe(2);
    expect(JSON.parse(badPhone.stdout).error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('/parties/0/phones/0') });
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/VALIDATION_FAILED.*not readable JSON/);
    // 5. Not a member, no token, an unknown token, a revoked token: exit 2.
    expect(forbidden.code).toBe(2);
    expect(forbidden.stderr).toMatch(/^error FORBIDDEN/);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/UNAUTHENTICATED.*DUALUSE_EXCHANGE_TOKEN/);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/UNAUTHENTICATED/);
    expect(revoked.code).toBe(2);
    expect(revoked.stderr).toMatch(/UNAUTHENTICATED/);
    // 6. Without the secrets the exchange is not configured: exit 3, saying which variables.
    expect(unconfigured.code).toBe(3);
    expect(unconfigured.stderr).toMatch(/EXCHANGE_UNAVAILABLE.*DUALUSE_EXCHANGE_KEYS/);

    // What the store holds: the member's two reports, as filed.
    const store = openExchangeStore(db, parsed);
    try {
      const me = store.authenticate(m.token);
      expect(me).toMatchObject({ id: m.id, role: 'member', name: 'Fjordvik Controls AS' });
      const own = store.ownReports(me as NonNullable<typeof me>);
      expect(own.map((r) => r.id)).toContain(id);
      expect(own).toHaveLength(2);
      expect(own[0]?.report).toEqual(report);
      expect(store.accessLog().filter((e) => e.action === 'submit_report')).toHaveLength(2);
    } finally { store.close(); }
  });
});
