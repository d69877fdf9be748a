// Issue 14 / A6 at scale, against the real PostgreSQL: 50 accounts, a new migration that fails in exactly one of
// them. `kataven migrate` leaves the other 49 migrated with their versions in the catalog and the failed one behind
// with its error recorded; the hub keeps serving the 49 and answers 503 for that one alone; once the cause is
// fixed, the next run migrates exactly that account and skips the 49 without opening a connection to them.
//
// "A new migration" is the product's own latest account migration: every account is rolled back past it (its
// Down section) and the catalog told so, which is exactly the state of a deployment that has just shipped it. The
// failing account gets, beforehand, a table of the name that migration creates, as a hand-made fix might leave.
// No test-only hook in the product is needed, and the CLI child process runs the same files.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { runner } from 'node-pg-migrate';
import pg from 'pg';
import { DatabaseServer } from '../src/tenancy/database-server.js';
import { migrateAllAccounts, type MigrationResult } from '../src/tenancy/migrate-accounts.js';
import { latestSchemaVersion } from '../src/tenancy/migrations.js';
import { cliEnv, lastLine, runCli } from './support/cli-process.js';
import { POSTGRES_URL, startTestHub, uniqueSlug, type TestHub } from './support/test-hub.js';

const ACCOUNTS = 50;
/** Accounts created, rolled back or migrated at once: the PostgreSQL server is shared (≤ 4). */
const CONCURRENCY = 4;

const migrationsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations/account');
const latest = latestSchemaVersion('account');

/** The first table the latest account migration creates: what the failing account is made to hold already. */
function tableOfLatestMigration(): string {
  const files = readdirSync(migrationsDir).filter((f) => f.endsWith('.sql')).sort();
  const up = readFileSync(path.join(migrationsDir, files[files.length - 1]!), 'utf8').split('-- Down Migration')[0]!;
  const match = /CREATE TABLE (\w+)/i.exec(up);
  assert.ok(match, `the latest account migration (${files[files.length - 1]}) creates no table for this test to collide with`);
  return match[1]!;
}

/** Runs `fn` over `items`, `limit` at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

/** The same server, counting the connections the migrator asks for, per database. */
class CountingServer extends DatabaseServer {
  readonly connections = new Map<string, number>();
  override connection(database: string): pg.ClientConfig {
    this.connections.set(database, (this.connections.get(database) ?? 0) + 1);
    return super.connection(database);
  }
}

let t: TestHub;
/** The hub's clock runs this far ahead of the real one: the test moves it past a retry backoff. */
let clockOffsetMs = 0;
let admin: pg.Client;
let slugs: string[];
let databaseOf: Map<string, string>;
let broken: string;
const collidingTable = tableOfLatestMigration();

async function withAccountDatabase<T>(slug: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(t.hub.server.connection(databaseOf.get(slug)!));
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Sessions ever opened by clients on each account database (pg_stat_database.sessions, PostgreSQL 14+: counted
 * for client backends only, so autovacuum does not move it). Read outside any transaction, so never a snapshot.
 */
async function sessionsPerDatabase(): Promise<Map<string, number>> {
  const { rows } = await admin.query<{ datname: string; sessions: string }>(
    'SELECT datname, sessions FROM pg_stat_database WHERE datname = ANY($1::text[])',
    [[...databaseOf.values()]],
  );
  return new Map(rows.map((r) => [r.datname, Number(r.sessions)]));
}

/** Connections open right now to this hub's account databases (the control plane excluded). */
async function accountConnections(): Promise<number> {
  const { rows } = await admin.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = ANY($1::text[])',
    [[...databaseOf.values()]],
  );
  return rows[0]!.n;
}

/** The catalog's schema version of every account. */
async function catalogVersions(): Promise<Map<string, number>> {
  return new Map((await t.hub.catalog.list()).map((a) => [a.slug, a.schemaVersion]));
}

function bySlug(results: MigrationResult[]): Map<string, MigrationResult> {
  return new Map(results.map((r) => [r.slug, r]));
}

