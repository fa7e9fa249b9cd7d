/** Cached and uncached evaluation agree on every (ECCN, destination) pair of edition 2026-08-07. */
import { expect, it } from 'vitest';
import { checkCacheAgreement } from '../helpers/cache-agreement.ts';

it('cached and uncached answers agree on every (ECCN, destination) pair of 2026-08-07', async () => {
  const n = await checkCacheAgreement('2026-08-07');
  expect(n).toBe(639 * 200);
}, 600_000);
