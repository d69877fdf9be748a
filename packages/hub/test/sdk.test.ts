// @kataven/sdk (SPEC §S) against a real hub over real HTTP: the package as users import it (its built dist, through
// the workspace link), a listening test hub with real PostgreSQL, Redis and the simulated carrier, and no mocked
// fetch. Where a test must see what went over the wire, the SDK's `fetch` option wraps the platform's own fetch to
// record the statuses, or a TCP relay between the SDK and the hub records the requests and cuts connections.
// Every client that talks to the hub has its fetch wrapped by SdkResponseCheck: each answer the SDK receives is
// checked against the hub's GET /openapi.json, and the last test asserts that all of them matched (issue 11).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import {
  APIConnectionError,
  APITimeoutError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  Kataven,
  KatavenError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServiceUnavailableError,
  type Agent,
  type KatavenOptions,
} from '@kataven/sdk';
import { REDIS_URL } from './support/hub-cluster.js';
import { SdkResponseCheck } from './support/sdk-response-check.js';
import { listen, PROCESSOR_SECRET } from './support/calls.js';
import { TcpRelay } from './support/tcp-relay.js';
import { startTestHub, type TestHub } from './support/test-hub.js';

const TWILIO = { account_sid: `AC${'1'.repeat(32)}`, auth_token: 'sdk-test-token' };
const FROM = '+15550000001';
const TO = '+15557654321';

/** Asserts that `promise` rejects with an error of `type` carrying `status` and `code`; returns the error. */
async function rejectsWith<E extends KatavenError>(
  promise: PromiseLike<unknown>,
  type: abstract new (...args: never[]) => E,
  status: number | undefined,
  code: string,
): Promise<E> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof type, `expected ${type.name}, got ${String(err)}`);
    assert.ok(err instanceof KatavenError, 'a KatavenError');
    assert.equal(err.status, status, err.message);
    assert.equal(err.code, code, err.message);
    return err;
  }
  assert.fail(`expected ${type.name} (${code}), but the call succeeded`);
}

/** A request id as the hub makes them (X-Request-Id, a UUID). */
const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The platform's fetch, recording the status of every answer it receives (the wire is real). */
function recordingFetch(): { fetch: KatavenOptions['fetch'] & object; statuses: number[]; started: number[]; answered: number[] } {
  const statuses: number[] = [];
  const started: number[] = [];
  const answered: number[] = [];
  return {
    statuses,
    started,
    answered,
    fetch: async (input, init) => {
      started.push(Date.now());
      const response = await fetch(input, init);
      answered.push(Date.now());
      statuses.push(response.status);
      return response;
    },
  };
}

/** The Idempotency-Key header of an HTTP request's head, as the relay saw it. */
function idempotencyKeyOf(head: string): string | undefined {
  return /\r\nidempotency-key: *([^\r\n]*)\r\n/i.exec(head)?.[1];
}

/**
 * A request held open by a slow client: headers sent (so authentication and the concurrent rate limit run), body
 * half sent. `finish()` sends the rest; the socket is destroyed by `abort()`.
 */
function holdRequest(baseUrl: string, token: string): { answered(): boolean; finish(): Promise<void>; abort(): void } {
  const url = new URL(baseUrl);
  const socket = net.connect(Number(url.port), url.hostname);
  socket.on('error', () => undefined);
  const body = '{"name":"held-open"}';
  socket.write(
    `POST /v1/agents HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${token}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 8)}`,
  );
  let wasAnswered = false;
  const answered = new Promise<void>((resolve) => {
    const done = () => {
      wasAnswered = true;
      resolve();
    };
    socket.on('data', done);
    socket.on('close', done);
  });
  return {
    answered: () => wasAnswered,
    finish: async () => {
      socket.write(body.slice(8));
      await answered;
    },
    abort: () => socket.destroy(),
  };
}