before(async () => {
  const started = performance.now();
  // A small tenant budget: the server's 100 connections are shared with other test runs.
  t = await startTestHub({ KATAVEN_MAX_TENANT_CONNECTIONS: '10' }, { now: () => Date.now() + clockOffsetMs });
  admin = new pg.Client({ connectionString: `${POSTGRES_URL}/postgres` });
  await admin.connect();
  slugs = Array.from({ length: ACCOUNTS }, () => uniqueSlug('scale'));
  await eachLimited(slugs, CONCURRENCY, async (slug) => void (await t.hub.createAccount(slug)));
  databaseOf = new Map((await t.hub.catalog.list()).map((a) => [a.slug, a.databaseName]));
  broken = slugs[17]!;

  // Ship "a new migration": every account back to the version before the latest, database and catalog alike.
  await eachLimited(slugs, CONCURRENCY, (slug) =>
    withAccountDatabase(slug, async (client) => {
      await runner({
        dbClient: client,
        dir: migrationsDir,
        migrationsTable: 'schema_migrations',
        direction: 'down',
        count: 1,
        singleTransaction: true,
        log: () => undefined,
      });
      await t.hub.catalog.recordSchemaVersion(slug, latest - 1);
    }),
  );
  await withAccountDatabase(broken, (client) => client.query(`CREATE TABLE ${collidingTable} (note text)`));
  t.hub.app.log.info(`set up ${ACCOUNTS} accounts in ${Math.round(performance.now() - started)} ms`);
});

after(async () => {
  await admin?.end();
  await t?.close(); // drops the control database and every account database under this run's prefix
});

