/**
 * Parties in a determination, screened against the real Consolidated Screening List: an Entity List match requires a
 * licence (§ 744.11) and takes the licence exceptions away; a Denied Persons match prohibits; an SDN match is flagged
 * with its authority outside the EAR and needs review; a one-word name needs review; a clear name changes nothing;
 * without lists the answer needs review; and lists older than the limit make any answer with parties needs review.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listScreener } from '../../src/engine/index.ts';
import { loadPartyLists } from '../../src/load/lists.ts';
import { realDeterminer } from '../helpers/determiner.ts';
import { REPO_ROOT } from '../helpers/kb.ts';

const lists = loadPartyLists(REPO_ROOT);
const dpl = lists.entries.find((e) => e.list === 'DPL' && e.name.split(' ').length >= 3)?.name as string;
const base = { destination: 'DE', date: '2026-08-07', items: [{ eccn: 'EAR99' }] };
const at = (today: string, maxAge = 30) => realDeterminer({ screener: listScreener(REPO_ROOT), today: () => today, listMaxAgeDays: maxAge });
const fresh = at(lists.date);

describe('parties in a determination', () => {
  it('an Entity List match: licence required under § 744.11, no licence exception', async () => {
    const a = await fresh.determine({ ...base, destination: 'CN', items: [{ eccn: '5A992.c' }], end_user: { name: 'Huawei Technologies Co., Ltd.' } });
    expect(a.decision).toBe('license_required');
    expect(a.reasons.some((r) => r.code === '744.11' && r.basis === 'entity_list' && r.decision === 'license_required')).toBe(true);
    expect(a.parties[0]?.matches[0]).toMatchObject({ list: 'EL', band: 'match' });
    expect(a.items[0]?.license_exceptions.every((x) => x.status === 'not_available')).toBe(true);
    expect(a.reasons.some((r) => r.code === 'LIST_STALE')).toBe(false);
  });

  it('a Denied Persons match prohibits the transaction', async () => {
    expect(dpl).toBeTruthy();
    const a = await fresh.determine({ ...base, parties: [{ name: dpl, role: 'purchaser' }] });
    expect(a.decision).toBe('prohibited');
    expect(a.reasons.some((r) => r.code === '764.3' && r.decision === 'prohibited')).toBe(true);
  });

  it('an SDN match is flagged with its own authority and programmes, outside the EAR decision, and needs review', async () => {
    const sdn = lists.entries.find((e) => e.list === 'SDN' && e.name === 'ROTENBERG, Arkady Romanovich');
    expect(sdn?.programs).toContain('RUSSIA-EO14024');
    const a = await fresh.determine({ ...base, end_user: { name: 'Arkady Romanovich Rotenberg' } });
    expect(a.decision).toBe('needs_review');
    const r = a.reasons.find((x) => x.code === 'NON_EAR_LIST');
    expect(r).toMatchObject({ basis: 'other_list', decision: 'needs_review', rule: 'party-other-list' });
    expect(r?.citation).toBe(lists.list('SDN')?.citation);
    expect(r?.text).toContain('outside the EAR decision');
    expect(r?.text).toContain('RUSSIA-EO14024');
    // The item itself is still answered under the EAR: EAR99 to Germany needs no licence.
    expect(a.items[0]?.decision).toBe('no_license_required');
    // Which lists and matcher screened, for reproducing the answer.
    expect(a.screening).toEqual({ lists: { file: 'regulations/lists/us-csl.json', date: lists.date, sha256: lists.sha256 }, matcher: expect.stringMatching(/@/), thresholds: { match: expect.any(Number), possible_match: expect.any(Number) } });
  });

  it('a one-word name cannot clear a party: possible matches with the entries having that word', async () => {
    const a = await fresh.determine({ ...base, end_user: { name: 'Ali' } });
    expect(a.decision).toBe('needs_review');
    const ms = a.parties[0]?.matches as { band: string; features: string[] }[];
    expect(ms.length).toBeGreaterThan(0);
    expect(ms.every((m) => m.band === 'possible_match' && m.features.some((f) => f.startsWith('one-word name: "ALI"')))).toBe(true);
  });

  it('a lists file that cannot be loaded screens nobody: needs review with LIST_UNAVAILABLE, never a clear party', async () => {
    const broken = realDeterminer({ screener: listScreener(join(tmpdir(), 'dualuse-no-lists-here')), today: () => lists.date });
    const a = await broken.determine({ ...base, end_user: { name: 'Zzyzx Quillfeather Bakery' } });
    expect(a.decision).toBe('needs_review');
    expect(a.reasons.find((r) => r.code === 'LIST_UNAVAILABLE')?.text).toContain('end_user "Zzyzx Quillfeather Bakery" could not be screened');
    expect(a.parties).toEqual([{ name: 'Zzyzx Quillfeather Bakery', role: 'end_user', matches: [], error: 'LIST_UNAVAILABLE' }]);
    expect(a.screening).toBeUndefined();
  });

  it('a clear name changes nothing; without lists, names make the answer needs review', async () => {
    const clear = await fresh.determine({ ...base, end_user: { name: 'Zzyzx Quillfeather Bakery' } });
    expect(clear.decision).toBe('no_license_required');
    expect(clear.parties[0]?.matches).toEqual([]);
    const none = await realDeterminer().determine({ ...base, end_user: { name: 'Zzyzx Quillfeather Bakery' } });
    expect(none.decision).toBe('needs_review');
    expect(none.reasons.map((r) => r.code)).toContain('SCREENING_NOT_PERFORMED');
  });

  it('lists older than the limit: needs review with LIST_STALE, even for a clear name; at the limit, not', async () => {
    const day = (n: number) => new Date(Date.parse(`${lists.date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    const old = await at(day(31)).determine({ ...base, end_user: { name: 'Zzyzx Quillfeather Bakery' } });
    expect(old.decision).toBe('needs_review');
    const stale = old.reasons.find((r) => r.code === 'LIST_STALE');
    expect(stale?.text).toContain(`as of ${lists.date}, 31 days before ${day(31)}`);
    const edge = await at(day(30)).determine({ ...base, end_user: { name: 'Zzyzx Quillfeather Bakery' } });
    expect(edge.decision).toBe('no_license_required');
    const longer = await at(day(31), 60).determine({ ...base, end_user: { name: 'Zzyzx Quillfeather Bakery' } });
    expect(longer.decision).toBe('no_license_required');
    // Without parties, the lists' age does not matter.
    expect((await at(day(400)).determine(base)).decision).toBe('no_license_required');
  });
});
