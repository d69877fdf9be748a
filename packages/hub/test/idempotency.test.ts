// SPEC §E Idempotency-Key, through the real HTTP pipeline against the real PostgreSQL and Redis: a repeat gets the
// first answer (same status and body, `Idempotent-Replayed: true`) and runs nothing; another body is 422
// idempotency_key_reused; a repeat while the first runs is 409 idempotency_key_in_use; 5xx and 429 answers are not
// kept, so a retry runs; keys are per account and surface; a retried originate places one call; concurrent
// duplicates run once, in one process and across two processes sharing Redis. Both stores (Redis, in-process).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { InProcessIdempotencyStore } from '../src/idempotency/in-process-store.js';
import { RedisIdempotencyStore } from '../src/idempotency/redis-store.js';
import { IDEMPOTENCY_LEASE_MS, IDEMPOTENCY_TTL_MS, type IdempotencyStore } from '../src/idempotency/store.js';
import { errorCode, listen } from './support/calls.js';
import { lastLine } from './support/cli-process.js';
import { REDIS_URL, startHubCluster, type HubCluster } from './support/hub-cluster.js';
import { startTestHub, type RequestOptions, type TestHub } from './support/test-hub.js';

const FROM = '+15550000001';
const TO = '+15557654321';
const TWILIO = { account_sid: `AC${'3'.repeat(32)}`, auth_token: 'idempotency-test-token' };

let keys = 0;
/** A fresh Idempotency-Key (visible ASCII, as clients make them). */
const newKey = () => `idem-${process.pid}-${Date.now()}-${keys++}`;

interface Tenant {
  account: string;
  key: string;
  jwt: string;
  agent: string;
}

/** An account with lifted rate limits, a key, an active agent, a provider and an outbound number. */
async function tenant(t: TestHub, jwt: string): Promise<Tenant> {
  const account = await t.createAccount();
  const lots = 1_000_000;
  await t.hub.catalog.update(account, { rateLimits: { per_minute: lots, per_hour: lots, per_day: lots, concurrent: 1000 } });
  const { key } = await t.mintKey(account);
  const post = async (url: string, body: unknown) => {
    const r = await t.request({ method: 'POST', url, token: key, body });
    assert.equal(r.statusCode, 201, `${url}: ${r.body}`);
    return r.json<{ id: string }>().id;
  };
  const agent = await post('/v1/agents', { name: 'Caller', status: 'active' });
  const provider = await post('/v1/telephony/providers', { provider: 'twilio', credentials: TWILIO });
  await post('/v1/telephony/numbers', { number: FROM, provider_id: provider });
  return { account, key, jwt, agent };
}

const withKey = (key: string, options: RequestOptions): RequestOptions => ({
  method: 'POST',
  ...options,
  headers: { ...(options.headers ?? {}), 'idempotency-key': key },
});

const replayed = (r: LightMyRequestResponse) => r.headers['idempotent-replayed'] === 'true';

async function agentCount(t: TestHub, tn: Tenant): Promise<number> {
  return (await t.request({ url: '/v1/agents', token: tn.key })).json<unknown[]>().length;
}

async function callCount(t: TestHub, tn: Tenant): Promise<number> {
  return (await t.request({ url: '/v1/calls?limit=200', token: tn.key })).json<{ data: unknown[] }>().data.length;
}

async function setCaps(t: TestHub, tn: Tenant, caps: Record<string, number>): Promise<void> {
  const limits = { concurrent_max: 10, calls_per_minute: 30, daily_calls_max: 1000, daily_minutes_max: 600, ...caps };
  const r = await t.request({ method: 'PUT', url: '/v1/call-limits', token: tn.jwt, account: tn.account, headers: { 'x-admin': 'true' }, body: limits });
  assert.equal(r.statusCode, 200, r.body);
}

