/**
 * `dualuse check` as a user runs it: the real CLI in a child process (node bin/dualuse.js, cwd the repository).
 * Exit codes (docs: 0 no licence, 10 licence required, 11 prohibited, 12 needs review, 2 bad input), the contract
 * JSON, and batch files (JSONL and CSV) with good and bad lines, in one and in two worker threads.
 *
 * Every process loads the knowledge base (a few seconds), so all of them are started together before the tests
 * and each test awaits its own.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { CSV_COLUMNS } from '../../src/cli/batch.ts';
import { openRecordStore } from '../../src/records/store.ts';
import { REPO_ROOT } from '../helpers/kb.ts';

interface Run { code: number | null; stdout: string; stderr: string; ms: number }

/** Runs the CLI; its records go to `db` in the temp folder (a store of its own, so counts can be checked). */
function cli(args: string[], db = 'records.sqlite'): Promise<Run> {
  const t0 = performance.now();
  return new Promise((res) => {
    execFile(process.execPath, ['bin/dualuse.js', ...args], { cwd: REPO_ROOT, timeout: 90_000, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1', DUALUSE_DB: join(dir, db) } }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      res({ code, stdout, stderr, ms: performance.now() - t0 });
    });
  });
}

const DATE = '2026-08-07';
const dir = mkdtempSync(join(tmpdir(), 'dualuse-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// --- The JSONL file: 2,500 lines, so that with --workers 2 both workers answer a block (blocks are 2,000 lines).
// 120 distinct requests (8 ECCNs × 5 destinations × 3 dates) repeated under distinct refs: the rest are memo hits.
const ECCNS = ['EAR99', '3A001', '3A090.b', '1C012', '5A002', '0A501', '9A610', '2B001'];
const DESTS = ['DE', 'CN', 'IR', 'AE', 'RU'];
const DATES = ['2026-08-07', '2026-07-23', '2026-01-01'];
/** Bad lines by line number: the text and the error code its output line must carry (ref: echoed when readable). */
const BAD: Record<number, { text: string; code: string; ref?: string }> = {
  3: { text: '{"destination":"DE","items":[{"eccn":"3A001"}]', code: 'MALFORMED_JSON' },
  5: { text: JSON.stringify({ ref: 'bad-country', date: DATE, destination: 'XX', items: [{ eccn: '3A001' }] }), code: 'INVALID_COUNTRY', ref: 'bad-country' },
  7: { text: JSON.stringify({ ref: 'too-early', date: '2025-06-01', destination: 'DE', items: [{ eccn: '3A001' }] }), code: 'DATE_OUT_OF_COVERAGE', ref: 'too-early' },
  9: { text: JSON.stringify({ ref: 'bad-eccn', date: DATE, destination: 'DE', items: [{ eccn: '3A001..a' }] }), code: 'INVALID_ECCN', ref: 'bad-eccn' },
  2200: { text: JSON.stringify({ ref: 'bad-value', date: DATE, destination: 'DE', items: [{ eccn: '3A001', value_usd: '1,000' }] }), code: 'INVALID_VALUE', ref: 'bad-value' },
  2300: { text: '[1,2]', code: 'VALIDATION_FAILED' },
};
/** Good lines with a known answer. */
const KNOWN: Record<number, { req: object; decision: string }> = {
  1: { req: { ref: 'fr', date: DATE, destination: 'FR', items: [{ eccn: 'EAR99' }] }, decision: 'no_license_required' },
  2: { req: { ref: 'ae', date: DATE, destination: 'AE', items: [{ eccn: '3A090.b' }] }, decision: 'license_required' },
  4: { req: { ref: 'ir', date: DATE, destination: 'IR', items: [{ eccn: 'EAR99' }] }, decision: 'prohibited' },
  6: { req: { ref: 'cents', date: DATE, destination: 'FR', items: [{ eccn: '3A001', value_usd: 4999.99 }] }, decision: 'license_required' },
  8: { req: { ref: 'fr', date: DATE, destination: 'FR', items: [{ eccn: 'EAR99' }] }, decision: 'no_license_required' }, // same as line 1
};
const N = 2500;
const jsonlLines: string[] = [];
for (let line = 1; line <= N; line++) {
  const k = (line - 1) % 120;
  jsonlLines.push(BAD[line]?.text ?? (KNOWN[line] ? JSON.stringify(KNOWN[line]?.req) : JSON.stringify({ ref: `r${line}`, date: DATES[Math.floor(k / 40)], destination: DESTS[Math.floor(k / 8) % 5], items: [{ eccn: ECCNS[k % 8] }] })));
}
const JSONL = join(dir, 'orders.jsonl');
writeFileSync(JSONL, `${jsonlLines.join('\n')}\n`);

// --- The CSV file, with every documented column.
const csvRows: string[][] = [
  ['ok-1', DATE, 'FR', '', 'EAR99', '', '', '', '', '', '', '', ''],
  ['bad-value', DATE, 'DE', '', '3A001', '1,000', '', '', '', '', '', '', ''],
  ['cents', DATE, 'DE', '', '3A001', '4999.99', '', '', '', '', '', '', ''],
  ['bad-country', DATE, 'XX', '', '3A001', '', '', '', '', '', '', '', ''],
  ['too-early', '2025-06-01', 'DE', '', '3A001', '', '', '', '', '', '', '', ''],
  ['lists', DATE, 'UA', 'crimea', 'EAR99', '100', 'food;medicine', '', 'commercial', 'DE', 'military;nuclear', 'vague_delivery', ''],
  ['bad-eccn', DATE, 'DE', '', '3A1', '', '', '', '', '', '', '', ''],
  ['ae', DATE, 'AE', '', '3A090.b', '', '', '', '', '', '', '', ''],
];
const csvQuote = (c: string) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
const CSV = join(dir, 'orders.csv');
writeFileSync(CSV, `${[[...CSV_COLUMNS], ...csvRows].map((r) => r.map(csvQuote).join(',')).join('\n')}\n`);

const runs: Record<string, Promise<Run>> = {};
beforeAll(() => {
  const check = (...a: string[]) => cli(['check', '--date', DATE, ...a]);
  runs.nlr = check('--eccn', 'EAR99', '--to', 'FR');
  runs.lrJson = check('--eccn', '3A090.b', '--to', 'AE', '--json');
  runs.review = check('--eccn', '1C012', '--to', 'FR');
  runs.prohibited = check('--eccn', 'EAR99', '--to', 'IR');
  runs.badEccn = check('--eccn', '3A001..a', '--to', 'FR');
  runs.jsonl1 = cli(['check', '--file', JSONL, '--workers', '1'], 'jsonl1.sqlite');
  runs.jsonl2 = cli(['check', '--file', JSONL, '--workers', '2'], 'jsonl2.sqlite');
  runs.csv = cli(['check', '--file', CSV, '--no-record'], 'csv.sqlite');
  // The store cannot be opened (its path is a folder): nothing may be answered without its record.
  runs.unrecordable = cli(['check', '--file', CSV], '.');
});

const outLines = (r: Run) => r.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('dualuse check: exit codes', () => {
  it('0 when no licence is required', async () => {
    const r = await runs.nlr!;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^NO LICENCE REQUIRED/);
    expect(r.stdout).toContain(`as of ${DATE}`);
  });

  it('10 when a licence is required; --json prints the contract answer', async () => {
    const r = await runs.lrJson!;
    expect(r.code, r.stderr).toBe(10);
    const j = JSON.parse(r.stdout) as Record<string, unknown> & { edition: { id: string; sha256: string }; items: { eccn: string; decision: string }[] };
    for (const k of ['decision', 'as_of', 'edition', 'rules', 'reasons', 'license_exceptions', 'items', 'parties', 'not_covered', 'caveats']) expect(j, k).toHaveProperty(k);
    expect(j.decision).toBe('license_required');
    expect(j.as_of).toBe(DATE);
    expect(j.edition.id).toBe(DATE);
    expect(j.edition.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(j.items.map((i) => [i.eccn, i.decision])).toEqual([['3A090.b', 'license_required']]);
    for (const k of ['reasons', 'license_exceptions', 'parties', 'not_covered']) expect(Array.isArray(j[k]), k).toBe(true);
    expect((j.reasons as unknown[]).length).toBeGreaterThan(0);
    expect(j).not.toHaveProperty('trace'); // only with --trace
  });

  it('12 when the answer needs review (1C012: License Requirements not in the data)', async () => {
    const r = await runs.review!;
    expect(r.code, r.stderr).toBe(12);
    expect(r.stdout).toMatch(/^NEEDS REVIEW/);
  });

  it('11 when the export is prohibited (EAR99 to Iran, § 746.7(e))', async () => {
    const r = await runs.prohibited!;
    expect(r.code, r.stderr).toBe(11);
    expect(r.stdout).toMatch(/^PROHIBITED/);
    expect(r.stdout).toContain('746.7');
  });

  it('2 for a malformed ECCN, with the error on stderr', async () => {
    const r = await runs.badEccn!;
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/error INVALID_ECCN: .*3A001\.\.a/);
  });
});

describe('dualuse check --file', () => {
  it('JSONL: one output line per input line, in order; bad lines carry {line, ref, error{code, message}}; exit 2', async () => {
    const r = await runs.jsonl1!;
    expect(r.code, r.stderr).toBe(2);
    const out = outLines(r);
    expect(out).toHaveLength(N);
    expect(out.map((o) => o.line)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    for (const [n, bad] of Object.entries(BAD)) {
      const o = out[Number(n) - 1]!;
      expect(Object.keys(o).sort(), `line ${n}`).toEqual(bad.ref ? ['error', 'line', 'ref'] : ['error', 'line']);
      expect(o.error, `line ${n}`).toEqual({ code: bad.code, message: expect.any(String) });
      expect((o.error as { message: string }).message.length).toBeGreaterThan(10);
      if (bad.ref) expect(o.ref).toBe(bad.ref);
    }
    for (const [n, k] of Object.entries(KNOWN)) {
      const o = out[Number(n) - 1]!;
      expect(o, `line ${n}`).toMatchObject({ line: Number(n), ref: (k.req as { ref: string }).ref, decision: k.decision });
    }
    const good = out.filter((o) => !('error' in o));
    expect(good).toHaveLength(N - Object.keys(BAD).length);
    for (const o of good.slice(0, 50)) expect(o).toMatchObject({ decision: expect.any(String), as_of: expect.any(String), edition: expect.any(String), items: expect.any(Array) });
    // A ref is echoed on its own line, also when the answer comes from the batch memo.
    expect(out.filter((o) => typeof o.ref === 'string' && /^r\d+$/.test(o.ref)).every((o) => o.ref === `r${String(o.line)}`)).toBe(true);
    expect(r.stderr).toMatch(new RegExp(`${N} lines: ${N - 6} answered .*, 6 errors`));
  });

  it('--workers 2 writes byte-identical output (both workers answer a block)', async () => {
    const [one, two] = await Promise.all([runs.jsonl1!, runs.jsonl2!]);
    expect(two.code, two.stderr).toBe(2);
    expect(two.stdout.length).toBeGreaterThan(0);
    expect(two.stdout === one.stdout).toBe(true);
    expect(two.stderr).toMatch(/6 errors/);
  });

  it('CSV with the documented columns: one line per row (line = CSV line), errors carry the ref; exit 2', async () => {
    const r = await runs.csv!;
    expect(r.code, r.stderr).toBe(2);
    const out = outLines(r);
    expect(out.map((o) => [o.line, o.ref, o.decision ?? (o.error as { code: string }).code])).toEqual([
      [2, 'ok-1', 'no_license_required'],
      [3, 'bad-value', 'INVALID_VALUE'],
      [4, 'cents', 'license_required'],
      [5, 'bad-country', 'INVALID_COUNTRY'],
      [6, 'too-early', 'DATE_OUT_OF_COVERAGE'],
      [7, 'lists', 'license_required'], // the nuclear end use: § 744.2
      [8, 'bad-eccn', 'INVALID_ECCN'],
      [9, 'ae', 'license_required'],
    ]);
    expect((out[1]?.error as { message: string }).message).toContain('1,000');
    // The lists row: its end uses and red flag reached the engine (a licence under § 744.2, the red flag's review).
    const lists = out[5] as { transaction: string[]; items: { reasons: string[] }[] };
    expect(lists.transaction).toContain('732 Supp. 3:needs_review');
    expect(lists.items[0]?.reasons).toContain('744.2:license_required');
    expect(r.stderr).toMatch(/8 lines: 4 answered .*, 4 errors/);
  });

  it('records every answered line before writing it, in one and in two workers; --no-record records none', async () => {
    const [one, two, csv] = await Promise.all([runs.jsonl1!, runs.jsonl2!, runs.csv!]);
    const answered = N - Object.keys(BAD).length;
    expect(one.stderr).toContain(`${answered} recorded in ${join(dir, 'jsonl1.sqlite')}`);
    expect(two.stderr).toContain(`${answered} recorded in ${join(dir, 'jsonl2.sqlite')}`);
    const outByRef = new Map(outLines(one).filter((o) => typeof o.ref === 'string').map((o) => [o.ref as string, o]));
    for (const db of ['jsonl1.sqlite', 'jsonl2.sqlite']) {
      const s = openRecordStore(join(dir, db));
      try {
        expect(s.count(), db).toBe(answered);
        expect(s.answerCount(), db).toBeLessThanOrEqual(120 + Object.keys(KNOWN).length); // each distinct answer once
        // Every record holds its line's request and the answer that line was given.
        let after: string | undefined;
        let seen = 0;
        for (;;) {
          const page = s.list({ limit: 1000, ...(after ? { after } : {}) });
          for (const r of page) {
            expect(r.source).toBe('cli-batch');
            const line = outByRef.get(String(r.request.ref));
            expect(line, String(r.request.ref)).toBeDefined();
            expect(r.answer.decision).toBe(line?.decision);
            expect(r.answer.as_of).toBe(line?.as_of);
            expect(r.answer.ref).toBe(r.request.ref);
            seen++;
          }
          if (page.length < 1000) break;
          after = page[page.length - 1]?.id;
        }
        expect(seen).toBe(answered);
      } finally { s.close(); }
    }
    expect(csv.stderr).toContain('not recorded (--no-record)');
    expect(existsSync(join(dir, 'csv.sqlite'))).toBe(false);
  });

  it('writes no answer when the record store cannot be opened, and exits 1', async () => {
    const r = await runs.unrecordable!;
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/record store .* cannot be opened/);
  });
});
