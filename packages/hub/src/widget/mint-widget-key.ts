// W1: minting a pk_live_ widget key. The plaintext exists only in the return value (T3); the row keeps its HMAC.
import type { KeyHasher } from '../auth/key-hashing.js';
import { generateKey } from '../auth/token-format.js';
import type { KeyDirectory } from '../keys/key-directory.js';
import type { Queryable } from '../tenancy/queryable.js';
import { insertWidgetKey, NO_WIDGET_KEY_CAPS, type WidgetKeyCaps, type WidgetKeyItem } from './widget-key-store.js';

export interface WidgetKeyFields {
  name: string;
  /** Normalised (allowlist.ts). */
  allowlist: string[];
  agentId: string | null;
  /** Issue 9 W6: the key's own cost caps; none when absent. */
  caps?: WidgetKeyCaps;
}

/**
 * Creates the key in `account` and returns its item with the plaintext `key`. `store` runs the insert (POST
 * runs it in the request's transaction, AU2). As for sk_live_ (mint-api-key.ts, issue 7 item 4), the key enters
 * the control plane's directory before its row exists, and leaves it again if the row cannot be written; an
 * entry without a row is never a positive answer.
 */
export async function mintWidgetKey(
  deps: { hasher: KeyHasher; directory: KeyDirectory },
  account: string,
  fields: WidgetKeyFields,
  store: (insert: (db: Queryable) => Promise<WidgetKeyItem>) => Promise<WidgetKeyItem>,
): Promise<WidgetKeyItem & { key: string }> {
  const key = generateKey('pk_live_', account);
  const { hash, pepperVersion } = deps.hasher.hash(key);
  await deps.directory.add(hash, pepperVersion, account);
  let item: WidgetKeyItem;
  try {
    item = await store((db) =>
      insertWidgetKey(db, { name: fields.name, hash, pepperVersion, last8: key.slice(-8), allowlist: fields.allowlist, agentId: fields.agentId, caps: fields.caps ?? NO_WIDGET_KEY_CAPS }),
    );
  } catch (err) {
    await deps.directory.remove(hash).catch(() => undefined);
    throw err;
  }
  return { ...item, key };
}
