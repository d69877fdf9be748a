// Issue 14 / P4 / A5: 1,000 accounts served round-robin through the HTTP API (GET /v1/agents with a dev-issuer
// user token naming each account in turn: the cheapest real authenticated path, no key to mint per account), by
// a hub whose tenant budget is 20 connections. Every request answers 200, and the connections PostgreSQL
// sees to this hub's account databases (pg_stat_activity, sampled throughout) never exceed the budget.
//
// The 1,000 databases are real: one account is created through the real path (A7: CREATE DATABASE, migrations,
// catalog), and the others are copies of its database (CREATE DATABASE … TEMPLATE, a few at a time) registered
// in the catalog as A7 does (claim, then activate at the migrated version). On this 2-core machine that takes
// ~0.14 s a database against ~0.5 s through the migrations; the creation path itself is A7's test
// (tenancy.test.ts). Every database is dropped at the end (names unique to this run).
import assert from 'node:assert/strict';
import { after, before, describe, test, type TestContext } from 'node:test';
import pg from 'pg';
import { accountDatabaseName, quoteDatabaseName } from '../src/tenancy/account-slug.js';
import { latestSchemaVersion } from '../src/tenancy/migrations.js';
import { POSTGRES_URL, startTestHub, type TestHub } from './support/test-hub.js';

const ACCOUNTS = 1000;
const BUDGET = 20;
/** Requests in flight at once, as in the measurements. */
const IN_FLIGHT = 16;
/** CREATE DATABASE at once: PostgreSQL is shared with other test runs (max_connections 100). */
const DDL_CONCURRENCY = 4;
/**
 * DROP DATABASE at once: each waits for a checkpoint, which drops waiting together may share. On the loaded
 * development machine 1,000 drops took 330 s 4 at a time and 292 s 12 at a time: the slowest phase of this test.
 */
const DROP_CONCURRENCY = 12;
/** One pass over all the accounts: each needs a connection to a database nobody has asked for since. */
const ROUNDS = 1;

let t: TestHub;
let admin: pg.Client;
let template: string;
const slugs: string[] = [];
const started = performance.now();
const phases: Record<string, number> = {};

/** Runs `work` over `items`, `concurrency` at a time. */
async function inParallel<T>(items: T[], concurrency: number, work: (item: T, worker: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (next < items.length) await work(items[next++]!, worker);
    }),
  );
}

/** Maintenance connections of their own (to `postgres`), one per DDL worker. */
async function withDdlClients(count: number, fn: (clients: pg.Client[]) => Promise<void>): Promise<void> {
  const clients = Array.from({ length: count }, () => new pg.Client({ connectionString: `${POSTGRES_URL}/postgres` }));
  await Promise.all(clients.map((c) => c.connect()));
  try {
    await fn(clients);
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

async function timed(phase: string, fn: () => Promise<void>): Promise<void> {
  const start = performance.now();
  await fn();
  phases[phase] = Math.round(performance.now() - start);
}

before(async () => {
  // The deadline of a connection (KATAVEN_PG_TIMEOUT_MS, 3 s by default) is raised: on this shared 2-core
  // machine, under other runs' load, opening a connection to a database not opened recently took up to ~1 s and
  // waiting for room behind 16 such openings more than 3 s (a few 503s in 1,000). The deadline has tests of its
  // own; this one is about the budget holding and every request being served.
  t = await startTestHub({ KATAVEN_MAX_TENANT_CONNECTIONS: String(BUDGET), KATAVEN_PG_TIMEOUT_MS: '15000' });
  admin = new pg.Client({ connectionString: `${POSTGRES_URL}/postgres` });
  await admin.connect();
  const first = await t.createAccount();
  template = (await t.hub.catalog.find(first))!.databaseName;
  // A template must have no session while it is copied.
  await t.hub.pools.close(first);
  const version = latestSchemaVersion('account');
  await timed('create databases', () =>
    withDdlClients(DDL_CONCURRENCY, (clients) =>
      inParallel(
        Array.from({ length: ACCOUNTS }, (_, i) => `many-${t.prefix.slice(1, -1)}-${i}`),
        DDL_CONCURRENCY,
        async (slug, worker) => {
          const name = accountDatabaseName(slug, t.prefix);
          assert.ok(await t.hub.catalog.claim(slug, name, 'default'));
          await clients[worker]!.query(`CREATE DATABASE ${quoteDatabaseName(name)} TEMPLATE ${quoteDatabaseName(template)}`);
          await t.hub.catalog.activate(slug, version);
          slugs.push(slug);
        },
      ),
    ),
  );
});

after(async () => {
  await timed('drop databases', async () => {
    await withDdlClients(DROP_CONCURRENCY, (clients) =>
      inParallel(slugs, DROP_CONCURRENCY, async (slug, worker) => {
        await clients[worker]!.query(`DROP DATABASE IF EXISTS ${quoteDatabaseName(accountDatabaseName(slug, t.prefix))} WITH (FORCE)`);
      }),
    ).catch(() => undefined); // close() below drops whatever is left under this run's prefix
    await admin.end();
    await t.close();
  });
  console.log(`many-accounts: ${JSON.stringify({ accounts: slugs.length, phases_ms: phases, total_s: Math.round((performance.now() - started) / 1000) })}`);
});

/** Connections to this hub's account databases as PostgreSQL sees them (the control database excluded). */
async function tenantConnections(): Promise<number> {
  const { rows } = await admin.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
     WHERE left(datname, length($1)) = $1 AND datname <> $2`,
    [t.prefix, `${t.prefix}control`],
  );
  return rows[0]!.n;
}

describe('P4/A5: 1,000 accounts round-robin under a budget of 20 connections', { timeout: 600_000 }, () => {
  test('every request answers 200 and connections never exceed the budget', async (context: TestContext) => {
    assert.equal(slugs.length, ACCOUNTS);
    let peak = 0;
    let peakCounted = 0;
    let samples = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, await tenantConnections());
        peakCounted = Math.max(peakCounted, t.hub.pools.connectionCount);
        samples++;
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    try {
      const token = await t.devToken();
      const statuses = new Map<number, number>();
      const served = new Set<string>();
      let requests = 0;
      await timed('serve', async () => {
        for (let round = 0; round < ROUNDS; round++) {
          await inParallel(slugs, IN_FLIGHT, async (slug) => {
            const response = await t.request({ url: '/v1/agents', token, account: slug });
            statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
            if (response.statusCode !== 200) context.diagnostic(`${slug}: ${response.statusCode} ${response.body}`);
            served.add(slug);
            requests++;
          });
        }
      });
      sampling = false;
      await sampler;
      context.diagnostic(
        `${requests} requests over ${served.size} accounts in ${phases.serve} ms (${Math.round((requests * 1000) / phases.serve!)} req/s); ` +
          `peak ${peak} connections in pg_stat_activity over ${samples} samples, peak ${peakCounted} counted by the hub; ` +
          `databases created in ${phases['create databases']} ms`,
      );
      assert.deepEqual(Object.fromEntries(statuses), { 200: ACCOUNTS * ROUNDS });
      assert.equal(served.size, ACCOUNTS);
      assert.ok(samples > 10, `only ${samples} samples`);
      assert.ok(peak > 0, 'the sampler saw the connections');
      assert.ok(peak <= BUDGET, `peak ${peak} connections over a budget of ${BUDGET}`);
      assert.ok(peakCounted <= BUDGET, `the hub counted ${peakCounted} connections over a budget of ${BUDGET}`);
    } finally {
      sampling = false;
      await sampler;
    }
  });
});
