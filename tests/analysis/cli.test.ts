/**
 * `dualuse report`: the command prints the same objects the library builds (so every count on a page can be
 * reproduced with one command), as JSON or CSV, and refuses unknown reports and conflicting flags with exit code 2.
 * The CLI runs the whole analysis in a child process (≈ 15 s each); the in-process analysis is computed once.
 */
import { execFile } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyse, type Analysis } from '../../src/analysis/index.ts';
import { buildReport, reportCsv } from '../../src/analysis/reports.ts';
import { realDeterminer } from '../helpers/determiner.ts';
import { REPO_ROOT } from '../helpers/kb.ts';

interface Run { code: number | null; stdout: string; stderr: string }

/** Runs `node bin/dualuse.js …args` from the repository root; resolves whatever the exit code. */
function dualuse(args: string[], timeout = 150_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['bin/dualuse.js', ...args], { cwd: REPO_ROOT, timeout, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') { reject(err); return; } // timeout, spawn failure
      resolve({ code: err ? (err.code as unknown as number) : 0, stdout, stderr });
    });
  });
}

let a: Analysis;
beforeAll(async () => {
  a = await analyse(realDeterminer(), REPO_ROOT);
}, 180_000);

describe('dualuse report', () => {
  it('burden --json prints exactly the report built in-process (a rerun reproduces every count)', async () => {
    const r = await dualuse(['report', 'burden', '--json']);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    const want = buildReport(a, 'burden');
    expect(r.stdout).toBe(`${JSON.stringify(want, null, 2)}\n`);
    const got = JSON.parse(r.stdout) as typeof want;
    expect(got.edition).toBe(a.latest.edition);
    expect(got.reproduce).toBe(`dualuse report burden --edition ${a.latest.edition} --json`);
    expect(got.inputs.kb_sha256).toBe(a.inputs.kb_sha256);
  }, 180_000);

  it('overlaps --csv prints a header line and one line per finding', async () => {
    const r = await dualuse(['report', 'overlaps', '--csv']);
    expect(r.code).toBe(0);
    const want = buildReport(a, 'overlaps');
    expect(r.stdout).toBe(reportCsv(want));
    const lines = r.stdout.split('\r\n');
    expect(lines.pop()).toBe(''); // the last line ends with CRLF too
    expect(lines[0]).toBe('edition,id,rule,kind,severity,eccn,column,summary,citations');
    expect(lines).toHaveLength(want.findings.length + 1);
    expect(want.findings.length).toBeGreaterThan(1000);
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(want.findings.map((f) => `${a.latest.edition},${f.id}`));
    expect(want.findings.every((f) => f.kind === 'subsumed' || f.kind === 'overlap')).toBe(true);
  }, 180_000);

  it('an unknown report exits 2 with NOT_FOUND, at once', async () => {
    const r = await dualuse(['report', 'nope'], 60_000);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error NOT_FOUND: report 'nope' was not found.*use one of: overlaps, unilateral, outdated, burden/);
    const j = await dualuse(['report', 'nope', '--json'], 60_000);
    expect(j.code).toBe(2);
    expect(JSON.parse(j.stdout)).toEqual({ error: { code: 'NOT_FOUND', message: expect.stringMatching(/report 'nope'/) } });
  }, 120_000);

  it('an unknown edition exits 2 with NOT_FOUND', async () => {
    const r = await dualuse(['report', 'burden', '--edition', '1999-01-01'], 60_000);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error NOT_FOUND: edition '1999-01-01'/);
    expect(r.stderr).toContain(a.latest.edition);
  }, 120_000);

  it('--json and --csv together exit 2', async () => {
    const r = await dualuse(['report', 'burden', '--json', '--csv'], 60_000);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({ error: { code: 'VALIDATION_FAILED', message: 'give --json or --csv, not both' } });
  }, 120_000);
});
