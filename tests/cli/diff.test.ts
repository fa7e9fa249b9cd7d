/** `dualuse diff` as a user runs it: text by default, --csv and --json, exit 2 on a bad date. */
import { execFile } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/kb.ts';

interface Run { code: number | null; stdout: string; stderr: string }
const cli = (args: string[]): Promise<Run> => new Promise((res) => {
  execFile(process.execPath, ['bin/dualuse.js', 'diff', ...args], { cwd: REPO_ROOT, timeout: 120_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
    res({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
  });
});

const runs: Record<string, Promise<Run>> = {};
beforeAll(() => {
  runs.csv = cli(['--from', '2026-01-01', '--to', '2026-08-07', '--csv']);
  runs.self = cli(['--from', '2026-07-23', '--to', '2026-08-06']);
  runs.bad = cli(['--from', '2025-01-01', '--to', '2026-08-07']);
  runs.both = cli(['--from', '2026-01-01', '--to', '2026-08-07', '--csv', '--json']);
});

describe('dualuse diff', () => {
  it('--csv: one row per change, with the decision flips', async () => {
    const r = await runs.csv!;
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('kind,subject,destination,field,from,to,detail');
    expect(lines.some((l) => l.startsWith('decision,3A090.b,AE,decision,no_license_required,license_required,'))).toBe(true);
    expect(new Set(lines.filter((l) => l.startsWith('eccn_field,')).map((l) => l.split(',')[1])).size).toBe(23);
  }, 120_000);

  it('two dates of one edition: nothing changed, said in words', async () => {
    const r = await runs.self!;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('What changed from 2026-07-23 (edition 2026-07-23) to 2026-08-06 (edition 2026-07-23)');
    expect(r.stdout).toContain('Entries: 0 added, 0 removed, 0 amended.');
    expect(r.stdout).toMatch(/; 0 changed\./);
  }, 120_000);

  it('exit 2 with the error on stderr for a date outside the data, or for --csv with --json', async () => {
    const r = await runs.bad!;
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/error DATE_OUT_OF_COVERAGE: date 2025-01-01 is before/);
    const b = await runs.both!;
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/choose one of --json and --csv/);
  }, 120_000);
});
