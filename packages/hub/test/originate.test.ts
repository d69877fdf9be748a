// C3 originate through the real surface, with the L2 cost caps in front of the call processor: the documented
// order (caller ID, agent, caps, processor), each cap's 429 body and Retry-After, `0` blocking, a call's end
// freeing its slot, and a processor that fails leaving no slot taken and no call counted. Real PostgreSQL and
// Redis; the simulated carrier over real HTTP (or a processor of the test's own that fails).
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import type { CostCaps } from '../src/tenancy/catalog.js';
import { REDIS_URL } from './support/hub-cluster.js';
import { errorCode, listen, PROCESSOR_SECRET, waitForCall } from './support/calls.js';
import { logCapture } from './support/log-capture.js';
import { startTestHub, type TestHub } from './support/test-hub.js';

const TWILIO = { account_sid: `AC${'1'.repeat(32)}`, auth_token: 'originate-test-token' };
const FROM = '+15550000001';
const INBOUND_ONLY = '+15550000002';
const TO = '+15557654321';

interface Tenant {
  account: string;
  key: string;
  jwt: string;
  agent: string;
  draftAgent: string;
}

/** An account with an active and a draft agent, a provider, an outbound number and an inbound-only one. */
async function tenant(t: TestHub, jwt: string): Promise<Tenant> {
  const account = await t.createAccount();
  const { key } = await t.mintKey(account);
  const post = async (url: string, body: unknown) => {
    const r = await t.request({ method: 'POST', url, token: key, body });
    assert.equal(r.statusCode, 201, `${url}: ${r.body}`);
    return r.json<{ id: string }>().id;
  };
  const agent = await post('/v1/agents', { name: 'Caller', status: 'active', greeting_message: 'Hello from Kataven.' });
  const draftAgent = await post('/v1/agents', { name: 'Draft' });
  const provider = await post('/v1/telephony/providers', { provider: 'twilio', credentials: TWILIO });
  await post('/v1/telephony/numbers', { number: FROM, provider_id: provider });
  await post('/v1/telephony/numbers', { number: INBOUND_ONLY, provider_id: provider, outbound_enabled: false });
  return { account, key, jwt, agent, draftAgent };
}

const originate = (t: TestHub, tn: Tenant, body: Record<string, unknown> = {}) =>
  t.request({ method: 'POST', url: '/v1/calls/originate', token: tn.key, body: { agent_id: tn.agent, from_number: FROM, to_number: TO, ...body } });

async function setCaps(t: TestHub, tn: Tenant, caps: Partial<CostCaps>): Promise<void> {
  const limits = { concurrent_max: 10, calls_per_minute: 30, daily_calls_max: 1000, daily_minutes_max: 600, ...caps };
  const r = await t.request({ method: 'PUT', url: '/v1/call-limits', token: tn.jwt, account: tn.account, headers: { 'x-admin': 'true' }, body: limits });
  assert.equal(r.statusCode, 200, r.body);
}

function assertCapped(r: LightMyRequestResponse, message: string, retryAfter: (seconds: number) => boolean): void {
  assert.equal(r.statusCode, 429, r.body);
  assert.equal(r.body, `cost_cap: ${message}`);
  const seconds = Number(r.headers['retry-after']);
  assert.ok(Number.isInteger(seconds) && retryAfter(seconds), `Retry-After ${r.headers['retry-after']}`);
}

const secondsToUtcMidnight = () => (Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 1) - Date.now()) / 1000;

