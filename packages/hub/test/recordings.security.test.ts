// C4 recordings: the signed URL (five minutes, HMAC over path and expiry, under a key every instance of a
// deployment derives alike) and what it refuses: a tampered signature or expiry, another session's or another
// account's signature, an expired URL (the hub's clock is moved, not waited on), paths that try to leave the
// recordings folder. 409 while the recording is being made, 503 when KATAVEN_HOME/recordings is not writable,
// and O2's admin-only DELETE: refused with O2's codes to an API key, a member and an admin without X-Admin, done
// for an admin (204, the file gone, its audit row committed), then 404.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CallRecord } from '../src/calls/call-store.js';
import { RecordingUrls } from '../src/calls/recording-urls.js';
import { toneWav } from '../src/calls/wav.js';
import { SecretBox } from '../src/secrets/secret-box.js';
import { errorCode, insertTestCall, PROCESSOR_SECRET, reportOf, sendReport } from './support/calls.js';
import { startTestHub, type TestHub } from './support/test-hub.js';
import { startTestIssuer, type TestIssuer } from './support/test-issuer.js';

const SECRETS_KEY = randomBytes(32).toString('hex');
let clockOffset = 0;
const now = () => Date.now() + clockOffset;

let t: TestHub;
let issuer: TestIssuer;
let account: string;
let key: string;
let member: string;
let admin: string;

before(async () => {
  issuer = await startTestIssuer();
  t = await startTestHub({ ...issuer.env, KATAVEN_CALL_PROCESSOR_SECRET: PROCESSOR_SECRET, KATAVEN_SECRETS_KEY: SECRETS_KEY }, { now });
  account = await t.createAccount();
  key = (await t.mintKey(account)).key;
  member = await issuer.sign({ sub: 'member-1', 'kataven:accounts': [account], 'kataven:roles': [] });
  admin = await issuer.sign({ sub: 'admin-1', 'kataven:accounts': [account], 'kataven:roles': ['admin'] });
});
after(async () => {
  await t?.close();
  await issuer?.close();
});

const fileOf = (sessionId: string, slug = account) => path.join(t.home, 'recordings', slug, `${sessionId}.wav`);

/** A call that has been answered (its recording is being made). */
async function answeredCall(): Promise<CallRecord> {
  const call = await insertTestCall(t.hub, account);
  const answered = await sendReport(t.hub, JSON.stringify(reportOf(account, call, { type: 'answered' })));
  assert.equal(answered.statusCode, 200, answered.body);
  return call;
}

/** A call that has ended with a one-second recording. */
async function recordedCall(): Promise<CallRecord> {
  const call = await answeredCall();
  const ended = await sendReport(
    t.hub,
    JSON.stringify(
      reportOf(account, call, {
        type: 'ended', status: 'completed', duration_seconds: 3,
        recording: { content_type: 'audio/wav', data_base64: toneWav(1).toString('base64') },
      }),
    ),
  );
  assert.equal(ended.statusCode, 200, ended.body);
  assert.ok(existsSync(fileOf(call.session_id)), 'the recording is on disk');
  return call;
}

async function signedUrl(sessionId: string): Promise<string> {
  const response = await t.request({ url: `/v1/sessions/${sessionId}/recording`, token: key });
  assert.equal(response.statusCode, 200, response.body);
  const { url } = response.json<{ url: string }>();
  return url;
}

