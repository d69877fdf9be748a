// C3/C3a/C4 through the real surface: a simulated call driven end to end over real HTTP (hub → simulated carrier
// → signed reports → hub), the call and session reads, and GET /v1/calls' pages. Real PostgreSQL; no originate
// route is needed: the call is inserted as the originate code inserts it and handed to the hub's processor client.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { EndedCall } from '../src/calls/call-lifecycle.js';
import { callReportUrl } from '../src/calls/call-processor.js';
import { startSimulatedCarrier } from '../src/calls/simulated-carrier.js';
import { HubError } from '../src/errors.js';
import { reachableUrl } from '../src/hub.js';
import { getSession, markCallRefused, type CallRecord } from '../src/calls/call-store.js';
import { readWavHeader } from '../src/calls/wav.js';
import {
  errorCode,
  insertAgent,
  insertTestCall,
  listen,
  placeSimulatedCall,
  PROCESSOR_SECRET,
  waitForCall,
} from './support/calls.js';
import { startTestHub, type TestHub } from './support/test-hub.js';

let t: TestHub;
let account: string;
let other: string;
let key: string;
let otherKey: string;
const ended: { account: string; call: EndedCall }[] = [];

before(async () => {
  t = await startTestHub(
    { KATAVEN_SIMULATED_CALL_SECONDS: '1', KATAVEN_CALL_PROCESSOR_SECRET: PROCESSOR_SECRET },
    { calls: { onCallEnded: async (acct, call) => void ended.push({ account: acct, call }) } },
  );
  [account, other] = await Promise.all([t.createAccount(), t.createAccount()]);
  [key, otherKey] = await Promise.all([t.mintKey(account).then((k) => k.key), t.mintKey(other).then((k) => k.key)]);
  await listen(t.hub);
});
after(async () => {
  await t?.close();
});

