// A7: creating an account creates its database, migrates it and registers it in one step that leaves nothing
// half-made. The slug is claimed first ('provisioning', invisible to authentication), so two creators of the
// same slug cannot both proceed; any failure drops the database and releases the claim.
import { HubError } from '../errors.js';
import { accountDatabaseName, isValidAccountSlug } from './account-slug.js';
import type { AccountRecord, Catalog } from './catalog.js';
import type { DatabaseServer } from './database-server.js';
import { migrateDatabase } from './migrations.js';

export interface ProvisioningDeps {
  server: DatabaseServer;
  catalog: Catalog;
  databasePrefix: string;
}

export async function createAccount(deps: ProvisioningDeps, slug: string): Promise<AccountRecord> {
  if (!isValidAccountSlug(slug)) throw new HubError('invalid_account');
  const databaseName = accountDatabaseName(slug, deps.databasePrefix);
  if (!(await deps.catalog.claim(slug, databaseName, 'default'))) throw new HubError('account_exists');
  try {
    // A database under this derived name with no catalog row can only be a leftover of a creation that died
    // half-way; start it afresh.
    if (!(await deps.server.createDatabase(databaseName))) {
      await deps.server.dropDatabase(databaseName);
      await deps.server.createDatabase(databaseName);
    }
    const version = await migrateDatabase(deps.server.connection(databaseName), 'account');
    await deps.catalog.activate(slug, version);
  } catch (err) {
    await deps.server.dropDatabase(databaseName).catch(() => undefined);
    await deps.catalog.release(slug).catch(() => undefined);
    throw err;
  }
  const account = await deps.catalog.find(slug);
  if (!account) throw new Error(`account ${slug} vanished after creation`);
  return account;
}
