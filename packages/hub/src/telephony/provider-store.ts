// C2 carrier accounts (providers) in one account database. Parameterised SQL only. The credentials are one
// JSON object sealed with AES-256-GCM (SecretBox) and bound, as additional data, to the account, the table, the
// provider's id and its kind: a ciphertext copied to another provider, another account's provider, or a row
// whose kind was changed does not open. Nothing in this file returns the credentials except
// openProviderCredentials(), for the call path (C3a); the API never does.
import { HubError } from '../errors.js';
import type { SecretBox, SecretPlace } from '../secrets/secret-box.js';
import type { Queryable } from '../tenancy/queryable.js';
import { CREDENTIAL_FIELDS, checkCredentials, isProviderKind, type ProviderKind } from './provider-credentials.js';

export type { ProviderKind } from './provider-credentials.js';

export const PROVIDERS_TABLE = 'telephony_providers';

/** A provider as the API shows it: never its credentials, only which fields they have (CREDENTIAL_FIELDS). */
export interface ProviderRecord {
  id: string;
  provider: ProviderKind;
  name: string | null;
  created_at: Date;
  updated_at: Date;
}

const columns = 'id, provider, name, created_at, updated_at';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where a provider's sealed credentials live: the kind is part of the place, so it cannot be swapped either. */
export function credentialsPlace(account: string, providerId: string, kind: ProviderKind): SecretPlace {
  return { account, table: PROVIDERS_TABLE, row: providerId, field: `credentials:${kind}` };
}

function seal(secrets: SecretBox, account: string, id: string, kind: ProviderKind, credentials: Record<string, string>): Buffer {
  // The fields in their documented order, so equal credentials always serialise alike.
  const ordered = Object.fromEntries(CREDENTIAL_FIELDS[kind].map((f) => [f, credentials[f]]));
  return secrets.seal(JSON.stringify(ordered), credentialsPlace(account, id, kind));
}

export async function listProviders(db: Queryable): Promise<ProviderRecord[]> {
  const { rows } = await db.query<ProviderRecord>(`SELECT ${columns} FROM ${PROVIDERS_TABLE} ORDER BY created_at DESC, id DESC`);
  return rows;
}

/** Undefined for an id that is not a UUID (no SQL) or that no row of this account has. */
export async function findProvider(db: Queryable, id: string): Promise<ProviderRecord | undefined> {
  if (!UUID.test(id)) return undefined;
  const { rows } = await db.query<ProviderRecord>(`SELECT ${columns} FROM ${PROVIDERS_TABLE} WHERE id = $1`, [id]);
  return rows[0];
}

/**
 * The provider, locked so that it cannot be deleted before the caller's transaction ends (a number about to
 * point at it). FOR KEY SHARE is what the foreign key takes itself; it does not block other readers or updates.
 */
export async function lockProviderForUse(db: Queryable, id: string): Promise<ProviderRecord | undefined> {
  if (!UUID.test(id)) return undefined;
  const { rows } = await db.query<ProviderRecord>(`SELECT ${columns} FROM ${PROVIDERS_TABLE} WHERE id = $1 FOR KEY SHARE`, [id]);
  return rows[0];
}

