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
import { accountServer, type AccountServers } from '../tenancy/database-clusters.js';
import type { Queryable } from '../tenancy/queryable.js';

/** Keys remembered as found (see KeyDirectory.found): 10,000 × ~100 bytes. */
const FOUND_MAX_ENTRIES = 10_000;

export class KeyDirectory {
  /**
   * Accounts from before the directory whose keys this process could not enter yet (their backfill failed at
   * start): only for these may a miss still be a key of the account, so their own database is asked. Held in
   * memory so that the lookup never depends on the token's account: a lookup that also read the account's
   * catalog row (its flag) was measurably slower, by a few µs over HTTP, for existing accounts than for unknown
   * ones.
   */
  private readonly pending = new Set<string>();
  private retryTimer: NodeJS.Timeout | undefined;
  /**
   * Keys found lately (current-pepper hash → account, oldest first): a key's account never changes, so a known
   * key verified again once its verdict has left the cache (T6, 30 s) costs its account-database lookup alone, as
   * before the directory (P2). Only hits are kept, and only real keys hit, so a forged key never finds an entry
   * and always costs the one query. Never a positive answer by itself: the key's row decides, so an entry of a
   * key deleted meanwhile (on another instance) only costs that lookup.
   */
  private readonly found = new Map<string, string>();

  constructor(
    /** The control-plane database, for writes and backfill. */
    private readonly control: Queryable,
    /** Where lookups go: a pool of their own in a hub (see startCore), the control pool by default. */
    private readonly lookups: Queryable = control,
  ) {}

  /**
   * The account a presented key belongs to, if the directory knows the key. The hot query of every cache-miss
   * verification of an sk_live_ key: named, so each connection parses and plans it once; one primary-key probe
   * whose only input is the key's hashes (one per pepper in use), so a forged key costs exactly the same whether
   * its account exists or not.
   */
  async lookup(hashes: Buffer[]): Promise<string | undefined> {
    const memo = hashes[0]!.toString('base64');
    const known = this.found.get(memo);
    if (known !== undefined) return known;
    const { rows } = await this.lookups.query<{ account: string }>({
      name: 'api_key_directory_lookup',
      text: 'SELECT account FROM api_key_directory WHERE key_hash = ANY($1::bytea[]) LIMIT 1',
      values: [hashes],
    });
    const account = rows[0]?.account;
    if (account !== undefined) {
      this.found.set(memo, account);
      if (this.found.size > FOUND_MAX_ENTRIES) this.found.delete(this.found.keys().next().value!);
    }
    return account;
  }

  /** Whether the account's keys are not all entered yet, as far as this process knows (see `pending`). */
  isPending(account: string): boolean {
    return this.pending.size > 0 && this.pending.has(account);
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
    this.found.delete(hash.toString('base64'));
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
  async indexAccount(servers: AccountServers, account: Pick<AccountRecord, 'slug' | 'databaseName' | 'cluster'>): Promise<number> {
    const client = new pg.Client(accountServer(servers, account).connection(account.databaseName));
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

  /**
   * Enters the keys of every account flagged as not indexed, `concurrency` at a time. Those that fail stay
   * pending (their own database keeps deciding for them) until a later call succeeds.
   */
  async indexUnindexed(server: AccountServers, concurrency = KEY_INDEXING_CONCURRENCY): Promise<IndexResult[]> {
    const accounts = await this.unindexedAccounts();
    for (const { slug } of accounts) this.pending.add(slug);
    const results = await indexAccounts(this, server, accounts, concurrency);
    for (const r of results) if (r.error === undefined) this.pending.delete(r.slug);
    return results;
  }

  /** While any account is pending, retries indexUnindexed() every `everyMs`; stop() ends it. */
  retryPending(server: AccountServers, log: (message: string) => void, everyMs = 60_000): void {
    if (this.pending.size === 0 || this.retryTimer) return;
    this.retryTimer = setInterval(() => {
      void this.indexUnindexed(server).then(
        (results) => {
          const entered = results.filter((r) => r.error === undefined).length;
          if (entered > 0) log(`key directory: entered the keys of ${entered} more accounts`);
          if (this.pending.size === 0) this.stop();
        },
        () => undefined, // the control plane is unreachable: the next round tries again
      );
    }, everyMs);
    this.retryTimer.unref();
  }

  stop(): void {
    clearInterval(this.retryTimer);
    this.retryTimer = undefined;
  }

  /** The accounts (not being provisioned) whose keys are not all entered yet. */
  async unindexedAccounts(): Promise<Pick<AccountRecord, 'slug' | 'databaseName' | 'cluster'>[]> {
    const { rows } = await this.control.query<{ slug: string; database_name: string; cluster: string }>(
      `SELECT slug, database_name, cluster FROM accounts WHERE NOT keys_indexed AND status <> 'provisioning' ORDER BY slug`,
    );
    return rows.map((r) => ({ slug: r.slug, databaseName: r.database_name, cluster: r.cluster }));
  }
}

/** The outcome of indexing one account. */
export interface IndexResult {
  slug: string;
  keys?: number;
  error?: string;
}

/** Accounts whose keys are entered at once, each through a connection of its own (counted in the hub's reserve). */
export const KEY_INDEXING_CONCURRENCY = 4;

/** Runs indexAccount over `accounts`, `concurrency` at a time (each holds one connection to its database). */
export async function indexAccounts(
  directory: KeyDirectory,
  server: AccountServers,
  accounts: Pick<AccountRecord, 'slug' | 'databaseName' | 'cluster'>[],
  concurrency = KEY_INDEXING_CONCURRENCY,
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
