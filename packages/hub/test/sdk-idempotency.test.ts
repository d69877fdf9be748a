// SPEC §E Idempotency with the SDK (issue 11, both halves): an originate whose answer is lost after the hub placed
// the call is retried by the SDK with the same Idempotency-Key, and the hub answers the retry with the stored answer
// instead of placing a second call. The client half (same key on every retry) is in sdk.test.ts; this file needs
// the server half of Idempotency-Key (keep the first answer per account and key, replay it), built on another
// branch: until both are merged it fails, placing two calls. Every answer the SDK receives (the replayed one too)
// is checked against the hub's GET /openapi.json (SdkResponseCheck).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Kataven } from '@kataven/sdk';
import { REDIS_URL } from './support/hub-cluster.js';
import { SdkResponseCheck } from './support/sdk-response-check.js';
import { listen, PROCESSOR_SECRET } from './support/calls.js';
import { TcpRelay } from './support/tcp-relay.js';
import { startTestHub, type TestHub } from './support/test-hub.js';

const TWILIO = { account_sid: `AC${'1'.repeat(32)}`, auth_token: 'sdk-idempotency-token' };
const FROM = '+15550000001';
const TO = '+15557654321';

describe('@kataven/sdk with the hub’s Idempotency-Key', { timeout: 60_000 }, () => {
  let t: TestHub;
  let baseUrl: string;
  let check: SdkResponseCheck;
  before(async () => {
    t = await startTestHub({ REDIS_URL, KATAVEN_SIMULATED_CALL_SECONDS: '600', KATAVEN_CALL_PROCESSOR_SECRET: PROCESSOR_SECRET });
    baseUrl = await listen(t.hub);
    check = await SdkResponseCheck.of(t);
  });
  after(() => t?.close());

  test('an originate whose answer was lost is retried with the same key and places exactly one call', async () => {
    const account = await t.createAccount();
    const { key } = await t.mintKey(account);
    const direct = new Kataven({ apiKey: key, baseUrl, fetch: check.fetch() });
    const agent = await direct.agents.create({ name: 'Caller', status: 'active' });
    const provider = await direct.telephony.providers.create({ provider: 'twilio', credentials: TWILIO });
    await direct.telephony.numbers.create({ number: FROM, provider_id: provider.id });

    const relay = await TcpRelay.start({ host: '127.0.0.1', port: Number(new URL(baseUrl).port) });
    try {
      // The hub places the call; its answer never reaches the SDK, which retries.
      relay.cutResponses(1);
      const viaRelay = new Kataven({ apiKey: key, baseUrl: `http://127.0.0.1:${relay.port}`, retry: true, fetch: check.fetch() });
      const placed = await viaRelay.calls.originate({ agent_id: agent.id, from_number: FROM, to_number: TO });
      assert.equal(relay.accepted.length, 2, 'the SDK retried once, on a new connection');

      const calls = (await direct.calls.list({ limit: 200 })).data;
      assert.deepEqual(
        calls.map((c) => c.id),
        [placed.call_id],
        'exactly one call, the one the retry was answered with',
      );
    } finally {
      await relay.close();
    }
  });

  test('every answer the SDK received from the hub matches GET /openapi.json', async (ctx) => {
    await check.assertAllValid();
    ctx.diagnostic(`${check.exchanges.length} answers checked`);
    // The retried originate's answer (the stored one, replayed) was among them.
    assert.ok(check.exchanges.some((e) => e.method === 'POST' && e.url === '/v1/calls/originate' && e.status === 200), JSON.stringify(check.exchanges));
  });
});
