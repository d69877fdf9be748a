// Issue 7: revocation and fail-closed survive the failures that do not close anything. Two hub instances share
// PostgreSQL and Redis, as behind a load balancer; instance B reaches both through TCP relays this test controls
// (support/tcp-relay.ts), which stop forwarding silently (a NAT or a firewall dropping a flow), reset, or refuse.
// Each case ends with B recovering without a restart.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../src/config.js';
import { DEFAULT_BUS_TIMING } from '../src/auth/revocation-bus.js';
import { startHub, type Hub } from '../src/hub.js';
import { REDIS_URL } from './support/hub-cluster.js';
import { TcpRelay } from './support/tcp-relay.js';
import { POSTGRES_URL, startTestHub, type TestHub } from './support/test-hub.js';

/** The documented bound (README): a silently cut instance accepts a revoked key for at most this long. */
const SILENT_CUT_BOUND_MS = DEFAULT_BUS_TIMING.heartbeatDeadlineMs + 50;
/** What a loaded 2-core CI machine may add to a timer, on top of a bound. */
const SCHEDULING_SLACK_MS = 750;
const PG_TIMEOUT_MS = 1000;
const REDIS_TIMEOUT_MS = DEFAULT_BUS_TIMING.commandTimeoutMs;

const errorCode = (r: LightMyRequestResponse) => r.body.split(':')[0];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

let a: TestHub;
let b: Hub;
let redisRelay: TcpRelay;
let pgRelay: TcpRelay;
let account: string;
let jwt: string;
/** A key that is never revoked: "B serves" means B answers it 200. */
let probe: { key: string; id: string };

before(async () => {
  redisRelay = await TcpRelay.start({ host: '127.0.0.1', port: Number(new URL(REDIS_URL).port || 6379) });
  pgRelay = await TcpRelay.start({ host: '127.0.0.1', port: Number(new URL(POSTGRES_URL).port || 5432) });
  a = await startTestHub({ REDIS_URL, KATAVEN_PG_TIMEOUT_MS: String(PG_TIMEOUT_MS) });
  // B: the same deployment (databases, pepper, home), through the relays.
  b = await startHub(
    loadConfig(
      {
        ...a.env,
        REDIS_URL: redisRelay.urlFor(REDIS_URL),
        DATABASE_URL: pgRelay.urlFor(a.env.DATABASE_URL!),
      },
      a.home,
    ),
  );
  await b.app.ready();
  account = await a.createAccount();
  // Thousands of requests in this file: the account's rate limits are not what it tests.
  await a.hub.control.query(
    'UPDATE accounts SET rate_per_minute = 100000, rate_per_hour = 100000, rate_per_day = 100000, rate_concurrent = 100 WHERE slug = $1',
    [account],
  );
  jwt = await a.devToken();
  probe = await a.mintKey(account, { name: 'probe' });
});

after(async () => {
  await redisRelay.setMode('pass');
  await pgRelay.setMode('pass');
  await b?.close();
  await a?.close();
  await redisRelay?.close();
  await pgRelay?.close();
});

const get = (hub: Hub, key: string) =>
  hub.app.inject({ method: 'GET', url: '/v1/agents', headers: { authorization: `Bearer ${key}` } });

const revoke = (id: string) =>
  a.request({ method: 'PATCH', url: `/v1/api-keys/${id}`, token: jwt, account, body: { disabled: true } });

/** A key both instances have verified and cached. */
async function warmKey(name: string): Promise<{ key: string; id: string }> {
  const minted = await a.mintKey(account, { name });
  for (const hub of [a.hub, b]) {
    for (let i = 0; i < 2; i++) assert.equal((await get(hub, minted.key)).statusCode, 200, `warm-up of ${name}`);
  }
  return minted;
}

/** Heals B's network and waits (bounded) until B serves again: no restart, nothing but time. */
async function healed(): Promise<void> {
  await redisRelay.setMode('pass');
  await pgRelay.setMode('pass');
  await until(() => b.bus.subscribed, 'B to trust its subscription again');
  // Connections replaced during the fault finish their handshakes (milliseconds; 503 meanwhile).
  await until(async () => (await get(b, probe.key)).statusCode === 200, 'B to serve again', 5000);
}

describe('1. the subscriber connection alone goes silent', () => {
  test('the revoking request answers 503, B refuses the key within the bound, and B recovers by itself', async () => {
    const victim = await warmKey('silent-subscriber');
    assert.equal(b.bus.subscribed, true);
    const cut = performance.now();
    const n = redisRelay.blackholeWhere((c) => c.firstBytes.includes('kataven-revocations'));
    assert.equal(n, 1, 'exactly B’s subscriber connection is cut');

    // B is live (its heartbeats still refresh its presence through the publisher), so its missing
    // acknowledgement is a failed publish, not a success.
    const revoked = await revoke(victim.id);
    assert.equal(revoked.statusCode, 503, revoked.body);
    assert.equal(errorCode(revoked), 'service_unavailable');
    // The revoking instance refuses at once.
    assert.equal(errorCode(await get(a.hub, victim.key)), 'key_revoked');

    // B still answers from its cache until its heartbeat deadline; then it drops the cache and refuses.
    let acceptedFor = 0;
    await until(async () => {
      const answer = await get(b, victim.key);
      if (answer.statusCode === 200) {
        acceptedFor = performance.now() - cut;
        return false;
      }
      assert.equal(errorCode(answer), 'key_revoked', answer.body);
      return true;
    }, 'B to refuse the revoked key');
    const refusedAfter = performance.now() - cut;
    process.stdout.write(`# silent subscriber: last accept ${acceptedFor.toFixed(0)} ms, first refusal ${refusedAfter.toFixed(0)} ms after the cut\n`);
    assert.ok(acceptedFor <= SILENT_CUT_BOUND_MS + SCHEDULING_SLACK_MS, `B accepted the revoked key ${acceptedFor} ms after the cut`);

    // B replaced its connections and proved the new subscription with a heartbeat: trusted again, no restart.
    await until(() => b.bus.subscribed, 'B to resubscribe');
    // Repeating the idempotent revocation republishes it, and now every live instance acknowledges.
    const again = await revoke(victim.id);
    assert.equal(again.statusCode, 204, again.body);
    // And a new revocation reaches B through its new subscription at once.
    const next = await warmKey('after-recovery');
    assert.equal((await revoke(next.id)).statusCode, 204);
    assert.equal(errorCode(await get(b, next.key)), 'key_revoked');
  });
});

