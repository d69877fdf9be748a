// A6 `kataven migrate`: every account database brought to the latest version, a few at a time (each run
// holds node-pg-migrate's advisory lock on its own database). With a key directory given, each account's keys
// are (re-)entered in it too (issue 7 item 4): idempotent, and it also catches keys minted by an instance older
// than the directory during a rolling upgrade.
import type { KeyDirectory } from '../keys/key-directory.js';
import type { Catalog } from './catalog.js';
import { accountServer, type AccountServers } from './database-clusters.js';
import { migrateDatabase } from './migrations.js';

export interface MigrationResult {
  slug: string;
  version?: number;
  error?: string;
}

export async function migrateAllAccounts(
  /** One server, or the clusters (A8): each account is migrated on its own cluster's server. */
  servers: AccountServers,
  catalog: Catalog,
  concurrency = 4,
  directory?: KeyDirectory,
): Promise<MigrationResult[]> {
  const accounts = (await catalog.list()).filter((a) => a.status !== 'provisioning');
  const results: MigrationResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < accounts.length) {
      const account = accounts[next++]!;
      try {
        const server = accountServer(servers, account);
        const version = await migrateDatabase(server.connection(account.databaseName), 'account');
        await catalog.recordSchemaVersion(account.slug, version);
        await directory?.indexAccount(server, account);
        results.push({ slug: account.slug, version });
      } catch (err) {
        results.push({ slug: account.slug, error: err instanceof Error ? err.message : String(err) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, accounts.length) }, worker));
  return results.sort((a, b) => a.slug.localeCompare(b.slug));
}