describe('a simulated call, end to end over real HTTP', () => {
  test('originate → ringing → answered → ended: completed with duration, transcript, a WAV, onCallEnded once', async () => {
    assert.ok(t.hub.simulatedCarrier, 'no KATAVEN_CALL_PROCESSOR_URL: the simulated carrier runs in-process');
    assert.equal(t.hub.callProcessor.url, t.hub.simulatedCarrier.url);
    assert.match(t.hub.callProcessor.url, /^http:\/\/127\.0\.0\.1:\d+$/, 'reached over loopback HTTP');
    const agentId = await insertAgent(t.hub, account, 'Good morning from Kataven.');
    const { call, answer } = await placeSimulatedCall(t.hub, account, agentId, 'Good morning from Kataven.');
    assert.deepEqual(answer, { status: 'queued', simulated: true });
    assert.equal(call.status, 'queued');

    const ringing = await waitForCall(t.hub, account, call.id, (c) => c.status !== 'queued');
    assert.ok(['ringing', 'in-progress'].includes(ringing.status), ringing.status);
    const done = await waitForCall(t.hub, account, call.id, (c) => c.status === 'completed');
    assert.equal(done.duration_seconds, 1);
    assert.ok(done.answered_at && done.ended_at && done.ended_at >= done.answered_at);
    assert.equal(done.simulated, true);
    assert.equal(done.carrier, 'simulated');

    const response = await t.request({ url: `/v1/calls/${call.id}`, token: key });
    assert.equal(response.statusCode, 200, response.body);
    const shown = response.json<Record<string, unknown>>();
    assert.deepEqual(Object.keys(shown).sort(), [
      'agent_id', 'answered_at', 'carrier', 'created_at', 'direction', 'duration_seconds', 'ended_at', 'error', 'from_number',
      'id', 'session_id', 'simulated', 'status', 'to_number',
    ]);
    assert.equal(shown.status, 'completed');
    assert.equal(shown.direction, 'outbound');
    assert.ok(!response.body.includes('lease'), 'the cost-cap slot is never shown');

    const session = await t.request({ url: `/v1/sessions/${call.session_id}`, token: key });
    assert.equal(session.statusCode, 200, session.body);
    const view = session.json<{
      id: string; kind: string; call_id: string; status: string; duration_seconds: number; simulated: boolean;
      transcript: { speaker: string; text: string }[]; recording: { state: string };
    }>();
    assert.deepEqual(
      [view.id, view.kind, view.call_id, view.status, view.duration_seconds, view.simulated, view.recording.state],
      [call.session_id, 'call', call.id, 'completed', 1, true, 'ready'],
    );
    assert.equal(view.transcript[0]?.speaker, 'agent');
    assert.equal(view.transcript[0]?.text, 'Good morning from Kataven.', "the agent's greeting first");
    assert.ok(view.transcript.some((line) => line.speaker === 'caller' && /simulated/.test(line.text)), 'marked simulated');

    const recording = await t.request({ url: `/v1/sessions/${call.session_id}/recording`, token: key });
    assert.equal(recording.statusCode, 200, recording.body);
    const { url, expires_at } = recording.json<{ url: string; expires_at: string }>();
    const ttl = Date.parse(expires_at) - Date.now();
    assert.ok(ttl > 4 * 60_000 && ttl <= 5 * 60_000, `signed for five minutes (${ttl} ms)`);
    assert.ok(url.startsWith(`${t.hub.publicUrl()}/recordings/${account}/${call.session_id}.wav?`), url);
    const download = await fetch(url);
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('content-type'), 'audio/wav');
    const wav = Buffer.from(await download.arrayBuffer());
    assert.equal(wav.toString('ascii', 0, 4), 'RIFF');
    assert.equal(wav.toString('ascii', 8, 12), 'WAVE');
    assert.deepEqual(readWavHeader(wav), { format: 1, channels: 1, sampleRate: 8000, bitsPerSample: 16 });
    assert.equal(wav.length, 44 + 8000 * 2, 'one second of 8 kHz 16-bit mono');

    // Let any stray retry land before counting.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const mine = ended.filter((e) => e.call.id === call.id);
    assert.equal(mine.length, 1, 'onCallEnded exactly once');
    assert.deepEqual(mine[0], { account, call: { id: call.id, capSlot: (await capSlotOf(call.id)) ?? null, durationSeconds: 1 } });
    assert.equal(t.hub.simulatedCarrier.activeCalls, 0);
  });

  test('a retried originate of the same call id places no second call', async () => {
    const agentId = await insertAgent(t.hub, account);
    const { call } = await placeSimulatedCall(t.hub, account, agentId);
    const again = await t.hub.callProcessor.originate({
      call_id: call.id,
      session_id: call.session_id,
      account,
      from_number: call.from_number,
      to_number: call.to_number,
      agent: { id: agentId, name: 'Test agent', greeting_message: '' },
      carrier: null,
      report_url: t.hub.reportUrl()!,
    });
    assert.deepEqual(again, { status: 'queued', simulated: true });
    assert.equal(t.hub.simulatedCarrier!.activeCalls, 1, 'one call in progress, not two');
    await waitForCall(t.hub, account, call.id, (c) => c.status === 'completed');
    const db = await t.hub.tenancy.database(account);
    const events = await db.query<{ type: string }>('SELECT type FROM call_events WHERE call_id = $1 ORDER BY received_at', [call.id]);
    assert.deepEqual(events.rows.map((r) => r.type), ['ringing', 'answered', 'ended']);
  });
});

async function capSlotOf(id: string): Promise<unknown> {
  const db = await t.hub.tenancy.database(account);
  const { rows } = await db.query<{ cap_slot: unknown }>('SELECT cap_slot FROM calls WHERE id = $1', [id]);
  return rows[0]?.cap_slot;
}

