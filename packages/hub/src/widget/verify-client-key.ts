// W4/W5: a pk_live_ client key presented to a public widget endpoint → its account and row, or the T4-style
// refusal as a value (STYLE 3). A pk_live_ is public (it sits in the customer's HTML), so it is no bearer
// credential anywhere (verifier.ts refuses it); this is the only place that looks one up.
//
// The lookup follows sk_live_ verification (verifier.ts, issue 7 item 4): T2 triage without I/O, then the
// control plane's key directory (HMAC → account) answers first, with one indexed query whatever the account. A
// forged pk_live_ (T1's checksum is public) therefore never opens a tenant pool (A5) nor tells an existing
// account from an unknown one; only a key the directory places in its own account reaches the account database.
// Every widget key is entered in the directory as it is minted (the table is newer than the directory), so a
// miss is final: no backfill exception as for old sk_live_ keys.
//
// Nothing here is cached: each request reads the key's row, so a revoked or deleted key is refused by every
// instance as soon as the change has committed (T7), with no verdict to evict.
import type { KeyHasher } from '../auth/key-hashing.js';
import { parseToken } from '../auth/token-format.js';
import type { KeyDirectory } from '../keys/key-directory.js';
import { RESERVED_ACCOUNT } from '../tenancy/account-slug.js';
import type { AccountRecord } from '../tenancy/catalog.js';
import type { AccountPools } from '../tenancy/cluster-pools.js';
import { findWidgetKeyByHash, rehashWidgetKey, type StoredWidgetKey } from './widget-key-store.js';

export interface ClientKeyDeps {
  hasher: KeyHasher;
  directory: KeyDirectory;
  /** Active accounts, cached (ActiveAccountCache): a disabled account's keys are refused like unknown ones. */
  accounts: { find(slug: string): Promise<AccountRecord | undefined> };
  pools: AccountPools;
}

export type ClientKeyTriage =
  | { ok: true; key: string; account: string; hash: Buffer }
  | { ok: false; code: 'missing_client_key' | 'malformed_token' };

/**
 * T2 for a client key, without I/O: present, a well-formed pk_live_ (checksum, A1 account). `hash` is the
 * current pepper's HMAC, what per-key counters are named after (never the plaintext, T3).
 */
export function triageClientKey(hasher: KeyHasher, value: unknown): ClientKeyTriage {
  if (typeof value !== 'string' || value.length === 0) return { ok: false, code: 'missing_client_key' };
  const parsed = parseToken(value);
  // An sk_live_ (a secret pasted into a page by mistake) is not a client key either.
  if (parsed.kind !== 'key' || parsed.prefix !== 'pk_live_') return { ok: false, code: 'malformed_token' };
  return { ok: true, key: value, account: parsed.account, hash: hasher.hash(value).hash };
}

export type ClientKeyVerdict =
  | { ok: true; account: AccountRecord; widgetKey: StoredWidgetKey }
  | { ok: false; code: 'invalid_token'; allowlist?: undefined }
  /** The revoked key's allowlist comes along: it still decides whether the page may read the refusal (W3). */
  | { ok: false; code: 'key_revoked'; allowlist: string[] };

/** The key's account and row; invalid_token for unknown keys and accounts alike, key_revoked once disabled. */
export async function verifyClientKey(deps: ClientKeyDeps, key: string, account: string): Promise<ClientKeyVerdict> {
  if (account === RESERVED_ACCOUNT) return { ok: false, code: 'invalid_token' };
  const candidates = deps.hasher.candidates(key);
  const owner = await deps.directory.lookup(candidates.map((c) => c.hash));
  if (owner !== account) return { ok: false, code: 'invalid_token' };
  const record = await deps.accounts.find(account);
  if (!record) return { ok: false, code: 'invalid_token' };
  const widgetKey = await deps.pools.use(record, async (db) => {
    const found = await findWidgetKeyByHash(
      db,
      candidates.map((c) => c.hash),
    );
    const current = candidates[0]!;
    if (found && found.pepper_version !== current.pepperVersion) {
      // T3 rotation: the row and its directory entry move to the current pepper's hash together (as sk_live_).
      const stored = candidates.find((c) => c.pepperVersion === found.pepper_version);
      void deps.directory
        .rehash(account, stored?.hash ?? current.hash, current.hash, current.pepperVersion, () =>
          rehashWidgetKey(db, found.id, current.hash, current.pepperVersion),
        )
        .catch(() => undefined);
    }
    return found;
  });
  if (!widgetKey) return { ok: false, code: 'invalid_token' };
  if (widgetKey.disabled_at !== null) return { ok: false, code: 'key_revoked', allowlist: widgetKey.domain_allowlist };
  return { ok: true, account: record, widgetKey };
}