describe('kataven migrate over 50 accounts, one of which fails (issue 14, A6)', () => {
  test('the 49 are migrated and recorded, the failed one stays behind with its error, at most N at a time', async () => {
    assert.equal(databaseOf.size, ACCOUNTS);
    assert.deepEqual(new Set((await catalogVersions()).values()), new Set([latest - 1]));

    const server = new CountingServer(t.env.DATABASE_URL!);
    let peak = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, await accountConnections());
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    const results = await migrateAllAccounts(server, t.hub.catalog, { concurrency: 3, directory: t.hub.directory });
    sampling = false;
    await sampler;

    const outcomes = bySlug(results);
    assert.equal(results.length, ACCOUNTS);
    const failed = results.filter((r) => r.outcome === 'failed');
    assert.deepEqual(failed.map((r) => r.slug), [broken]);
    assert.match(failed[0]!.error!, new RegExp(`relation "${collidingTable}" already exists`));
    assert.equal(failed[0]!.version, latest - 1);
    for (const slug of slugs.filter((s) => s !== broken)) {
      assert.deepEqual(outcomes.get(slug), { slug, outcome: 'migrated', from: latest - 1, version: latest });
    }

    // The catalog: 49 at the latest version, the failed one where it was, with why.
    const versions = await catalogVersions();
    assert.equal([...versions.values()].filter((v) => v === latest).length, ACCOUNTS - 1);
    assert.equal(versions.get(broken), latest - 1);
    const failures = await t.hub.catalog.migrationFailures();
    assert.deepEqual(failures.map((f) => f.slug), [broken]);
    assert.match(failures[0]!.error, /already exists/);
    // And the databases agree with the catalog (schema_migrations counts the files applied).
    for (const slug of [slugs[0]!, broken]) {
      const applied = await withAccountDatabase(
        slug,
        async (c) => (await c.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations')).rows[0]!.n,
      );
      assert.equal(applied, slug === broken ? latest - 1 : latest);
    }

    // Every account was behind, so each was opened exactly once, and never more than 3 at a time.
    assert.equal(server.connections.size, ACCOUNTS);
    assert.deepEqual(new Set(server.connections.values()), new Set([1]));
    assert.ok(peak > 0 && peak <= 3, `peak ${peak} connections to account databases with --concurrency 3`);
  });

  test('the hub answers 503 for the failed account alone and serves the others', async () => {
    const jwt = await t.devToken();
    /** When the catalog last recorded the broken account's failure (the hub records its own asynchronously). */
    const failedAt = async () => (await t.hub.catalog.migrationFailures()).find((f) => f.slug === broken)?.failedAt.getTime();
    const failedChange = async (from: number | undefined, what: string) => {
      for (let i = 0; i < 100 && (await failedAt()) === from; i++) await new Promise((r) => setTimeout(r, 20));
      const at = await failedAt();
      assert.notEqual(at, from, what);
      return at;
    };
    const before = await failedAt();
    const healthy = slugs.filter((s) => s !== broken).slice(0, 4);
    const responses = await Promise.all(
      [broken, ...healthy].map((account) => t.request({ url: '/v1/agents', token: jwt, account, json: true })),
    );
    const [failing, ...served] = responses;
    assert.equal(failing!.statusCode, 503, failing!.body);
    assert.equal(failing!.json<{ error: { code: string } }>().error.code, 'service_unavailable');
    assert.ok(!failing!.body.includes(collidingTable), 'PostgreSQL’s own message stays with the operator');
    for (const r of served) assert.equal(r.statusCode, 200, r.body);
    const tried = await failedChange(before, 'the lazy migration was tried and its failure recorded');
    // Within the retry backoff (1 s at first) the same 503, without another try.
    assert.equal((await t.request({ url: '/v1/agents', token: jwt, account: broken })).statusCode, 503);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(await failedAt(), tried, 'not tried again within the backoff');
    // Once it has passed, the next use tries again (and fails again); the hub is still up.
    clockOffsetMs += 1_100;
    assert.equal((await t.request({ url: '/v1/agents', token: jwt, account: broken })).statusCode, 503);
    await failedChange(tried, 'tried again once the backoff passed');
    assert.equal((await t.request({ url: '/readyz' })).statusCode, 200);
  });

  test('the CLI, still broken: exits 1, reports the failure, and opens none of the 49 current accounts', { timeout: 60_000 }, async () => {
    // Nothing but the CLI may open a session meanwhile: the hub's batched audit entries of the requests above
    // (written to their accounts within a second) are flushed now, and its idle pools closed. A backend's session count reaches pg_stat_database as it exits, before it leaves pg_stat_activity: once no
    // connection to the account databases is left, the counts below are settled.
    await t.hub.audit.flush();
    await t.hub.pools.closeAll();
    const quiet = Date.now() + 5000;
    while ((await accountConnections()) > 0 && Date.now() < quiet) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(await accountConnections(), 0, 'connections to account databases left open before the CLI runs');
    const before = await sessionsPerDatabase();
    assert.equal(before.size, ACCOUNTS, 'every account database has client sessions counted');
    const r = await runCli(['migrate', '--concurrency', '3'], { env: cliEnv(t.env), cwd: t.home, timeoutMs: 45_000 });
    const described = `exit ${r.code}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;
    assert.equal(r.code, 1, described);
    assert.match(r.stdout, new RegExp(`^${broken}: FAILED at version ${latest - 1}: .*"${collidingTable}" already exists`, 'm'), described);
    assert.equal(lastLine(r.stdout), `${ACCOUNTS} accounts: 0 migrated, ${ACCOUNTS - 1} already at version ${latest}, 1 failed`, described);
    assert.match(r.stderr, new RegExp(`migrate: ${ACCOUNTS}/${ACCOUNTS} accounts done`), described);
    assert.match(r.stderr, /1 accounts failed to migrate/, described);

    // The retried account was opened (its backend's statistics reach pg_stat_database when it exits, which may
    // trail the CLI's own exit by a moment); the 49 current ones never were.
    const deadline = Date.now() + 5000;
    let after = await sessionsPerDatabase();
    while (after.get(databaseOf.get(broken)!)! <= before.get(databaseOf.get(broken)!)! && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await sessionsPerDatabase();
    }
    assert.ok(after.get(databaseOf.get(broken)!)! > before.get(databaseOf.get(broken)!)!, 'the failed account was retried');
    const opened = slugs.filter((s) => s !== broken && after.get(databaseOf.get(s)!) !== before.get(databaseOf.get(s)!));
    assert.deepEqual(opened, [], 'current accounts the CLI connected to');
  });

  test('once the cause is fixed, the next run migrates exactly that account and connects to no other', async () => {
    await withAccountDatabase(broken, (client) => client.query(`DROP TABLE ${collidingTable}`));
    const server = new CountingServer(t.env.DATABASE_URL!);
    const results = await migrateAllAccounts(server, t.hub.catalog, { directory: t.hub.directory });

    const outcomes = bySlug(results);
    assert.deepEqual(outcomes.get(broken), { slug: broken, outcome: 'migrated', from: latest - 1, version: latest });
    const current = results.filter((r) => r.outcome === 'current');
    assert.equal(current.length, ACCOUNTS - 1);
    assert.ok(current.every((r) => r.from === latest && r.version === latest));
    assert.deepEqual([...server.connections], [[databaseOf.get(broken), 1]]);

    assert.deepEqual(new Set((await catalogVersions()).values()), new Set([latest]));
    assert.deepEqual(await t.hub.catalog.migrationFailures(), []);
    // And the hub serves it again.
    const jwt = await t.devToken();
    const served = await t.request({ url: '/v1/agents', token: jwt, account: broken });
    assert.equal(served.statusCode, 200, served.body);
  });
});