describe('GET /v1/calls and /v1/calls/{id}', () => {
  let fresh: string;
  let freshKey: string;
  const made: CallRecord[] = [];

  before(async () => {
    fresh = await t.createAccount();
    freshKey = (await t.mintKey(fresh)).key;
    for (let i = 0; i < 7; i++) made.push(await insertTestCall(t.hub, fresh));
  });

  test('newest first, in pages of `limit`, every call once, next_cursor null at the end', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor === null ? '?limit=3' : `?limit=3&cursor=${cursor}`;
      const response = await t.request({ url: `/v1/calls${query}`, token: freshKey });
      assert.equal(response.statusCode, 200, response.body);
      const page = response.json<{ data: CallRecord[]; next_cursor: string | null }>();
      assert.ok(page.data.length <= 3);
      seen.push(...page.data.map((c) => c.id));
      cursor = page.next_cursor;
      pages++;
    } while (cursor !== null);
    assert.equal(pages, 3);
    const newestFirst = [...made].sort((a, b) => b.created_at.getTime() - a.created_at.getTime() || (b.id > a.id ? 1 : -1));
    assert.deepEqual(seen, newestFirst.map((c) => c.id));
  });

  test('the default page and the shape of an item', async () => {
    const response = await t.request({ url: '/api/v1/calls', token: freshKey });
    assert.equal(response.statusCode, 200);
    const page = response.json<{ data: Record<string, unknown>[]; next_cursor: string | null }>();
    assert.equal(page.data.length, 7);
    assert.equal(page.next_cursor, null);
    assert.equal(page.data[0]!.status, 'queued');
    assert.equal(page.data[0]!.carrier, 'simulated');
    assert.ok(!('cap_slot' in page.data[0]!));
  });

  test('bad limit or cursor: 400 invalid_query', async () => {
    for (const query of ['limit=0', 'limit=201', 'limit=abc', 'limit=1.5', 'cursor=nonsense', `cursor=${Buffer.from('2024-01-01T00:00:00.000Z|7').toString('base64url')}`, `cursor=${'a'.repeat(201)}`]) {
      const response = await t.request({ url: `/v1/calls?${query}`, token: freshKey });
      assert.equal(response.statusCode, 400, query);
      assert.equal(errorCode(response), 'invalid_query', query);
    }
  });

  test("one call by id; a random id, a malformed one and another tenant's call are the same 404", async () => {
    const mine = await t.request({ url: `/v1/calls/${made[0]!.id}`, token: freshKey });
    assert.equal(mine.statusCode, 200);
    assert.equal(mine.json<{ id: string }>().id, made[0]!.id);
    const answers = await Promise.all(
      [made[0]!.id, randomUUID(), 'not-a-uuid'].map((id) => t.request({ url: `/v1/calls/${id}`, token: otherKey })),
    );
    for (const response of answers) {
      assert.equal(response.statusCode, 404);
      assert.equal(response.body, answers[0]!.body);
    }
    assert.equal(errorCode(answers[0]!), 'not_found');
    const list = await t.request({ url: '/v1/calls', token: otherKey });
    assert.ok(!list.body.includes(made[0]!.id), "another tenant's list never shows it");
  });

  test("sessions: by id; another tenant's session is 404", async () => {
    const session = await t.request({ url: `/v1/sessions/${made[1]!.session_id}`, token: freshKey });
    assert.equal(session.statusCode, 200);
    const view = session.json<{ status: string; recording: { state: string }; transcript: unknown[]; call_id: string }>();
    assert.deepEqual([view.status, view.recording.state, view.transcript, view.call_id], ['pending', 'none', [], made[1]!.id]);
    for (const id of [made[1]!.session_id, randomUUID(), 'x']) {
      const response = await t.request({ url: `/v1/sessions/${id}`, token: otherKey });
      assert.equal(response.statusCode, 404);
      assert.equal(errorCode(response), 'not_found');
    }
  });

  test('markCallRefused: refused with its error and an end; a call already over stays as it was', async () => {
    const db = await t.hub.tenancy.database(fresh);
    const call = made[2]!;
    await markCallRefused(db, call.id, 'the call processor refused the call (HTTP 500)');
    const refused = await t.request({ url: `/v1/calls/${call.id}`, token: freshKey });
    const shown = refused.json<{ status: string; error: string; ended_at: string | null }>();
    assert.deepEqual([shown.status, shown.error], ['refused', 'the call processor refused the call (HTTP 500)']);
    assert.ok(shown.ended_at);
    assert.equal((await getSession(db, call.session_id))?.status, 'refused');
    await db.query("UPDATE calls SET status = 'completed', error = NULL WHERE id = $1", [made[3]!.id]);
    await markCallRefused(db, made[3]!.id, 'late');
    const completed = await t.request({ url: `/v1/calls/${made[3]!.id}`, token: freshKey });
    assert.deepEqual(
      [completed.json<{ status: string }>().status, completed.json<{ error: string | null }>().error],
      ['completed', null],
    );
  });
});

