/**
 * The determiner's mechanisms on the small FICTIONAL knowledge base (tests/fixtures/kb) with the real rules:
 * chart requirements, the explicit "no licence required" rule, most restrictive wins, unknown and malformed input,
 * dates outside the data, territories and red flags. Fixture facts: 9A901 is NS2 + AT1 in edition 2030-01-01 and
 * NS1 + AT1 from 2030-06-01; 9A902 is AT1; NO has an X in NS1 only; ZZ in NS1, NS2 and AT1; YY takes ZZ's row.
 */
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/load/index.ts';
import { loadRules } from '../../src/load/rules.ts';
import { VOCABULARY } from '../../src/engine/vocabulary.ts';
import { createDeterminer, type Determiner } from '../../src/engine/determine.ts';
import type { DeterminationRequestT } from '../../src/engine/request.ts';
import { CoverageError, InvalidInputError } from '../../src/errors.ts';
import { REPO_ROOT } from '../helpers/kb.ts';
import { FIXTURE_KB as FIXTURE, editFile, tempCopies } from '../helpers/temp.ts';

const rules = loadRules(REPO_ROOT, VOCABULARY);
const kb = loadKnowledgeBase(FIXTURE);
const d = createDeterminer(kb, rules, { today: () => '2030-06-01' });

const temp = tempCopies('dualuse-det-');

/** The thrown error of a request that must fail. */
async function failure(det: Determiner, req: DeterminationRequestT): Promise<unknown> {
  try { await det.determine(req); } catch (e) { return e; }
  throw new Error(`expected ${JSON.stringify(req)} to be refused`);
}

describe('determine on the fixture knowledge base', () => {
  it('a chart column marked for the destination requires a licence, with the column as reason code', async () => {
    const r = await d.determine({ destination: 'NO', items: [{ eccn: '9A901' }] });
    expect(r.decision).toBe('license_required');
    expect(r.as_of).toBe('2030-06-01');
    expect(r.edition.id).toBe('2030-06-01');
    const reason = r.reasons.find((x) => x.decision === 'license_required');
    expect(reason).toMatchObject({ code: 'NS1', basis: 'country_chart', rule: 'chart-column-marked', item: '9A901' });
    expect(reason?.conditional).toBeUndefined();
    expect(r.items[0]?.decision).toBe('license_required');
    expect(r.reasons.filter((x) => x.decision === 'license_required')).toHaveLength(1); // AT1 is not marked for NO
  });

  it('the same item on the earlier edition (NS2 row, no X for NO) needs no licence', async () => {
    const r = await d.determine({ destination: 'NO', date: '2030-01-01', items: [{ eccn: '9A901' }] });
    expect(r.edition.id).toBe('2030-01-01');
    expect(r.decision).toBe('no_license_required');
  });

  it('an unmarked destination gives no_license_required from the explicit conclusion rule', async () => {
    const r = await d.determine({ destination: 'NO', items: [{ eccn: '9A902' }] });
    expect(r.decision).toBe('no_license_required');
    expect(r.items[0]?.decision).toBe('no_license_required');
    expect(r.reasons).toEqual([]);
    expect(r.trace).toContainEqual(expect.objectContaining({ rule: 'no-license-required', template: 'no-license-required', item: '9A902', result: true, event: 'no_license_required' }));
    expect(r.trace).toContainEqual(expect.objectContaining({ rule: 'chart-column-marked#9A902#0', result: false }));
  });

  it('most restrictive wins across items', async () => {
    const r = await d.determine({ destination: 'NO', items: [{ eccn: '9A902' }, { eccn: '9A901' }] });
    expect(r.items.map((i) => [i.eccn, i.decision])).toEqual([['9A902', 'no_license_required'], ['9A901', 'license_required']]);
    expect(r.decision).toBe('license_required');
    const nlr = r.trace.filter((t) => t.template === 'no-license-required');
    expect(nlr.map((t) => [t.item, t.result])).toEqual([['9A902', true], ['9A901', false]]);
  });

  it('a well-formed ECCN the knowledge base does not hold needs review (UNKNOWN_ECCN), never licence-free', async () => {
    const r = await d.determine({ destination: 'NO', items: [{ eccn: '9A999' }] });
    expect(r.decision).toBe('needs_review');
    expect(r.items[0]).toMatchObject({ eccn: '9A999', decision: 'needs_review' });
    expect(r.reasons).toContainEqual(expect.objectContaining({ code: 'UNKNOWN_ECCN', decision: 'needs_review', item: '9A999' }));
    // With a known, licence-free item next to it, the unknown one still decides.
    const both = await d.determine({ destination: 'NO', items: [{ eccn: '9A902' }, { eccn: '9A999.a' }] });
    expect(both.decision).toBe('needs_review');
  });

  it('a malformed ECCN is refused with INVALID_ECCN and the JSON pointer of the item', async () => {
    const e = await failure(d, { destination: 'NO', items: [{ eccn: '9A902' }, { eccn: '9X901' }] });
    expect(e).toBeInstanceOf(InvalidInputError);
    expect(e).toMatchObject({ code: 'INVALID_ECCN', details: [expect.objectContaining({ pointer: '/items/1/eccn', code: 'INVALID_ECCN' })] });
  });

  it('an unknown country code is refused with INVALID_COUNTRY and /destination', async () => {
    const e = await failure(d, { destination: 'QQ', items: [{ eccn: '9A902' }] });
    expect(e).toBeInstanceOf(InvalidInputError);
    expect(e).toMatchObject({ code: 'INVALID_COUNTRY', details: [expect.objectContaining({ pointer: '/destination', code: 'INVALID_COUNTRY' })] });
  });

  it('both problems at once are both reported', async () => {
    const e = await failure(d, { destination: 'QQ', items: [{ eccn: '9A9' }] }) as InvalidInputError;
    expect(e.details.map((x) => [x.pointer, x.code])).toEqual([['/destination', 'INVALID_COUNTRY'], ['/items/0/eccn', 'INVALID_ECCN']]);
  });

  it('a date before the coverage is a CoverageError (DATE_OUT_OF_COVERAGE) giving the range', async () => {
    const e = await failure(d, { destination: 'NO', date: '2029-12-31', items: [{ eccn: '9A902' }] });
    expect(e).toBeInstanceOf(CoverageError);
    expect(e).toMatchObject({ code: 'DATE_OUT_OF_COVERAGE', date: '2029-12-31', coverage: { from: '2030-01-01', to: '2030-06-01' } });
    expect((e as Error).message).toContain('2030-01-01');
  });

  it('a date after the last edition is never licence-free: needs_review with DATE_BEYOND_DATA and a caveat', async () => {
    const r = await d.determine({ destination: 'NO', date: '2030-06-02', items: [{ eccn: '9A902' }] });
    expect(r.decision).toBe('needs_review');
    expect(r.as_of).toBe('2030-06-02');
    expect(r.edition.id).toBe('2030-06-01');
    expect(r.reasons).toContainEqual(expect.objectContaining({ code: 'DATE_BEYOND_DATA', decision: 'needs_review' }));
    expect(r.caveats.some((c) => c.includes('2030-06-02') && c.includes('after the newest edition'))).toBe(true);
    // Also when the date comes from "today".
    const later = createDeterminer(kb, rules, { today: () => '2031-01-01' });
    const t = await later.determine({ destination: 'NO', items: [{ eccn: '9A902' }] });
    expect(t.as_of).toBe('2031-01-01');
    expect(t.decision).toBe('needs_review');
  });

  it('after the last edition a licence requirement stays a licence requirement, with the caveat', async () => {
    const r = await d.determine({ destination: 'NO', date: '2030-07-01', items: [{ eccn: '9A901' }] });
    expect(r.decision).toBe('license_required');
    expect(r.reasons.some((x) => x.code === 'DATE_BEYOND_DATA')).toBe(false);
    expect(r.caveats.some((c) => c.includes('after the newest edition'))).toBe(true);
  });

  it('red flags make the answer needs_review, whatever the items', async () => {
    const r = await d.determine({ destination: 'NO', items: [{ eccn: '9A902' }], red_flags: ['evasive_about_end_use'] });
    expect(r.decision).toBe('needs_review');
    expect(r.items[0]?.decision).toBe('no_license_required');
    expect(r.reasons).toContainEqual(expect.objectContaining({ basis: 'red_flag', rule: 'red-flags-reported', decision: 'needs_review' }));
    expect(r.trace).toContainEqual(expect.objectContaining({ rule: 'red-flags-reported', result: true }));
    // A licence requirement is more restrictive than the review.
    const lr = await d.determine({ destination: 'NO', items: [{ eccn: '9A901' }], red_flags: ['vague_delivery'] });
    expect(lr.decision).toBe('license_required');
  });
});

