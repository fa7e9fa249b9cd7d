/**
 * @module screening/screen
 * One party screened, in the shape the CLI (`dualuse screen`), the API (`POST /api/v1/screen`) and their files share:
 * `{ ref?, name, band, matches: [{ list, entry_name, matched_name, score, features, … }] }`. The band is the best
 * band of the matches, `clear` when there is none. Names that cannot be screened (empty, too long, a script the
 * matcher cannot transliterate) raise InvalidInputError: an unscreened name is never reported clear.
 */
import { InvalidInputError } from '../errors.ts';
import type { Matcher, PartyMatch } from './match.ts';

export interface ScreenInput { ref?: string; name: string; country?: string }

/** A list entry that matched, as screening results show it: the match less its internal id, its name as `entry_name`. */
export type ScreenHit = Omit<PartyMatch, 'name' | 'entry_id'> & { entry_name: string };

/** `truncated`: more entries qualified than the matches returned (at most MAX_MATCHES), e.g. a one-word name. */
export interface ScreenResult { ref?: string; name: string; band: 'match' | 'possible_match' | 'clear'; matches: ScreenHit[]; truncated?: true }

const hit = ({ name, entry_id: _id, ...rest }: PartyMatch): ScreenHit => ({ entry_name: name, ...rest });

/** Checks an input object read from a file or a request body: `{ ref?, name, country? }`. */
export function screenInput(value: unknown): ScreenInput {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InvalidInputError('VALIDATION_FAILED', 'each party must be an object { "ref"?, "name", "country"? }', [{ pointer: '', code: 'VALIDATION_FAILED' }]);
  const v = value as Record<string, unknown>;
  const extra = Object.keys(v).filter((k) => !['ref', 'name', 'country'].includes(k));
  if (extra.length) throw new InvalidInputError('VALIDATION_FAILED', `unknown field(s) ${extra.join(', ')} (allowed: ref, name, country)`, extra.map((k) => ({ pointer: `/${k}`, code: 'VALIDATION_FAILED' })));
  if (typeof v.name !== 'string') throw new InvalidInputError('INVALID_PARTY_NAME', '"name" is required: the party\'s name as a string', [{ pointer: '/name', code: 'INVALID_PARTY_NAME' }]);
  if (v.ref !== undefined && (typeof v.ref !== 'string' || v.ref.length > 200)) throw new InvalidInputError('VALIDATION_FAILED', '"ref" must be a string of at most 200 characters', [{ pointer: '/ref', code: 'VALIDATION_FAILED' }]);
  if (v.country !== undefined && (typeof v.country !== 'string' || !/^[A-Za-z]{2}$/.test(v.country))) throw new InvalidInputError('INVALID_COUNTRY', '"country" must be an ISO 3166-1 alpha-2 code, e.g. "CN"', [{ pointer: '/country', code: 'INVALID_COUNTRY' }]);
  return { ...(v.ref !== undefined ? { ref: v.ref as string } : {}), name: v.name, ...(v.country ? { country: (v.country as string).toUpperCase() } : {}) };
}

export function screenOne(m: Matcher, input: ScreenInput): ScreenResult {
  const r = m.search(input.name, input.country ? { country: input.country } : {});
  const matches = r.matches.map(hit);
  const band = matches.some((x) => x.band === 'match') ? 'match' : matches.length ? 'possible_match' : 'clear';
  return { ...(input.ref !== undefined ? { ref: input.ref } : {}), name: input.name, band, matches, ...(r.truncated ? { truncated: true as const } : {}) };
}
