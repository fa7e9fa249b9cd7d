/**
 * The cache-agreement check: for every (ECCN, destination) pair of one edition (and EAR99), the answer of
 * `determine` — compiled rules and the memo, as served in production — equals the answer of json-rules-engine itself
 * with no memo. Pairs are visited in a shuffled order so that a memo key missing a dimension (two pairs sharing a
 * key) or state leaking between evaluations would show as a difference; every pair must get its own memo entry.
 */
import { expect } from 'vitest';
import { realDeterminer } from './determiner.ts';

export async function checkCacheAgreement(edition: string): Promise<number> {
  const d = realDeterminer({ cache: true, cacheSize: 1_000_000 });
  const s = d.kb.edition(edition);
  if (!s) throw new Error(`no edition ${edition}`);
  const pairs: [string, string][] = [];
  for (const e of s.eccns()) for (const c of s.destinations()) pairs.push([e.eccn, c.code]);
  pairs.push(...s.destinations().map((c) => ['EAR99', c.code] as [string, string]));
  const order = pairs.map((p, i) => ({ p, k: (i * 2654435761) % 4294967296 })).sort((a, b) => a.k - b.k).map((x) => x.p);
  const req = ([eccn, destination]: [string, string]) => ({ destination, items: [{ eccn }], date: edition });
  let compared = 0;
  for (const p of order) {
    const served = await d.determine(req(p));
    const reference = await d.evaluateUncached(req(p));
    if (JSON.stringify(served) !== JSON.stringify(reference)) expect(served, `${p[0]} → ${p[1]} on ${edition}`).toEqual(reference);
    compared++;
  }
  expect(d.cacheStats().size).toBe(pairs.length); // one memo entry per pair: no two pairs share a key
  // And the memo serves: a second pass over a sample is answered from it, with the same answers.
  const before = d.cacheStats().hits;
  for (const p of pairs.slice(0, 2000)) expect(JSON.stringify(await d.determine(req(p)))).toBe(JSON.stringify(await d.evaluateUncached(req(p))));
  expect(d.cacheStats().hits - before).toBe(2000);
  return compared;
}
