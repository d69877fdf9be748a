// Versioned schema migrations (SPEC A6), run by node-pg-migrate against any database: the control plane and
// every account database. node-pg-migrate holds an advisory lock per database while it runs and applies all
// pending files in one transaction, so two hubs migrating the same account at once cannot interleave.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import pg from 'pg';
import { HubError } from '../errors.js';

const migrationsRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

export type MigrationSet = 'control' | 'account';

function migrationFiles(set: MigrationSet): string[] {
  return readdirSync(path.join(migrationsRoot, set))
    .filter((f) => f.endsWith('.sql'))
    .sort();
}

/** The schema version a database of this set reaches once migrated: the number of migration files. */
export function latestSchemaVersion(set: MigrationSet): number {
  return migrationFiles(set).length;
}

/**
 * An account database that could not be brought to the latest schema (A6). It is a HubError so that a request to
 * that account answers 503 service_unavailable (the migration is retried on its next use and by the next
 * `kataven migrate`), while every other account is served: issue 14, a broken migration in one account stops
 * neither the others nor the hub. The client sees the catalogue's kind of message; `reason` keeps PostgreSQL's
 * own words for the operator (the CLI's report, the catalog's migration_error).
 */
export class AccountMigrationError extends HubError {
  override name = 'AccountMigrationError';
  constructor(readonly reason: string) {
    super('service_unavailable', "this account's database could not be brought up to date; retry later");
  }
}

/** Applies every pending migration of `set` through `client`; returns the resulting version. */
export async function migrateWithClient(client: pg.ClientBase, set: MigrationSet): Promise<number> {
  try {
    return await runMigrations(client, set);
  } catch (err) {
    // The control plane's failure stops the process at start, with its own message; an account's is that account's.
    if (set === 'control' || err instanceof HubError) throw err;
    throw new AccountMigrationError(err instanceof Error ? err.message : String(err));
  }
}

async function runMigrations(client: pg.ClientBase, set: MigrationSet): Promise<number> {
  await runner({
    dbClient: client,
    dir: path.join(migrationsRoot, set),
    migrationsTable: 'schema_migrations',
    direction: 'up',
    count: Infinity,
    checkOrder: true,
    singleTransaction: true,
    // Hubs starting together, or a lazy migration racing `kataven migrate`, queue on the lock; the later ones
    // then find nothing left to do.
    advisoryLockMode: 'wait',
    log: () => undefined,
  });
  const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
  return rows[0]?.n ?? 0;
}

/** Applies every pending migration of `set` to the database at `connection`; returns the resulting version. */
export async function migrateDatabase(connection: pg.ClientConfig, set: MigrationSet): Promise<number> {
  const client = new pg.Client(connection);
  await client.connect();
  try {
    return await migrateWithClient(client, set);
  } finally {
    await client.end();
  }
}
