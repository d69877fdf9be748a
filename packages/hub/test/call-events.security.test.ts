// C3a: the call processor's reports are signed, timestamped, replay-protected and idempotent. Each attack below is
// refused with its status and code and changes nothing in the account's database: a forged signature, a missing
// one, a stale or future timestamp (±6 min), a body altered after signing, a replayed request, a duplicate event
// id (re-signed), and an event id replayed after its Redis claim is gone (the database still knows it). A report
// never moves a call backwards, and onCallEnded runs once per call. Real PostgreSQL and the real Redis (the
// replay guard of a production deployment).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import type { EndedCall } from '../src/calls/call-lifecycle.js';
import { ORIGINATE_PATH } from '../src/calls/call-processor.js';
import { signatureHeaders } from '../src/calls/call-signature.js';
import type { CallRecord } from '../src/calls/call-store.js';
import { RedisReplayGuard } from '../src/calls/replay-guard.js';
import { errorCode, insertAgent, insertTestCall, listen, PROCESSOR_SECRET, reportOf, sendReport, waitForCall } from './support/calls.js';
import { logCapture } from './support/log-capture.js';
import { startTestHub, type TestHub } from './support/test-hub.js';

const REDIS_URL = process.env.KATAVEN_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const { lines: logLines, stream: logStream } = logCapture();
const carrierLog: string[] = [];

let t: TestHub;
let account: string;
const ended: { account: string; call: EndedCall }[] = [];

before(async () => {
  t = await startTestHub(
    { REDIS_URL, KATAVEN_SIMULATED_CALL_SECONDS: '0', KATAVEN_CALL_PROCESSOR_SECRET: PROCESSOR_SECRET },
    {
      logger: { level: 'trace', stream: logStream },
      log: (line) => carrierLog.push(line),
      calls: { onCallEnded: async (acct, call) => void ended.push({ account: acct, call }) },
      carrierTiming: { ringAfterMs: 50, answerAfterMs: 100 },
    },
  );
  account = await t.createAccount();
});
after(async () => {
  await t?.close();
});

/** Everything a report could change: the call, its session, and the events recorded for it. */
async function stateOf(call: CallRecord): Promise<unknown> {
  const db = await t.hub.tenancy.database(account);
  const [calls, sessions, events] = await Promise.all([
    db.query('SELECT * FROM calls WHERE id = $1', [call.id]),
    db.query('SELECT * FROM sessions WHERE id = $1', [call.session_id]),
    db.query('SELECT event_id, type FROM call_events WHERE call_id = $1 ORDER BY event_id', [call.id]),
  ]);
  return { calls: calls.rows, sessions: sessions.rows, events: events.rows };
}

const ENDED = { type: 'ended' as const, status: 'completed' as const, duration_seconds: 42, transcript: [{ speaker: 'agent' as const, text: 'hi', at: new Date().toISOString() }] };

