// AU2 as one transaction, against the real PostgreSQL: a mutation and its audit row commit together, so a
// mutation whose row cannot be written changed nothing; and no path (failed audit writes, error answers, a
// client that goes away mid-request) keeps the connection or the pool lease that a request's transaction holds.
// The audit write is made to fail for real, as in audit.test.ts: a CHECK constraint no new row can satisfy.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { startTestHub, type TestHub } from './support/test-hub.js';

const code = (response: { body: string }) => response.body.split(':')[0];

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Runs `fn` while every new audit row of `account` is refused by the database. */
async function auditRefused<T>(t: TestHub, account: string, fn: () => Promise<T>): Promise<T> {
  await (await t.hub.tenancy.database(account)).query('ALTER TABLE audit_log ADD CONSTRAINT audit_refuses CHECK (false) NOT VALID');
  try {
    return await fn();
  } finally {
    await (await t.hub.tenancy.database(account)).query('ALTER TABLE audit_log DROP CONSTRAINT audit_refuses');
  }
}

async function count(t: TestHub, account: string, sql: string, values: unknown[]): Promise<number> {
  const { rows } = await (await t.hub.tenancy.database(account)).query<{ n: number }>(sql, values);
  return rows[0]!.n;
}

const assertNothingChanged = (response: { statusCode: number; body: string }) => {
  assert.equal(response.statusCode, 503, response.body);
  assert.equal(code(response), 'audit_unavailable');
  assert.match(response.body, /nothing was changed/);
};

/** O2: PUT /v1/call-limits lowering every cap to 1, as an admin with X-Admin: true. */
const lowerCallLimits = (t: TestHub, jwt: string, account: string) =>
  t.request({
    method: 'PUT',
    url: '/v1/call-limits',
    token: jwt,
    account,
    headers: { 'x-admin': 'true' },
    body: { concurrent_max: 1, calls_per_minute: 1, daily_calls_max: 1, daily_minutes_max: 1 },
  });

