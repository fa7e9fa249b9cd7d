/** The committed knowledge base is exactly what `dualuse import` writes from shared/regdata: nothing hand-edited slipped in. */
import { mkdtempSync, readFileSync, readdirSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HAND_WRITTEN, runImport } from '../../src/import/index.ts';
import { REGDATA, REPO_ROOT } from '../helpers/kb.ts';

const out = mkdtempSync(join(tmpdir(), 'dualuse-import-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => { const p = join(dir, n); return statSync(p).isDirectory() ? files(p) : [p]; });
}

describe('import', () => {
  it('reproduces the committed regulations/ byte for byte', () => {
    const summary = runImport(REGDATA, out);
    expect(summary).toMatchObject({ eccns: 638, destinations: 200, groups: 14, exceptions: 27, changes: 23 });
    const generated = files(join(out, 'regulations')).map((p) => relative(out, p)).sort();
    // regulations/controls/ and the exception terms are written by hand from the section texts, not by the importer.
    const committed = files(join(REPO_ROOT, 'regulations')).map((p) => relative(REPO_ROOT, p)).filter((p) => /\.(yaml|json)$/.test(p) && !HAND_WRITTEN.some((d) => p.startsWith(`regulations/${d}/`))).sort();
    expect(generated).toEqual(committed);
    const differing = generated.filter((p) => readFileSync(join(out, p), 'utf8') !== readFileSync(join(REPO_ROOT, p), 'utf8'));
    expect(differing).toEqual([]);
    expect(readFileSync(join(out, 'docs/import-report.md'), 'utf8')).toBe(readFileSync(join(REPO_ROOT, 'docs/import-report.md'), 'utf8'));
  });
});
