/**
 * @module exchange/crypto
 * The exchange's secrets (issue 10), all from configuration, none in the database:
 * - a keyed hash (HMAC-SHA-256 with a server secret) for every identifier in the link index and for the owner of a
 *   report, so the index holds no plaintext identifier and a stolen database cannot be joined to names;
 * - AES-256-GCM (Node's crypto) for everything stored that names someone: the report's content, the reporter's
 *   identity, a principal's name. Each ciphertext starts with its key id, so keys can be rotated: new writes use the
 *   current key, old ones stay readable while their key is configured (docs/exchange.md, "Key rotation");
 * - access tokens: 32 random bytes, shown once, stored as SHA-256 only, compared in constant time.
 *
 * Configuration: DUALUSE_EXCHANGE_KEYS="id1:<base64 32 bytes>,id0:<base64 32 bytes>" (the first is current) and
 * DUALUSE_EXCHANGE_HMAC_SECRET (base64, at least 32 bytes). Missing or short secrets are a configuration error.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export class ExchangeConfigError extends Error {
  constructor(message: string) { super(message); this.name = 'ExchangeConfigError'; }
}

export interface ExchangeSecrets {
  /** Key ids in order, the first current. */
  readonly keys: readonly { readonly id: string; readonly key: Buffer }[];
  readonly hmacSecret: Buffer;
}

const b64 = (s: string, what: string): Buffer => {
  const b = Buffer.from(s.trim(), 'base64');
  if (b.length < 32) throw new ExchangeConfigError(`${what} must be at least 32 bytes, base64-encoded (got ${b.length}); generate one with: node -e "console.log(require('node:crypto').randomBytes(32).toString('base64'))"`);
  return b;
};

/** Reads the secrets from the environment; throws ExchangeConfigError naming the variable and how to fix it. */
export function secretsFromEnv(env: NodeJS.ProcessEnv = process.env): ExchangeSecrets {
  const keys = env.DUALUSE_EXCHANGE_KEYS;
  const hmac = env.DUALUSE_EXCHANGE_HMAC_SECRET;
  if (!keys || !hmac) throw new ExchangeConfigError('the exchange needs DUALUSE_EXCHANGE_KEYS ("id:<base64 32 bytes>", first is current) and DUALUSE_EXCHANGE_HMAC_SECRET (base64, 32 bytes or more)');
  return parseSecrets(keys, hmac);
}

export function parseSecrets(keys: string, hmac: string): ExchangeSecrets {
  const ring = keys.split(',').map((k) => k.trim()).filter(Boolean).map((k) => {
    const m = /^([A-Za-z0-9_-]{1,16}):(.+)$/.exec(k);
    if (!m) throw new ExchangeConfigError('DUALUSE_EXCHANGE_KEYS entries are "id:<base64 key>", separated by commas');
    const key = b64(m[2] as string, `key '${m[1]}' of DUALUSE_EXCHANGE_KEYS`);
    if (key.length !== 32) throw new ExchangeConfigError(`key '${m[1]}' of DUALUSE_EXCHANGE_KEYS must be exactly 32 bytes (AES-256)`);
    return { id: m[1] as string, key };
  });
  if (!ring.length) throw new ExchangeConfigError('DUALUSE_EXCHANGE_KEYS holds no key');
  if (new Set(ring.map((k) => k.id)).size !== ring.length) throw new ExchangeConfigError('DUALUSE_EXCHANGE_KEYS repeats a key id');
  return { keys: ring, hmacSecret: b64(hmac, 'DUALUSE_EXCHANGE_HMAC_SECRET') };
}

/** Fresh secrets (tests, and `dualuse exchange init` prints a set to configure). */
export function newSecrets(id = 'k1'): ExchangeSecrets {
  return { keys: [{ id, key: randomBytes(32) }], hmacSecret: randomBytes(32) };
}

export function keyedHash(s: ExchangeSecrets, kind: string, value: string): string {
  return createHmac('sha256', s.hmacSecret).update(kind).update('\0').update(value).digest('base64url');
}

/** `<key id>.<iv>.<tag>.<ciphertext>`, base64url parts; the key id is bound to the ciphertext as associated data. */
export function seal(s: ExchangeSecrets, plaintext: string): string {
  const k = s.keys[0] as { id: string; key: Buffer };
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', k.key, iv);
  c.setAAD(Buffer.from(k.id));
  const body = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
  return [k.id, iv.toString('base64url'), c.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

export function open(s: ExchangeSecrets, sealed: string): string {
  const [id, iv, tag, body] = sealed.split('.');
  const k = s.keys.find((x) => x.id === id);
  if (!k || iv === undefined || tag === undefined || body === undefined) throw new ExchangeConfigError(`a stored value was sealed with key '${id ?? '?'}', which is not configured (DUALUSE_EXCHANGE_KEYS)`);
  const d = createDecipheriv('aes-256-gcm', k.key, Buffer.from(iv, 'base64url'));
  d.setAAD(Buffer.from(k.id));
  d.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([d.update(Buffer.from(body, 'base64url')), d.final()]).toString('utf8');
}

/** The id of the key a value was sealed with (rotation re-seals the others). */
export const sealedWith = (sealed: string) => sealed.split('.')[0] ?? '';

export const newToken = () => `dx_${randomBytes(32).toString('base64url')}`;
export const tokenHash = (token: string) => createHash('sha256').update(token).digest();

/** Constant-time comparison of two token hashes (equal length by construction). */
export function sameHash(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