describe('AU2: a mutation whose audit row cannot be written changes nothing', () => {
  let t: TestHub;
  let account: string;
  let jwt: string;

  /** Every key revocation this hub published, and whether the key's change was committed when it was. */
  const published: { key_id: string; committed: boolean }[] = [];

  before(async () => {
    t = await startTestHub();
    account = await t.createAccount();
    jwt = await t.devToken();
    // The real bus, watched: before each key revocation goes out, another connection than the request's
    // (which sees only what is committed) reads the key. The request waits for that read, so a revocation
    // published inside the transaction would find the change not yet visible.
    const bus = t.hub.bus;
    const publish = bus.publish.bind(bus);
    bus.publish = async (revocation) => {
      if (revocation.kind === 'key') {
        const { rows } = await (await t.hub.tenancy.database(account)).query<{ changed: boolean }>(
          'SELECT NOT EXISTS (SELECT 1 FROM api_keys WHERE id = $1 AND disabled_at IS NULL) AS changed',
          [revocation.key_id],
        );
        published.push({ key_id: revocation.key_id, committed: rows[0]!.changed });
      }
      return publish(revocation);
    };
  });
  after(() => t.close());

  test('POST agent (every prefix, user or key): 503 audit_unavailable and no agent', async () => {
    const { key } = await t.mintKey(account, { name: 'creator' });
    for (const [url, token] of [
      ['/v1/agents', jwt],
      ['/api/v1/agents', key],
      ['/api/agents', key],
      ['/hub-api/api/agents', jwt],
    ] as const) {
      const name = `ghost-${randomUUID()}`;
      const response = await auditRefused(t, account, () =>
        t.request({ method: 'POST', url, token, ...(token === jwt ? { account } : {}), body: { name } }),
      );
      assertNothingChanged(response);
      assert.equal(await count(t, account, 'SELECT count(*)::int AS n FROM agents WHERE name = $1', [name]), 0, url);
    }
  });

  test('DELETE and PATCH agent: 503 audit_unavailable and the agent is still there, unchanged', async () => {
    const created = await t.request({ method: 'POST', url: '/v1/agents', token: jwt, account, body: { name: 'keeper' } });
    assert.equal(created.statusCode, 201);
    const id = created.json<{ id: string }>().id;
    const [deletion, patch] = await auditRefused(t, account, async () => [
      await t.request({ method: 'DELETE', url: `/v1/agents/${id}`, token: jwt, account }),
      await t.request({ method: 'PATCH', url: `/api/agents/${id}`, token: jwt, account, body: { name: 'renamed', status: 'active' } }),
    ]);
    assertNothingChanged(deletion);
    assertNothingChanged(patch);
    const read = await t.request({ url: `/v1/agents/${id}`, token: jwt, account });
    assert.equal(read.statusCode, 200, 'not deleted');
    assert.equal(read.json<{ name: string }>().name, 'keeper', 'not renamed');
    assert.equal(read.json<{ status: string }>().status, 'draft');
  });

  test('PATCH api-key disabled: 503 audit_unavailable and the key still authenticates, from the database too', async () => {
    const victim = await t.mintKey(account, { name: 'not-revoked' });
    assert.equal((await t.request({ url: '/v1/agents', token: victim.key })).statusCode, 200); // now cached
    const response = await auditRefused(t, account, () =>
      t.request({ method: 'PATCH', url: `/v1/api-keys/${victim.id}`, token: jwt, account, body: { disabled: true }, json: true }),
    );
    assert.equal(response.statusCode, 503);
    assert.equal(response.json<{ error: { code: string } }>().error.code, 'audit_unavailable');
    assert.equal(await count(t, account, 'SELECT count(*)::int AS n FROM api_keys WHERE id = $1 AND disabled_at IS NULL', [victim.id]), 1);
    assert.equal((await t.request({ url: '/v1/agents', token: victim.key })).statusCode, 200);
    // Drop its cached verdict, as a revocation would: verified against the database, it is still valid.
    t.hub.cache.revoke({ kind: 'key', account, key_id: victim.id });
    const fresh = await t.request({ url: '/v1/agents', token: victim.key });
    assert.equal(fresh.statusCode, 200, fresh.body);
    assert.ok(!published.some((p) => p.key_id === victim.id), 'no revocation was published for a change not made');
  });

  test('T6/T7: a key revocation is published only once its change is committed (PATCH and DELETE)', async () => {
    for (const [method, body] of [
      ['PATCH', { disabled: true }],
      ['DELETE', undefined],
    ] as const) {
      const victim = await t.mintKey(account, { name: `revoked-by-${method}` });
      const response = await t.request({ method, url: `/v1/api-keys/${victim.id}`, token: jwt, account, ...(body ? { body } : {}) });
      assert.equal(response.statusCode, 204, response.body);
      const revocations = published.filter((p) => p.key_id === victim.id);
      assert.equal(revocations.length, 1, 'published before the response');
      assert.equal(revocations[0]!.committed, true, `${method}: committed before it was published`);
      assert.equal((await t.request({ url: '/v1/agents', token: victim.key })).statusCode, method === 'PATCH' ? 403 : 401);
    }
  });

  test('DELETE api-key: 503 audit_unavailable and the key is neither deleted nor disabled', async () => {
    const victim = await t.mintKey(account, { name: 'not-deleted' });
    const response = await auditRefused(t, account, () =>
      t.request({ method: 'DELETE', url: `/v1/api-keys/${victim.id}`, token: jwt, account }),
    );
    assertNothingChanged(response);
    assert.equal(await count(t, account, 'SELECT count(*)::int AS n FROM api_keys WHERE id = $1 AND disabled_at IS NULL', [victim.id]), 1);
    t.hub.cache.revoke({ kind: 'key', account, key_id: victim.id });
    assert.equal((await t.request({ url: '/v1/agents', token: victim.key })).statusCode, 200);
  });

  test('POST api-key: 503 audit_unavailable, no new row in api_keys and no plaintext key in the answer', async () => {
    const before = await count(t, account, 'SELECT count(*)::int AS n FROM api_keys', []);
    const name = `unborn-${randomUUID().slice(0, 8)}`;
    const response = await auditRefused(t, account, () =>
      t.request({ method: 'POST', url: '/v1/api-keys', token: jwt, account, body: { name } }),
    );
    assertNothingChanged(response);
    assert.ok(!response.body.includes('sk_live_'));
    assert.equal(await count(t, account, 'SELECT count(*)::int AS n FROM api_keys', []), before);
    assert.equal(await count(t, account, 'SELECT count(*)::int AS n FROM api_keys WHERE name = $1', [name]), 0);
  });

  test('the O2 writes (call limits, marketplace agents, integrations): 503 audit_unavailable and nothing stored', async () => {
    const limits = () => t.request({ url: '/v1/call-limits', token: jwt, account });
    const ceilings = (await limits()).json<Record<string, number>>();
    const name = `def-${randomUUID().slice(0, 8)}`;
    const admin = { 'x-admin': 'true' };
    const responses = await auditRefused(t, account, async () => [
      await lowerCallLimits(t, jwt, account),
      await t.request({ method: 'POST', url: '/api/marketplace/agents', token: jwt, account, headers: admin, body: { name, definition: { a: 1 } } }),
      await t.request({ method: 'POST', url: '/api/integrations', token: jwt, account, headers: admin, body: { name, definition: { b: 2 } } }),
    ]);
    for (const response of responses) assertNothingChanged(response);
    assert.deepEqual((await limits()).json(), ceilings, 'the caps are unchanged');
    assert.equal(await count(t, account, 'SELECT count(*)::int AS n FROM call_limits', []), 0);
    assert.equal(await count(t, account, 'SELECT count(*)::int AS n FROM marketplace_agents WHERE name = $1', [name]), 0);
    assert.equal(await count(t, account, 'SELECT count(*)::int AS n FROM integrations WHERE name = $1', [name]), 0);
  });

  test("the refused answer is still in the log (batched, as a 503), and success commits the change with its row", async () => {
    const refused = await auditRefused(t, account, () =>
      t.request({ method: 'POST', url: '/v1/agents', token: jwt, account, body: { name: 'refused' } }),
    );
    assertNothingChanged(refused);
    await t.hub.audit.flush();
    const rowsOf = async (response: { headers: Record<string, unknown> }) =>
      (
        await (await t.hub.tenancy.database(account)).query<{ status: number }>('SELECT status FROM audit_log WHERE request_id = $1', [
          response.headers['x-request-id'],
        ])
      ).rows;
    assert.deepEqual(await rowsOf(refused), [{ status: 503 }]);
    const ok = await t.request({ method: 'POST', url: '/v1/agents', token: jwt, account, body: { name: 'accepted' } });
    assert.equal(ok.statusCode, 201);
    assert.deepEqual(await rowsOf(ok), [{ status: 201 }], 'committed with the agent, before the response');
  });

  test('an error answer after the transaction opened rolls it back and keeps the row batched (404, 409)', async () => {
    const missing = await t.request({ method: 'PATCH', url: `/v1/api-keys/${randomUUID()}`, token: jwt, account, body: { name: 'x' } });
    assert.equal(missing.statusCode, 404);
    assert.equal(code(missing), 'not_found');
    const revoked = await t.mintKey(account, { name: 'revoked' });
    const off = await t.request({ method: 'PATCH', url: `/v1/api-keys/${revoked.id}`, token: jwt, account, body: { disabled: true } });
    assert.equal(off.statusCode, 204);
    const on = await t.request({ method: 'PATCH', url: `/v1/api-keys/${revoked.id}`, token: jwt, account, body: { disabled: false } });
    assert.equal(on.statusCode, 409);
    assert.equal(code(on), 'key_revoked_permanently');
    assert.equal((await t.request({ url: '/v1/agents', token: revoked.key })).statusCode, 403, 'still revoked');
    const pool = await t.hub.tenancy.database(account);
    await until(() => pool.totalCount - pool.idleCount === 0, 'every connection back in the pool');
  });
});

