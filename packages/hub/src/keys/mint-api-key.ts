// K2/K7: minting an sk_live_ key, shared by POST /api/v1/api-keys and `kataven keys mint`.
import type { KeyHasher } from '../auth/key-hashing.js';
import { generateKey } from '../auth/token-format.js';
import { hasCharacters } from '../characters.js';
import { HubError } from '../errors.js';
import type { Queryable } from '../tenancy/queryable.js';
import type { Tenancy } from '../tenancy/tenancy.js';
import { insertApiKey, type ApiKeyItem, type KeyRateLimitsPatch } from './api-key-store.js';
import type { KeyDirectory } from './key-directory.js';
import { DEFAULT_EXPIRY, parseExpiry, withinPolicy } from './key-expiry.js';

export interface MintRequest {
  name: unknown;
  expiry: string | undefined;
  createdBy: string;
  /** R1: the key's optional sub-limits. */
  rateLimits?: KeyRateLimitsPatch | undefined;
}

/** K2: 1 to 100 characters (code points: an emoji is one), not only white space. */
export function validKeyName(name: unknown): string {
  if (typeof name !== 'string' || name.trim().length === 0 || !hasCharacters(name, 1, 100)) throw new HubError('name_required');
  return name;
}

/**
 * Creates the key and returns its record with the plaintext, which exists only in this return value (T3).
 * `store` runs the insert: by default through the account's pool (the CLI, tests); POST /api/v1/api-keys runs it
 * in the request's transaction, so it commits with the audit row (AU2).
 */
export async function mintApiKey(
  deps: { tenancy: Tenancy; hasher: KeyHasher; directory: KeyDirectory },
  accountSlug: string,
  request: MintRequest,
  store?: (insert: (db: Queryable) => Promise<ApiKeyItem>) => Promise<ApiKeyItem>,
): Promise<ApiKeyItem & { key: string }> {
  const name = validKeyName(request.name);
  const days = parseExpiry(request.expiry ?? DEFAULT_EXPIRY);
  if (days === undefined) throw new HubError('invalid_expiry');
  const account = await deps.tenancy.account(accountSlug);
  if (!withinPolicy(days, account.maxKeyExpiryDays)) {
    throw new HubError('expiry_exceeds_policy', `this account allows keys of at most ${account.maxKeyExpiryDays} days`);
  }
  const key = generateKey('sk_live_', account.slug);
  const { hash, pepperVersion } = deps.hasher.hash(key);
  const run = store ?? ((insert) => deps.tenancy.pools.use(account, insert));
  // Issue 7 item 4: the key enters the directory before its row exists, so there is no moment where the row
  // exists and the verifier (which asks the directory first) would refuse it. An entry without a row is never a
  // positive answer; if the row cannot be written, the entry is removed again when possible.
  await deps.directory.add(hash, pepperVersion, account.slug);
  let record: ApiKeyItem;
  try {
    record = await run((db) =>
      insertApiKey(db, {
        name,
        hash,
        pepperVersion,
        last8: key.slice(-8),
        expiresInDays: days,
        createdBy: request.createdBy,
        rateLimits: request.rateLimits,
      }),
    );
  } catch (err) {
    await deps.directory.remove(hash).catch(() => undefined);
    throw err;
  }
  return { ...record, key };
}
