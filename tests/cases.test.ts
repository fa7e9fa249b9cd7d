/**
 * Golden cases: determinations written by hand from the regulation text (tests/cases/*.yaml), each with its
 * citation, run against every edition it names. See tests/cases/README.md for the format.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Type, type Static } from '@sinclair/typebox';
import { parseYamlStrict } from '../src/load/yaml-strict.ts';
import { createValidator } from '../src/load/validate.ts';
import { formatIssue } from '../src/errors.ts';
import { DeterminationRequest } from '../src/engine/request.ts';
import { validateRequest } from '../src/engine/validate-request.ts';
import { realDeterminer } from './helpers/determiner.ts';

const Status = Type.Union([Type.Literal('available'), Type.Literal('not_available'), Type.Literal('needs_review')]);
const Decision = Type.Union([Type.Literal('license_required'), Type.Literal('no_license_required'), Type.Literal('prohibited'), Type.Literal('needs_review')]);
const ReasonMatch = Type.Object({ code: Type.Optional(Type.String()), basis: Type.Optional(Type.String()), decision: Type.Optional(Decision), conditional: Type.Optional(Type.Boolean()), text_includes: Type.Optional(Type.String()) }, { additionalProperties: false });
const Case = Type.Object(
  {
    name: Type.String({ minLength: 10 }),
    citation: Type.String({ minLength: 5 }),
    editions: Type.Array(Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' }), { minItems: 1 }),
    // The destination is any short string here, so that cases can show how malformed codes are refused.
    request: Type.Composite([Type.Omit(DeterminationRequest, ['date', 'destination']), Type.Object({ destination: Type.String({ maxLength: 10 }) })]),
    expect: Type.Object(
      {
        decision: Type.Optional(Decision),
        /** For fail-closed input errors: the error code thrown instead of an answer (INVALID_ECCN, DATE_OUT_OF_COVERAGE …). */
        error: Type.Optional(Type.String({ pattern: '^[A-Z_]+$' })),
        reasons_include: Type.Optional(Type.Array(ReasonMatch)),
        reasons_exclude: Type.Optional(Type.Array(ReasonMatch)),
        exceptions: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Z]{3}$' }), Status)),
        not_covered_includes: Type.Optional(Type.Array(Type.String())),
        caveats_include: Type.Optional(Type.Array(Type.String())),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
type CaseT = Static<typeof Case>;
const File = Type.Object({ cases: Type.Array(Case, { minItems: 1 }) }, { additionalProperties: false });

const dir = join(import.meta.dirname, 'cases');
const validator = createValidator({ cases: File });
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
const all: { file: string; c: CaseT }[] = [];
for (const f of files) {
  const rel = `tests/cases/${f}`;
  const p = parseYamlStrict(readFileSync(join(dir, f)), rel);
  if (!p.ok) throw new Error(p.issues.map(formatIssue).join('\n'));
  const issues = validator.validate('cases', p.data, rel, p.doc, p.lineCounter);
  if (issues.length) throw new Error(issues.map(formatIssue).join('\n'));
  for (const c of (p.data as { cases: CaseT[] }).cases) all.push({ file: f, c });
}

const d = realDeterminer();
const matches = (r: { code: string; basis: string; decision: string; conditional?: boolean; text: string }, m: Static<typeof ReasonMatch>) =>
  (m.code === undefined || r.code === m.code) && (m.basis === undefined || r.basis === m.basis) && (m.decision === undefined || r.decision === m.decision) &&
  (m.conditional === undefined || Boolean(r.conditional) === m.conditional) && (m.text_includes === undefined || r.text.includes(m.text_includes));

describe('golden cases', () => {
  it('there are at least 150 cases', () => expect(all.length).toBeGreaterThanOrEqual(150));
  const rows = all.flatMap(({ file, c }) => c.editions.map((ed) => ({ label: `${file}: ${c.name} [${ed}]`, c, ed })));
  it.each(rows)('$label', async ({ c, ed }) => {
    expect(c.expect.decision === undefined, 'a case expects either a decision or an error').toBe(c.expect.error !== undefined);
    if (c.expect.error) {
      await expect((async () => d.determine(validateRequest({ ...c.request, date: ed })))()).rejects.toMatchObject({ code: c.expect.error });
      return;
    }
    const r = await d.determine(validateRequest({ ...c.request, date: ed }));
    const ctx = JSON.stringify({ decision: r.decision, reasons: r.reasons.map((x) => `${x.decision} ${x.code} ${x.basis}${x.conditional ? ' (conditional)' : ''}: ${x.text.slice(0, 160)}`), exceptions: r.license_exceptions.map((e) => `${e.code}=${e.status}`) }, null, 1);
    expect(r.decision, ctx).toBe(c.expect.decision);
    for (const m of c.expect.reasons_include ?? []) expect(r.reasons.some((x) => matches(x, m)), `missing reason ${JSON.stringify(m)}\n${ctx}`).toBe(true);
    for (const m of c.expect.reasons_exclude ?? []) expect(r.reasons.some((x) => matches(x, m)), `unexpected reason ${JSON.stringify(m)}\n${ctx}`).toBe(false);
    for (const [sym, st] of Object.entries(c.expect.exceptions ?? {})) expect(r.license_exceptions.find((e) => e.code === sym)?.status, `${sym}\n${ctx}`).toBe(st);
    for (const s of c.expect.not_covered_includes ?? []) expect(r.not_covered.some((n) => n.includes(s)), `not_covered lacks "${s}"`).toBe(true);
    for (const s of c.expect.caveats_include ?? []) expect(r.caveats.some((n) => n.includes(s)), `caveats lack "${s}"`).toBe(true);
  });
});
