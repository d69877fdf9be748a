// The api_keys table of one account database (K1–K6). Parameterised SQL only; the hash never leaves here
// except to be compared by the database.
import type { Queryable } from '../tenancy/queryable.js';

export interface ApiKeyRecord {
  id: string;
  name: string;
  last8: string;
  created_at: Date;
  updated_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  disabled_at: Date | null;
  created_by: string;
}

export interface StoredKey extends ApiKeyRecord {
  pepper_version: string;
  rate_per_minute: number | null;
  rate_per_hour: number | null;
  rate_per_day: number | null;
  rate_concurrent: number | null;
}

const publicColumns = 'id, name, last8, created_at, updated_at, expires_at, last_used_at, disabled_at, created_by';

/** R1: a key's sub-limits as the API shows and takes them; null = no limit on that window. */
export interface KeyRateLimits {
  per_minute: number | null;
  per_hour: number | null;
  per_day: number | null;
  concurrent: number | null;
}

/** A change of sub-limits: an absent window is unchanged, null clears it. */
export type KeyRateLimitsPatch = Partial<KeyRateLimits>;

/** K1's list item: the record and its sub-limits (null when the key has none). */
export interface ApiKeyItem extends ApiKeyRecord {
  rate_limits: KeyRateLimits | null;
}

/** The api_keys column of each sub-limit; a fixed list, so column names never come from input. */
const RATE_COLUMNS = {
  per_minute: 'rate_per_minute',
  per_hour: 'rate_per_hour',
  per_day: 'rate_per_day',
  concurrent: 'rate_concurrent',
} as const satisfies Record<keyof KeyRateLimits, string>;

const itemColumns = `${publicColumns}, ${Object.values(RATE_COLUMNS).join(', ')}`;

type ItemRow = ApiKeyRecord & Record<(typeof RATE_COLUMNS)[keyof KeyRateLimits], number | null>;

function toItem(row: ItemRow): ApiKeyItem {
  const { rate_per_minute, rate_per_hour, rate_per_day, rate_concurrent, ...record } = row;
  const limits = { per_minute: rate_per_minute, per_hour: rate_per_hour, per_day: rate_per_day, concurrent: rate_concurrent };
  return { ...record, rate_limits: Object.values(limits).every((v) => v === null) ? null : limits };
}

export interface NewApiKey {
  name: string;
  hash: Buffer;
  pepperVersion: string;
  last8: string;
  expiresInDays: number | null;
  createdBy: string;
  rateLimits?: KeyRateLimitsPatch | undefined;
}

export async function insertApiKey(db: Queryable, key: NewApiKey): Promise<ApiKeyItem> {
  const limits = key.rateLimits ?? {};
  const { rows } = await db.query<ItemRow>(
    `INSERT INTO api_keys (name, key_hash, pepper_version, last8, expires_at, created_by,
       rate_per_minute, rate_per_hour, rate_per_day, rate_concurrent)
     VALUES ($1, $2, $3, $4, CASE WHEN $5::int IS NULL THEN NULL ELSE now() + make_interval(days => $5::int) END, $6,
       $7, $8, $9, $10)
     RETURNING ${itemColumns}`,
    [
      key.name,
      key.hash,
      key.pepperVersion,
      key.last8,
      key.expiresInDays,
      key.createdBy,
      limits.per_minute ?? null,
      limits.per_hour ?? null,
      limits.per_day ?? null,
      limits.concurrent ?? null,
    ],
  );
  return toItem(rows[0]!);
}

export async function listApiKeys(db: Queryable): Promise<ApiKeyItem[]> {
  const { rows } = await db.query<ItemRow>(`SELECT ${itemColumns} FROM api_keys ORDER BY created_at DESC, id`);
  return rows.map(toItem);
}

/** The key whose stored hash is one of `hashes` (one per pepper in use). */
export async function findApiKeyByHash(db: Queryable, hashes: Buffer[]): Promise<StoredKey | undefined> {
  // The hot query of every cache-miss verification: named, so each connection parses and plans it once.
  const { rows } = await db.query<StoredKey>({
    name: 'api_keys_find_by_hash',
    text: `SELECT ${publicColumns}, pepper_version, rate_per_minute, rate_per_hour, rate_per_day, rate_concurrent
      FROM api_keys WHERE key_hash = ANY($1::bytea[]) LIMIT 1`,
    values: [hashes],
  });
  return rows[0];
}