for (const store of ['redis', 'in-process'] as const) {
  describe(`Idempotency-Key (${store} store)`, () => {
    let t: TestHub;
    let jwt: string;
    before(async () => {
      t = await startTestHub({ ...(store === 'redis' ? { REDIS_URL } : {}), KATAVEN_SIMULATED_CALL_SECONDS: '600' });
      await listen(t.hub);
      jwt = await t.devToken();
    });
    after(() => t?.close());

    test('a repeat gets the first answer, with Idempotent-Replayed: true, and creates nothing more', async () => {
      const tn = await tenant(t, jwt);
      const key = newKey();
      const body = { name: 'Once', greeting_message: 'hello', status: 'draft' };
      const first = await t.request(withKey(key, { url: '/v1/agents', token: tn.key, body }));
      assert.equal(first.statusCode, 201, first.body);
      assert.equal(first.headers['idempotent-replayed'], undefined);
      const before = await agentCount(t, tn);
      // The same body with its keys in another order is the same request (compared canonically).
      for (const again of [body, { status: 'draft', greeting_message: 'hello', name: 'Once' }]) {
        const repeat = await t.request(withKey(key, { url: '/v1/agents', token: tn.key, body: again }));
        assert.equal(repeat.statusCode, 201);
        assert.equal(repeat.body, first.body);
        assert.ok(replayed(repeat));
        assert.match(String(repeat.headers['content-type']), /^application\/json/);
        assert.ok(repeat.headers['x-request-id'] && repeat.headers['x-request-id'] !== first.headers['x-request-id'], 'its own request id');
      }
      assert.equal(await agentCount(t, tn), before);
    });

    test('the same key with another body, or on another route, is 422 idempotency_key_reused', async () => {
      const tn = await tenant(t, jwt);
      const key = newKey();
      assert.equal((await t.request(withKey(key, { url: '/v1/agents', token: tn.key, body: { name: 'A' } }))).statusCode, 201);
      const before = await agentCount(t, tn);
      const other = await t.request(withKey(key, { url: '/v1/agents', token: tn.key, body: { name: 'B' } }));
      assert.equal(other.statusCode, 422);
      assert.equal(errorCode(other), 'idempotency_key_reused');
      const json = await t.request(withKey(key, { url: '/v1/agents', token: tn.key, body: { name: 'B' }, json: true }));
      assert.equal(json.json<{ error: { code: string } }>().error.code, 'idempotency_key_reused');
      const elsewhere = await t.request(withKey(key, { url: '/v1/telephony/numbers', token: tn.key, body: { name: 'A' } }));
      assert.equal(errorCode(elsewhere), 'idempotency_key_reused');
      assert.equal(await agentCount(t, tn), before);
    });

    test('keys are per account and per surface', async () => {
      const a = await tenant(t, jwt);
      const b = await tenant(t, jwt);
      const key = newKey();
      const body = { name: 'Shared key' };
      const inA = await t.request(withKey(key, { url: '/v1/agents', token: a.key, body }));
      const inB = await t.request(withKey(key, { url: '/v1/agents', token: b.key, body }));
      assert.equal(inB.statusCode, 201);
      assert.ok(!replayed(inB), "another account's key is another key");
      assert.notEqual(inB.json<{ id: string }>().id, inA.json<{ id: string }>().id);
      // The hub surface (/api/v1, a Hub user) counts apart from the api surface (/v1).
      const hub = await t.request(withKey(key, { url: '/api/v1/agents', token: jwt, account: a.account, body }));
      assert.equal(hub.statusCode, 201);
      assert.ok(!replayed(hub));
      // /api/v1 and /hub-api/api/v1 are one surface: the same route there is a repeat.
      const legacy = await t.request(withKey(key, { url: '/hub-api/api/v1/agents', token: jwt, account: a.account, body }));
      assert.ok(replayed(legacy));
      assert.equal(legacy.body, hub.body);
    });

    test('a malformed key is 400 invalid_idempotency_key and runs nothing', async () => {
      const tn = await tenant(t, jwt);
      const before = await agentCount(t, tn);
      for (const key of ['x'.repeat(256), 'with space', 'tab\tkey', '', 'é-key']) {
        const r = await t.request(withKey(key, { url: '/v1/agents', token: tn.key, body: { name: 'No' } }));
        assert.equal(r.statusCode, 400, `${JSON.stringify(key)}: ${r.body}`);
        assert.equal(errorCode(r), 'invalid_idempotency_key');
      }
      const longest = await t.request(withKey('k'.repeat(255), { url: '/v1/agents', token: tn.key, body: { name: 'Yes' } }));
      assert.equal(longest.statusCode, 201, '255 characters are allowed');
      assert.equal(await agentCount(t, tn), before + 1);
    });

    test('a 4xx answer is kept; a GET ignores the header', async () => {
      const tn = await tenant(t, jwt);
      const key = newKey();
      const first = await t.request(withKey(key, { url: '/v1/agents', token: tn.key, body: { name: 7 } }));
      assert.equal(errorCode(first), 'invalid_body');
      const repeat = await t.request(withKey(key, { url: '/v1/agents', token: tn.key, body: { name: 7 } }));
      assert.equal(repeat.statusCode, 400);
      assert.equal(repeat.body, first.body);
      assert.ok(replayed(repeat));
      const read = await t.request({ url: '/v1/agents', token: tn.key, headers: { 'idempotency-key': key } });
      assert.equal(read.statusCode, 200);
      assert.ok(!replayed(read));
    });

    test('a 401 or 403 is not kept: the same key with the right credential runs', async () => {
      const tn = await tenant(t, jwt);
      const key = newKey();
      const body = { name: 'crm', definition: { kind: 'webhook' } };
      // O2: an API key may not; then an admin Hub user with X-Admin: true, on the same surface and account.
      const refused = await t.request(withKey(key, { url: '/api/integrations', token: tn.key, body }));
      assert.equal(errorCode(refused), 'requires_hub_ui_auth');
      const noHeader = await t.request(withKey(key, { url: '/api/integrations', token: jwt, account: tn.account, body }));
      assert.equal(errorCode(noHeader), 'admin_header_required');
      const stored = await t.request(withKey(key, { url: '/api/integrations', token: jwt, account: tn.account, body, headers: { 'x-admin': 'true' } }));
      assert.equal(stored.statusCode, 201, stored.body);
      assert.ok(!replayed(stored));
      const again = await t.request(withKey(key, { url: '/api/integrations', token: jwt, account: tn.account, body, headers: { 'x-admin': 'true' } }));
      assert.ok(replayed(again));
    });

    test('T3: a POST whose answer carries a secret ignores the key, so the secret is never stored nor sent twice', async () => {
      const tn = await tenant(t, jwt);
      for (const [url, token, account, body] of [
        ['/api/v1/api-keys', jwt, tn.account, { name: 'secret', expiry: '30d' }],
        ['/v1/widget-keys', tn.key, undefined, { name: 'site' }],
        ['/v1/widget/auth/user-token', tn.key, undefined, { external_user_id: 'u-1' }],
      ] as const) {
        const key = newKey();
        const answers = [];
        for (let i = 0; i < 2; i++) {
          const r = await t.request(withKey(key, { url, token, ...(account ? { account } : {}), body }));
          assert.ok(r.statusCode === 200 || r.statusCode === 201, `${url}: ${r.body}`);
          assert.ok(!replayed(r), url);
          answers.push(r.json<{ key?: string; user_token?: string }>());
        }
        const secretOf = (a: { key?: string; user_token?: string }) => a.key ?? a.user_token;
        assert.ok(secretOf(answers[0]!) && secretOf(answers[0]!) !== secretOf(answers[1]!), `${url}: two secrets, none replayed`);
      }
    });

    test('the shared negative suite: a refused credential claims nothing', async () => {
      const tn = await tenant(t, jwt);
      const other = await tenant(t, jwt);
      const revoked = await t.mintKey(tn.account, { name: 'to revoke' });
      const off = await t.request({ method: 'PATCH', url: `/api/v1/api-keys/${revoked.id}`, token: jwt, account: tn.account, body: { disabled: true } });
      assert.equal(off.statusCode, 204, off.body);
      const key = newKey();
      const body = { name: 'Guarded' };
      const cases: [string, Omit<RequestOptions, 'url'>, string][] = [
        ['no token', {}, 'missing_token'],
        ['malformed', { token: 'sk_live_nope' }, 'malformed_token'],
        ['revoked', { token: revoked.key }, 'key_revoked'],
        ['another account', { token: tn.key, account: other.account }, 'account_mismatch'],
        ['reserved account', { token: jwt, account: 'kataven-admin' }, 'reserved_account'],
        ['JWT without X-Account-ID', { token: jwt }, 'missing_account_header'],
      ];
      for (const [name, credential, code] of cases) {
        const r = await t.request(withKey(key, { ...credential, url: '/v1/agents', body }));
        assert.equal(errorCode(r), code, `${name}: ${r.body}`);
        assert.ok(!replayed(r), name);
      }
      const real = await t.request(withKey(key, { url: '/v1/agents', token: tn.key, body }));
      assert.equal(real.statusCode, 201, real.body);
      assert.ok(!replayed(real), 'the key was never claimed by a refused request');
    });

    test('concurrent duplicates: exactly one runs; the others get 409 idempotency_key_in_use or its answer', async () => {
      const tn = await tenant(t, jwt);
      const before = await agentCount(t, tn);
      const key = newKey();
      const answers = await Promise.all(
        Array.from({ length: 12 }, () => t.request(withKey(key, { url: '/v1/agents', token: tn.key, body: { name: 'Race' } }))),
      );
      const ran = answers.filter((r) => r.statusCode === 201 && !replayed(r));
      assert.equal(ran.length, 1, answers.map((r) => `${r.statusCode} ${r.body.slice(0, 40)}`).join('\n'));
      for (const r of answers) {
        if (r === ran[0]) continue;
        if (r.statusCode === 409) assert.equal(errorCode(r), 'idempotency_key_in_use');
        else assert.ok(replayed(r) && r.body === ran[0]!.body, `${r.statusCode} ${r.body}`);
      }
      assert.ok(answers.some((r) => r.statusCode === 409), 'some duplicate arrived while the first ran');
      assert.equal(await agentCount(t, tn), before + 1);
    });

    test('originate retried with the same key places exactly one call', async () => {
      const tn = await tenant(t, jwt);
      const key = newKey();
      const body = { agent_id: tn.agent, from_number: FROM, to_number: TO };
      const first = await t.request(withKey(key, { url: '/v1/calls/originate', token: tn.key, body }));
      assert.equal(first.statusCode, 200, first.body);
      const retries = await Promise.all(Array.from({ length: 5 }, () => t.request(withKey(key, { url: '/v1/calls/originate', token: tn.key, body }))));
      for (const r of retries) {
        assert.equal(r.statusCode, 200);
        assert.ok(replayed(r));
        assert.equal(r.json<{ call_id: string }>().call_id, first.json<{ call_id: string }>().call_id);
      }
      // Concurrent first attempts with a new key: one call.
      const key2 = newKey();
      const racing = await Promise.all(Array.from({ length: 8 }, () => t.request(withKey(key2, { url: '/v1/calls/originate', token: tn.key, body }))));
      assert.equal(racing.filter((r) => r.statusCode === 200 && !replayed(r)).length, 1, racing.map((r) => r.body).join('\n'));
      assert.equal(await callCount(t, tn), 2);
    });

    test('a 429 (cost cap) is not kept: the retry with the same key runs once the cap allows', async () => {
      const tn = await tenant(t, jwt);
      await setCaps(t, tn, { concurrent_max: 0 });
      const key = newKey();
      const body = { agent_id: tn.agent, from_number: FROM, to_number: TO };
      const capped = await t.request(withKey(key, { url: '/v1/calls/originate', token: tn.key, body }));
      assert.equal(capped.statusCode, 429, capped.body);
      await setCaps(t, tn, { concurrent_max: 5 });
      const retry = await t.request(withKey(key, { url: '/v1/calls/originate', token: tn.key, body }));
      assert.equal(retry.statusCode, 200, retry.body);
      assert.ok(!replayed(retry));
      assert.equal(await callCount(t, tn), 1);
    });
  });
}

