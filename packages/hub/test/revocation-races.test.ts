// T6/T7 edge cases with the real Redis: a revocation that arrives while a verification is in flight never
// lets that verification re-cache the key, and an instance whose subscription is killed (CLIENT KILL) stops
// trusting its cache until it has resubscribed.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { AuthGate } from '../src/auth/auth-gate.js';
import type { AuthService, VerifyRequest } from '../src/auth/auth-service.js';
import { VerdictCache } from '../src/auth/verdict-cache.js';
import { REDIS_URL } from './support/hub-cluster.js';
import { startTestHub, type TestHub } from './support/test-hub.js';

/** A TCP relay to the real Redis that can be told to refuse new connections: the "network" of one instance. */
async function startRelay(): Promise<{ url: string; accepting: boolean; upstreamAddresses(): Set<string>; close(): Promise<void> }> {
  const target = new URL(REDIS_URL);
  const sockets = new Set<net.Socket>();
  const upstreams = new Set<net.Socket>();
  const relay = {
    url: '',
    accepting: true,
    /**
     * The relay's own addresses towards Redis, as CLIENT LIST shows them (`addr=`): they tell this hub's connections
     * from those of the other test files' hubs, which CI runs at the same time against the same Redis.
     */
    upstreamAddresses: () => new Set([...upstreams].map((s) => `${s.localAddress}:${s.localPort}`)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server = net.createServer((client) => {
    if (!relay.accepting) {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(target.port || 6379), target.hostname);
    upstreams.add(upstream);
    upstream.on('close', () => upstreams.delete(upstream));
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  relay.url = `redis://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return relay;
}

async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

let t: TestHub;
let relay: Awaited<ReturnType<typeof startRelay>>;
let redis: Redis;
let account: string;

before(async () => {
  relay = await startRelay();
  t = await startTestHub({ REDIS_URL: relay.url });
  redis = new Redis(REDIS_URL);
  account = await t.createAccount();
});
after(async () => {
  redis.disconnect();
  await t.close();
  await relay.close();
});

async function disableInDatabase(keyId: string): Promise<void> {
  // Straight to the database, bypassing the API and so the bus: only the cache can still say "valid".
  const db = await t.hub.tenancy.database(account);
  await db.query('UPDATE api_keys SET disabled_at = now() WHERE id = $1', [keyId]);
}

const status = async (key: string) => {
  const response = await t.request({ url: '/v1/agents', token: key });
  return `${response.statusCode} ${response.statusCode === 200 ? 'ok' : response.body.split(':')[0]}`;
};

describe('T6 race: revocation during an in-flight verification', () => {
  /** The hub's real verifier, held after it has read the database until the test releases it. */
  function heldService() {
    let calls = 0;
    let readDone!: () => void;
    let release!: () => void;
    const state = {
      read: new Promise<void>((r) => (readDone = r)),
      released: new Promise<void>((r) => (release = r)),
    };
    const service: AuthService = {
      async verify(request: VerifyRequest) {
        calls++;
        const verdict = await t.hub.verifier.verify(request);
        readDone();
        await state.released;
        return verdict;
      },
    };
    return { service, read: state.read, release: () => release(), calls: () => calls };
  }

  test('control: without a revocation the verdict is cached (the second call skips the service)', async () => {
    const { key } = await t.mintKey(account);
    const held = heldService();
    const gate = new AuthGate(held.service, new VerdictCache(), t.hub.bus);
    const first = gate.verify({ token: key, accountHeader: undefined, surface: 'api' });
    await held.read;
    held.release();
    assert.equal((await first).ok, true);
    assert.equal((await gate.verify({ token: key, accountHeader: undefined, surface: 'api' })).ok, true);
    assert.equal(held.calls(), 1);
  });

  test('a revocation arriving mid-verification: the stale "valid" is not cached; the next call is refused', async () => {
    const { key, id } = await t.mintKey(account);
    const held = heldService();
    const gate = new AuthGate(held.service, new VerdictCache(), t.hub.bus);
    const inFlight = gate.verify({ token: key, accountHeader: undefined, surface: 'api' });
    await held.read; // the verifier has seen the key active

    const delivered = new Promise<void>((resolve) =>
      t.hub.bus.onRevocation((r) => r.kind === 'key' && r.key_id === id && resolve()),
    );
    const jwt = await t.devToken();
    const revoke = await t.request({ method: 'PATCH', url: `/v1/api-keys/${id}`, token: jwt, account, body: { disabled: true } });
    assert.equal(revoke.statusCode, 204);
    await delivered; // the revocation came back through Redis to this instance's subscription

    held.release();
    assert.equal((await inFlight).ok, true, 'the verification that started before the revocation completes');
    const next = await gate.verify({ token: key, accountHeader: undefined, surface: 'api' });
    assert.deepEqual(next, { ok: false, code: 'key_revoked' });
    assert.equal(held.calls(), 2, 'the second call went to the auth-service: nothing was cached');
  });
});

describe('T7 fail closed: the subscription is killed', () => {
  test('the instance drops its cache, verifies every request, and trusts a cache again once resubscribed', async () => {
    const statuses: boolean[] = [];
    t.hub.bus.onStatus((up) => statuses.push(up));
    assert.equal(t.hub.bus.subscribed, true);

    // A cached key, then revoked behind the bus's back: the cache alone still says "valid".
    const a = await t.mintKey(account, { name: 'cached-then-revoked' });
    assert.equal(await status(a.key), '200 ok');
    await disableInDatabase(a.id);
    assert.equal(await status(a.key), '200 ok', 'served from the verdict cache');

    // The network of this instance goes away, and its subscription is killed on the server.
    relay.accepting = false;
    const clients = await redis.call('CLIENT', 'LIST');
    const line = String(clients)
      .split('\n')
      .find((l) => l.includes(`name=kataven-revocations-${process.pid} `));
    assert.ok(line, 'the subscriber connection is listed');
    const clientId = /\bid=(\d+)/.exec(line)![1]!;
    assert.equal(await redis.call('CLIENT', 'KILL', 'ID', clientId), 1);
    await until(() => statuses.includes(false), 'the hub to notice the lost subscription');
    assert.equal(t.hub.bus.subscribed, false);

    // While down: nothing cached is trusted and nothing is cached.
    assert.equal(await status(a.key), '403 key_revoked', 'the cached verdict was dropped');
    const b = await t.mintKey(account, { name: 'used-while-down' });
    assert.equal(await status(b.key), '200 ok');
    assert.equal(await status(b.key), '200 ok');
    assert.equal(t.hub.cache.size, 0, 'nothing is cached while the subscription is down');
    await disableInDatabase(b.id);
    assert.equal(await status(b.key), '403 key_revoked', 'every request is checked against the database');

    // Revoking while Redis is unreachable: saved, refused everywhere this instance answers, and reported as 503
    // so the caller knows other instances were not told.
    // This hub's publisher, not another test file's (every hub names it kataven-hub): its address is the relay's.
    const ours = relay.upstreamAddresses();
    const publisher = String(await redis.call('CLIENT', 'LIST'))
      .split('\n')
      .find((l) => l.includes('name=kataven-hub ') && ours.has(/\baddr=(\S+)/.exec(l)?.[1] ?? ''));
    assert.ok(publisher, 'the publisher connection is listed');
    await redis.call('CLIENT', 'KILL', 'ID', /\bid=(\d+)/.exec(publisher)![1]!);
    const d = await t.mintKey(account, { name: 'revoked-while-down' });
    const jwt = await t.devToken();
    const revoke = await t.request({ method: 'PATCH', url: `/v1/api-keys/${d.id}`, token: jwt, account, body: { disabled: true } });
    assert.equal(revoke.statusCode, 503, revoke.body);
    assert.equal(revoke.body.split(':')[0], 'service_unavailable');
    assert.equal(await status(d.key), '403 key_revoked');

    // Back: resubscribed, and the cache is used again.
    relay.accepting = true;
    await until(() => t.hub.bus.subscribed, 'the hub to resubscribe', 10_000);
    assert.deepEqual(statuses, [false, true]);
    const c = await t.mintKey(account, { name: 'after-reconnect' });
    assert.equal(await status(c.key), '200 ok');
    assert.ok(t.hub.cache.size > 0, 'verdicts are cached again');
    await disableInDatabase(c.id);
    assert.equal(await status(c.key), '200 ok', 'served from the cache again');
  });
});