/** The provider, locked for a change of its own (PATCH, DELETE) until the caller's transaction ends. */
export async function lockProviderForUpdate(db: Queryable, id: string): Promise<ProviderRecord | undefined> {
  if (!UUID.test(id)) return undefined;
  const { rows } = await db.query<ProviderRecord>(`SELECT ${columns} FROM ${PROVIDERS_TABLE} WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0];
}

/**
 * Inserts a provider under `id`, chosen by the caller (crypto.randomUUID): the id is sealed into the credentials'
 * additional data, so it must be known before the row exists. `credentials` must have passed checkCredentials().
 */
export async function insertProvider(
  db: Queryable,
  secrets: SecretBox,
  account: string,
  fields: { id: string; provider: ProviderKind; name: string | null; credentials: Record<string, string> },
): Promise<ProviderRecord> {
  const sealed = seal(secrets, account, fields.id, fields.provider, fields.credentials);
  const { rows } = await db.query<ProviderRecord>(
    `INSERT INTO ${PROVIDERS_TABLE} (id, provider, name, credentials) VALUES ($1, $2, $3, $4) RETURNING ${columns}`,
    [fields.id, fields.provider, fields.name, sealed],
  );
  return rows[0]!;
}

/**
 * Renames and/or replaces the credentials (whole, re-sealed with a fresh nonce) of `provider`, a row the caller
 * has locked (lockProviderForUpdate). A change that names nothing leaves the row, updated_at included, alone.
 */
export async function updateProvider(
  db: Queryable,
  secrets: SecretBox,
  account: string,
  provider: ProviderRecord,
  fields: { name?: string | null; credentials?: Record<string, string> },
): Promise<ProviderRecord> {
  if (fields.name === undefined && fields.credentials === undefined) return provider;
  const sealed = fields.credentials ? seal(secrets, account, provider.id, provider.provider, fields.credentials) : null;
  const { rows } = await db.query<ProviderRecord>(
    `UPDATE ${PROVIDERS_TABLE} SET
       name = CASE WHEN $2 THEN $3 ELSE name END,
       credentials = COALESCE($4, credentials),
       updated_at = now()
     WHERE id = $1
     RETURNING ${columns}`,
    [provider.id, fields.name !== undefined, fields.name ?? null, sealed],
  );
  return rows[0]!;
}

/** How many numbers use the provider (C2: it cannot be deleted while any does). */
export async function numbersUsingProvider(db: Queryable, id: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM phone_numbers WHERE provider_id = $1', [id]);
  return rows[0]?.n ?? 0;
}

/**
 * Deletes a provider no number uses. Runs in the caller's transaction: the row is locked first, so a number
 * added concurrently either committed before the count (and is counted) or waits and then finds no provider.
 */
export async function deleteProvider(db: Queryable, id: string): Promise<'deleted' | 'not_found' | 'in_use'> {
  const provider = await lockProviderForUpdate(db, id);
  if (!provider) return 'not_found';
  if ((await numbersUsingProvider(db, provider.id)) > 0) return 'in_use';
  await db.query(`DELETE FROM ${PROVIDERS_TABLE} WHERE id = $1`, [provider.id]);
  return 'deleted';
}

/**
 * C3a: the decrypted credentials of one provider of `account`, for the call processor; undefined when the
 * account has no such provider. A sealed value that does not open here (copied from another row or another
 * account, altered, or sealed under another KATAVEN_SECRETS_KEY) is never returned: it throws HubError
 * `provider_credentials_unreadable` (409: re-enter the credentials with PATCH), never a 500, and the error says
 * nothing of the value.
 */
export async function openProviderCredentials(
  db: Queryable,
  secrets: SecretBox,
  account: string,
  providerId: string,
): Promise<{ provider: ProviderKind; credentials: Record<string, string> } | undefined> {
  if (!UUID.test(providerId)) return undefined;
  const { rows } = await db.query<{ id: string; provider: string; credentials: Buffer }>(
    `SELECT id, provider, credentials FROM ${PROVIDERS_TABLE} WHERE id = $1`,
    [providerId],
  );
  const row = rows[0];
  if (!row) return undefined;
  if (!isProviderKind(row.provider)) throw new HubError('provider_credentials_unreadable');
  let plaintext: string;
  try {
    // The row's own id (canonical lowercase from PostgreSQL) is the place, whatever case the caller used.
    plaintext = secrets.open(row.credentials, credentialsPlace(account, row.id, row.provider));
  } catch {
    throw new HubError('provider_credentials_unreadable');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(plaintext);
  } catch {
    throw new HubError('provider_credentials_unreadable');
  }
  // Defence in depth: what opened must still be exactly the kind's credentials.
  const check = checkCredentials(row.provider, parsed);
  if (!check.ok) throw new HubError('provider_credentials_unreadable');
  return { provider: row.provider, credentials: check.credentials };
}