describe('a 5xx answer is not kept', () => {
  let t: TestHub;
  before(async () => {
    // Not listening yet: the hub does not know its URL, so originate answers 503 call_processor_unavailable.
    t = await startTestHub({ REDIS_URL, KATAVEN_SIMULATED_CALL_SECONDS: '600' });
  });
  after(() => t?.close());

  test('the retry with the same key runs and places the call', async () => {
    const tn = await tenant(t, await t.devToken());
    const key = newKey();
    const body = { agent_id: tn.agent, from_number: FROM, to_number: TO };
    const failed = await t.request(withKey(key, { url: '/v1/calls/originate', token: tn.key, body }));
    assert.equal(failed.statusCode, 503, failed.body);
    assert.equal(errorCode(failed), 'call_processor_unavailable');
    await listen(t.hub);
    const retry = await t.request(withKey(key, { url: '/v1/calls/originate', token: tn.key, body }));
    assert.equal(retry.statusCode, 200, retry.body);
    assert.ok(!replayed(retry));
    const again = await t.request(withKey(key, { url: '/v1/calls/originate', token: tn.key, body }));
    assert.ok(replayed(again));
    assert.equal(await callCount(t, tn), 1);
  });
});

describe('the stores themselves', () => {
  const answer = { status: 201, contentType: 'application/json; charset=utf-8', body: '{"ok":true}' };
  const stores: [string, () => Promise<{ store: IdempotencyStore; advance?: (ms: number) => void }>][] = [
    [
      'in-process',
      async () => {
        let now = 1_000_000;
        return { store: new InProcessIdempotencyStore(() => now), advance: (ms) => void (now += ms) };
      },
    ],
    ['redis', async () => ({ store: await RedisIdempotencyStore.connect(REDIS_URL, `test-${process.pid}-${Date.now()}`, { leaseMs: 300 }) })],
  ];
  for (const [name, make] of stores) {
    test(`${name}: begin, in progress, replay, mismatch; only the claim's holder answers or releases`, async () => {
      const { store, advance } = await make();
      try {
        const started = await store.begin('k1', 'fp');
        assert.equal(started.kind, 'started');
        assert.deepEqual(await store.begin('k1', 'fp'), { kind: 'in_progress' });
        assert.deepEqual(await store.begin('k1', 'other'), { kind: 'mismatch' });
        // A stale token (a claim that was lost) changes nothing.
        await store.complete('k1', 'not-the-token', answer);
        await store.release('k1', 'not-the-token');
        assert.deepEqual(await store.begin('k1', 'fp'), { kind: 'in_progress' });
        if (started.kind !== 'started') throw new Error('unreachable');
        await store.complete('k1', started.token, answer);
        assert.deepEqual(await store.begin('k1', 'fp'), { kind: 'replay', answer });
        // Released: the next request runs.
        const second = await store.begin('k2', 'fp');
        assert.equal(second.kind, 'started');
        if (second.kind === 'started') await store.release('k2', second.token);
        assert.equal((await store.begin('k2', 'fp')).kind, 'started');
        // An unanswered claim expires after its lease (a crashed instance's); an answer after 24 h.
        const lease = await store.begin('k3', 'fp');
        if (advance) {
          advance(IDEMPOTENCY_LEASE_MS + 1);
          assert.equal((await store.begin('k3', 'fp')).kind, 'started');
          advance(IDEMPOTENCY_TTL_MS - IDEMPOTENCY_LEASE_MS - 2000);
          assert.equal((await store.begin('k1', 'fp')).kind, 'replay', 'kept for 24 h');
          advance(3000);
          assert.equal((await store.begin('k1', 'fp')).kind, 'started', 'gone after 24 h');
        } else {
          assert.equal(lease.kind, 'started');
          await new Promise((resolve) => setTimeout(resolve, 400));
          assert.equal((await store.begin('k3', 'fp')).kind, 'started');
          assert.equal((await store.begin('k1', 'fp')).kind, 'replay');
        }
      } finally {
        await store.close();
      }
    });
  }
});