describe('GET /v1/sessions/{id}/recording', () => {
  test('while the call talks: 409 recording_not_ready; once it ended: a URL for five minutes', async () => {
    const call = await answeredCall();
    for (const json of [false, true]) {
      const pending = await t.request({ url: `/v1/sessions/${call.session_id}/recording`, token: key, json });
      assert.equal(pending.statusCode, 409);
      assert.equal(json ? pending.json<{ error: { code: string } }>().error.code : errorCode(pending), 'recording_not_ready');
    }
    const ended = await sendReport(
      t.hub,
      JSON.stringify(reportOf(account, call, { type: 'ended', status: 'completed', recording: { content_type: 'audio/wav', data_base64: toneWav(1).toString('base64') } })),
    );
    assert.equal(ended.statusCode, 200);
    const response = await t.request({ url: `/hub-api/api/v1/sessions/${call.session_id}/recording`, token: key });
    assert.equal(response.statusCode, 200, response.body);
    const { url, expires_at } = response.json<{ url: string; expires_at: string }>();
    // No public URL known (this hub does not listen): root-relative.
    assert.match(url, new RegExp(`^/recordings/${account}/${call.session_id}\\.wav\\?expires=\\d+&signature=[0-9a-f]{64}$`));
    const expires = Number(new URL(url, 'http://x').searchParams.get('expires'));
    assert.equal(new Date(expires * 1000).toISOString(), expires_at);
    assert.ok(Math.abs(expires * 1000 - (now() + 5 * 60_000)) < 2000);
  });

  test('no recording (never answered, or none reported) and no session: 404 not_found', async () => {
    const call = await insertTestCall(t.hub, account);
    const noRecording = await t.request({ url: `/v1/sessions/${call.session_id}/recording`, token: key });
    assert.equal(noRecording.statusCode, 404);
    assert.equal(errorCode(noRecording), 'not_found');
    const endedBare = await answeredCall();
    assert.equal((await sendReport(t.hub, JSON.stringify(reportOf(account, endedBare, { type: 'ended', status: 'no-answer' })))).statusCode, 200);
    const none = await t.request({ url: `/v1/sessions/${endedBare.session_id}/recording`, token: key });
    assert.equal(none.statusCode, 404);
    for (const id of [randomUUID(), 'nope']) {
      const missing = await t.request({ url: `/v1/sessions/${id}/recording`, token: key });
      assert.equal(missing.statusCode, 404);
      assert.equal(errorCode(missing), 'not_found');
    }
  });

  test('503 storage_not_configured when KATAVEN_HOME/recordings is not writable; a call still ends without one', async () => {
    const call = await recordedCall();
    const folder = path.join(t.home, 'recordings');
    await rename(folder, `${folder}.away`);
    await writeFile(folder, 'not a folder');
    try {
      const response = await t.request({ url: `/v1/sessions/${call.session_id}/recording`, token: key });
      assert.equal(response.statusCode, 503);
      assert.equal(errorCode(response), 'storage_not_configured');
      // A recording reported meanwhile cannot be kept: the call ends all the same, with no recording.
      const other = await answeredCall();
      const ended = await sendReport(
        t.hub,
        JSON.stringify(reportOf(account, other, { type: 'ended', status: 'completed', recording: { content_type: 'audio/wav', data_base64: toneWav(1).toString('base64') } })),
      );
      assert.equal(ended.statusCode, 200, ended.body);
      const session = await t.request({ url: `/v1/sessions/${other.session_id}`, token: key });
      assert.deepEqual(
        [session.json<{ status: string }>().status, session.json<{ recording: { state: string } }>().recording.state],
        ['completed', 'none'],
      );
    } finally {
      await rm(folder);
      await rename(`${folder}.away`, folder);
    }
  });
});

