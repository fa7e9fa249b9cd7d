/**
 * Request validation (validateRequest, the schema the API and CLI share): every refusal is an InvalidInputError whose
 * code names the field's kind and whose detail carries the JSON pointer of the field (reliability T25–T47).
 */
import { describe, expect, it } from 'vitest';
import { validateRequest } from '../../src/engine/validate-request.ts';
import { InvalidInputError } from '../../src/errors.ts';
import { realDeterminer } from '../helpers/determiner.ts';

const ok = { destination: 'DE', items: [{ eccn: '3A001' }] };

/** The error validateRequest throws for `body` (fails the test if it accepts it). */
function refusal(body: unknown): InvalidInputError {
  try { validateRequest(body); } catch (e) {
    expect(e).toBeInstanceOf(InvalidInputError);
    return e as InvalidInputError;
  }
  throw new Error(`accepted: ${JSON.stringify(body)}`);
}
function expectRefused(body: unknown, code: string, pointer: string): InvalidInputError {
  const e = refusal(body);
  expect({ code: e.code, pointer: e.details[0]?.pointer }, e.message).toEqual({ code, pointer });
  expect(e.details).toEqual([{ pointer, code }]);
  if (pointer) expect(e.message).toContain(pointer);
  return e;
}
const withValue = (v: unknown) => ({ destination: 'DE', items: [{ eccn: '3A001', value_usd: v }] });
const withDate = (date: unknown) => ({ ...ok, date });