describe('2. B is silently partitioned from Redis and PostgreSQL', () => {
  test('requests answer 503 within their deadlines; nothing revoked is answered 200 after the partition heals', async () => {
    const victim = await warmKey('partitioned');
    const fresh = await a.mintKey(account, { name: 'never-seen-by-b' });
    await redisRelay.setMode('blackhole');
    await pgRelay.setMode('blackhole');
    try {
      // A cached verdict still needs the rate limiter (Redis): its deadline answers.
      let started = performance.now();
      const cached = await get(b, victim.key);
      assert.equal(cached.statusCode, 503, cached.body);
      assert.equal(errorCode(cached), 'service_unavailable');
      assert.ok(performance.now() - started < REDIS_TIMEOUT_MS + SCHEDULING_SLACK_MS, 'answered within the Redis deadline');
      // A key B has never seen needs PostgreSQL: its deadline answers.
      started = performance.now();
      const uncached = await get(b, fresh.key);
      assert.equal(uncached.statusCode, 503, uncached.body);
      assert.equal(errorCode(uncached), 'service_unavailable');
      assert.ok(performance.now() - started < 2 * PG_TIMEOUT_MS + SCHEDULING_SLACK_MS, 'answered within the PostgreSQL deadlines');

      // Revoked through A while B is unreachable but still present: reported as not yet everywhere.
      const revoked = await revoke(victim.id);
      assert.equal(revoked.statusCode, 503, revoked.body);
      assert.equal(errorCode(revoked), 'service_unavailable');
      // B stops trusting its cache by its deadline, so its presence (which it cannot refresh) lapses.
      await until(() => !b.bus.subscribed, 'B to distrust its subscription', SILENT_CUT_BOUND_MS + SCHEDULING_SLACK_MS);
    } finally {
      await healed();
    }
    for (let i = 0; i < 5; i++) {
      const answer = await get(b, victim.key);
      assert.equal(answer.statusCode, 403, answer.body);
      assert.equal(errorCode(answer), 'key_revoked');
    }
    assert.equal((await get(b, fresh.key)).statusCode, 200, 'B serves again without a restart');
  });

  test('a request that waited on a silent database while its key was revoked does not answer 200 when it heals', async () => {
    const victim = await warmKey('waited-through');
    // B's existing database connections go silent; Redis (and so the revocation bus) keeps working.
    pgRelay.blackholeWhere(() => true);
    const inFlight = get(b, victim.key); // cached verdict, admitted, then waits on the agents query
    await sleep(100);
    const revoked = await revoke(victim.id);
    assert.equal(revoked.statusCode, 204, revoked.body);
    // The network heals before the query's deadline: the query completes, the handler would answer 200.
    await pgRelay.setMode('pass');
    const answer = await inFlight;
    assert.equal(answer.statusCode, 403, answer.body);
    assert.equal(errorCode(answer), 'key_revoked');
  });
});

describe('3. loud failures answer 503 and recover', () => {
  test('a PostgreSQL connection reset answers 503 service_unavailable, not 500', async () => {
    const key = await a.mintKey(account, { name: 'pg-reset' });
    assert.equal((await get(b, key.key)).statusCode, 200);
    // Every connection B holds is reset, and new ones too.
    await pgRelay.setMode('reset');
    try {
      const answer = await get(b, key.key);
      assert.equal(answer.statusCode, 503, answer.body);
      assert.equal(errorCode(answer), 'service_unavailable');
    } finally {
      await pgRelay.setMode('pass');
    }
    await until(async () => (await get(b, key.key)).statusCode === 200, 'B to serve again');
  });

  test('Redis refusing connections answers 503 at once, and B recovers when it accepts again', async () => {
    const key = await warmKey('redis-refused');
    await redisRelay.setMode('refuse');
    try {
      const started = performance.now();
      const answer = await get(b, key.key);
      assert.equal(answer.statusCode, 503, answer.body);
      assert.equal(errorCode(answer), 'service_unavailable');
      assert.ok(performance.now() - started < REDIS_TIMEOUT_MS + SCHEDULING_SLACK_MS);
    } finally {
      await healed();
    }
    await until(async () => (await get(b, key.key)).statusCode === 200, 'B to serve again');
  });
});
