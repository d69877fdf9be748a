// Accounts made as copies of a migrated account's database (CREATE DATABASE … TEMPLATE) and registered in the
// catalog as A7 registers them: how the P4 benches make many accounts far faster than A7's whole path (which
// migrates each new database). The template must have no session while it is copied.
import type pg from 'pg';
import { quoteDatabaseName } from '../packages/hub/src/tenancy/account-slug.js';

/** The part of the hub's catalog a copy needs (the hub of bench-hub.ts or of the test support alike). */
export interface CatalogRegistration {
  claim(slug: string, databaseName: string, cluster: string): Promise<boolean>;
  activate(slug: string, schemaVersion: number): Promise<void>;
}

/** Claims `slug` in the catalog, copies `template` into `databaseName` through `admin`, and activates it. */
export async function copyAccount(
  catalog: CatalogRegistration,
  admin: pg.Client,
  slug: string,
  databaseName: string,
  template: { databaseName: string; schemaVersion: number },
): Promise<void> {
  if (!(await catalog.claim(slug, databaseName, 'default'))) throw new Error(`${slug} exists`);
  await admin.query(`CREATE DATABASE ${quoteDatabaseName(databaseName)} TEMPLATE ${quoteDatabaseName(template.databaseName)}`);
  await catalog.activate(slug, template.schemaVersion);
}
