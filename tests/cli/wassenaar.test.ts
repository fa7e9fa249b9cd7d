/** `dualuse wassenaar` as a user runs it: an ECCN, a Wassenaar code, --summary [--json] reproducing the map's counts, exit 2 on bad input. */
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/kb.ts';
import type { WaMapCategoryFileT, WaMapIndexFileT } from '../../src/schema/wassenaar-map.ts';

interface Run { code: number | null; stdout: string; stderr: string }
const cli = (args: string[]): Promise<Run> => new Promise((res) => {
  execFile(process.execPath, ['bin/dualuse.js', 'wassenaar', ...args], { cwd: REPO_ROOT, timeout: 120_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
    res({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
  });
});

const runs: Record<string, Promise<Run>> = {};
beforeAll(() => {
  runs.summaryJson = cli(['--summary', '--json']);
  runs.summary = cli(['--summary']);
  runs.eccn = cli(['3A001']);
  runs.code = cli(['5.A.2', '--json']);
  runs.ml = cli(['9A610']);
  runs.bad = cli(['3-A-1']);
  runs.none = cli([]);
});

describe('dualuse wassenaar', () => {
  it('--summary --json: the counts per category are those of the map files, recounted here', async () => {
    const r = await runs.summaryJson!;
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const dir = join(REPO_ROOT, 'regulations/wassenaar/2025/map');
    const eccns = readdirSync(dir).filter((f) => /^[0-9]\.yaml$/.test(f)).flatMap((f) => (parse(readFileSync(join(dir, f), 'utf8')) as WaMapCategoryFileT).eccns);
    const index = parse(readFileSync(join(dir, 'index.yaml'), 'utf8')) as WaMapIndexFileT;
    const rowOf = (eccn: string) => (/^[0-9][A-E]6/.test(eccn) ? 'ML' : eccn[0]);
    for (const row of out.summary.rows) {
      const mine = eccns.filter((e) => rowOf(e.eccn) === row.category);
      expect(row.eccns, row.category).toBe(mine.length);
      expect(row.correlated, row.category).toBe(mine.filter((e) => e.counterparts.length > 0).length);
      expect(row.us_only, row.category).toBe(mine.filter((e) => e.kind.startsWith('us_only_')).length);
      expect(row.wassenaar_only, row.category).toBe(index.wassenaar_only.filter((w) => (w.code.startsWith('ML') ? 'ML' : w.code[0]) === row.category).length);
    }
    expect(out.summary.total).toMatchObject({ eccns: eccns.length, correlated: eccns.filter((e) => e.counterparts.length).length, wassenaar_only: index.wassenaar_only.length });
  }, 120_000);

  it('--summary: a table per category (0–9 and ML) and the divergence counts, in words', async () => {
    const r = await runs.summary!;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^category\s+ECCNs\s+correlated\s+other regime\s+plurilateral\s+US-only\s+other agency\s+WA entries\s+WA-only$/m);
    expect(r.stdout).toMatch(/^ML\s+76\s+76\s/m);
    expect(r.stdout).toMatch(/^total\s+638\s+235\s/m);
    expect(r.stdout).toContain('Wassenaar-only entries: 8.D.1, ML1, ML3, ML5, ML12, ML15, ML16, ML18');
  }, 120_000);

  it('an ECCN: counterpart, rule with its citation, divergence', async () => {
    const r = await runs.eccn!;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^3A001 ↔ 3\.A\.1 \(wassenaar_dual_use\)/);
    expect(r.stdout).toContain('rule ns_numbering');
    expect(r.stdout).toContain('15 CFR 738.2(d)(1), Table 1');
    expect(r.stdout).toMatch(/stricter\s+3A001\.b\.7\.a ↔ 3\.A\.1\.b\.7\.a: 90 GHz \(EAR\) \/ 110 GHz \(Wassenaar\)/);
    const ml = await runs.ml!;
    expect(ml.stdout).toMatch(/^9A610 ↔ ML10 \(wassenaar_munitions\)/);
  }, 120_000);

  it('a Wassenaar code --json: the API\'s object', async () => {
    const r = await runs.code!;
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ code: '5.A.2', type: 'entry', eccns: [{ eccn: '5A002', role: 'counterpart' }] });
  }, 120_000);

  it('exit 2 with the error for a malformed code, or for no code and no --summary', async () => {
    const bad = await runs.bad!;
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/error INVALID_WASSENAAR_CODE: '3-A-1' is not a Wassenaar code/);
    const none = await runs.none!;
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/give an ECCN or a Wassenaar code, or --summary/);
  }, 120_000);
});