describe('two hub processes sharing Redis', () => {
  let cluster: HubCluster;
  let key: string;
  before(async () => {
    cluster = await startHubCluster({ instances: 2 });
    const slug = `idem-${cluster.prefix.slice(1, 7)}`;
    assert.equal((await cluster.cli(['accounts', 'create', slug])).code, 0);
    const control = new pg.Client({ connectionString: cluster.env.DATABASE_URL });
    await control.connect();
    await control.query('UPDATE accounts SET rate_per_minute = 100000, rate_per_hour = 100000, rate_per_day = 100000, rate_concurrent = 1000 WHERE slug = $1', [slug]);
    await control.end();
    const minted = await cluster.cli(['keys', 'mint', slug, '--name', 'idem']);
    assert.equal(minted.code, 0, minted.stderr);
    key = lastLine(minted.stdout);
  });
  after(() => cluster?.close());

  test('concurrent duplicates spread over both: exactly one agent is created', async () => {
    const idempotencyKey = newKey();
    const answers = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const response = await fetch(`${cluster.urls[i % 2]!}/v1/agents`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
          body: JSON.stringify({ name: 'Across instances' }),
        });
        return { status: response.status, replayed: response.headers.get('idempotent-replayed') === 'true', body: await response.text() };
      }),
    );
    const ran = answers.filter((a) => a.status === 201 && !a.replayed);
    assert.equal(ran.length, 1, answers.map((a) => `${a.status} ${a.body.slice(0, 40)}`).join('\n'));
    for (const a of answers) {
      if (a === ran[0]) continue;
      assert.ok((a.status === 409 && a.body.startsWith('idempotency_key_in_use:')) || (a.replayed && a.body === ran[0]!.body), `${a.status} ${a.body}`);
    }
    for (const url of cluster.urls) {
      const list = await fetch(`${url}/v1/agents`, { headers: { authorization: `Bearer ${key}` } });
      assert.equal(((await list.json()) as unknown[]).length, 1);
    }
  });
});