describe('refused reports change nothing', () => {
  let call: CallRecord;
  let before_: unknown;
  const body = () => JSON.stringify(reportOf(account, call, ENDED));

  before(async () => {
    call = await insertTestCall(t.hub, account);
    before_ = await stateOf(call);
  });

  const refusals: { name: string; send: () => ReturnType<typeof sendReport>; status: number; code: string }[] = [
    { name: 'signed with another secret (forged)', send: () => sendReport(t.hub, body(), { secret: 'not-the-secret-0123456789abcdef0123' }), status: 401, code: 'invalid_report_signature' },
    {
      name: 'no signature headers at all',
      send: () => t.hub.app.inject({ method: 'POST', url: '/internal/call-events', headers: { 'content-type': 'application/json' }, payload: body() }),
      status: 401,
      code: 'invalid_report_signature',
    },
    { name: 'a timestamp but no signature', send: () => sendReport(t.hub, body(), { headers: { 'x-kataven-signature': '' } }), status: 401, code: 'invalid_report_signature' },
    { name: 'a signature of another scheme', send: () => sendReport(t.hub, body(), { headers: { 'x-kataven-signature': `v2=${'0'.repeat(64)}` } }), status: 401, code: 'invalid_report_signature' },
    { name: 'a signature of the wrong length', send: () => sendReport(t.hub, body(), { headers: { 'x-kataven-signature': 'v1=abcd' } }), status: 401, code: 'invalid_report_signature' },
    { name: 'a timestamp that is not a number', send: () => sendReport(t.hub, body(), { headers: { 'x-kataven-timestamp': 'yesterday' } }), status: 401, code: 'invalid_report_signature' },
    { name: 'validly signed 6 minutes ago (stale)', send: () => sendReport(t.hub, body(), { timestampMs: Date.now() - 6 * 60_000 }), status: 401, code: 'stale_report' },
    { name: 'validly signed 6 minutes ahead', send: () => sendReport(t.hub, body(), { timestampMs: Date.now() + 6 * 60_000 }), status: 401, code: 'stale_report' },
    {
      name: 'the timestamp moved after signing (re-dated)',
      send: () => {
        const text = body();
        const signed = signatureHeaders(PROCESSOR_SECRET, text, Date.now() - 60_000);
        return sendReport(t.hub, text, { headers: { 'x-kataven-signature': signed['x-kataven-signature']! } });
      },
      status: 401,
      code: 'invalid_report_signature',
    },
    {
      name: 'the body altered after signing',
      send: () => {
        const signed = body();
        const altered = signed.replace('"duration_seconds":42', '"duration_seconds":1');
        assert.notEqual(altered, signed);
        return t.hub.app.inject({
          method: 'POST',
          url: '/internal/call-events',
          headers: { 'content-type': 'application/json', ...signatureHeaders(PROCESSOR_SECRET, signed, Date.now()) },
          payload: altered,
        });
      },
      status: 401,
      code: 'invalid_report_signature',
    },
    {
      name: 'a bearer API key instead of a signature',
      send: async () => {
        const { key } = await t.mintKey(account);
        return t.hub.app.inject({ method: 'POST', url: '/internal/call-events', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, payload: body() });
      },
      status: 401,
      code: 'invalid_report_signature',
    },
  ];

  for (const refusal of refusals) {
    test(`${refusal.name}: ${refusal.status} ${refusal.code}`, async () => {
      const response = await refusal.send();
      assert.equal(response.statusCode, refusal.status, response.body);
      assert.equal(errorCode(response), refusal.code);
      assert.deepEqual(await stateOf(call), before_, 'nothing changed');
    });
  }

  test('a well-signed report that is not of the contract: 400 invalid_body, nothing changed', async () => {
    const bad = [
      JSON.stringify({ ...reportOf(account, call, ENDED), status: undefined }),
      JSON.stringify({ ...reportOf(account, call, ENDED), type: 'exploded' }),
      JSON.stringify({ ...reportOf(account, call, ENDED), event_id: 'has spaces' }),
      JSON.stringify({ ...reportOf(account, call, ENDED), recording: { content_type: 'audio/wav', data_base64: Buffer.from('not a wav file at all, not even close to it, no').toString('base64') } }),
      '{"truncated":',
    ];
    for (const text of bad) {
      const response = await sendReport(t.hub, text);
      assert.equal(response.statusCode, 400, text);
      assert.equal(errorCode(response), 'invalid_body', text);
    }
    assert.deepEqual(await stateOf(call), before_);
  });

  test('a report for a call of no account, or of another call, or with a mismatched session: 404, nothing recorded', async () => {
    const unknown = [
      reportOf(account, { id: randomUUID(), session_id: call.session_id }, ENDED),
      reportOf(account, { id: call.id, session_id: randomUUID() }, ENDED),
      reportOf('no-such-account-here', call, ENDED),
      reportOf('kataven-admin', call, ENDED),
    ];
    for (const event of unknown) {
      const text = JSON.stringify(event);
      const response = await sendReport(t.hub, text);
      assert.equal(response.statusCode, 404, text);
      assert.equal(errorCode(response), 'not_found');
      // Not applied, so not claimed either: the same report is still "not found", not a replay.
      const again = await sendReport(t.hub, text);
      assert.equal(again.statusCode, 404);
    }
    assert.deepEqual(await stateOf(call), before_);
    assert.equal(ended.filter((e) => e.call.id === call.id).length, 0);
  });
});

