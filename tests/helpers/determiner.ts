/** The real knowledge base and rules, with a determiner whose "today" is fixed (tests never depend on the clock). */
import { loadRules } from '../../src/load/rules.ts';
import { VOCABULARY } from '../../src/engine/vocabulary.ts';
import { createDeterminer, type Determiner, type EngineOptions } from '../../src/engine/determine.ts';
import { REPO_ROOT, realKb } from './kb.ts';

export const TODAY = '2026-08-07';
let d: Determiner | undefined;
export function realDeterminer(opts: EngineOptions = {}): Determiner {
  if (Object.keys(opts).length) return createDeterminer(realKb(), loadRules(REPO_ROOT, VOCABULARY), { today: () => TODAY, ...opts });
  d ??= createDeterminer(realKb(), loadRules(REPO_ROOT, VOCABULARY), { today: () => TODAY });
  return d;
}
