// Issue 7 item 4: the control plane's directory of sk_live_ keys, HMAC → account (T3: never the plaintext).
//
// Why it exists: T1's checksum is public, so a well-formed key for any account is free to forge. Looking such a
// key up in its account's database opened (or evicted) a tenant pool per forged account (A5) and took longer for
// an existing account than for an unknown one, telling tenants apart. The verifier asks the directory first: one
// indexed query on the control plane, the same for every account, known or not; only a hit goes further.
//
// Writes: a mint enters the key before its account-database row exists (an entry without a row is never a
// positive answer: a hit still needs the row); a hard delete (K4) removes it after the account database has
// committed; a pepper rotation's re-hash enters the new hash and then drops the old one. Revoked keys keep their
// entry (they stay 403 key_revoked, T4). Parameterised SQL only.
import pg from 'pg';
import type { AccountRecord } from '../tenancy/catalog.js';
import type { DatabaseServer } from '../tenancy/database-server.js';
import type { Queryable } from '../tenancy/queryable.js';

/** What one directory lookup answers about a presented key. */
export interface DirectoryLookup {
  /** The account the key belongs to, if the directory knows the key. */
  account: string | undefined;
  /**
   * The token's account exists and its keys have not been entered yet (created before the directory and not yet
   * backfilled): only then may a miss still be a key of that account.
   */
  tokenAccountUnindexed: boolean;
}

export class KeyDirectory {
  constructor(private readonly control: Queryable) {}

  /**
   * The hot query of every cache-miss verification of an sk_live_ key: named, so each connection parses and
   * plans it once. Two primary-key probes whatever the answer, so a forged key costs the same for an existing
   * account and for an unknown one.
   */
  async lookup(hashes: Buffer[], tokenAccount: string): Promise<DirectoryLookup> {
    const { rows } = await this.control.query<{ account: string | null; unindexed: boolean | null }>({
      name: 'api_key_directory_lookup',
      text: `SELECT (SELECT account FROM api_key_directory WHERE key_hash = ANY($1::bytea[]) LIMIT 1) AS account,
        (SELECT NOT keys_indexed FROM accounts WHERE slug = $2) AS unindexed`,
      values: [hashes, tokenAccount],
    });
    const row = rows[0];
    return { account: row?.account ?? undefined, tokenAccountUnindexed: row?.unindexed === true };
  }

  /** Enters a key (idempotent). */
  async add(hash: Buffer, pepperVersion: string, account: string): Promise<void> {
    await this.control.query(
      `INSERT INTO api_key_directory (key_hash, account, pepper_version) VALUES ($1, $2, $3)
       ON CONFLICT (key_hash) DO NOTHING`,
      [hash, account, pepperVersion],
    );
  }

  /** Removes a key's entry; an entry left behind (this failing) is harmless: a hit still needs the key's row. */
  async remove(hash: Buffer): Promise<void> {
    await this.control.query('DELETE FROM api_key_directory WHERE key_hash = $1', [hash]);
  }

  /**
   * T3 rotation: the key is entered under its new hash before the old one is dropped, so no verifier sees the
   * key in neither.
   */
  async rehash(account: string, oldHash: Buffer, newHash: Buffer, pepperVersion: string, rehashRow: () => Promise<void>): Promise<void> {
    await this.add(newHash, pepperVersion, account);
    await rehashRow();
    if (!oldHash.equals(newHash)) await this.remove(oldHash);
  }

  /**
   * Backfill: enters every key of the account's database (hashes only) and marks the account indexed. Reads the
   * account database through a connection of its own, outside the tenant pools (their budget is for requests).
   */
  async indexAccount(server: DatabaseServer, account: Pick<AccountRecord, 'slug' | 'databaseName'>): Promise<number> {
    const client = new pg.Client(server.connection(account.databaseName));
    await client.connect();
    let keys: { key_hash: Buffer; pepper_version: string }[];
    try {
      keys = (await client.query<{ key_hash: Buffer; pepper_version: string }>('SELECT key_hash, pepper_version FROM api_keys')).rows;
    } finally {
      await client.end().catch(() => undefined);
    }
    await this.control.query(
      `INSERT INTO api_key_directory (key_hash, account, pepper_version)
       SELECT h, $2, v FROM unnest($1::bytea[], $3::text[]) AS k(h, v)
       ON CONFLICT (key_hash) DO NOTHING`,
      [keys.map((k) => k.key_hash), account.slug, keys.map((k) => k.pepper_version)],
    );
    await this.control.query('UPDATE accounts SET keys_indexed = true WHERE slug = $1', [account.slug]);
    return keys.length;
  }

  /** The accounts (not being provisioned) whose keys are not all entered yet. */
  async unindexedAccounts(): Promise<Pick<AccountRecord, 'slug' | 'databaseName'>[]> {
    const { rows } = await this.control.query<{ slug: string; database_name: string }>(
      `SELECT slug, database_name FROM accounts WHERE NOT keys_indexed AND status <> 'provisioning' ORDER BY slug`,
    );
    return rows.map((r) => ({ slug: r.slug, databaseName: r.database_name }));
  }
}

/** The outcome of indexing one account. */
export interface IndexResult {
  slug: string;
  keys?: number;
  error?: string;
}

/** Runs indexAccount over `accounts`, `concurrency` at a time (each holds one connection to its database). */
export async function indexAccounts(
  directory: KeyDirectory,
  server: DatabaseServer,
  accounts: Pick<AccountRecord, 'slug' | 'databaseName'>[],
  concurrency = 4,
): Promise<IndexResult[]> {
  const results: IndexResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < accounts.length) {
      const account = accounts[next++]!;
      try {
        results.push({ slug: account.slug, keys: await directory.indexAccount(server, account) });
      } catch (err) {
        results.push({ slug: account.slug, error: err instanceof Error ? err.message : String(err) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, accounts.length) }, worker));
  return results;
}