describe('where the processor is, and where it reports', () => {
  test('no public URL known: no report URL, and originate would be 503 call_processor_unavailable', async () => {
    const quiet = await startTestHub();
    try {
      assert.equal(quiet.hub.publicUrl(), undefined);
      assert.equal(quiet.hub.reportUrl(), undefined);
      assert.throws(
        () => callReportUrl(quiet.hub.publicUrl()),
        (err: unknown) => err instanceof HubError && err.code === 'call_processor_unavailable' && err.status === 503,
      );
      quiet.hub.setPublicUrl('http://0.0.0.0:8080/');
      assert.equal(quiet.hub.reportUrl(), 'http://127.0.0.1:8080/internal/call-events', 'a wildcard address becomes loopback');
      assert.equal(callReportUrl(quiet.hub.publicUrl()), quiet.hub.reportUrl());
    } finally {
      await quiet.close();
    }
    assert.equal(reachableUrl('http://[::]:8080'), 'http://[::1]:8080');
  });

  test('KATAVEN_HUB_URL wins over the listening address', async () => {
    const fixed = await startTestHub({ KATAVEN_HUB_URL: 'https://hub.example.com/' });
    try {
      fixed.hub.setPublicUrl('http://127.0.0.1:1234');
      assert.equal(fixed.hub.reportUrl(), 'https://hub.example.com/internal/call-events');
    } finally {
      await fixed.close();
    }
  });

  test('KATAVEN_CALL_PROCESSOR_URL: no built-in carrier; the hub drives a processor elsewhere over the same contract', async () => {
    const processor = await startSimulatedCarrier({
      host: '127.0.0.1', port: 0, secret: PROCESSOR_SECRET, callSeconds: 0, timing: { ringAfterMs: 20, answerAfterMs: 40 },
    });
    const remote = await startTestHub({ KATAVEN_CALL_PROCESSOR_URL: processor.url, KATAVEN_CALL_PROCESSOR_SECRET: PROCESSOR_SECRET });
    try {
      assert.equal(remote.hub.simulatedCarrier, undefined);
      assert.equal(remote.hub.callProcessor.url, processor.url);
      assert.equal(remote.hub.callProcessor.builtInSimulated, false);
      await listen(remote.hub);
      const slug = await remote.createAccount();
      const { call, answer } = await placeSimulatedCall(remote.hub, slug, await insertAgent(remote.hub, slug));
      assert.deepEqual(answer, { status: 'queued', simulated: true });
      const done = await waitForCall(remote.hub, slug, call.id, (c) => c.status === 'completed');
      assert.equal(done.duration_seconds, 0);
      const db = await remote.hub.tenancy.database(slug);
      assert.equal((await getSession(db, call.session_id))?.recording_state, 'ready');
    } finally {
      await remote.close();
      await processor.close();
    }
  });

  test('a processor with another secret refuses the hub\'s originate (CallProcessorError, 401): no call is placed', async () => {
    const processor = await startSimulatedCarrier({
      host: '127.0.0.1', port: 0, secret: PROCESSOR_SECRET, callSeconds: 0, timing: { ringAfterMs: 20, answerAfterMs: 40, retryDelaysMs: [] },
    });
    const mismatched = await startTestHub({
      KATAVEN_CALL_PROCESSOR_URL: processor.url, KATAVEN_CALL_PROCESSOR_SECRET: 'another-secret-0123456789abcdef-0123456789',
    });
    try {
      await listen(mismatched.hub);
      const slug = await mismatched.createAccount();
      // The hub's originate is refused by the processor first: the two do not share a secret.
      await assert.rejects(placeSimulatedCall(mismatched.hub, slug, await insertAgent(mismatched.hub, slug)), (err: unknown) => {
        return err instanceof Error && err.name === 'CallProcessorError' && (err as Error & { status?: number }).status === 401;
      });
      assert.equal(processor.activeCalls, 0);
    } finally {
      await mismatched.close();
      await processor.close();
    }
  });
});