describe('replays and duplicates', () => {
  test('the exact request replayed: 409 duplicate_event; the first applied once', async () => {
    const call = await insertTestCall(t.hub, account);
    const text = JSON.stringify(reportOf(account, call, { type: 'ringing' }));
    const headers = { 'content-type': 'application/json', ...signatureHeaders(PROCESSOR_SECRET, text, Date.now()) };
    const first = await t.hub.app.inject({ method: 'POST', url: '/internal/call-events', headers, payload: text });
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json<{ applied: boolean }>().applied, true);
    const applied = await stateOf(call);
    const replay = await t.hub.app.inject({ method: 'POST', url: '/internal/call-events', headers, payload: text });
    assert.equal(replay.statusCode, 409);
    assert.equal(errorCode(replay), 'duplicate_event');
    assert.deepEqual(await stateOf(call), applied);
  });

  test('a duplicate ended (same event id, signed again): 409, nothing changed, onCallEnded once', async () => {
    const call = await insertTestCall(t.hub, account, { capSlot: { slot: 'abc', instance: 'i-1' } });
    const event = reportOf(account, call, ENDED);
    const text = JSON.stringify(event);
    const first = await sendReport(t.hub, text);
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(first.json(), { event_id: event.event_id, applied: true, simulated: true });
    const done = await stateOf(call);
    for (const json of [false, true]) {
      const again = await sendReport(t.hub, text, { timestampMs: Date.now() + 1000, json });
      assert.equal(again.statusCode, 409);
      assert.equal(json ? again.json<{ error: { code: string } }>().error.code : errorCode(again), 'duplicate_event');
    }
    // Another ended report (a new event id) for a call already over: recorded, applied to nothing.
    const other = await sendReport(t.hub, JSON.stringify(reportOf(account, call, { ...ENDED, status: 'failed', duration_seconds: 1 })));
    assert.equal(other.statusCode, 200);
    assert.equal(other.json<{ applied: boolean }>().applied, false);
    const after = (await stateOf(call)) as { calls: unknown[]; sessions: unknown[]; events: unknown[] };
    const was = done as typeof after;
    assert.deepEqual([after.calls, after.sessions], [was.calls, was.sessions]);
    assert.equal(after.events.length, was.events.length + 1);
    const mine = ended.filter((e) => e.call.id === call.id);
    assert.deepEqual(mine, [{ account, call: { id: call.id, capSlot: { slot: 'abc', instance: 'i-1' }, durationSeconds: 42 } }]);
  });

  test('an event id replayed after its Redis claim lapsed: the database still refuses it', async () => {
    const call = await insertTestCall(t.hub, account);
    const event = reportOf(account, call, { type: 'answered' });
    const text = JSON.stringify(event);
    assert.equal((await sendReport(t.hub, text)).statusCode, 200);
    const applied = await stateOf(call);
    // What the guard's key expiry would do a few minutes later.
    const redis = new Redis(REDIS_URL);
    try {
      const deleted = await redis.del(`kataven:${await t.hub.catalog.deploymentId()}:call-event:${account}:${event.event_id}`);
      assert.equal(deleted, 1, 'the claim was in Redis');
    } finally {
      redis.disconnect();
    }
    const replay = await sendReport(t.hub, text);
    assert.equal(replay.statusCode, 409);
    assert.equal(errorCode(replay), 'duplicate_event');
    assert.deepEqual(await stateOf(call), applied);
  });

  test('another replay guard on the same Redis (a second instance) refuses a claimed id', async () => {
    const other = await RedisReplayGuard.connect(REDIS_URL, await t.hub.catalog.deploymentId());
    try {
      const call = await insertTestCall(t.hub, account);
      const event = reportOf(account, call, { type: 'ringing' });
      assert.equal((await sendReport(t.hub, JSON.stringify(event))).statusCode, 200);
      assert.equal(await other.claim(`${account}:${event.event_id}`), false);
      assert.equal(await other.claim(`${account}:${randomUUID()}`), true);
    } finally {
      await other.close();
    }
  });
});

