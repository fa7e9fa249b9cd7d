/**
 * @module util/freeze
 * Deep freezing, so that the knowledge base, the party lists and memoised answers cannot be changed by a caller.
 */
export function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o as Record<string, unknown>)) deepFreeze(v);
  }
  return o;
}