describe('validateRequest', () => {
  it('accepts a minimal and a full request, returning it unchanged', () => {
    expect(validateRequest(ok)).toBe(ok);
    const full = {
      ref: 'po-1', date: '2026-08-07', destination: 'UA', region: 'crimea',
      items: [{ eccn: '3A001.b.2', value_usd: 1500.25, attributes: ['mass_market'] }],
      end_user: { name: 'ACME', kind: 'commercial', headquarters: 'DE' },
      parties: [{ name: 'Forwarder', role: 'freight_forwarder' }],
      end_uses: ['military'], red_flags: ['vague_delivery'],
    };
    expect(validateRequest(structuredClone(full))).toEqual(full);
  });

  it.each([
    ['missing destination', { items: [{ eccn: '3A001' }] }, 'VALIDATION_FAILED', '/destination'],
    ['missing items', { destination: 'DE' }, 'VALIDATION_FAILED', '/items'],
    ['empty items', { destination: 'DE', items: [] }, 'VALIDATION_FAILED', '/items'],
    ['missing eccn', { destination: 'DE', items: [{ value_usd: 1 }] }, 'VALIDATION_FAILED', '/items/0/eccn'],
    ['101 items', { destination: 'DE', items: Array.from({ length: 101 }, () => ({ eccn: '3A001' })) }, 'VALIDATION_FAILED', '/items'],
  ])('%s', (_n, body, code, pointer) => { expectRefused(body, code, pointer); });

  it('accepts 100 items', () => {
    expect(validateRequest({ destination: 'DE', items: Array.from({ length: 100 }, () => ({ eccn: '3A001' })) }).items).toHaveLength(100);
  });

  it.each([
    ['top level', { ...ok, country: 'IR' }, '/country'],
    ['in an item', { destination: 'DE', items: [{ eccn: '3A001', qty: 2 }] }, '/items/0/qty'],
    ['in end_user', { ...ok, end_user: { name: 'A', email: 'a@example.invalid' } }, '/end_user/email'],
    ['in a party', { ...ok, parties: [{ name: 'A', role: 'x', country: 'IR' }] }, '/parties/0/country'],
  ])('an extra field (%s) is refused', (_n, body, pointer) => { expectRefused(body, 'VALIDATION_FAILED', pointer); });

  it.each(['__proto__', 'constructor', 'prototype'])('a "%s" key is refused and Object.prototype is untouched', (key) => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const body: unknown = JSON.parse(`{"destination":"DE","items":[{"eccn":"3A001"}],"${key}":{"polluted":true,"destination":"IR"}}`);
    expect(Object.keys(body as object)).toContain(key); // JSON.parse makes it an own key
    expectRefused(body, 'VALIDATION_FAILED', `/${key}`);
    const nested: unknown = JSON.parse(`{"destination":"DE","items":[{"eccn":"3A001","${key}":{"polluted":true}}]}`);
    expectRefused(nested, 'VALIDATION_FAILED', `/items/0/${key}`);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).destination).toBeUndefined();
  });

  it.each([
    ['a top-level array', [ok]],
    ['a string', '3A001'],
    ['null', null],
    ['a number', 42],
  ])('%s is refused', (_n, body) => { expectRefused(body, 'VALIDATION_FAILED', ''); });

  it.each([
    ['destination a number', { ...ok, destination: 276 }, 'INVALID_COUNTRY', '/destination'],
    ['destination of three letters', { ...ok, destination: 'DEU' }, 'INVALID_COUNTRY', '/destination'],
    ['destination empty', { ...ok, destination: '' }, 'INVALID_COUNTRY', '/destination'],
    ['items an object', { destination: 'DE', items: { eccn: '3A001' } }, 'VALIDATION_FAILED', '/items'],
    ['eccn a number', { destination: 'DE', items: [{ eccn: 3001 }] }, 'INVALID_ECCN', '/items/0/eccn'],
    ['eccn too short', { destination: 'DE', items: [{ eccn: '3A1' }] }, 'INVALID_ECCN', '/items/0/eccn'],
    ['second item eccn null', { destination: 'DE', items: [{ eccn: '3A001' }, { eccn: null }] }, 'INVALID_ECCN', '/items/1/eccn'],
    ['date a number', withDate(20260807), 'INVALID_DATE', '/date'],
    ['end_uses a string', { ...ok, end_uses: 'military' }, 'VALIDATION_FAILED', '/end_uses'],
    ['unknown end use', { ...ok, end_uses: ['space'] }, 'VALIDATION_FAILED', '/end_uses/0'],
    ['unknown red flag', { ...ok, red_flags: ['suspicious'] }, 'VALIDATION_FAILED', '/red_flags/0'],
    ['headquarters a number', { ...ok, end_user: { headquarters: 1 } }, 'INVALID_COUNTRY', '/end_user/headquarters'],
    ['empty party name', { ...ok, parties: [{ name: '', role: 'x' }] }, 'INVALID_PARTY_NAME', '/parties/0/name'],
    ['ref a number', { ...ok, ref: 7 }, 'VALIDATION_FAILED', '/ref'],
  ])('wrong type or value: %s', (_n, body, code, pointer) => { expectRefused(body, code, pointer); });

  describe('value_usd', () => {
    it.each([
      ['negative', -1],
      ['negative cents', -0.01],
      ['a string with a thousands separator', '1,000'],
      ['a numeric string', '100'],
      ['three decimals', 100.001],
      ['four decimals', 4999.9901],
      ['above the maximum', 1e12 + 1],
      ['NaN', Number.NaN],
      ['null', null],
    ])('refuses %s', (_n, v) => { expectRefused(withValue(v), 'INVALID_VALUE', '/items/0/value_usd'); });

    it('refuses 1e309 (JSON parses it to Infinity)', () => {
      const body: unknown = JSON.parse('{"destination":"DE","items":[{"eccn":"3A001","value_usd":1e309}]}');
      expectRefused(body, 'INVALID_VALUE', '/items/0/value_usd');
    });

    it.each([0, 1, 0.07, 0.29, 1.1, 8.2, 19.99, 4999.99, 5000, 1234567.89, 99999999.99, 1e12])('accepts %s (whole cents)', (v) => {
      expect(validateRequest(withValue(v)).items[0]?.value_usd).toBe(v);
    });

    it('accepts every cent value from 0 to 10,000 dollars', () => {
      const refused: number[] = [];
      for (let c = 0; c <= 1_000_000; c++) {
        const v = c / 100;
        try { validateRequest(withValue(v)); } catch { refused.push(v); if (refused.length > 5) break; }
      }
      expect(refused).toEqual([]);
    });
  });

  describe('date', () => {
    it.each(['2024-02-30', '2024-13-01', '2023-02-29', '2024-04-31', '24-01-01', '2024-1-01', '2024-01-01T00:00', '', ' 2024-01-01'])('refuses %j with INVALID_DATE', (date) => {
      const e = expectRefused(withDate(date), 'INVALID_DATE', '/date');
      expect(e.message).toMatch(/YYYY-MM-DD/);
    });

    it.each(['2024-02-29', '2026-08-07', '2026-12-31'])('accepts %s', (date) => {
      expect(validateRequest(withDate(date)).date).toBe(date);
    });
  });
});

describe('lower-case country codes', () => {
  it('refuses a lower-case country code: ISO 3166-1 alpha-2 codes are upper case, nothing is guessed (T30)', () => {
    expectRefused({ destination: 'de', items: [{ eccn: '3A001' }] }, 'INVALID_COUNTRY', '/destination');
    expectRefused({ destination: 'DE', end_user: { headquarters: 'cn' }, items: [{ eccn: '3A001' }] }, 'INVALID_COUNTRY', '/end_user/headquarters');
  });

  it('echoes the destination it used', async () => {
    const r = await realDeterminer().evaluateUncached({ destination: 'HK', date: '2026-08-07', items: [{ eccn: 'EAR99' }] });
    expect(r.destination).toEqual({ code: 'HK', chart_name: 'Hong Kong', row_of: 'CN' });
  });

  it('a well-formed code that is not ISO 3166-1 passes the schema but determine refuses it (INVALID_COUNTRY)', async () => {
    expect(validateRequest({ ...ok, destination: 'XX' }).destination).toBe('XX');
    await expect(realDeterminer().determine({ ...ok, destination: 'XX', date: '2026-08-07' })).rejects.toMatchObject({ code: 'INVALID_COUNTRY', details: [expect.objectContaining({ pointer: '/destination' })] });
  });
});