describe('GET /recordings/… (public, signed)', () => {
  let call: CallRecord;
  let other: CallRecord;
  let url: string;

  before(async () => {
    [call, other] = [await recordedCall(), await recordedCall()];
    url = await signedUrl(call.session_id);
  });

  test('the signed URL serves the WAV (GET and HEAD)', async () => {
    const response = await t.hub.app.inject({ url });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'audio/wav');
    assert.equal(response.rawPayload.toString('ascii', 0, 4), 'RIFF');
    assert.ok(response.rawPayload.equals(toneWav(1)), 'the bytes that were reported');
    const head = await t.hub.app.inject({ method: 'HEAD', url });
    assert.equal(head.statusCode, 200);
    assert.equal(head.headers['content-length'], String(toneWav(1).length));
  });

  test('another instance of the deployment (same KATAVEN_SECRETS_KEY) verifies it; another key does not', () => {
    const parsed = new URL(url, 'http://hub');
    const args = [parsed.pathname, parsed.searchParams.get('expires') ?? undefined, parsed.searchParams.get('signature') ?? undefined] as const;
    assert.equal(new RecordingUrls(new SecretBox(SECRETS_KEY).deriveKey('recording-urls'), now).verify(...args), true);
    assert.equal(new RecordingUrls(new SecretBox(randomBytes(32).toString('hex')).deriveKey('recording-urls'), now).verify(...args), false);
  });

  test('tampered, foreign or malformed URLs: 403 invalid_signature, decided before any file is read', async () => {
    const parsed = new URL(url, 'http://hub');
    const expires = parsed.searchParams.get('expires')!;
    const signature = parsed.searchParams.get('signature')!;
    const flipped = signature.slice(0, -1) + (signature.endsWith('0') ? '1' : '0');
    const otherUrl = new URL(await signedUrl(other.session_id), 'http://hub');
    const otherAccount = await t.createAccount();
    const attempts = [
      `/recordings/${account}/${call.session_id}.wav?expires=${expires}&signature=${flipped}`,
      `/recordings/${account}/${call.session_id}.wav?expires=${Number(expires) + 3600}&signature=${signature}`,
      // Another session's valid signature and expiry on this session's path, and the reverse.
      `/recordings/${account}/${call.session_id}.wav${otherUrl.search}`,
      `/recordings/${account}/${other.session_id}.wav${parsed.search}`,
      // The same session under another account's path.
      `/recordings/${otherAccount}/${call.session_id}.wav${parsed.search}`,
      `/recordings/${account}/${call.session_id.toUpperCase()}.wav${parsed.search}`,
      `/recordings/${account}/${call.session_id}.WAV${parsed.search}`,
      `/recordings/${account}/${call.session_id}.wav`,
      `/recordings/${account}/${call.session_id}.wav?expires=${expires}`,
      `/recordings/${account}/${call.session_id}.wav?signature=${signature}`,
      `/recordings/${account}/${call.session_id}.wav?expires=${expires}&signature=${signature.toUpperCase()}`,
      `/recordings/${account}/${call.session_id}.wav?expires=${expires}&signature=${signature}&signature=${signature}`,
      `/recordings/${account}/..%2F${account}%2F${call.session_id}.wav${parsed.search}`,
      `/recordings/..%2F..%2F..%2Fetc/passwd${parsed.search}`,
      `/recordings/${account.toUpperCase()}/${call.session_id}.wav${parsed.search}`,
    ];
    for (const attempt of attempts) {
      const response = await t.hub.app.inject({ url: attempt });
      assert.equal(response.statusCode, 403, attempt);
      assert.equal(errorCode(response), 'invalid_signature', attempt);
      assert.notEqual(response.headers['content-type'], 'audio/wav');
    }
    const traversal = await t.hub.app.inject({ url: `/recordings/../../etc/passwd${parsed.search}` });
    assert.notEqual(traversal.statusCode, 200);
    assert.ok(existsSync(fileOf(call.session_id)));
  });

  test('expired: valid until its expiry, 403 invalid_signature one second after (clock moved, not waited on)', async () => {
    const expires = Number(new URL(url, 'http://hub').searchParams.get('expires'));
    try {
      clockOffset = expires * 1000 - Date.now() - 1000;
      assert.equal((await t.hub.app.inject({ url })).statusCode, 200, 'a second before expiry');
      clockOffset = expires * 1000 - Date.now() + 1000;
      const late = await t.hub.app.inject({ url });
      assert.equal(late.statusCode, 403);
      assert.equal(errorCode(late), 'invalid_signature');
    } finally {
      clockOffset = 0;
    }
  });
});