describe('originate with the simulated carrier', () => {
  let t: TestHub;
  let jwt: string;
  before(async () => {
    // Long calls: a placed call holds its slot for the whole file unless a test lets one end.
    t = await startTestHub({ REDIS_URL, KATAVEN_SIMULATED_CALL_SECONDS: '600', KATAVEN_CALL_PROCESSOR_SECRET: PROCESSOR_SECRET });
    await listen(t.hub);
    jwt = await t.devToken();
  });
  after(() => t?.close());

  test('C3 order: caller ID (404), then the agent (404, 409 agent_not_active), then the caps, then the processor', async () => {
    const a = await tenant(t, jwt);
    const b = await tenant(t, jwt);
    await setCaps(t, a, { concurrent_max: 0 }); // the caps would refuse: the earlier checks must answer first
    const cases: [string, Record<string, unknown>, number, string][] = [
      ['a number the account does not own', { from_number: '+15559999999' }, 404, 'not_found'],
      ['an inbound-only number', { from_number: INBOUND_ONLY }, 404, 'not_found'],
      ['an unknown agent', { agent_id: 'agent_01ARZ3NDEKTSV4RRFFQ69G5FAV' }, 404, 'not_found'],
      ["another account's agent", { agent_id: b.agent }, 404, 'not_found'],
      ['a draft agent', { agent_id: a.draftAgent }, 409, 'agent_not_active'],
      ['then the caps', {}, 429, 'cost_cap'],
    ];
    for (const [name, body, status, code] of cases) {
      const r = await originate(t, a, body);
      assert.equal(r.statusCode, status, `${name}: ${r.body}`);
      assert.equal(errorCode(r), code, name);
    }
    // A number only B owns is not A's caller ID.
    const providerB = (await t.request({ url: '/v1/telephony/providers', token: b.key })).json<{ id: string }[]>()[0]!.id;
    const own = await t.request({ method: 'POST', url: '/v1/telephony/numbers', token: b.key, body: { number: '+15550000003', provider_id: providerB } });
    assert.equal(own.statusCode, 201, own.body);
    assert.equal((await t.request({ method: 'POST', url: '/v1/calls/originate', token: b.key, body: { agent_id: b.agent, from_number: '+15550000003', to_number: TO } })).statusCode, 200, 'B may call from it');
    const foreign = await t.request({ method: 'POST', url: '/v1/calls/originate', token: a.key, body: { agent_id: a.agent, from_number: '+15550000003', to_number: TO } });
    assert.equal(errorCode(foreign), 'not_found');
    for (const body of [{ to_number: '5551234' }, { from_number: 42 }, { agent_id: '' }]) {
      const r = await originate(t, a, body);
      assert.equal(r.statusCode, 400, r.body);
      assert.equal(errorCode(r), 'invalid_body');
    }
    // Nothing was placed by any of them.
    const calls = await t.request({ url: '/v1/calls', token: a.key });
    assert.deepEqual(calls.json<{ data: unknown[] }>().data, []);
  });

  test('a placed call: 200 {call_id, session_id, status, simulated}, listed, and its slot counted', async () => {
    const a = await tenant(t, jwt);
    await setCaps(t, a, { concurrent_max: 1 });
    const r = await originate(t, a);
    assert.equal(r.statusCode, 200, r.body);
    const placed = r.json<{ call_id: string; session_id: string; status: string; simulated: boolean }>();
    assert.equal(placed.status, 'queued');
    assert.equal(placed.simulated, true);
    const call = await t.request({ url: `/v1/calls/${placed.call_id}`, token: a.key });
    assert.equal(call.json<{ session_id: string; simulated: boolean; carrier: string }>().session_id, placed.session_id);
    assert.equal(call.json<{ carrier: string }>().carrier, 'simulated');
    assertCapped(await originate(t, a), 'Concurrent call limit reached', (s) => s >= 1 && s <= 10);
  });

  test('each cap trips with its own body and Retry-After; 0 blocks its dimension', async () => {
    const perMinute = await tenant(t, jwt);
    await setCaps(t, perMinute, { calls_per_minute: 2 });
    for (let i = 0; i < 2; i++) assert.equal((await originate(t, perMinute)).statusCode, 200);
    assertCapped(await originate(t, perMinute), 'Call rate limit', (s) => s >= 1 && s <= 60);

    const daily = await tenant(t, jwt);
    await setCaps(t, daily, { daily_calls_max: 2 });
    for (let i = 0; i < 2; i++) assert.equal((await originate(t, daily)).statusCode, 200);
    assertCapped(await originate(t, daily), 'Daily call limit reached', (s) => Math.abs(s - secondsToUtcMidnight()) <= 3);

    const minutes = await tenant(t, jwt);
    await setCaps(t, minutes, { daily_minutes_max: 1 }); // each live call reserves a minute
    assert.equal((await originate(t, minutes)).statusCode, 200);
    assertCapped(await originate(t, minutes), 'Daily minute budget exhausted', (s) => Math.abs(s - secondsToUtcMidnight()) <= 3);

    for (const dimension of ['concurrent_max', 'calls_per_minute', 'daily_calls_max', 'daily_minutes_max'] as const) {
      const blocked = await tenant(t, jwt);
      await setCaps(t, blocked, { [dimension]: 0 });
      const r = await originate(t, blocked);
      assert.equal(r.statusCode, 429, `${dimension}=0: ${r.body}`);
      assert.equal(errorCode(r), 'cost_cap');
    }
  });

  test('an sk_live_ key cannot raise a cap (O2), and JSON clients get the code', async () => {
    const a = await tenant(t, jwt);
    const raise = await t.request({ method: 'PUT', url: '/v1/call-limits', token: a.key, headers: { 'x-admin': 'true' }, body: { concurrent_max: 10, calls_per_minute: 30, daily_calls_max: 1000, daily_minutes_max: 600 } });
    assert.equal(raise.statusCode, 403);
    assert.equal(errorCode(raise), 'requires_hub_ui_auth');
    await setCaps(t, a, { concurrent_max: 0 });
    const r = await t.request({ method: 'POST', url: '/v1/calls/originate', token: a.key, json: true, body: { agent_id: a.agent, from_number: FROM, to_number: TO } });
    assert.equal(r.statusCode, 429);
    assert.equal(r.json<{ error: { code: string; message: string } }>().error.code, 'cost_cap');
    assert.equal(r.json<{ error: { code: string; message: string } }>().error.message, 'Concurrent call limit reached');
  });
});

