// A5–A7 against the real PostgreSQL: pools under a connection budget, lazy and fan-out migrations, and
// account creation that leaves nothing half-made.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { createAccount } from '../src/tenancy/account-provisioning.js';
import { DatabaseServer } from '../src/tenancy/database-server.js';
import { migrateAllAccounts } from '../src/tenancy/migrate-accounts.js';
import { latestSchemaVersion } from '../src/tenancy/migrations.js';
import { POSTGRES_URL, startTestHub, uniqueSlug, type TestHub } from './support/test-hub.js';

let t: TestHub;
let admin: pg.Client;

before(async () => {
  // A budget of 10 connections: whatever the number of accounts served, at most 10 connections in all.
  t = await startTestHub({ KATAVEN_MAX_TENANT_CONNECTIONS: '10' });
  admin = new pg.Client({ connectionString: `${POSTGRES_URL}/postgres` });
  await admin.connect();
});
after(async () => {
  await admin.end();
  await t.close();
});

async function databaseExists(name: string): Promise<boolean> {
  const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  return rowCount === 1;
}

/** Connections the hub holds to account databases (its control-plane pool excluded). */
async function tenantConnections(): Promise<number> {
  const { rows } = await admin.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
     WHERE left(datname, length($1)) = $1 AND datname <> $2`,
    [t.prefix, `${t.prefix}control`],
  );
  return rows[0]!.n;
}

describe('A5 per-account pools under a global budget', () => {
  test('12 accounts served concurrently never hold more connections than the budget', async () => {
    const accounts = await Promise.all(Array.from({ length: 12 }, () => t.createAccount()));
    const keys = await Promise.all(accounts.map((a) => t.mintKey(a)));
    let peak = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, await tenantConnections());
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const statuses: number[] = [];
    for (let round = 0; round < 3; round++) {
      const responses = await Promise.all(
        keys.flatMap(({ key }) => [1, 2, 3].map(() => t.request({ url: '/v1/agents', token: key }))),
      );
      statuses.push(...responses.map((r) => r.statusCode));
    }
    sampling = false;
    await sampler;
    assert.deepEqual(new Set(statuses), new Set([200]));
    assert.ok(peak > 0, 'the sampler saw the connections');
    assert.ok(peak <= 10, `peak ${peak} connections over a budget of 10`);
    // Once the audit rows written after the answers are in, a pool remains only for an account that still
    // holds a connection (the budget counts connections, not pools: up to 10 accounts with one each).
    for (let i = 0; i < 100 && t.hub.pools.poolCount > 10; i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(t.hub.pools.poolCount <= 10, `${t.hub.pools.poolCount} pools open`);
    assert.ok(t.hub.pools.connectionCount <= 10);
  });
});

describe('A5 × AU2: a connection closed to make room writes its account\'s queued audit rows first', () => {
  /** Connections ever opened to a database (ended ones are counted by PostgreSQL when their backend exits). */
  async function sessionsOf(database: string): Promise<number> {
    await admin.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await admin.query<{ n: string }>('SELECT sessions::text AS n FROM pg_stat_database WHERE datname = $1', [database]);
    return Number(rows[0]!.n);
  }

  async function connectionsTo(database: string): Promise<number> {
    const { rows } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [database]);
    return rows[0]!.n;
  }

  test('a cold account served once opens one connection, and its row is written through it', async () => {
    const cold = await t.createAccount();
    const others = await Promise.all(Array.from({ length: 10 }, () => t.createAccount()));
    const [coldKey, ...otherKeys] = await Promise.all([cold, ...others].map((a) => t.mintKey(a)));
    const database = (await t.hub.catalog.find(cold))!.databaseName;
    // Every pool closed and every queued row written: the budget of 10 is empty, nothing is pending.
    await t.hub.audit.flush();
    await t.hub.pools.closeAll();
    for (let i = 0; i < 100 && (await connectionsTo(database)) > 0; i++) await new Promise((r) => setTimeout(r, 20));
    const before = await sessionsOf(database);

    const answer = await t.request({ url: '/v1/agents', token: coldKey!.key });
    assert.equal(answer.statusCode, 200, answer.body);
    const requestId = String(answer.headers['x-request-id']);
    // Ten other accounts at once: the budget is full, so the cold account's idle connection is closed to make
    // room, and its queued row goes through it before it closes.
    const answers = await Promise.all(otherKeys.map(({ key }) => t.request({ url: '/v1/agents', token: key })));
    assert.deepEqual(new Set(answers.map((a) => a.statusCode)), new Set([200]));
    for (let i = 0; i < 100 && (await connectionsTo(database)) > 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(await connectionsTo(database), 0, "the cold account's connection was closed to make room");

    const db = new pg.Client(t.hub.server.connection(database));
    await db.connect();
    try {
      const { rows } = await db.query<{ route: string; status: number }>('SELECT route, status FROM audit_log WHERE request_id = $1', [requestId]);
      assert.deepEqual(rows, [{ route: '/v1/agents', status: 200 }]);
    } finally {
      await db.end();
    }
    // One connection for the request and its row (the checking connection above is the second one).
    assert.equal((await sessionsOf(database)) - before, 2, 'no connection was opened just to write the row');
  });
});

describe('A6 migrations', () => {
  async function setBehind(slug: string): Promise<void> {
    await t.hub.pools.close(slug);
    const record = (await t.hub.catalog.find(slug))!;
    const db = new pg.Client(t.hub.server.connection(record.databaseName));
    await db.connect();
    await db.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
    await db.end();
    await t.hub.catalog.recordSchemaVersion(slug, 0);
  }

  test('an account behind is migrated lazily before its first use', async () => {
    const slug = await t.createAccount();
    await setBehind(slug);
    const jwt = await t.devToken();
    const response = await t.request({ url: '/v1/agents', token: jwt, account: slug });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), []);
    assert.equal((await t.hub.catalog.find(slug))!.schemaVersion, latestSchemaVersion('account'));
  });

  test('migrations started together queue on the advisory lock instead of failing', async () => {
    const slug = await t.createAccount();
    await setBehind(slug);
    const record = (await t.hub.catalog.find(slug))!;
    const { migrateDatabase } = await import('../src/tenancy/migrations.js');
    const versions = await Promise.all(
      [1, 2, 3].map(() => migrateDatabase(t.hub.server.connection(record.databaseName), 'account')),
    );
    assert.deepEqual(versions, [1, 2, 3].map(() => latestSchemaVersion('account')));
  });

  test('kataven migrate brings every account up to date and records the version', async () => {
    const behind = [await t.createAccount(), await t.createAccount()];
    for (const slug of behind) await setBehind(slug);
    const results = await migrateAllAccounts(t.hub.server, t.hub.catalog, { concurrency: 2 });
    for (const slug of behind) {
      const result = results.find((r) => r.slug === slug);
      assert.deepEqual(result, { slug, outcome: 'migrated', from: 0, version: latestSchemaVersion('account') });
      assert.equal((await t.hub.catalog.find(slug))!.schemaVersion, latestSchemaVersion('account'));
    }
    assert.ok(results.every((r) => r.error === undefined));
    // Running it again is a no-op that still succeeds: every account is current.
    const again = await migrateAllAccounts(t.hub.server, t.hub.catalog);
    assert.ok(again.every((r) => r.outcome === 'current' && r.version === latestSchemaVersion('account')));
  });
});

describe('A7 atomic account creation', () => {
  test('a failure while migrating leaves no database and no catalog row', async () => {
    // The same server, except that the new account's database is reached on a port nothing listens on.
    class UnreachableAccounts extends DatabaseServer {
      override connection(database: string): pg.ClientConfig {
        const config = super.connection(database);
        if (database === t.hub.server.controlDatabase || database === 'postgres') return config;
        return { ...config, connectionString: config.connectionString!.replace(':5432/', ':1/') };
      }
    }
    const server = new UnreachableAccounts(t.env.DATABASE_URL!);
    const slug = uniqueSlug('broken');
    await assert.rejects(createAccount({ server, catalog: t.hub.catalog, databasePrefix: t.prefix }, slug));
    assert.equal(await t.hub.catalog.find(slug), undefined);
    const { accountDatabaseName } = await import('../src/tenancy/account-slug.js');
    assert.equal(await databaseExists(accountDatabaseName(slug, t.prefix)), false);
    // The slug is free again.
    assert.equal(await t.createAccount(slug), slug);
  });

  test('two concurrent creations of one slug: exactly one succeeds, the other is account_exists', async () => {
    const slug = uniqueSlug('race');
    const results = await Promise.allSettled([t.hub.createAccount(slug), t.hub.createAccount(slug)]);
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.equal(fulfilled.length, 1);
    assert.equal(rejected.length, 1);
    assert.equal((rejected[0]!.reason as { code?: string }).code, 'account_exists');
    assert.equal((await t.hub.catalog.find(slug))!.status, 'active');
  });

  test('a leftover database of a creation that died half-way is replaced', async () => {
    const slug = uniqueSlug('orphan');
    const { accountDatabaseName } = await import('../src/tenancy/account-slug.js');
    const name = accountDatabaseName(slug, t.prefix);
    await t.hub.server.createDatabase(name);
    assert.equal(await t.createAccount(slug), slug);
    const key = await t.mintKey(slug);
    assert.equal((await t.request({ url: '/v1/agents', token: key.key })).statusCode, 200);
  });

  test('the database name is derived and quoted; the catalog records it with its cluster', async () => {
    const slug = await t.createAccount('acme_corp-eu');
    const record = (await t.hub.catalog.find(slug))!;
    assert.match(record.databaseName, new RegExp(`^${t.prefix}acme_corp_eu_[0-9a-f]{10}$`));
    assert.equal(record.cluster, 'default');
    assert.equal(record.status, 'active');
    assert.equal(record.discoverable, false);
    assert.equal(record.maxKeyExpiryDays, null);
    assert.ok(await databaseExists(record.databaseName));
  });
});
