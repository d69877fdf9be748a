// Issue 7 item 4: the negative cache of refused forged keys (src/auth/refusal-cache.ts), alone with an injected
// clock, and in the hub's gate with the auth-service in-process and remote over gRPC (T5): a repeated forged key
// costs no database call; only `invalid_token` of an sk_live_ key is remembered; an account coming back forgets.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { RefusalCache } from '../src/auth/refusal-cache.js';
import { generateKey } from '../src/auth/token-format.js';
import { freePort } from './support/cli-process.js';
import { countBackendCalls } from './support/backend-calls.js';
import { startTestHub, type TestHub } from './support/test-hub.js';

const code = (body: string) => body.split(':')[0];

describe('RefusalCache alone (injected clock)', () => {
  test('remembers a refusal for its TTL, then forgets it', () => {
    let clock = 1_000_000;
    const cache = new RefusalCache({ ttlMs: 60_000, now: () => clock });
    cache.add('fp', 'acme', cache.begin());
    assert.equal(cache.has('fp'), true);
    clock += 59_999;
    assert.equal(cache.has('fp'), true);
    clock += 1;
    assert.equal(cache.has('fp'), false);
    assert.equal(cache.size, 0, 'an expired entry is dropped when met');
  });

  test('is bounded: past maxEntries the oldest refusal goes first', () => {
    const cache = new RefusalCache({ maxEntries: 3 });
    for (const fp of ['a', 'b', 'c', 'd']) cache.add(fp, 'acme', cache.begin());
    assert.equal(cache.size, 3);
    assert.deepEqual(['a', 'b', 'c', 'd'].map((fp) => cache.has(fp)), [false, true, true, true]);
  });

  test("an account revocation forgets that account's refusals only; a key revocation changes nothing", () => {
    const cache = new RefusalCache();
    cache.add('x1', 'x', cache.begin());
    cache.add('y1', 'y', cache.begin());
    cache.revoke({ kind: 'key', account: 'x', key_id: 'k' });
    assert.deepEqual([cache.has('x1'), cache.has('y1')], [true, true]);
    cache.revoke({ kind: 'account', account: 'x' });
    assert.deepEqual([cache.has('x1'), cache.has('y1')], [false, true]);
  });

  test('a refusal computed while an account revocation arrived, or the subscription changed, is not stored', () => {
    const cache = new RefusalCache();
    const started = cache.begin();
    cache.revoke({ kind: 'account', account: 'other' });
    cache.add('late', 'x', started);
    assert.equal(cache.has('late'), false);
    const again = cache.begin();
    cache.clear();
    cache.add('late', 'x', again);
    assert.equal(cache.has('late'), false);
    cache.add('late', 'x', cache.begin());
    assert.equal(cache.has('late'), true);
  });
});

for (const mode of ['in-process', 'gRPC'] as const) {
  describe(`the gate's negative cache, auth-service ${mode}`, () => {
    let t: TestHub;
    let account: string;
    let jwt: string;

    before(async () => {
      t = await startTestHub({}, mode === 'gRPC' ? { grpcAuthService: {} } : {});
      account = await t.createAccount();
      jwt = await t.devToken();
    });
    after(() => t?.close());

    const agents = (key: string) => t.request({ url: '/v1/agents', token: key });

    test('a forged key presented again is refused without any database call', async () => {
      const forged = generateKey('sk_live_', account);
      const first = await countBackendCalls(() => agents(forged));
      assert.equal(first.result.statusCode, 401);
      assert.equal(code(first.result.body), 'invalid_token');
      assert.ok(first.database >= 1, `the first refusal asked the directory (${first.database} calls)`);
      const again = await countBackendCalls(() => agents(forged));
      assert.equal(again.result.statusCode, 401);
      assert.equal(again.result.body, first.result.body);
      assert.equal(again.result.headers['www-authenticate'], 'Bearer error="invalid_token"');
      assert.equal(again.database, 0, `a remembered refusal made ${again.database} database calls`);
      assert.equal(again.redis, 0);
    });

    test('revoked and expired keys and bad JWTs are not remembered: each is answered from its row again', async () => {
      const revoked = await t.mintKey(account, { name: 'revoked' });
      const patched = await t.request({ method: 'PATCH', url: `/v1/api-keys/${revoked.id}`, token: jwt, account, body: { disabled: true } });
      assert.equal(patched.statusCode, 204);
      const before = t.hub.refusals!.size;
      for (let i = 0; i < 2; i++) {
        const counted = await countBackendCalls(() => agents(revoked.key));
        assert.equal(code(counted.result.body), 'key_revoked');
        assert.ok(counted.database >= 1, `attempt ${i + 1} was verified`);
      }
      const badJwt = `${jwt.slice(0, -4)}${jwt.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
      const refused = await t.request({ url: '/v1/agents', token: badJwt, account });
      assert.equal(code(refused.body), 'invalid_token');
      assert.equal(t.hub.refusals!.size, before, 'nothing new remembered');
    });

    test('an account disabled and enabled again: refusals of its keys are forgotten at once (T7)', async () => {
      const comeback = await t.createAccount();
      const { key } = await t.mintKey(comeback);
      const admin = (status: 'active' | 'disabled') =>
        t.hub.app.inject({
          method: 'PATCH',
          url: `/api/admin/accounts/${comeback}`,
          headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
          payload: { status },
        });
      assert.equal((await admin('disabled')).statusCode, 200);
      for (let i = 0; i < 2; i++) assert.equal(code((await agents(key)).body), 'invalid_token');
      assert.equal((await admin('active')).statusCode, 200);
      assert.equal((await agents(key)).statusCode, 200);
    });
  });
}

describe('a transient failure is never remembered', () => {
  let t: TestHub;
  before(async () => {
    // A hub whose auth-service (gRPC) is not there: every verification is 503 service_unavailable.
    t = await startTestHub({ KATAVEN_AUTH_SERVICE_URL: `127.0.0.1:${await freePort()}` });
  });
  after(() => t?.close());

  test('service_unavailable twice for the same forged key, and nothing cached', async () => {
    const forged = generateKey('sk_live_', 'acme');
    for (let i = 0; i < 2; i++) {
      const response = await t.request({ url: '/v1/agents', token: forged });
      assert.equal(response.statusCode, 503, response.body);
      assert.equal(code(response.body), 'service_unavailable');
    }
    assert.equal(t.hub.refusals!.size, 0);
  });
});
