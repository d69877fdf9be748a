// C2 telephony through the real HTTP pipeline against the real PostgreSQL: providers (credential shapes per
// carrier, never returned, 409 while in use), numbers (E.164, duplicates, provider and agent of the account,
// defaults, the agent filter, unpinning with null), §E body rules, every prefix (§0), sk_live_ and JWT callers,
// and the stores another part of the hub calls (C3: findNumberByE164, openProviderCredentials).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { newAgentId } from '../src/agents/agent-id.js';
import { findNumberByE164 } from '../src/telephony/number-store.js';
import { openProviderCredentials } from '../src/telephony/provider-store.js';
import { startTestHub, type RequestOptions, type TestHub } from './support/test-hub.js';
import { startTestIssuer, type TestIssuer } from './support/test-issuer.js';

let t: TestHub;
let issuer: TestIssuer;
let accountA: string;
let accountB: string;
let keyA: string;
let keyB: string;
/** External JWT, member of A only. */
let jwtA: string;

/** R1's 60/min default is not under test; this file sends more than that per account (A4/R1 lift it). */
async function createAccount(): Promise<string> {
  const slug = await t.createAccount();
  const lots = 1_000_000;
  await t.hub.catalog.update(slug, { rateLimits: { per_minute: lots, per_hour: lots, per_day: lots, concurrent: 1000 } });
  return slug;
}

before(async () => {
  issuer = await startTestIssuer();
  t = await startTestHub(issuer.env);
  [accountA, accountB] = await Promise.all([createAccount(), createAccount()]);
  const [a, b] = await Promise.all([t.mintKey(accountA, { name: 'telephony-a' }), t.mintKey(accountB)]);
  [keyA, keyB] = [a.key, b.key];
  jwtA = await issuer.sign({ sub: 'user-a', 'kataven:accounts': [accountA] });
});
after(async () => {
  await t?.close();
  await issuer?.close();
});

interface Provider {
  id: string;
  provider: string;
  name: string | null;
  credential_fields: string[];
  created_at: string;
  updated_at: string;
}
interface PhoneNumberItem {
  id: string;
  number: string;
  name: string | null;
  provider_id: string;
  agent_id: string | null;
  inbound_enabled: boolean;
  outbound_enabled: boolean;
  created_at: string;
  updated_at: string;
}