describe('@kataven/sdk against a real hub', { timeout: 120_000 }, () => {
  let t: TestHub;
  let baseUrl: string;
  let jwt: string;
  let check: SdkResponseCheck;

  /** A fresh account with an sk_live_ key; its per-minute budget raised so a whole test fits in it. */
  async function freshAccount(limits: { per_minute?: number; concurrent?: number } = {}) {
    const account = await t.createAccount();
    await t.hub.control.query('UPDATE accounts SET rate_per_minute = $2, rate_concurrent = $3 WHERE slug = $1', [
      account,
      limits.per_minute ?? 10_000,
      limits.concurrent ?? 20,
    ]);
    const { key, id } = await t.mintKey(account);
    return { account, key, keyId: id };
  }

  const client = (apiKey: string, options: Partial<KatavenOptions> = {}) =>
    new Kataven({ apiKey, baseUrl, ...options, fetch: check.fetch(options.fetch) });

  /** An account ready to place calls: an active agent, a Twilio provider and an outbound number. */
  async function callingAccount() {
    const fresh = await freshAccount();
    const kataven = client(fresh.key);
    const agent = await kataven.agents.create({ name: 'Caller', status: 'active', greeting_message: 'Hello from the SDK test.' });
    const provider = await kataven.telephony.providers.create({ provider: 'twilio', credentials: TWILIO });
    await kataven.telephony.numbers.create({ number: FROM, provider_id: provider.id });
    return { ...fresh, kataven, agent };
  }

  before(async () => {
    t = await startTestHub({ REDIS_URL, KATAVEN_SIMULATED_CALL_SECONDS: '1', KATAVEN_CALL_PROCESSOR_SECRET: PROCESSOR_SECRET });
    baseUrl = await listen(t.hub);
    jwt = await t.devToken();
    check = await SdkResponseCheck.of(t);
  });
  after(() => t?.close());

  describe('resources', () => {
    test('agents: create, get, list, update, delete with an sk_live_ key (no account header)', async () => {
      const { key } = await freshAccount();
      const kataven = client(key);
      const created = await kataven.agents.create({ name: 'Support', greeting_message: 'Hi!' });
      assert.match(created.id, /^agent_[0-9A-HJKMNP-TV-Z]{26}$/);
      assert.deepEqual(
        [created.name, created.status, created.llm_model, created.voice_provider, created.greeting_message],
        ['Support', 'draft', 'gpt-4o', 'cartesia', 'Hi!'],
      );
      assert.deepEqual(await kataven.agents.get(created.id), created);
      const second = await kataven.agents.create({ name: 'Sales' });
      assert.deepEqual((await kataven.agents.list()).map((a) => a.id), [second.id, created.id]);
      const updated = await kataven.agents.update(created.id, { status: 'active', name: 'Support 2' });
      assert.deepEqual([updated.id, updated.name, updated.status], [created.id, 'Support 2', 'active']);
      assert.equal(await kataven.agents.delete(created.id), undefined);
      await rejectsWith(kataven.agents.get(created.id), NotFoundError, 404, 'not_found');
      assert.deepEqual((await kataven.agents.list()).map((a) => a.id), [second.id]);
    });

    test('apiKeys: list only, with a key and with a user JWT plus accountId (X-Account-ID)', async () => {
      const { account, key, keyId } = await freshAccount();
      const keys = await client(key).apiKeys.list();
      assert.deepEqual(keys.map((k) => k.id), [keyId]);
      assert.equal(keys[0]!.last8, key.slice(-8));
      assert.equal('key' in keys[0]!, false);
      const asUser = client(jwt, { accountId: account });
      assert.deepEqual((await asUser.apiKeys.list()).map((k) => k.id), [keyId]);
      // K5/§S: the SDK has no way to mint, rename, revoke or delete a key.
      for (const method of ['create', 'update', 'delete', 'revoke']) assert.equal(method in asUser.apiKeys, false, method);
    });

    test('widgetKeys: create (the pk_live_ once), list, update, delete', async () => {
      const { key } = await freshAccount();
      const kataven = client(key);
      const agent = await kataven.agents.create({ name: 'Widget agent' });
      const created = await kataven.widgetKeys.create({ name: 'Website', domain_allowlist: ['https://acme.com'], agent_id: agent.id });
      assert.match(created.key, /^pk_live_/);
      assert.deepEqual([created.name, created.domain_allowlist, created.agent_id], ['Website', ['https://acme.com'], agent.id]);
      const listed = await kataven.widgetKeys.list();
      assert.deepEqual(listed.map((k) => k.id), [created.id]);
      assert.equal('key' in listed[0]!, false);
      assert.equal(await kataven.widgetKeys.update(created.id, { domain_allowlist: ['*.acme.com'], agent_id: null, caps: { daily_minutes: 60 } }), undefined);
      const [updated] = await kataven.widgetKeys.list();
      assert.deepEqual(
        [updated!.domain_allowlist, updated!.agent_id, updated!.caps],
        [['*.acme.com'], null, { concurrent_sessions: null, daily_sessions: null, daily_minutes: 60 }],
      );
      await rejectsWith(kataven.widgetKeys.create({ name: 'Bad', domain_allowlist: ['ftp://x'] }), BadRequestError, 400, 'invalid_allowlist_entry');
      await rejectsWith(kataven.widgetKeys.create({ name: 'Bad', agent_id: 'agent_nope' }), BadRequestError, 400, 'unknown_agent');
      assert.equal(await kataven.widgetKeys.delete(created.id), undefined);
      assert.deepEqual(await kataven.widgetKeys.list(), []);
    });

    test('widgetSettings: get, update, getAgent, updateAgent', async () => {
      const { key } = await freshAccount();
      const kataven = client(key);
      const branding = await kataven.widgetSettings.get();
      assert.equal(branding.launcher_position, 'br');
      const updated = await kataven.widgetSettings.update({ primary_color: '#0F766E', launcher_label: 'Ask us' });
      assert.deepEqual([updated.primary_color, updated.launcher_label, updated.accent_color], ['#0f766e', 'Ask us', branding.accent_color]);
      assert.deepEqual(await kataven.widgetSettings.get(), updated);
      // Strict bodies: a misspelt setting is refused, not dropped.
      await rejectsWith(kataven.widgetSettings.update({ launcher_pos: 'tl' } as never), BadRequestError, 400, 'invalid_body');
      const agent = await kataven.agents.create({ name: 'Widget policy' });
      assert.deepEqual(await kataven.widgetSettings.getAgent(agent.id), { widget_enabled: true, auth_mode: 'both' });
      assert.deepEqual(await kataven.widgetSettings.updateAgent(agent.id, { auth_mode: 'user' }), { widget_enabled: true, auth_mode: 'user' });
      assert.deepEqual(await kataven.widgetSettings.getAgent(agent.id), { widget_enabled: true, auth_mode: 'user' });
      await rejectsWith(kataven.widgetSettings.getAgent('agent_01J00000000000000000000000'), NotFoundError, 404, 'not_found');
    });

    test('telephony: providers and numbers, each list, get, create, update, delete', async () => {
      const { key } = await freshAccount();
      const kataven = client(key);
      const provider = await kataven.telephony.providers.create({ provider: 'twilio', name: 'Main', credentials: TWILIO });
      assert.deepEqual([provider.provider, provider.name, provider.credential_fields], ['twilio', 'Main', ['account_sid', 'auth_token']]);
      assert.equal(JSON.stringify(provider).includes(TWILIO.auth_token), false);
      assert.deepEqual(await kataven.telephony.providers.get(provider.id), provider);
      assert.deepEqual((await kataven.telephony.providers.list()).map((p) => p.id), [provider.id]);
      assert.equal((await kataven.telephony.providers.update(provider.id, { name: 'Backup' })).name, 'Backup');

      const agent = await kataven.agents.create({ name: 'Pinned' });
      const number = await kataven.telephony.numbers.create({ number: FROM, provider_id: provider.id, agent_id: agent.id });
      const other = await kataven.telephony.numbers.create({ number: '+15550000002', provider_id: provider.id, inbound_enabled: false });
      assert.deepEqual([number.number, number.agent_id, number.inbound_enabled, number.outbound_enabled], [FROM, agent.id, true, true]);
      assert.deepEqual(await kataven.telephony.numbers.get(number.id), number);
      assert.deepEqual((await kataven.telephony.numbers.list()).map((n) => n.id).sort(), [number.id, other.id].sort());
      assert.deepEqual((await kataven.telephony.numbers.list({ agent_id: agent.id })).map((n) => n.id), [number.id]);
      const unpinned = await kataven.telephony.numbers.update(number.id, { agent_id: null, name: 'Front desk' });
      assert.deepEqual([unpinned.agent_id, unpinned.name], [null, 'Front desk']);
      await rejectsWith(kataven.telephony.numbers.create({ number: FROM, provider_id: provider.id }), BadRequestError, 400, 'duplicate_number');
      await rejectsWith(kataven.telephony.providers.delete(provider.id), ConflictError, 409, 'provider_in_use');

      await kataven.telephony.numbers.delete(number.id);
      await kataven.telephony.numbers.delete(other.id);
      await rejectsWith(kataven.telephony.numbers.get(number.id), NotFoundError, 404, 'not_found');
      await kataven.telephony.providers.delete(provider.id);
      assert.deepEqual(await kataven.telephony.providers.list(), []);
    });

    test('calls: originate, get, list (a page, pages, every call); sessions: get, recording; callLimits: get', async () => {
      const { kataven, agent } = await callingAccount();
      const placed = [];
      for (let i = 0; i < 3; i++) placed.push(await kataven.calls.originate({ agent_id: agent.id, from_number: FROM, to_number: TO }));
      for (const p of placed) assert.deepEqual([p.status, p.simulated], ['queued', true]);

      const first = placed[0]!;
      const call = await kataven.calls.get(first.call_id);
      assert.deepEqual([call.id, call.session_id, call.agent_id, call.from_number, call.to_number, call.carrier], [
        first.call_id,
        first.session_id,
        agent.id,
        FROM,
        TO,
        'simulated',
      ]);
      const newestFirst = placed.map((p) => p.call_id).reverse();
      const page = await kataven.calls.list({ limit: 2 });
      assert.deepEqual(page.data.map((c) => c.id), newestFirst.slice(0, 2));
      assert.equal(typeof page.next_cursor, 'string');
      const last = await kataven.calls.list({ limit: 2, cursor: page.next_cursor! });
      assert.deepEqual([last.data.map((c) => c.id), last.next_cursor], [newestFirst.slice(2), null]);
      const iterated: string[] = [];
      for await (const c of kataven.calls.list({ limit: 1 })) iterated.push(c.id);
      assert.deepEqual(iterated, newestFirst);
      const pageSizes: number[] = [];
      for await (const p of kataven.calls.list({ limit: 2 }).pages()) pageSizes.push(p.data.length);
      assert.deepEqual(pageSizes, [2, 1]);

      // The simulated carrier talks for 1 s, then reports the end, a transcript and a recording.
      const deadline = Date.now() + 20_000;
      let ended = await kataven.calls.get(first.call_id);
      while (ended.status !== 'completed' && Date.now() < deadline) {
        await sleep(100);
        ended = await kataven.calls.get(first.call_id);
      }
      assert.equal(ended.status, 'completed');
      let session = await kataven.sessions.get(first.session_id);
      while (session.recording.state !== 'ready' && Date.now() < deadline) {
        await sleep(100);
        session = await kataven.sessions.get(first.session_id);
      }
      assert.deepEqual([session.id, session.kind, session.call_id, session.status, session.recording.state], [
        first.session_id,
        'call',
        first.call_id,
        'completed',
        'ready',
      ]);
      assert.ok(session.transcript.length > 0 && typeof session.transcript[0]!.text === 'string', JSON.stringify(session.transcript));
      const recording = await kataven.sessions.recording(first.session_id);
      assert.ok(Date.parse(recording.expires_at) > Date.now(), recording.expires_at);
      const wav = await fetch(recording.url);
      assert.equal(wav.status, 200);
      assert.equal(Buffer.from(await wav.arrayBuffer()).subarray(0, 4).toString('latin1'), 'RIFF');
      await rejectsWith(kataven.sessions.get(randomUUID()), NotFoundError, 404, 'not_found');

      assert.deepEqual(await kataven.callLimits.get(), { concurrent_max: 10, calls_per_minute: 30, daily_calls_max: 1000, daily_minutes_max: 600 });
    });

    test('auditLog: list filtered by key and actor, a page, every entry across pages', async () => {
      const { account, key, keyId } = await freshAccount();
      const kataven = client(key);
      for (let i = 0; i < 3; i++) await kataven.agents.create({ name: `Audited ${i}` });
      // A user's request in the same account, filtered out below.
      await client(jwt, { accountId: account }).agents.list();
      // Reads are batched (AU2, ≤ 1 s): wait until this key's rows are all there.
      const expected = 3 + 1; // three creates and the user's list are audited; the key's own reads below too
      let entries: Awaited<ReturnType<typeof kataven.auditLog.list>>['data'] = [];
      for (let i = 0; i < 50; i++) {
        entries = (await kataven.auditLog.list({ limit: 200 })).data;
        if (entries.length >= expected) break;
        await sleep(100);
      }
      const byKey = (await kataven.auditLog.list({ key_id: keyId, actor: 'api_key', limit: 200, since: new Date(Date.now() - 60_000) })).data;
      assert.ok(byKey.length >= 3, `${byKey.length} rows of the key`);
      for (const entry of byKey) assert.deepEqual([entry.key_id, entry.actor], [keyId, 'api_key']);
      const creates = byKey.filter((e) => e.method === 'POST' && e.status === 201);
      assert.equal(creates.length, 3);
      assert.match(creates[0]!.request_id, REQUEST_ID);
      // Newest first, and iteration over pages of one gives the same rows as one big page.
      const firstPage = await kataven.auditLog.list({ key_id: keyId, limit: 1 });
      assert.equal(firstPage.data.length, 1);
      assert.equal(typeof firstPage.next_cursor, 'string');
      const iterated = [];
      for await (const entry of kataven.auditLog.list({ key_id: keyId, limit: 1, until: byKey[0]!.at })) iterated.push(entry.id);
      const sameWindow = (await kataven.auditLog.list({ key_id: keyId, limit: 200, until: byKey[0]!.at })).data.map((e) => e.id);
      assert.deepEqual(iterated, sameWindow);
      assert.ok(iterated.length >= 3, `${iterated.length} rows iterated`);
      await rejectsWith(kataven.auditLog.list({ cursor: 'not-a-cursor' }), BadRequestError, 400, 'invalid_query');
    });
  });

  describe('errors: the class of the status, the hub code, message and request id', () => {
    test('400 BadRequestError, 404 NotFoundError, 409 ConflictError', async () => {
      const { key } = await freshAccount();
      const kataven = client(key);
      const bad = await rejectsWith(kataven.agents.create({ name: '' }), BadRequestError, 400, 'name_required');
      assert.equal(bad.message, 'name is required (1 to 100 characters)');
      assert.match(bad.requestId ?? '', REQUEST_ID);
      await rejectsWith(kataven.agents.create({ name: 'x', status: 'bogus' as never }), BadRequestError, 400, 'invalid_body');
      const missing = await rejectsWith(kataven.agents.get('agent_01J00000000000000000000000'), NotFoundError, 404, 'not_found');
      assert.equal(missing.message, 'no agent with that id');
      const draft = await kataven.agents.create({ name: 'Draft' });
      const provider = await kataven.telephony.providers.create({ provider: 'plivo', credentials: { auth_id: 'MA0000', auth_token: 'tok' } });
      await kataven.telephony.numbers.create({ number: FROM, provider_id: provider.id });
      await rejectsWith(kataven.calls.originate({ agent_id: draft.id, from_number: FROM, to_number: TO }), ConflictError, 409, 'agent_not_active');
    });

    test('401 AuthenticationError: a well-formed key the account does not have (invalid_token)', async () => {
      const { account } = await freshAccount();
      const { key, id } = await t.mintKey(account, { name: 'short-lived' });
      // Never used, so deleting it removes the row (K4): the key is then simply unknown.
      const deleted = await t.request({ method: 'DELETE', url: `/v1/api-keys/${id}`, token: jwt, account });
      assert.equal(deleted.statusCode, 204);
      const err = await rejectsWith(client(key).agents.list(), AuthenticationError, 401, 'invalid_token');
      assert.match(err.requestId ?? '', REQUEST_ID);
      await rejectsWith(client('sk_live_nope').agents.list(), BadRequestError, 400, 'malformed_token');
    });

    test('403 PermissionDeniedError: a revoked sk_live_ is key_revoked; a key naming another account is account_mismatch', async () => {
      const { account, key, keyId } = await freshAccount();
      const kataven = client(key);
      assert.deepEqual(await kataven.agents.list(), []);
      const revoked = await t.request({ method: 'PATCH', url: `/v1/api-keys/${keyId}`, token: jwt, account, body: { disabled: true } });
      assert.equal(revoked.statusCode, 204);
      const err = await rejectsWith(kataven.agents.list(), PermissionDeniedError, 403, 'key_revoked');
      assert.equal(err.message, 'this key has been revoked');
      const other = await freshAccount();
      await rejectsWith(client(other.key, { accountId: account }).agents.list(), PermissionDeniedError, 403, 'account_mismatch');
    });

    test('503 ServiceUnavailableError: recording storage not writable (storage_not_configured)', async () => {
      const { kataven, agent, key } = await callingAccount();
      const placed = await kataven.calls.originate({ agent_id: agent.id, from_number: FROM, to_number: TO });
      const deadline = Date.now() + 20_000;
      while ((await kataven.sessions.get(placed.session_id)).recording.state !== 'ready') {
        assert.ok(Date.now() < deadline, 'the recording never became ready');
        await sleep(100);
      }
      const folder = path.join(t.home, 'recordings');
      await rename(folder, `${folder}.away`);
      await writeFile(folder, 'not a folder');
      try {
        await rejectsWith(kataven.sessions.recording(placed.session_id), ServiceUnavailableError, 503, 'storage_not_configured');
        // A GET is safe to replay: a 503 is retried (here once), then thrown.
        const recorder = recordingFetch();
        const retrying = client(key, { retry: { maxRetries: 1 }, fetch: recorder.fetch });
        await rejectsWith(retrying.sessions.recording(placed.session_id), ServiceUnavailableError, 503, 'storage_not_configured');
        assert.deepEqual(recorder.statuses, [503, 503]);
      } finally {
        await rm(folder, { force: true });
        await rename(`${folder}.away`, folder);
      }
      const restored = await kataven.sessions.recording(placed.session_id);
      assert.ok(restored.url.includes(placed.session_id), restored.url);
    });

    test('APIConnectionError when nothing listens; APITimeoutError when the hub does not answer in time', async () => {
      const closed = net.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as net.AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const refused = await rejectsWith(
        new Kataven({ apiKey: 'sk_live_acme_x', baseUrl: `http://127.0.0.1:${port}` }).agents.list(),
        APIConnectionError,
        undefined,
        'connection_error',
      );
      assert.match(refused.message, /ECONNREFUSED/);

      const { key } = await freshAccount();
      const relay = await TcpRelay.start({ host: '127.0.0.1', port: Number(new URL(baseUrl).port) });
      try {
        await relay.setMode('blackhole');
        const started = Date.now();
        await rejectsWith(
          new Kataven({ apiKey: key, baseUrl: `http://127.0.0.1:${relay.port}`, timeoutMs: 300, fetch: check.fetch() }).agents.list(),
          APITimeoutError,
          undefined,
          'timeout',
        );
        assert.ok(Date.now() - started >= 290, `timed out after ${Date.now() - started} ms`);
        // The caller's own abort ends the call and its retries at once, with the signal's reason.
        const controller = new AbortController();
        const aborted = new Kataven({ apiKey: key, baseUrl: `http://127.0.0.1:${relay.port}`, retry: true, fetch: check.fetch() }).agents.list({ signal: controller.signal });
        setTimeout(() => controller.abort(), 100);
        await assert.rejects(aborted, (err: Error) => err.name === 'AbortError');
      } finally {
        await relay.close();
      }

      // A 200 that is not JSON is not the hub's answer (so not checked against its document: no wrapped fetch).
      const notAHub = http.createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>'));
      await new Promise<void>((resolve) => notAHub.listen(0, '127.0.0.1', resolve));
      try {
        const other = `http://127.0.0.1:${(notAHub.address() as net.AddressInfo).port}`;
        await rejectsWith(new Kataven({ apiKey: key, baseUrl: other }).agents.list(), KatavenError, 200, 'invalid_response');
      } finally {
        await new Promise<void>((resolve) => notAHub.close(() => resolve()));
      }
    });
  });

  describe('retries', () => {
    test('a 429 of the concurrent limit is retried after its Retry-After (1 s) and then succeeds', async () => {
      const { key } = await freshAccount({ concurrent: 1 });
      let held = holdRequest(baseUrl, key);
      try {
        // The held request has the one slot once the hub refuses another. A probe may itself take the slot at the
        // moment the held request arrives, which is then refused: hold another one and probe again. Each held
        // request is given time to arrive first (a new connection, where the probes reuse theirs): on a loaded
        // machine, probing at once could win the slot every time.
        const plain = client(key);
        let refusal: RateLimitError | undefined;
        await sleep(100);
        for (let i = 0; i < 100 && !refusal; i++) {
          try {
            await plain.agents.list();
          } catch (err) {
            if (!(err instanceof RateLimitError)) throw err;
            refusal = err;
          }
          if (refusal) break;
          await sleep(30);
          if (held.answered()) {
            held.abort();
            held = holdRequest(baseUrl, key);
            await sleep(100);
          }
        }
        assert.ok(refusal, 'the held request never took the one slot');
        // Without retry, the refusal is thrown with the hub's own message and Retry-After.
        assert.deepEqual([refusal.status, refusal.code, refusal.message, refusal.retryAfter], [429, 'rate_limited', 'concurrent (1) exceeded', 1]);

        const recorder = recordingFetch();
        const retrying = client(key, { retry: true, fetch: recorder.fetch });
        const started = Date.now();
        const listing = retrying.agents.list();
        // Once the SDK has its 429, the held request ends (creating its agent) and frees the slot.
        for (let i = 0; i < 1000 && recorder.statuses.length === 0; i++) await sleep(5);
        await held.finish();
        assert.deepEqual((await listing).map((a) => a.name), ['held-open']);
        assert.deepEqual(recorder.statuses, [429, 200]);
        // The retry waited for Retry-After (1 s) plus at most 500 ms of jitter (and a loaded machine's delays).
        const waited = recorder.started[1]! - recorder.answered[0]!;
        assert.ok(waited >= 1000 && waited < 2500, `retried ${waited} ms after the 429`);
        assert.ok(Date.now() - started >= 1000, `answered after ${Date.now() - started} ms`);
      } finally {
        held.abort();
      }
    });

    test('a 429 with Retry-After over 60 s (a daily cost cap) is not retried: RateLimitError at once, the server message kept', async () => {
      const { account, kataven, agent, key } = await callingAccount();
      const caps = await t.request({
        method: 'PUT',
        url: '/v1/call-limits',
        token: jwt,
        account,
        headers: { 'x-admin': 'true' },
        body: { concurrent_max: 10, calls_per_minute: 30, daily_calls_max: 0, daily_minutes_max: 600 },
      });
      assert.equal(caps.statusCode, 200, caps.body);
      assert.equal((await kataven.callLimits.get()).daily_calls_max, 0);
      // Retry-After runs to the next UTC midnight: over 60 s except in a day's last minute, which is waited out.
      const toMidnight = (Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 1) - Date.now()) / 1000;
      if (toMidnight < 65) await sleep((toMidnight + 2) * 1000);

      const recorder = recordingFetch();
      const retrying = client(key, { retry: true, fetch: recorder.fetch });
      const started = Date.now();
      const err = await rejectsWith(retrying.calls.originate({ agent_id: agent.id, from_number: FROM, to_number: TO }), RateLimitError, 429, 'cost_cap');
      assert.equal(err.message, 'Daily call limit reached');
      assert.ok(err.retryAfter !== undefined && err.retryAfter > 60, `Retry-After ${err.retryAfter}`);
      assert.deepEqual(recorder.statuses, [429]);
      assert.ok(Date.now() - started < 1000, `thrown after ${Date.now() - started} ms`);
    });

    test('a POST sent without an idempotency key whose connection dies after the hub ran it is not replayed', async () => {
      const { key } = await freshAccount();
      const relay = await TcpRelay.start({ host: '127.0.0.1', port: Number(new URL(baseUrl).port) });
      try {
        relay.cutResponses();
        const kataven = client(key, { baseUrl: `http://127.0.0.1:${relay.port}`, retry: true });
        await rejectsWith(kataven.agents.create({ name: 'Exactly once' }, { idempotencyKey: null }), APIConnectionError, undefined, 'connection_error');
        await sleep(700); // longer than the first backoff: a replay would have connected by now
        assert.equal(relay.accepted.length, 1);
        assert.equal(idempotencyKeyOf(relay.accepted[0]!.firstBytes), undefined);
        // The hub did create it, once.
        const agents = await client(key).agents.list();
        assert.deepEqual(agents.map((a: Agent) => a.name), ['Exactly once']);
      } finally {
        await relay.close();
      }
    });

    test('a POST with its idempotency key is replayed with the same key on every retry (at most 3)', async () => {
      const { key } = await freshAccount();
      const relay = await TcpRelay.start({ host: '127.0.0.1', port: Number(new URL(baseUrl).port) });
      try {
        relay.cutResponses();
        const kataven = client(key, { baseUrl: `http://127.0.0.1:${relay.port}`, retry: true });
        await rejectsWith(kataven.agents.create({ name: 'Keyed' }), APIConnectionError, undefined, 'connection_error');
        const keys = relay.accepted.map((c) => idempotencyKeyOf(c.firstBytes));
        assert.equal(keys.length, 4, 'the first attempt and 3 retries');
        assert.match(keys[0] ?? '', REQUEST_ID); // a crypto.randomUUID()
        assert.equal(new Set(keys).size, 1);
        // What an sk_live_ key sends: the bearer, JSON wanted, no account header (the key names its account).
        const head = relay.accepted[0]!.firstBytes;
        assert.match(head, /^POST \/v1\/agents HTTP\/1\.1\r\n/);
        assert.match(head, /\r\naccept: application\/json\r\n/i);
        assert.match(head, new RegExp(`\\r\\nauthorization: Bearer ${key}\\r\\n`, 'i'));
        assert.doesNotMatch(head, /\r\nx-account-id:/i);
        // The next call gets a key of its own, again the same on each of its attempts.
        await rejectsWith(kataven.agents.create({ name: 'Keyed again' }), APIConnectionError, undefined, 'connection_error');
        const next = relay.accepted.slice(4).map((c) => idempotencyKeyOf(c.firstBytes));
        assert.equal(next.length, 4);
        assert.equal(new Set(next).size, 1);
        assert.notEqual(next[0], keys[0]);

        // A key of the caller's own is sent as given, and the call succeeds on its retry.
        relay.cutResponses(1);
        const given = `order-${randomUUID()}`;
        const agent = await kataven.agents.create({ name: 'Given key' }, { idempotencyKey: given });
        assert.equal(agent.name, 'Given key');
        assert.deepEqual(relay.accepted.slice(8).map((c) => idempotencyKeyOf(c.firstBytes)), [given, given]);
      } finally {
        await relay.close();
      }
    });

    test('a refused connection never reached the hub: even a POST without a key is retried, 3 times at most', async () => {
      const closed = net.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as net.AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      let attempts = 0;
      const kataven = new Kataven({
        apiKey: 'sk_live_acme_x',
        baseUrl: `http://127.0.0.1:${port}`,
        retry: true,
        fetch: (input, init) => {
          attempts++;
          return fetch(input, init);
        },
      });
      await rejectsWith(kataven.agents.create({ name: 'x' }, { idempotencyKey: null }), APIConnectionError, undefined, 'connection_error');
      assert.equal(attempts, 4);
      attempts = 0;
      await rejectsWith(
        new Kataven({
          apiKey: 'sk_live_acme_x',
          baseUrl: `http://127.0.0.1:${port}`,
          retry: { maxRetries: 1 },
          fetch: (input, init) => {
            attempts++;
            return fetch(input, init);
          },
        }).agents.list(),
        APIConnectionError,
        undefined,
        'connection_error',
      );
      assert.equal(attempts, 2);
    });
  });

  describe('configuration', () => {
    test('an sk_live_ key is refused in a browser unless dangerouslyAllowBrowser; a JWT is not', async () => {
      const globals = globalThis as { window?: unknown; document?: unknown };
      globals.window = {};
      globals.document = {};
      try {
        assert.throws(() => new Kataven({ apiKey: 'sk_live_acme_x' }), /refusing an sk_live_ key in a browser/);
        assert.doesNotThrow(() => new Kataven({ apiKey: 'sk_live_acme_x', dangerouslyAllowBrowser: true }));
        assert.doesNotThrow(() => new Kataven({ apiKey: 'eyJhbGciOiJFUzI1NiJ9.e30.x', accountId: 'acme' }));
      } finally {
        delete globals.window;
        delete globals.document;
      }
      assert.doesNotThrow(() => new Kataven({ apiKey: 'sk_live_acme_x' }));
    });

    test('bad options fail at construction; a bad idempotency key before any request', async () => {
      assert.throws(() => new Kataven({ apiKey: '' }), TypeError);
      assert.throws(() => new Kataven({ apiKey: 'eyJhbGciOiJFUzI1NiJ9.e30.x' }), /needs accountId/);
      assert.throws(() => new Kataven({ apiKey: 'eyJ.x.y', accountId: 'Not A Slug' }), TypeError);
      assert.throws(() => new Kataven({ apiKey: 'sk_live_acme_x', retry: { maxRetries: 4 } }), RangeError);
      assert.throws(() => new Kataven({ apiKey: 'sk_live_acme_x', timeoutMs: 0 }), RangeError);
      await assert.rejects(new Kataven({ apiKey: 'sk_live_acme_x' }).agents.create({ name: 'x' }, { idempotencyKey: 'has space' }), TypeError);
      await assert.rejects(new Kataven({ apiKey: 'sk_live_acme_x' }).agents.create({ name: 'x' }, { idempotencyKey: 'k'.repeat(256) }), TypeError);
      assert.equal(new Kataven({ apiKey: 'sk_live_acme_x' }).baseUrl, 'https://api.kataven.ai');
      assert.equal(new Kataven({ apiKey: 'sk_live_acme_x', baseUrl: 'http://localhost:8080/' }).baseUrl, 'http://localhost:8080');
    });
  });

  // Last: the answers of every test above.
  test('every answer the SDK received from the hub matches GET /openapi.json', async (ctx) => {
    await check.assertAllValid();
    ctx.diagnostic(`${check.exchanges.length} answers checked`);
    // The resources' successes and the errors the tests provoke were all among them.
    const statuses = new Set(check.exchanges.map((e) => e.status));
    for (const status of [200, 201, 204, 401, 403, 404, 429, 503]) assert.ok(statuses.has(status), `no ${status} answer was checked`);
  });
});
