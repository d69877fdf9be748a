// A6 `kataven migrate`: every account database brought to the latest version, a few at a time (each run holds
// node-pg-migrate's advisory lock on its own database, and one connection to it).
//
// Issue 14, thousands of accounts: the run is resumable. The catalog's schema_version says which accounts are
// behind, so an account already at the latest version is skipped without opening a connection: re-running after
// a failure costs one catalog read plus the accounts still behind. A migration that fails in one account is
// recorded there (catalog migration_error, control migration 0005) and reported; it stops no other account, and
// since that account's version did not move, the next run retries it.
//
// With a key directory given, accounts whose keys are not all entered in it (keys_indexed false) get them entered
// (issue 7 item 4). `recheck` opens every account whatever the catalog says: the migrator confirms the version
// (a no-op when current) and every account's keys are re-entered, which also catches keys minted by an instance
// older than the directory during a rolling upgrade, or a catalog restored from an older backup.
import type { KeyDirectory } from '../keys/key-directory.js';
import type { AccountRecord, Catalog } from './catalog.js';
import { accountServer, type AccountServers } from './database-clusters.js';
import { AccountMigrationError, latestSchemaVersion, migrateDatabase } from './migrations.js';

/** migrated: its version moved in this run; current: it was already at the latest version; failed: see error. */
export type MigrationOutcome = 'migrated' | 'current' | 'failed';

export interface MigrationResult {
  slug: string;
  outcome: MigrationOutcome;
  /** The catalog's version of the account before this run. */
  from: number;
  /** Its version after this run: `from` when it failed or was skipped. */
  version: number;
  error?: string;
}

export interface MigrateAllOptions {
  /** Accounts migrated at once, each holding one connection to its own database. Default 4. */
  concurrency?: number;
  /** The key directory: accounts not fully entered in it get their keys entered. */
  directory?: KeyDirectory;
  /** Open every account, even those the catalog says are current (see the file comment). */
  recheck?: boolean;
  /** Told once per account, in the order they finish; `done` of `total` are finished, this one included. */
  onResult?: (result: MigrationResult, done: number, total: number) => void;
}

export const DEFAULT_MIGRATE_CONCURRENCY = 4;

export async function migrateAllAccounts(
  /** One server, or the clusters (A8): each account is migrated on its own cluster's server. */
  servers: AccountServers,
  catalog: Catalog,
  options: MigrateAllOptions = {},
): Promise<MigrationResult[]> {
  const { directory, recheck = false, onResult } = options;
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_MIGRATE_CONCURRENCY));
  const latest = latestSchemaVersion('account');
  const accounts = (await catalog.list()).filter((a) => a.status !== 'provisioning');
  const unindexed = new Set(directory ? (await directory.unindexedAccounts()).map((a) => a.slug) : []);

  const results: MigrationResult[] = [];
  const finish = (result: MigrationResult) => {
    results.push(result);
    onResult?.(result, results.length, accounts.length);
  };

  // An account the catalog has at (or past: a newer hub's migrations) the latest version needs no connection.
  // Past it, running this older migrator would even fail its order check on files it does not have.
  const pending: AccountRecord[] = [];
  for (const account of accounts) {
    const behind = account.schemaVersion < latest;
    if (behind || recheck || unindexed.has(account.slug)) pending.push(account);
    else finish({ slug: account.slug, outcome: 'current', from: account.schemaVersion, version: account.schemaVersion });
  }

  let next = 0;
  const worker = async () => {
    while (next < pending.length) {
      const account = pending[next++]!;
      const index = recheck || unindexed.has(account.slug) ? directory : undefined;
      finish(await migrateOne(servers, catalog, account, latest, recheck, index));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, pending.length) }, worker));
  return results.sort((a, b) => a.slug.localeCompare(b.slug));
}

async function migrateOne(
  servers: AccountServers,
  catalog: Catalog,
  account: AccountRecord,
  latest: number,
  recheck: boolean,
  /** Given when the account's keys are to be (re-)entered in the key directory. */
  directory: KeyDirectory | undefined,
): Promise<MigrationResult> {
  const from = account.schemaVersion;
  let version = from;
  let outcome: MigrationOutcome = 'current';
  let server;
  try {
    // An account on a cluster this instance was not given fails here, like a failed migration.
    server = accountServer(servers, account);
    if (from < latest || recheck) {
      version = await migrateDatabase(server.connection(account.databaseName), 'account');
      await catalog.recordSchemaVersion(account.slug, version);
      outcome = version !== from ? 'migrated' : 'current';
    }
  } catch (err) {
    const error = err instanceof AccountMigrationError ? err.reason : err instanceof Error ? err.message : String(err);
    // Best effort: the report below says it even when the catalog cannot be written.
    await catalog.recordMigrationFailure(account.slug, error).catch(() => undefined);
    return { slug: account.slug, outcome: 'failed', from, version: from, error };
  }
  try {
    await directory?.indexAccount(server, account);
  } catch (err) {
    // keys_indexed stays false, so the next run (and the hub's own retry) enters them again.
    const message = err instanceof Error ? err.message : String(err);
    return { slug: account.slug, outcome: 'failed', from, version, error: `entering its keys in the key directory: ${message}` };
  }
  return { slug: account.slug, outcome, from, version };
}