describe('DELETE /v1/sessions/{id}/recording (O2)', () => {
  test("refused to an API key, a member and an admin without X-Admin, with O2's codes; the file stays", async () => {
    const call = await recordedCall();
    const url = `/api/v1/sessions/${call.session_id}/recording`;
    const attempts: { token: string; account?: string; headers: Record<string, string>; code: string }[] = [
      { token: key, headers: { 'x-admin': 'true' }, code: 'requires_hub_ui_auth' },
      { token: member, account, headers: { 'x-admin': 'true' }, code: 'admin_role_required' },
      { token: admin, account, headers: {}, code: 'admin_header_required' },
      { token: admin, account, headers: { 'x-admin': 'false' }, code: 'admin_header_required' },
    ];
    for (const attempt of attempts) {
      const response = await t.request({ method: 'DELETE', url, ...attempt });
      assert.equal(response.statusCode, 403, attempt.code);
      assert.equal(errorCode(response), attempt.code);
    }
    assert.ok(existsSync(fileOf(call.session_id)));
    const session = await t.request({ url: `/v1/sessions/${call.session_id}`, token: key });
    assert.equal(session.json<{ recording: { state: string } }>().recording.state, 'ready');
  });

  test('an admin with X-Admin: 204, the file gone, state deleted, the audit row committed; then 404 everywhere', async () => {
    const call = await recordedCall();
    const signed = await signedUrl(call.session_id);
    const url = `/v1/sessions/${call.session_id}/recording`;
    const done = await t.request({ method: 'DELETE', url, token: admin, account, headers: { 'x-admin': 'true' } });
    assert.equal(done.statusCode, 204, done.body);
    assert.equal(existsSync(fileOf(call.session_id)), false, 'the file is gone');
    const db = await t.hub.tenancy.database(account);
    const audit = await db.query<{ sub: string; status: number }>(
      "SELECT sub, status FROM audit_log WHERE method = 'DELETE' AND route = '/v1/sessions/:id/recording' AND request_id = $1",
      [done.headers['x-request-id']],
    );
    assert.deepEqual(audit.rows, [{ sub: 'admin-1', status: 204 }], 'durable before the answer (AU2)');
    const session = await t.request({ url: `/v1/sessions/${call.session_id}`, token: key });
    assert.equal(session.json<{ recording: { state: string } }>().recording.state, 'deleted');

    const again = await t.request({ method: 'DELETE', url, token: admin, account, headers: { 'x-admin': 'true' } });
    assert.equal(again.statusCode, 404);
    assert.equal(errorCode(again), 'not_found');
    const read = await t.request({ url, token: key });
    assert.equal(read.statusCode, 404);
    assert.equal(errorCode(read), 'not_found');
    const download = await t.hub.app.inject({ url: signed });
    assert.equal(download.statusCode, 404, 'a URL signed before the delete finds nothing');
    assert.equal(errorCode(download), 'not_found');
  });

  test('while the call talks: 409 recording_not_ready; unknown session: 404', async () => {
    const call = await answeredCall();
    const pending = await t.request({ method: 'DELETE', url: `/v1/sessions/${call.session_id}/recording`, token: admin, account, headers: { 'x-admin': 'true' } });
    assert.equal(pending.statusCode, 409);
    assert.equal(errorCode(pending), 'recording_not_ready');
    const missing = await t.request({ method: 'DELETE', url: `/v1/sessions/${randomUUID()}/recording`, token: admin, account, headers: { 'x-admin': 'true' } });
    assert.equal(missing.statusCode, 404);
    assert.equal(errorCode(missing), 'not_found');
  });

  test("another tenant's admin cannot delete this account's recording", async () => {
    const call = await recordedCall();
    const otherAccount = await t.createAccount();
    const otherAdmin = await issuer.sign({ sub: 'admin-2', 'kataven:accounts': [otherAccount], 'kataven:roles': ['admin'] });
    const response = await t.request({
      method: 'DELETE', url: `/v1/sessions/${call.session_id}/recording`, token: otherAdmin, account: otherAccount, headers: { 'x-admin': 'true' },
    });
    assert.equal(response.statusCode, 404);
    assert.equal(errorCode(response), 'not_found');
    assert.ok(existsSync(fileOf(call.session_id)));
  });
});