describe('a call that ends frees its slot; a processor that fails takes nothing', () => {
  let t: TestHub;
  let jwt: string;
  before(async () => {
    t = await startTestHub({ REDIS_URL, KATAVEN_SIMULATED_CALL_SECONDS: '1', KATAVEN_CALL_PROCESSOR_SECRET: PROCESSOR_SECRET });
    await listen(t.hub);
    jwt = await t.devToken();
  });
  after(() => t?.close());

  test('concurrent_max=1: the second call waits for the first to end, then is admitted', async () => {
    const a = await tenant(t, jwt);
    await setCaps(t, a, { concurrent_max: 1 });
    const first = await originate(t, a);
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(errorCode(await originate(t, a)), 'cost_cap');
    const id = first.json<{ call_id: string }>().call_id;
    await waitForCall(t.hub, a.account, id, (c) => c.status === 'completed');
    // The end report frees the slot (and counts one minute); the instance stops renewing it.
    const second = await originate(t, a);
    assert.equal(second.statusCode, 200, second.body);
    assert.equal(t.hub.liveCalls.size >= 1, true);
  });
});

describe('a call processor that refuses or never answers', () => {
  const failing: { server: net.Server | http.Server; url: string }[] = [];
  after(async () => {
    for (const { server } of failing) await new Promise((resolve) => server.close(resolve));
  });

  for (const mode of ['answers 500', 'never answers'] as const) {
    test(`a processor that ${mode}: 503 call_processor_unavailable, the call refused, no slot taken, nothing counted`, async () => {
      let url: string;
      if (mode === 'answers 500') {
        const server = http.createServer((_req, res) => res.writeHead(500).end('boom'));
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
        failing.push({ server, url });
      } else {
        const sockets: net.Socket[] = [];
        const server = net.createServer((s) => sockets.push(s)); // accepts, then silence
        server.on('close', () => sockets.forEach((s) => s.destroy()));
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
        failing.push({ server, url });
      }
      const { lines, stream } = logCapture();
      const t = await startTestHub(
        {
          REDIS_URL,
          KATAVEN_CALL_PROCESSOR_URL: url,
          KATAVEN_CALL_PROCESSOR_SECRET: PROCESSOR_SECRET,
          KATAVEN_HUB_URL: 'http://127.0.0.1:9',
        },
        { logger: { level: 'trace', stream } },
      );
      try {
        const a = await tenant(t, await t.devToken());
        await setCaps(t, a, { concurrent_max: 1, calls_per_minute: 1, daily_calls_max: 1 });
        for (let i = 0; i < 2; i++) {
          const r = await originate(t, a);
          assert.equal(r.statusCode, 503, r.body);
          assert.equal(errorCode(r), 'call_processor_unavailable');
        }
        // Both attempts gave everything back: every cap of 1 still admits a call.
        const caps = { concurrent_max: 1, calls_per_minute: 1, daily_calls_max: 1, daily_minutes_max: 600 };
        const admission = await t.hub.costCaps.admit(a.account, caps, '00000000-0000-4000-8000-000000000001');
        assert.equal(admission.ok, true, JSON.stringify(admission));
        if (admission.ok) await t.hub.costCaps.cancel(admission.slot);
        const calls = (await t.request({ url: '/v1/calls', token: a.key })).json<{ data: { status: string; simulated: boolean; error: string }[] }>().data;
        assert.deepEqual(calls.map((c) => c.status), ['refused', 'refused']);
        assert.equal(calls[0]!.simulated, false);
        assert.equal(t.hub.liveCalls.size, 0);
        // A real processor was sent the opened credentials; they reach no log line, nor does the shared secret.
        assert.ok(lines.length > 0, 'the log was captured');
        for (const secret of [TWILIO.auth_token, PROCESSOR_SECRET]) {
          assert.equal(lines.filter((l) => l.includes(secret)).length, 0, `${secret} logged`);
        }
      } finally {
        await t.close();
      }
    });
  }
});