describe('order: a call only moves forward', () => {
  test('a late ringing or answered after ended changes nothing', async () => {
    const call = await insertTestCall(t.hub, account);
    for (const type of ['ringing', 'answered'] as const) {
      assert.equal((await sendReport(t.hub, JSON.stringify(reportOf(account, call, { type })))).statusCode, 200);
    }
    assert.equal((await sendReport(t.hub, JSON.stringify(reportOf(account, call, ENDED)))).statusCode, 200);
    const over = (await stateOf(call)) as { calls: unknown[]; sessions: unknown[] };
    for (const type of ['ringing', 'answered'] as const) {
      const late = await sendReport(t.hub, JSON.stringify(reportOf(account, call, { type })));
      assert.equal(late.statusCode, 200);
      assert.equal(late.json<{ applied: boolean }>().applied, false);
    }
    const now = (await stateOf(call)) as typeof over;
    assert.deepEqual([now.calls, now.sessions], [over.calls, over.sessions]);
    assert.equal((over.calls[0] as { status: string }).status, 'completed');
  });

  test('answered before ringing: in-progress; the ringing that arrives later changes nothing', async () => {
    const call = await insertTestCall(t.hub, account);
    assert.equal((await sendReport(t.hub, JSON.stringify(reportOf(account, call, { type: 'answered' })))).statusCode, 200);
    const late = await sendReport(t.hub, JSON.stringify(reportOf(account, call, { type: 'ringing' })));
    assert.equal(late.json<{ applied: boolean }>().applied, false);
    const db = await t.hub.tenancy.database(account);
    const { rows } = await db.query<{ status: string; recording_state: string }>(
      'SELECT c.status, s.recording_state FROM calls c JOIN sessions s ON s.call_id = c.id WHERE c.id = $1',
      [call.id],
    );
    assert.deepEqual(rows, [{ status: 'in-progress', recording_state: 'pending' }]);
  });

  test('a report that a real processor marks simulated makes the call simulated', async () => {
    const call = await insertTestCall(t.hub, account, { simulated: false, carrier: 'twilio' });
    const before = await t.request({ url: `/v1/calls/${call.id}`, token: (await t.mintKey(account)).key });
    assert.equal(before.json<{ carrier: string }>().carrier, 'twilio');
    assert.equal((await sendReport(t.hub, JSON.stringify(reportOf(account, call, { type: 'ringing', simulated: true })))).statusCode, 200);
    const after = await t.request({ url: `/v1/calls/${call.id}`, token: (await t.mintKey(account)).key });
    assert.deepEqual([after.json<{ simulated: boolean }>().simulated, after.json<{ carrier: string }>().carrier], [true, 'simulated']);
  });
});

describe('the simulated carrier checks the hub too', () => {
  const originate = () =>
    JSON.stringify({
      call_id: randomUUID(), session_id: randomUUID(), account, from_number: '+15550100', to_number: '+15550199',
      agent: { id: 'agent_x', name: 'x', greeting_message: '' }, carrier: null, report_url: 'http://127.0.0.1:9/internal/call-events',
    });

  test('an unsigned, forged or stale originate is refused 401 invalid_signature, saying it is the simulated carrier', async () => {
    const url = `${t.hub.simulatedCarrier!.url}${ORIGINATE_PATH}`;
    const text = originate();
    const attempts: Record<string, string>[] = [
      {},
      signatureHeaders('not-the-secret-0123456789abcdef0123', text, Date.now()),
      signatureHeaders(PROCESSOR_SECRET, text, Date.now() - 6 * 60_000),
    ];
    for (const headers of attempts) {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: text });
      const answer = await response.text();
      assert.equal(response.status, 401, JSON.stringify(headers));
      assert.match(answer, /^invalid_signature: .*\(simulated carrier\)$/);
      assert.equal(response.headers.get('x-kataven-simulated'), 'true');
    }
    assert.equal(t.hub.simulatedCarrier!.activeCalls, 0, 'no call was placed');
  });
});

describe('secrets stay out of logs and answers', () => {
  test('a simulated call with carrier credentials: neither the shared secret nor a credential is logged', async () => {
    await listen(t.hub);
    const agentId = await insertAgent(t.hub, account);
    const call = await insertTestCall(t.hub, account, { agentId });
    const credential = `auth-token-${randomUUID()}`;
    const answer = await t.hub.callProcessor.originate({
      call_id: call.id, session_id: call.session_id, account, from_number: call.from_number, to_number: call.to_number,
      agent: { id: agentId, name: 'Test agent', greeting_message: 'hi' },
      carrier: { provider: 'twilio', credentials: { account_sid: 'AC123', auth_token: credential } },
      report_url: t.hub.reportUrl()!,
    });
    assert.deepEqual(answer, { status: 'queued', simulated: true }, 'simulated, whatever the credentials');
    await waitForCall(t.hub, account, call.id, (c) => c.status === 'completed');
    const everything = [...logLines, ...carrierLog].join('\n');
    assert.ok(carrierLog.some((line) => line.includes(call.id) && /simulated/.test(line)), 'the carrier logged the call, saying simulated');
    // The hub's log also carries other parts' lines (the widget signing keys at start): the call's are the carrier's.
    assert.deepEqual(carrierLog.filter((line) => line.includes(call.id) && !/simulated/.test(line)), [], 'every carrier log line about the call says simulated');
    assert.ok(logLines.some((line) => line.includes(call.id) && line.includes('(simulated)')), 'the hub logged the reports, saying simulated');
    assert.ok(!everything.includes(PROCESSOR_SECRET), 'the shared secret is never logged');
    assert.ok(!everything.includes(credential), 'a carrier credential is never logged');
  });
});
