// A7: creating an account creates its database, migrates it and registers it in one step that leaves nothing
// half-made. The slug is claimed first ('provisioning', invisible to authentication), so two creators of the
// same slug cannot both proceed; any failure drops the database and releases the claim. With several clusters
// (A8) the claim also places the account on the least-loaded one, and the database is made on that server.
import { HubError } from '../errors.js';
import { accountDatabaseName, isValidAccountSlug } from './account-slug.js';
import type { AccountRecord, Catalog } from './catalog.js';
import { accountServer, clusterNames, type AccountServers } from './database-clusters.js';
import { migrateDatabase } from './migrations.js';

export interface ProvisioningDeps {
  /** One server, or the clusters to place the account on. */
  server: AccountServers;
  catalog: Catalog;
  databasePrefix: string;
}

export async function createAccount(deps: ProvisioningDeps, slug: string): Promise<AccountRecord> {
  if (!isValidAccountSlug(slug)) throw new HubError('invalid_account');
  const databaseName = accountDatabaseName(slug, deps.databasePrefix);
  const cluster = await deps.catalog.claimOnLeastLoaded(slug, databaseName, clusterNames(deps.server));
  if (cluster === undefined) throw new HubError('account_exists');
  const server = accountServer(deps.server, { cluster });
  try {
    // A database under this derived name with no catalog row can only be a leftover of a creation that died
    // half-way; start it afresh.
    if (!(await server.createDatabase(databaseName))) {
      await server.dropDatabase(databaseName);
      await server.createDatabase(databaseName);
    }
    const version = await migrateDatabase(server.connection(databaseName), 'account');
    await deps.catalog.activate(slug, version);
  } catch (err) {
    await server.dropDatabase(databaseName).catch(() => undefined);
    await deps.catalog.release(slug).catch(() => undefined);
    throw err;
  }
  const account = await deps.catalog.find(slug);
  if (!account) throw new Error(`account ${slug} vanished after creation`);
  return account;
}