describe('territories', () => {
  // YY and ZZ are not ISO 3166-1 codes, so a request cannot name them (the engine refuses unknown codes, XK aside).
  // A copy of the fixture adds a territory with a real code that takes ZZ's row, to test the mechanism.
  function withTerritory(): Determiner {
    const root = temp([[FIXTURE, '.']]);
    editFile(root, 'regulations/country-chart/territories.yaml', (s) => `${s}  - code: "GI"\n    name: "Fictional Rock"\n    aliases: []\n    row_of: "ZZ"\n    basis: "Fictional rule, https://law.example.invalid/rock"\n`);
    return createDeterminer(loadKnowledgeBase(root), rules, { today: () => '2030-06-01' });
  }

  it('the fixture territory YY cannot be requested: it is not an ISO code', async () => {
    expect(kb.latest().destination('YY')?.row_of?.code).toBe('ZZ');
    const e = await failure(d, { destination: 'YY', items: [{ eccn: '9A902' }] });
    expect(e).toMatchObject({ code: 'INVALID_COUNTRY' });
  });

  it('a territory uses the row of the destination it belongs to, and says so in the caveats', async () => {
    const t = withTerritory();
    const r = await t.determine({ destination: 'GI', items: [{ eccn: '9A902' }] });
    // 9A902 is AT1 only: NO (no AT1) needs no licence, ZZ's row (AT1 marked) does.
    expect(r.decision).toBe('license_required');
    expect(r.reasons).toContainEqual(expect.objectContaining({ code: 'AT1', basis: 'country_chart', decision: 'license_required' }));
    expect(r.caveats.some((c) => c.includes('Fictional Rock') || c.includes('GI'))).toBe(true);
    expect(r.caveats.some((c) => c.includes('row of ZZ'))).toBe(true);
    const no = await t.determine({ destination: 'NO', items: [{ eccn: '9A902' }] });
    expect(no.decision).toBe('no_license_required');
    expect(no.caveats).toEqual([]);
  });
});