const PROVIDER_KEYS = ['created_at', 'credential_fields', 'id', 'name', 'provider', 'updated_at'];
const NUMBER_KEYS = [
  'agent_id', 'created_at', 'id', 'inbound_enabled', 'name', 'number', 'outbound_enabled', 'provider_id', 'updated_at',
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TWILIO_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const twilio = (token = 'twilio-token-1') => ({ account_sid: TWILIO_SID, auth_token: token });
const plivo = (token = 'plivo-token-1') => ({ auth_id: 'MAXXXXXXXXXXXXXXXXXX', auth_token: token });

function errorCode(response: LightMyRequestResponse): string {
  return response.body.split(':')[0]!;
}
function assertError(response: LightMyRequestResponse, status: number, code: string, where = ''): void {
  assert.equal(response.statusCode, status, `${where} ${response.body}`);
  assert.equal(errorCode(response), code, `${where} ${response.body}`);
}

/** A request as A's sk_live_ key on /v1 unless told otherwise. */
function asA(options: Omit<RequestOptions, 'url'> & { path: string }) {
  const { path, ...rest } = options;
  return t.request({ token: keyA, ...rest, url: `/v1${path}` });
}

async function createProvider(body: unknown, options: Partial<RequestOptions> = {}): Promise<Provider> {
  const response = await t.request({ method: 'POST', url: '/v1/telephony/providers', token: keyA, body, ...options });
  assert.equal(response.statusCode, 201, response.body);
  return response.json<Provider>();
}
async function createNumber(body: unknown, options: Partial<RequestOptions> = {}): Promise<PhoneNumberItem> {
  const response = await t.request({ method: 'POST', url: '/v1/telephony/numbers', token: keyA, body, ...options });
  assert.equal(response.statusCode, 201, response.body);
  return response.json<PhoneNumberItem>();
}
async function createAgent(account: string, token: string): Promise<string> {
  const response = await t.request({ method: 'POST', url: '/v1/agents', token, body: { name: 'telephony-agent' } });
  assert.equal(response.statusCode, 201, response.body);
  assert.equal((await t.hub.catalog.find(account))?.slug, account);
  return response.json<{ id: string }>().id;
}
/** A random E.164 number in the +1 555 range: unique per call in practice. */
function freshNumber(): string {
  return `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
}
async function open(account: string, providerId: string) {
  const db = await t.hub.tenancy.database(account);
  return openProviderCredentials(db, t.hub.secrets, account, providerId);
}

describe('C2 providers: create', () => {
  test('201 for each carrier, with sk_live_ and with a Hub user, on every prefix; never the credentials', async () => {
    const cases = [
      { body: { provider: 'twilio', name: 'Main', credentials: twilio() }, fields: ['account_sid', 'auth_token'] },
      { body: { provider: 'plivo', credentials: plivo() }, fields: ['auth_id', 'auth_token'] },
      { body: { provider: 'vobiz', name: 'India', credentials: { auth_id: 'VB_abc123', auth_token: 'vobiz-token-1' } }, fields: ['auth_id', 'auth_token'] },
    ];
    const callers: Partial<RequestOptions>[] = [{ token: keyA }, { token: jwtA, account: accountA }];
    for (const prefix of ['/v1', '/api/v1', '/hub-api/api/v1']) {
      for (const caller of callers) {
        for (const { body, fields } of cases) {
          const before = Date.now();
          const response = await t.request({ method: 'POST', url: `${prefix}/telephony/providers`, body, ...caller });
          const where = `${prefix} ${body.provider} ${caller.account ? 'jwt' : 'key'}`;
          assert.equal(response.statusCode, 201, `${where}: ${response.body}`);
          const item = response.json<Provider>();
          assert.deepEqual(Object.keys(item).sort(), PROVIDER_KEYS, where);
          assert.match(item.id, UUID);
          assert.equal(item.provider, body.provider);
          assert.equal(item.name, body.name ?? null);
          assert.deepEqual(item.credential_fields, fields);
          assert.equal(item.created_at, item.updated_at);
          assert.ok(Date.parse(item.created_at) >= before - 1000);
          for (const value of Object.values(body.credentials)) assert.ok(!response.body.includes(value), `${where}: a credential in the reply`);
          // What was sealed opens back to exactly what was sent (C3a's path).
          assert.deepEqual(await open(accountA, item.id), { provider: body.provider, credentials: body.credentials }, where);
        }
      }
    }
  });

  test('credentials: missing, extra, empty, non-string or misshapen → 400 invalid_provider_credentials naming the fields', async () => {
    const bad: [string, unknown][] = [
      ['twilio', undefined],
      ['twilio', null],
      ['twilio', 'AC0123:sekrit-1'],
      ['twilio', [TWILIO_SID, 'sekrit-1']],
      ['twilio', {}],
      ['twilio', { account_sid: TWILIO_SID }],
      ['twilio', { auth_token: 'sekrit-1' }],
      ['twilio', { ...twilio(), auth_id: 'MAXXXXXXXXXXXXXXXXXX' }],
      ['twilio', { ...twilio(), region: 'us1' }],
      ['twilio', { auth_id: 'MAXXXXXXXXXXXXXXXXXX', auth_token: 'sekrit-1' }],
      ['twilio', { account_sid: TWILIO_SID, auth_token: '' }],
      ['twilio', { account_sid: '', auth_token: 'sekrit-1' }],
      ['twilio', { account_sid: TWILIO_SID, auth_token: 42 }],
      ['twilio', { account_sid: TWILIO_SID, auth_token: null }],
      ['twilio', { account_sid: TWILIO_SID, auth_token: ['sekrit-1'] }],
      ['twilio', { account_sid: TWILIO_SID, auth_token: 'has space' }],
      ['twilio', { account_sid: TWILIO_SID, auth_token: 'line\nbreak' }],
      ['twilio', { account_sid: TWILIO_SID, auth_token: 'x'.repeat(257) }],
      ['twilio', { account_sid: `AC${'g'.repeat(32)}`, auth_token: 'sekrit-1' }],
      ['twilio', { account_sid: `AC${'0'.repeat(31)}`, auth_token: 'sekrit-1' }],
      ['twilio', { account_sid: `SK${'0'.repeat(32)}`, auth_token: 'sekrit-1' }],
      ['plivo', twilio()],
      ['plivo', { auth_id: 'MAXXXXXXXXXXXXXXXXXX' }],
      ['plivo', { ...plivo(), account_sid: TWILIO_SID }],
      ['plivo', { auth_id: '', auth_token: 'sekrit-1' }],
      ['vobiz', { auth_id: 'VB1', auth_token: false }],
      ['vobiz', { auth_token: 'sekrit-1' }],
    ];
    for (const [provider, credentials] of bad) {
      for (const json of [false, true]) {
        const response = await asA({ method: 'POST', path: '/telephony/providers', body: { provider, credentials }, json });
        const where = `${provider} ${JSON.stringify(credentials)}`;
        assert.equal(response.statusCode, 400, `${where}: ${response.body}`);
        const message = json
          ? response.json<{ error: { code: string; message: string } }>().error.message
          : response.body.slice(response.body.indexOf(':') + 2);
        assert.equal(json ? response.json<{ error: { code: string } }>().error.code : errorCode(response), 'invalid_provider_credentials', where);
        const expected = provider === 'twilio' ? /account_sid/ : /auth_id/;
        assert.match(message, expected, `${where}: the message names the fields`);
        for (const echoed of ['sekrit', 'token-1', 'MAXXX', 'us1', '0123456789abcdef', 'VB1', 'ggggg', 'has space', 'break', 'xxxxxxxx']) {
          assert.ok(!message.includes(echoed), `${where}: a value echoed: ${message}`);
        }
      }
    }
  });

  test('the messages say what is wrong: a missing field, an unexpected one, the SID shape', async () => {
    const message = async (provider: string, credentials: unknown) =>
      (await asA({ method: 'POST', path: '/telephony/providers', body: { provider, credentials } })).body;
    assert.equal(
      await message('twilio', { account_sid: TWILIO_SID }),
      'invalid_provider_credentials: auth_token is missing: twilio credentials are {account_sid, auth_token}, each a non-empty string of printable characters without spaces',
    );
    assert.equal(
      await message('plivo', { ...plivo(), account_sid: TWILIO_SID, 'sk-pasted-secret': 'x' }),
      'invalid_provider_credentials: unexpected account_sid, 1 other field: plivo credentials are {auth_id, auth_token}, each a non-empty string of printable characters without spaces',
    );
    assert.equal(
      await message('twilio', { account_sid: 'AC123', auth_token: 'tok' }),
      'invalid_provider_credentials: account_sid must be AC followed by 32 hexadecimal digits',
    );
  });

  test('provider: missing, unknown or of the wrong type → 400 invalid_body; name of the wrong type or blank → invalid_body', async () => {
    for (const body of [
      { credentials: twilio() },
      { provider: 'nexmo', credentials: twilio() },
      { provider: 'Twilio', credentials: twilio() },
      { provider: 7, credentials: twilio() },
      { provider: 'twilio', name: 5, credentials: twilio() },
      { provider: 'twilio', name: '', credentials: twilio() },
      { provider: 'twilio', name: '   ', credentials: twilio() },
      { provider: 'twilio', name: 'x'.repeat(101), credentials: twilio() },
    ]) {
      assertError(await asA({ method: 'POST', path: '/telephony/providers', body }), 400, 'invalid_body', JSON.stringify(body));
    }
    const listed = await asA({ method: 'POST', path: '/telephony/providers', body: { credentials: twilio() } });
    assert.equal(listed.body, 'invalid_body: provider: must be one of twilio, plivo, vobiz');
    for (const body of ['[]', 'null', '"twilio"']) {
      const response = await asA({ method: 'POST', path: '/telephony/providers', body, headers: { 'content-type': 'application/json' } });
      assertError(response, 400, 'invalid_body', body);
    }
  });

  test('server-set and unknown fields in the body are ignored', async () => {
    const planted = randomUUID();
    const item = await createProvider({
      provider: 'twilio', credentials: twilio(), id: planted, created_at: '2001-01-01T00:00:00.000Z', account: accountB,
      credential_fields: ['x'],
    });
    assert.notEqual(item.id, planted);
    assert.notEqual(item.created_at, '2001-01-01T00:00:00.000Z');
    assert.deepEqual(item.credential_fields, ['account_sid', 'auth_token']);
    assertError(await asA({ path: `/telephony/providers/${planted}` }), 404, 'not_found');
    assertError(await t.request({ url: `/v1/telephony/providers/${item.id}`, token: keyB }), 404, 'not_found', 'made in A only');
  });
});

describe('C2 providers: read, update, delete', () => {
  test('GET lists a bare array, newest first; GET /{id} reads one; unknown or malformed ids → 404 not_found', async () => {
    const first = await createProvider({ provider: 'plivo', name: 'first', credentials: plivo() });
    const second = await createProvider({ provider: 'twilio', name: 'second', credentials: twilio() });
    const list = await asA({ path: '/telephony/providers' });
    assert.equal(list.statusCode, 200);
    const items = list.json<Provider[]>();
    assert.ok(Array.isArray(items));
    const ids = items.map((p) => p.id);
    assert.ok(ids.indexOf(second.id) < ids.indexOf(first.id) && ids.indexOf(first.id) >= 0, 'newest first');
    for (const item of items) assert.deepEqual(Object.keys(item).sort(), PROVIDER_KEYS);
    const db = await t.hub.tenancy.database(accountA);
    assert.deepEqual(ids.sort(), (await db.query<{ id: string }>('SELECT id FROM telephony_providers')).rows.map((r) => r.id).sort());

    const read = await asA({ path: `/telephony/providers/${second.id}` });
    assert.equal(read.statusCode, 200);
    assert.deepEqual(read.json(), second);
    assert.equal((await asA({ path: `/telephony/providers/${second.id.toUpperCase()}` })).statusCode, 200, 'UUIDs are case-insensitive');
    for (const id of [randomUUID(), 'not-a-uuid', '123', `${second.id}x`, 'agent_01ARZ3NDEKTSV4RRFFQ69G5FAV', "1' OR '1'='1"]) {
      for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
        const response = await asA({
          method, path: `/telephony/providers/${encodeURIComponent(id)}`, ...(method === 'PATCH' ? { body: { name: 'x' } } : {}),
        });
        assertError(response, 404, 'not_found', `${method} ${id}`);
        assert.equal(response.body, 'not_found: no telephony provider with that id');
      }
    }
  });

  test('PATCH renames (null clears) and replaces the credentials whole, checked again for the kind', async () => {
    const created = await createProvider({ provider: 'twilio', name: 'old', credentials: twilio('first-token') });
    const rename = await asA({ method: 'PATCH', path: `/telephony/providers/${created.id}`, body: { name: 'new' } });
    assert.equal(rename.statusCode, 200, rename.body);
    const renamed = rename.json<Provider>();
    assert.equal(renamed.name, 'new');
    assert.ok(Date.parse(renamed.updated_at) >= Date.parse(created.updated_at));
    assert.deepEqual(Object.keys(renamed).sort(), PROVIDER_KEYS);
    assert.deepEqual((await open(accountA, created.id))?.credentials, twilio('first-token'), 'a rename keeps the credentials');

    // Partial credentials are refused, and the stored ones stay.
    for (const credentials of [{ auth_token: 'second-token' }, plivo('second-token'), { ...twilio('second-token'), extra: 'x' }, null, 'x']) {
      const response = await asA({ method: 'PATCH', path: `/telephony/providers/${created.id}`, body: { credentials } });
      assertError(response, 400, 'invalid_provider_credentials', JSON.stringify(credentials));
    }
    assert.deepEqual((await open(accountA, created.id))?.credentials, twilio('first-token'));

    const replaced = await asA({ method: 'PATCH', path: `/telephony/providers/${created.id}`, body: { credentials: twilio('second-token') } });
    assert.equal(replaced.statusCode, 200, replaced.body);
    assert.ok(!replaced.body.includes('second-token'));
    assert.deepEqual(await open(accountA, created.id), { provider: 'twilio', credentials: twilio('second-token') });

    // The kind cannot change; repeating it is fine; null clears the name; wrong types are invalid_body.
    assertError(await asA({ method: 'PATCH', path: `/telephony/providers/${created.id}`, body: { provider: 'plivo', credentials: plivo() } }), 400, 'invalid_body');
    const same = await asA({ method: 'PATCH', path: `/telephony/providers/${created.id}`, body: { provider: 'twilio', name: null } });
    assert.equal(same.statusCode, 200, same.body);
    assert.equal(same.json<Provider>().name, null);
    assertError(await asA({ method: 'PATCH', path: `/telephony/providers/${created.id}`, body: { name: 3 } }), 400, 'invalid_body');
    assertError(await asA({ method: 'PATCH', path: `/telephony/providers/${created.id}`, body: { name: '' } }), 400, 'invalid_body');
    // A patch naming nothing changes nothing.
    const noop = await asA({ method: 'PATCH', path: `/telephony/providers/${created.id}`, body: { id: randomUUID() } });
    assert.equal(noop.statusCode, 200);
    assert.deepEqual(noop.json(), same.json());
    assert.deepEqual((await open(accountA, created.id))?.credentials, twilio('second-token'));
  });

  test('DELETE → 204 and gone; 409 provider_in_use while a number uses it, 204 once the number is deleted', async () => {
    const idle = await createProvider({ provider: 'vobiz', credentials: { auth_id: 'VB1', auth_token: 'v' } });
    const deleted = await asA({ method: 'DELETE', path: `/telephony/providers/${idle.id}` });
    assert.equal(deleted.statusCode, 204, deleted.body);
    assert.equal(deleted.body, '');
    assertError(await asA({ path: `/telephony/providers/${idle.id}` }), 404, 'not_found');
    assertError(await asA({ method: 'DELETE', path: `/telephony/providers/${idle.id}` }), 404, 'not_found');
    assert.equal(await open(accountA, idle.id), undefined);

    const used = await createProvider({ provider: 'twilio', credentials: twilio() });
    const number = await createNumber({ number: freshNumber(), provider_id: used.id });
    for (const json of [false, true]) {
      const refused = await asA({ method: 'DELETE', path: `/telephony/providers/${used.id}`, json });
      assert.equal(refused.statusCode, 409, refused.body);
      if (json) assert.equal(refused.json<{ error: { code: string } }>().error.code, 'provider_in_use');
      else assert.equal(refused.body, 'provider_in_use: numbers use this provider: delete them or move them to another provider first');
    }
    assert.equal((await asA({ path: `/telephony/providers/${used.id}` })).statusCode, 200, 'still there');
    assert.equal((await asA({ method: 'DELETE', path: `/telephony/numbers/${number.id}` })).statusCode, 204);
    assert.equal((await asA({ method: 'DELETE', path: `/telephony/providers/${used.id}` })).statusCode, 204);
    assertError(await asA({ path: `/telephony/providers/${used.id}` }), 404, 'not_found');
  });

  test('a number moved to another provider frees the first one', async () => {
    const [p1, p2] = [await createProvider({ provider: 'twilio', credentials: twilio() }), await createProvider({ provider: 'plivo', credentials: plivo() })];
    const number = await createNumber({ number: freshNumber(), provider_id: p1.id });
    assertError(await asA({ method: 'DELETE', path: `/telephony/providers/${p1.id}` }), 409, 'provider_in_use');
    const moved = await asA({ method: 'PATCH', path: `/telephony/numbers/${number.id}`, body: { provider_id: p2.id } });
    assert.equal(moved.json<PhoneNumberItem>().provider_id, p2.id);
    assert.equal((await asA({ method: 'DELETE', path: `/telephony/providers/${p1.id}` })).statusCode, 204);
    assertError(await asA({ method: 'DELETE', path: `/telephony/providers/${p2.id}` }), 409, 'provider_in_use');
  });

  test('openProviderCredentials: the round trip, and undefined for an unknown or malformed id', async () => {
    const credentials = { auth_id: 'MAZZZZZZZZZZZZZZZZZZ', auth_token: 'round-trip-token' };
    const created = await createProvider({ provider: 'plivo', credentials });
    assert.deepEqual(await open(accountA, created.id), { provider: 'plivo', credentials });
    assert.deepEqual(await open(accountA, created.id.toUpperCase()), { provider: 'plivo', credentials });
    assert.equal(await open(accountA, randomUUID()), undefined);
    assert.equal(await open(accountA, 'not-a-uuid'), undefined);
    assert.equal(await open(accountB, created.id), undefined, "B's database has no such provider");
  });
});

describe('C2 numbers', () => {
  let providerA: Provider;
  let agentA: string;
  let providerB: string;
  let agentB: string;

  before(async () => {
    providerA = await createProvider({ provider: 'twilio', name: 'numbers', credentials: twilio() });
    agentA = await createAgent(accountA, keyA);
    const b = await t.request({ method: 'POST', url: '/v1/telephony/providers', token: keyB, body: { provider: 'plivo', credentials: plivo() } });
    assert.equal(b.statusCode, 201, b.body);
    providerB = b.json<Provider>().id;
    agentB = await createAgent(accountB, keyB);
  });

  test('201 with the item: inbound and outbound on by default, no agent, no name; all stored as given', async () => {
    const number = freshNumber();
    const item = await createNumber({ number, provider_id: providerA.id });
    assert.deepEqual(Object.keys(item).sort(), NUMBER_KEYS);
    assert.match(item.id, UUID);
    assert.deepEqual(
      { ...item, id: undefined, created_at: undefined, updated_at: undefined },
      { number, name: null, provider_id: providerA.id, agent_id: null, inbound_enabled: true, outbound_enabled: true, id: undefined, created_at: undefined, updated_at: undefined },
    );
    assert.equal(item.created_at, item.updated_at);
    const full = await createNumber(
      { number: freshNumber(), provider_id: providerA.id.toUpperCase(), agent_id: agentA, name: 'Sales line', inbound_enabled: false, outbound_enabled: false },
      { token: jwtA, account: accountA, url: '/hub-api/api/v1/telephony/numbers' },
    );
    assert.equal(full.provider_id, providerA.id, 'stored canonical');
    assert.deepEqual([full.agent_id, full.name, full.inbound_enabled, full.outbound_enabled], [agentA, 'Sales line', false, false]);
    const read = await asA({ path: `/telephony/numbers/${full.id}` });
    assert.equal(read.statusCode, 200);
    assert.deepEqual(read.json(), full);
    // Server-set fields are ignored.
    const planted = randomUUID();
    const ignored = await createNumber({ number: freshNumber(), provider_id: providerA.id, id: planted, created_at: '2001-01-01T00:00:00.000Z' });
    assert.notEqual(ignored.id, planted);
    assert.notEqual(ignored.created_at, '2001-01-01T00:00:00.000Z');
  });

  test('E.164: + and 7 to 15 digits, the first 1-9; anything else → 400 invalid_number', async () => {
    for (const number of ['+1234567', '+123456789012345', '+442071838750', '+919876543210']) {
      assert.equal((await createNumber({ number, provider_id: providerA.id })).number, number);
    }
    for (const number of [
      undefined, null, '', '+', '15551234567', '+0123456789', '+123456', '+1234567890123456', '+1 555 123 4567', '+1-555-123-4567',
      '+1555123456a', '++15551234567', ' +15551234567', '+15551234567 ', '+15551234567\n', '+１５５５１２３４５６７', '+(555)1234567',
      'tel:+15551234567', '+١٥٥٥١٢٣٤٥٦٧',
    ]) {
      for (const json of [false, true]) {
        const response = await asA({ method: 'POST', path: '/telephony/numbers', body: { number, provider_id: providerA.id }, json });
        assert.equal(response.statusCode, 400, `${JSON.stringify(number)}: ${response.body}`);
        const code = json ? response.json<{ error: { code: string } }>().error.code : errorCode(response);
        assert.equal(code, 'invalid_number', JSON.stringify(number));
      }
    }
    assert.equal(
      (await asA({ method: 'POST', path: '/telephony/numbers', body: { number: '555', provider_id: providerA.id } })).body,
      'invalid_number: number must be E.164: + followed by 7 to 15 digits, the first 1 to 9',
    );
    // Wrong JSON types are invalid_body (§E).
    for (const body of [
      { number: 15551234567, provider_id: providerA.id },
      { number: ['+15551234567'], provider_id: providerA.id },
      { number: freshNumber(), provider_id: 5 },
      { number: freshNumber(), provider_id: providerA.id, agent_id: 1 },
      { number: freshNumber(), provider_id: providerA.id, inbound_enabled: 'yes' },
      { number: freshNumber(), provider_id: providerA.id, outbound_enabled: null },
      { number: freshNumber(), provider_id: providerA.id, name: '' },
    ]) {
      assertError(await asA({ method: 'POST', path: '/telephony/numbers', body }), 400, 'invalid_body', JSON.stringify(body));
    }
  });

  test('a number the account already has → 400 duplicate_number; another account may have it', async () => {
    const number = freshNumber();
    await createNumber({ number, provider_id: providerA.id });
    const again = await asA({ method: 'POST', path: '/telephony/numbers', body: { number, provider_id: providerA.id, name: 'again' } });
    assertError(again, 400, 'duplicate_number');
    assert.equal(again.body, 'duplicate_number: this account already has that number');
    // Concurrent duplicates: exactly one is made.
    const racing = freshNumber();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => asA({ method: 'POST', path: '/telephony/numbers', body: { number: racing, provider_id: providerA.id } })),
    );
    assert.deepEqual(answers.map((r) => r.statusCode).sort(), [201, 400, 400, 400, 400, 400]);
    assert.ok(answers.filter((r) => r.statusCode === 400).every((r) => errorCode(r) === 'duplicate_number'));
    const db = await t.hub.tenancy.database(accountA);
    assert.equal((await db.query('SELECT 1 FROM phone_numbers WHERE number = $1', [racing])).rowCount, 1);
    // Each account has its own numbers (its own database): B may register the same one.
    const inB = await t.request({ method: 'POST', url: '/v1/telephony/numbers', token: keyB, body: { number, provider_id: providerB } });
    assert.equal(inB.statusCode, 201, inB.body);
  });

  test("provider_id must name one of the account's providers → else 400 unknown_provider", async () => {
    for (const providerId of [undefined, null, '', 'not-a-uuid', randomUUID(), providerB, agentA]) {
      const response = await asA({ method: 'POST', path: '/telephony/numbers', body: { number: freshNumber(), provider_id: providerId } });
      assertError(response, 400, 'unknown_provider', String(providerId));
      assert.equal(response.body, "unknown_provider: provider_id must be the id of one of this account's providers");
    }
  });

  test("agent_id must name one of the account's agents → else 400 unknown_agent; null means none", async () => {
    for (const agentId of ['', 'agent_x', newAgentId(), agentB, providerA.id]) {
      const response = await asA({ method: 'POST', path: '/telephony/numbers', body: { number: freshNumber(), provider_id: providerA.id, agent_id: agentId } });
      assertError(response, 400, 'unknown_agent', agentId);
    }
    assert.equal((await createNumber({ number: freshNumber(), provider_id: providerA.id, agent_id: null })).agent_id, null);
    const db = await t.hub.tenancy.database(accountA);
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM phone_numbers WHERE agent_id = $1', [agentB]);
    assert.equal(rows[0]!.n, 0);
  });

  test('GET lists a bare array, newest first; ?agent_id= keeps that agent\'s numbers; a malformed filter → 400 invalid_query', async () => {
    const agent = await createAgent(accountA, keyA);
    const pinned1 = await createNumber({ number: freshNumber(), provider_id: providerA.id, agent_id: agent });
    const unpinned = await createNumber({ number: freshNumber(), provider_id: providerA.id });
    const pinned2 = await createNumber({ number: freshNumber(), provider_id: providerA.id, agent_id: agent });
    const all = await asA({ path: '/telephony/numbers' });
    assert.equal(all.statusCode, 200);
    const items = all.json<PhoneNumberItem[]>();
    const db = await t.hub.tenancy.database(accountA);
    assert.deepEqual(items.map((n) => n.id).sort(), (await db.query<{ id: string }>('SELECT id FROM phone_numbers')).rows.map((r) => r.id).sort());
    assert.ok(items.findIndex((n) => n.id === pinned2.id) < items.findIndex((n) => n.id === unpinned.id));
    for (const item of items) assert.deepEqual(Object.keys(item).sort(), NUMBER_KEYS);

    const filtered = await asA({ path: `/telephony/numbers?agent_id=${agent}` });
    assert.equal(filtered.statusCode, 200);
    assert.deepEqual(filtered.json<PhoneNumberItem[]>().map((n) => n.id), [pinned2.id, pinned1.id]);
    assert.deepEqual((await asA({ path: `/telephony/numbers?agent_id=${newAgentId()}` })).json(), []);
    for (const query of ['agent_id=x', 'agent_id=', `agent_id=${agent}&agent_id=${agent}`, "agent_id=' OR 1=1--"]) {
      assertError(await asA({ path: `/telephony/numbers?${query}` }), 400, 'invalid_query', query);
    }
  });

  test('PATCH: agent_id null unpins, another agent repins, provider_id moves, flags toggle; bad references refused', async () => {
    const [agent1, agent2] = [await createAgent(accountA, keyA), await createAgent(accountA, keyA)];
    const other = await createProvider({ provider: 'plivo', credentials: plivo() });
    const item = await createNumber({ number: freshNumber(), provider_id: providerA.id, agent_id: agent1, name: 'line' });
    const patch = (body: unknown, options: Partial<RequestOptions> = {}) =>
      asA({ method: 'PATCH', path: `/telephony/numbers/${item.id}`, body, ...options });

    const unpinned = await patch({ agent_id: null });
    assert.equal(unpinned.statusCode, 200, unpinned.body);
    const unpinnedItem = unpinned.json<PhoneNumberItem>();
    assert.deepEqual(Object.keys(unpinnedItem).sort(), NUMBER_KEYS);
    assert.equal(unpinnedItem.agent_id, null);
    assert.equal(unpinnedItem.name, 'line', 'untouched fields stay');
    assert.deepEqual((await asA({ path: `/telephony/numbers?agent_id=${agent1}` })).json(), [], 'no longer listed under the agent');

    const repinned = (await patch({ agent_id: agent2, provider_id: other.id, inbound_enabled: false }, { token: jwtA, account: accountA })).json<PhoneNumberItem>();
    assert.deepEqual([repinned.agent_id, repinned.provider_id, repinned.inbound_enabled, repinned.outbound_enabled], [agent2, other.id, false, true]);
    const cleared = (await patch({ name: null, outbound_enabled: false })).json<PhoneNumberItem>();
    assert.deepEqual([cleared.name, cleared.outbound_enabled, cleared.agent_id], [null, false, agent2]);

    for (const [body, code] of [
      [{ agent_id: newAgentId() }, 'unknown_agent'],
      [{ agent_id: agentB }, 'unknown_agent'],
      [{ agent_id: 'nope' }, 'unknown_agent'],
      [{ provider_id: providerB }, 'unknown_provider'],
      [{ provider_id: randomUUID() }, 'unknown_provider'],
      [{ provider_id: null }, 'unknown_provider'],
      [{ number: freshNumber() }, 'invalid_body'],
      [{ inbound_enabled: 'false' }, 'invalid_body'],
      [{ agent_id: 7 }, 'invalid_body'],
      [{ name: 7 }, 'invalid_body'],
    ] as const) {
      assertError(await patch(body), 400, code, JSON.stringify(body));
    }
    // Nothing of the refused patches stuck.
    const now = (await asA({ path: `/telephony/numbers/${item.id}` })).json<PhoneNumberItem>();
    assert.deepEqual(now, cleared);
    // Sending the number back unchanged (and server-set fields) is fine.
    const echoed = await patch({ ...now, name: 'renamed', id: randomUUID(), created_at: '2001-01-01T00:00:00.000Z' });
    assert.equal(echoed.statusCode, 200, echoed.body);
    assert.deepEqual({ ...echoed.json<PhoneNumberItem>(), name: null, updated_at: now.updated_at }, now);
  });

  test('GET, PATCH, DELETE of an unknown or malformed id → 404 not_found; DELETE → 204 and gone', async () => {
    for (const id of [randomUUID(), 'not-a-uuid', '+15551234567', providerA.id]) {
      for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
        const response = await asA({ method, path: `/telephony/numbers/${encodeURIComponent(id)}`, ...(method === 'PATCH' ? { body: { name: 'x' } } : {}) });
        assertError(response, 404, 'not_found', `${method} ${id}`);
        assert.equal(response.body, 'not_found: no phone number with that id');
      }
    }
    const item = await createNumber({ number: freshNumber(), provider_id: providerA.id });
    const deleted = await asA({ method: 'DELETE', path: `/telephony/numbers/${item.id}` });
    assert.equal(deleted.statusCode, 204);
    assertError(await asA({ path: `/telephony/numbers/${item.id}` }), 404, 'not_found');
    assertError(await asA({ method: 'DELETE', path: `/telephony/numbers/${item.id}` }), 404, 'not_found');
    // Its number can be registered again.
    assert.equal((await createNumber({ number: item.number, provider_id: providerA.id })).number, item.number);
  });

  test('deleting an agent unpins its numbers (they stay, with agent_id null)', async () => {
    const agent = await createAgent(accountA, keyA);
    const item = await createNumber({ number: freshNumber(), provider_id: providerA.id, agent_id: agent });
    assert.equal((await asA({ method: 'DELETE', path: `/agents/${agent}` })).statusCode, 204);
    const read = await asA({ path: `/telephony/numbers/${item.id}` });
    assert.equal(read.statusCode, 200);
    assert.equal(read.json<PhoneNumberItem>().agent_id, null);
  });

  test('findNumberByE164 (C3 caller-ID ownership): the account\'s own number, undefined otherwise', async () => {
    const number = freshNumber();
    const item = await createNumber({ number, provider_id: providerA.id, outbound_enabled: false });
    const [dbA, dbB] = [await t.hub.tenancy.database(accountA), await t.hub.tenancy.database(accountB)];
    const found = await findNumberByE164(dbA, number);
    assert.ok(found);
    assert.deepEqual(
      { ...found, created_at: found.created_at.toISOString(), updated_at: found.updated_at.toISOString() },
      item,
    );
    assert.equal(found.outbound_enabled, false);
    assert.equal(await findNumberByE164(dbB, number), undefined, "not B's");
    assert.equal(await findNumberByE164(dbA, freshNumber()), undefined);
    assert.equal(await findNumberByE164(dbA, number.slice(1)), undefined, 'E.164 only');
  });
});

describe('AU2: every telephony mutation commits with its audit row', () => {
  test('POST, PATCH, DELETE of providers and numbers each leave a row naming the route pattern, never an id', async () => {
    const ids: string[] = [];
    const postProvider = await asA({ method: 'POST', path: '/telephony/providers', body: { provider: 'twilio', credentials: twilio() } });
    const provider = postProvider.json<Provider>();
    const postNumber = await asA({ method: 'POST', path: '/telephony/numbers', body: { number: freshNumber(), provider_id: provider.id } });
    const number = postNumber.json<PhoneNumberItem>();
    ids.push(String(postProvider.headers['x-request-id']), String(postNumber.headers['x-request-id']));
    const requests: { method: 'PATCH' | 'DELETE'; path: string; body?: unknown }[] = [
      { method: 'PATCH', path: `/telephony/numbers/${number.id}`, body: { name: 'x' } },
      { method: 'DELETE', path: `/telephony/numbers/${number.id}` },
      { method: 'PATCH', path: `/telephony/providers/${provider.id}`, body: { name: 'x' } },
      { method: 'DELETE', path: `/telephony/providers/${provider.id}` },
    ];
    for (const request of requests) {
      const response = await asA(request);
      assert.ok(response.statusCode < 300, response.body);
      ids.push(String(response.headers['x-request-id']));
    }
    const db = await t.hub.tenancy.database(accountA);
    const { rows } = await db.query<{ method: string; route: string; status: number }>(
      'SELECT method, route, status FROM audit_log WHERE request_id = ANY($1) ORDER BY id',
      [ids],
    );
    assert.deepEqual(rows, [
      { method: 'POST', route: '/v1/telephony/providers', status: 201 },
      { method: 'POST', route: '/v1/telephony/numbers', status: 201 },
      { method: 'PATCH', route: '/v1/telephony/numbers/:id', status: 200 },
      { method: 'DELETE', route: '/v1/telephony/numbers/:id', status: 204 },
      { method: 'PATCH', route: '/v1/telephony/providers/:id', status: 200 },
      { method: 'DELETE', route: '/v1/telephony/providers/:id', status: 204 },
    ]);
  });
});
