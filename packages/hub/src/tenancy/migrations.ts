// Versioned schema migrations (SPEC A6), run by node-pg-migrate against any database: the control plane and
// every account database. node-pg-migrate holds an advisory lock per database while it runs and applies all
// pending files in one transaction, so two hubs migrating the same account at once cannot interleave.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import pg from 'pg';

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

/** Applies every pending migration of `set` through `client`; returns the resulting version. */
export async function migrateWithClient(client: pg.ClientBase, set: MigrationSet): Promise<number> {
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