describe('no leaked connection or pool lease', () => {
  let t: TestHub;
  let account: string;
  let other: string;
  let jwt: string;
  let base: string;

  before(async () => {
    // A budget of 5 connections: once the first account's pool has grown to 5, serving a second account needs
    // one of them idle (and closed to make room), which a connection never given back would prevent for ever.
    t = await startTestHub({ KATAVEN_MAX_TENANT_CONNECTIONS: '5' });
    account = await t.createAccount();
    other = await t.createAccount();
    jwt = await t.devToken();
    await t.hub.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.hub.app.server.address() as AddressInfo).port}`;
  });
  after(() => t.close());

  const openConnections = () =>
    new Promise<number>((resolve, reject) => t.hub.app.server.getConnections((err, n) => (err ? reject(err) : resolve(n))));

  /** Sends a request over a real socket and destroys it without waiting for the answer. */
  function sendAndLeave(method: string, path: string, body: string, declaredLength = Buffer.byteLength(body)): http.ClientRequest {
    const request = http.request(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${jwt}`,
        'x-account-id': account,
        'content-length': declaredLength,
        ...(declaredLength > 0 ? { 'content-type': 'application/json' } : {}),
      },
    });
    request.on('error', () => undefined);
    request.write(body);
    return request;
  }

  /**
   * A client that goes away while its mutation waits on a row lock (held here by another connection): the
   * transaction is rolled back once the statement returns, and its connection and lease are given back.
   */
  async function abandonWhileLocked(lockSql: string, lockValues: unknown[], method: string, path: string, body: string): Promise<void> {
    const record = (await t.hub.catalog.find(account))!;
    const locker = new pg.Client(t.hub.server.connection(record.databaseName));
    const monitor = new pg.Client(t.hub.server.connection(record.databaseName));
    await Promise.all([locker.connect(), monitor.connect()]);
    try {
      await locker.query('BEGIN');
      await locker.query(lockSql, lockValues);
      const request = sendAndLeave(method, path, body);
      request.end();
      await until(async () => {
        const { rows } = await monitor.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
        );
        return rows[0]!.n >= 1;
      }, 'the mutation to wait on the lock');
      request.destroy();
      await until(async () => (await openConnections()) === 0, 'the hub to see the client go');
      await new Promise((r) => setTimeout(r, 50)); // its 'close' handlers run after the count drops
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await Promise.all([locker.end(), monitor.end()]);
    }
  }

  test("a transaction's connection killed mid-request: the hub stays up, answers 503, changes nothing, leaks nothing", { timeout: 60_000 }, async () => {
    const agent = await t.request({ method: 'POST', url: '/v1/agents', token: jwt, account, body: { name: 'unkillable' } });
    assert.equal(agent.statusCode, 201);
    const agentId = agent.json<{ id: string }>().id;
    const record = (await t.hub.catalog.find(account))!;
    const locker = new pg.Client(t.hub.server.connection(record.databaseName));
    const monitor = new pg.Client(t.hub.server.connection(record.databaseName));
    await Promise.all([locker.connect(), monitor.connect()]);
    try {
      await locker.query('BEGIN');
      await locker.query('SELECT 1 FROM agents WHERE id = $1 FOR UPDATE', [agentId]);
      const deletion = t.request({ method: 'DELETE', url: `/v1/agents/${agentId}`, token: jwt, account });
      let pid: number | undefined;
      await until(async () => {
        const { rows } = await monitor.query<{ pid: number }>(
          "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
        );
        pid = rows[0]?.pid;
        return pid !== undefined;
      }, 'the deletion to wait on the lock');
      // The server ends the transaction's connection under it (a restart, an operator, a timeout would too).
      await monitor.query('SELECT pg_terminate_backend($1)', [pid]);
      const response = await deletion;
      assert.equal(response.statusCode, 503, response.body);
      assert.equal(code(response), 'service_unavailable');
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await Promise.all([locker.end(), monitor.end()]);
    }
    const pool = await t.hub.tenancy.database(account);
    await until(() => pool.totalCount - pool.idleCount === 0 && pool.waitingCount === 0, 'every connection back in the pool');
    assert.equal((await t.request({ url: `/v1/agents/${agentId}`, token: jwt, account })).statusCode, 200, 'not deleted');
    const ok = await t.request({ method: 'DELETE', url: `/v1/agents/${agentId}`, token: jwt, account });
    assert.equal(ok.statusCode, 204, ok.body);
  });

  // A leak shows as a wait for a connection or a pool that never comes: bounded, so it fails rather than hangs.
  test('30 mutations whose audit write fails and client-aborted mutations leave no connection or lease held', { timeout: 60_000 }, async () => {
    const agent = await t.request({ method: 'POST', url: '/v1/agents', token: jwt, account, body: { name: 'survivor' } });
    assert.equal(agent.statusCode, 201);
    const agentId = agent.json<{ id: string }>().id;
    const key = await t.mintKey(account, { name: 'survivor-key' });
    const admin = { 'x-admin': 'true' };
    const mutations = [
      () => t.request({ method: 'POST', url: '/v1/agents', token: jwt, account, body: { name: 'ghost' } }),
      () => t.request({ method: 'PATCH', url: `/v1/agents/${agentId}`, token: jwt, account, body: { name: 'renamed' } }),
      () => t.request({ method: 'DELETE', url: `/api/agents/${agentId}`, token: jwt, account }),
      () => t.request({ method: 'POST', url: '/v1/api-keys', token: jwt, account, body: { name: 'unborn' } }),
      () => t.request({ method: 'PATCH', url: `/v1/api-keys/${key.id}`, token: jwt, account, body: { disabled: true } }),
      () => t.request({ method: 'DELETE', url: `/v1/api-keys/${key.id}`, token: jwt, account }),
      () => lowerCallLimits(t, jwt, account),
      () => t.request({ method: 'POST', url: '/api/integrations', token: jwt, account, headers: admin, body: { name: 'crm', definition: {} } }),
    ];
    await auditRefused(t, account, async () => {
      // Three waves of ten at once: twice the pool's five connections, so requests also wait for one.
      for (let wave = 0; wave < 3; wave++) {
        const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => mutations[(wave * 10 + i) % mutations.length]!()));
        for (const response of responses) assertNothingChanged(response);
      }
    });

    // Clients that go away: twice while the body is still arriving (no transaction yet), twice mid-transaction.
    for (let i = 0; i < 2; i++) {
      const partial = sendAndLeave('POST', '/v1/agents', '{"name":', 1000);
      await new Promise((r) => setTimeout(r, 20));
      partial.destroy();
    }
    await abandonWhileLocked('SELECT 1 FROM agents WHERE id = $1 FOR UPDATE', [agentId], 'DELETE', `/v1/agents/${agentId}`, '');
    await abandonWhileLocked(
      'SELECT 1 FROM api_keys WHERE id = $1 FOR UPDATE',
      [key.id],
      'PATCH',
      `/v1/api-keys/${key.id}`,
      JSON.stringify({ disabled: true }),
    );

    const pool = await t.hub.tenancy.database(account);
    await until(() => pool.totalCount - pool.idleCount === 0 && pool.waitingCount === 0, 'every connection back in the pool');
    assert.equal(pool.waitingCount, 0);

    // Nothing the failed or abandoned requests did was committed.
    const read = await t.request({ url: `/v1/agents/${agentId}`, token: jwt, account });
    assert.equal(read.statusCode, 200, 'the agent whose deletion was abandoned is still there');
    assert.equal(read.json<{ name: string }>().name, 'survivor');
    assert.equal(await count(t, account, "SELECT count(*)::int AS n FROM agents WHERE name = 'ghost'", []), 0);
    assert.equal(await count(t, account, 'SELECT count(*)::int AS n FROM api_keys WHERE disabled_at IS NOT NULL', []), 0);
    assert.equal((await t.request({ url: '/v1/agents', token: key.key })).statusCode, 200, 'the key was never revoked');

    // A normal mutation still succeeds, its row committed with it.
    const ok = await t.request({ method: 'POST', url: '/v1/agents', token: jwt, account, body: { name: 'after' } });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(
      await count(t, account, 'SELECT count(*)::int AS n FROM audit_log WHERE request_id = $1 AND status = 201', [ok.headers['x-request-id']]),
      1,
    );

    // No connection left checked out: another account's mutation gets one of the budget's five.
    let timer: NodeJS.Timeout | undefined;
    const elsewhere = await Promise.race([
      t.request({ method: 'POST', url: '/v1/agents', token: jwt, account: other, body: { name: 'elsewhere' } }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('no room for another account: a lease or connection is still held')), 10_000);
      }),
    ]).finally(() => clearTimeout(timer));
    assert.equal(elsewhere.statusCode, 201, elsewhere.body);
    assert.ok(t.hub.pools.connectionCount <= 5, `${t.hub.pools.connectionCount} connections over a budget of 5`);
  });
});