/** K6: the first use is written at once; later ones at most once a minute, by the `WHERE`. */
export async function recordApiKeyUse(db: Queryable, id: string): Promise<void> {
  await db.query(
    `UPDATE api_keys SET last_used_at = now()
     WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
    [id],
  );
}

/**
 * K6 for several keys of one account at once (the uses of cached verdicts, written with the account's audit
 * batch): the same once-a-minute rule, by the same `WHERE`.
 */
export async function recordApiKeyUses(db: Queryable, ids: string[]): Promise<void> {
  await db.query(
    `UPDATE api_keys SET last_used_at = now()
     WHERE id = ANY($1::uuid[]) AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
    [ids],
  );
}

/** T3 rotation: re-hash a key found under the previous pepper with the current one. */
export async function rehashApiKey(db: Queryable, id: string, hash: Buffer, pepperVersion: string): Promise<void> {
  await db.query('UPDATE api_keys SET key_hash = $2, pepper_version = $3 WHERE id = $1', [id, hash, pepperVersion]);
}

export type PatchOutcome = 'updated' | 'not_found' | 'revoked_permanently';

/** The new value of each sub-limit column under a jsonb patch in $4: a window present in it is set (null clears). */
const nextRateValues = Object.entries(RATE_COLUMNS).map(
  ([field, column]) => `CASE WHEN $4::jsonb ? '${field}' THEN ($4::jsonb->>'${field}')::int ELSE k.${column} END`,
);

/**
 * K3: rename, revoke and/or change the sub-limits (R1). Revoking sets disabled_at once (repeats keep the first
 * time); re-enabling a revoked key is refused. One statement, so a concurrent revoke cannot slip between the
 * check and the write.
 */
export async function patchApiKey(
  db: Queryable,
  id: string,
  patch: { name?: string; disabled?: boolean; rateLimits?: KeyRateLimitsPatch },
): Promise<PatchOutcome> {
  const rateColumns = Object.values(RATE_COLUMNS);
  const { rows } = await db.query<{ outcome: PatchOutcome }>(
    `WITH target AS (SELECT id, disabled_at FROM api_keys WHERE id = $1 FOR UPDATE),
     updated AS (
       UPDATE api_keys k SET
         name = COALESCE($2, k.name),
         disabled_at = CASE WHEN $3::boolean IS TRUE THEN COALESCE(k.disabled_at, now()) ELSE k.disabled_at END,
         ${rateColumns.map((column, i) => `${column} = ${nextRateValues[i]}`).join(',\n         ')},
         updated_at = CASE
           WHEN ($2::text IS NOT NULL AND $2 IS DISTINCT FROM k.name) OR ($3::boolean IS TRUE AND k.disabled_at IS NULL)
             OR (ROW(${nextRateValues.join(', ')}) IS DISTINCT FROM ROW(${rateColumns.map((c) => `k.${c}`).join(', ')}))
           THEN now() ELSE k.updated_at END
       FROM target t
       WHERE k.id = t.id AND NOT ($3::boolean IS FALSE AND t.disabled_at IS NOT NULL)
       RETURNING k.id
     )
     SELECT CASE
       WHEN NOT EXISTS (SELECT 1 FROM target) THEN 'not_found'
       WHEN EXISTS (SELECT 1 FROM updated) THEN 'updated'
       ELSE 'revoked_permanently' END AS outcome`,
    [id, patch.name ?? null, patch.disabled ?? null, patch.rateLimits ? JSON.stringify(patch.rateLimits) : null],
  );
  return rows[0]!.outcome;
}

/** K4's outcome; a deleted key's hash comes back so its directory entry can follow (issue 7 item 4). */
export type DeleteOutcome = { kind: 'deleted'; keyHash: Buffer } | { kind: 'disabled' } | { kind: 'not_found' };

/**
 * K4 (and W1 for widget keys): a key never used is deleted; a used one is disabled and kept for the audit trail.
 * `table` is one of the two key tables, never input.
 */
export async function deleteKeyRow(db: Queryable, table: 'api_keys' | 'widget_keys', id: string): Promise<DeleteOutcome> {
  const deleted = await db.query<{ key_hash: Buffer }>(
    `DELETE FROM ${table} WHERE id = $1 AND last_used_at IS NULL RETURNING key_hash`,
    [id],
  );
  if (deleted.rows[0]) return { kind: 'deleted', keyHash: deleted.rows[0].key_hash };
  const disabled = await db.query(
    `UPDATE ${table} SET disabled_at = COALESCE(disabled_at, now()),
       updated_at = CASE WHEN disabled_at IS NULL THEN now() ELSE updated_at END
     WHERE id = $1`,
    [id],
  );
  return disabled.rowCount === 1 ? { kind: 'disabled' } : { kind: 'not_found' };
}

/** K4 for an API key. */
export function deleteApiKey(db: Queryable, id: string): Promise<DeleteOutcome> {
  return deleteKeyRow(db, 'api_keys', id);
}
