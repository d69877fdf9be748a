// W1 widget keys and W3/W4 the widget config endpoint, through the real HTTP pipeline against the real
// PostgreSQL and Redis: CRUD with both credential kinds, the allowlist and agent rules, K3/K4's revoke and delete
// semantics, cross-tenant 404s, the origin check and CORS, W6's per-IP budget, and T7 across two instances.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { newAgentId } from '../src/agents/agent-id.js';
import { generateKey } from '../src/auth/token-format.js';
import type { Revocation } from '../src/auth/revocation-bus.js';
import { loadConfig } from '../src/config.js';
import type { ErrorCode } from '../src/errors.js';
import { startHub, type Hub } from '../src/hub.js';
import { WIDGET_DEFAULTS } from '../src/http/widget-config.js';
import { WIDGET_REQUESTS_PER_IP_PER_KEY_PER_MINUTE, WIDGET_REQUESTS_PER_KEY_PER_MINUTE } from '../src/http/widget-admission.js';
import { InProcessCostCaps } from '../src/limits/in-process-cost-caps.js';
import { capScopeOf, findWidgetKeyByHash } from '../src/widget/widget-key-store.js';
import { logCapture } from './support/log-capture.js';
import { startTestHub, type TestHub } from './support/test-hub.js';

const REDIS_URL = process.env.KATAVEN_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const { lines: logLines, stream: logStream } = logCapture();

let t: TestHub;
let accountA: string;
let accountB: string;
let jwt: string;
let skA: string;
let skB: string;
const agentA1 = newAgentId();
const agentA2 = newAgentId();
const agentB = newAgentId();

before(async () => {
  t = await startTestHub({ REDIS_URL }, { logger: { level: 'info', stream: logStream } });
  [accountA, accountB] = await Promise.all([t.createAccount(), t.createAccount()]);
  // R1's default 60/min per account is not under test here, and this file sends more than that.
  const lots = 1_000_000;
  for (const account of [accountA, accountB]) {
    await t.hub.catalog.update(account, { rateLimits: { per_minute: lots, per_hour: lots, per_day: lots, concurrent: 1000 } });
  }
  jwt = await t.devToken();
  skA = (await t.mintKey(accountA, { name: 'server-a' })).key;
  skB = (await t.mintKey(accountB, { name: 'server-b' })).key;
  const [dbA, dbB] = await Promise.all([t.hub.tenancy.database(accountA), t.hub.tenancy.database(accountB)]);
  await dbA.query("INSERT INTO agents (id, name, greeting_message) VALUES ($1, 'Support', 'Hi! How can I help?'), ($2, 'Sales', '')", [agentA1, agentA2]);
  await dbB.query("INSERT INTO agents (id, name) VALUES ($1, 'B agent')", [agentB]);
});
after(() => t.close());

interface WidgetKeyItem {
  id: string;
  name: string;
  last8: string;
  domain_allowlist: string[];
  agent_id: string | null;
  created_at: string;
  updated_at: string;
  last_used_at: string | null;
  disabled_at: string | null;
  caps: { concurrent_sessions: number | null; daily_sessions: number | null; daily_minutes: number | null };
  key?: string;
}

const ITEM_FIELDS = ['id', 'name', 'last8', 'domain_allowlist', 'agent_id', 'created_at', 'updated_at', 'last_used_at', 'disabled_at', 'caps'].sort();

function errorCode(response: { body: string }): string {
  return response.body.split(':')[0]!;
}

function assertError(response: LightMyRequestResponse, status: number, code: ErrorCode, where = ''): void {
  assert.equal(response.statusCode, status, `${where} ${response.body}`);
  assert.equal(errorCode(response), code, where);
}

/** The credential kinds W1 accepts on every method. */
const asUser = () => ({ token: jwt, account: accountA });
const asKey = () => ({ token: skA });

async function create(body: unknown, as: { token: string; account?: string } = asUser()): Promise<LightMyRequestResponse> {
  return t.request({ method: 'POST', url: '/v1/widget-keys', body, ...as });
}

async function createKey(body: Record<string, unknown>): Promise<WidgetKeyItem & { key: string }> {
  const response = await create({ name: 'site', ...body });
  assert.equal(response.statusCode, 201, response.body);
  return response.json();
}

async function list(as: { token: string; account?: string } = asUser()): Promise<WidgetKeyItem[]> {
  const response = await t.request({ url: '/v1/widget-keys', ...as });
  assert.equal(response.statusCode, 200, response.body);
  return response.json();
}

async function item(id: string): Promise<WidgetKeyItem | undefined> {
  return (await list()).find((k) => k.id === id);
}

function patch(id: string, body: unknown, as: { token: string; account?: string } = asUser()) {
  return t.request({ method: 'PATCH', url: `/v1/widget-keys/${id}`, body, ...as });
}

function remove(id: string, as: { token: string; account?: string } = asUser()) {
  return t.request({ method: 'DELETE', url: `/v1/widget-keys/${id}`, ...as });
}

interface ConfigRequest {
  key?: string;
  agent?: string;
  origin?: string;
  referer?: string;
  prefix?: string;
  method?: 'GET' | 'OPTIONS';
  ip?: string;
  hub?: Hub;
}

/** W4 (or its preflight) with the given Origin / Referer. */
function config(o: ConfigRequest): Promise<LightMyRequestResponse> {
  const query = new URLSearchParams();
  if (o.key !== undefined) query.set('client_key', o.key);
  if (o.agent !== undefined) query.set('agent_id', o.agent);
  const headers: Record<string, string> = {};
  if (o.origin !== undefined) headers.origin = o.origin;
  if (o.referer !== undefined) headers.referer = o.referer;
  if (o.method === 'OPTIONS') headers['access-control-request-method'] = 'GET';
  return (o.hub ?? t.hub).app.inject({
    method: o.method ?? 'GET',
    url: `${o.prefix ?? '/v1'}/widget/config?${query.toString()}`,
    headers,
    ...(o.ip ? { remoteAddress: o.ip } : {}),
  });
}

describe('W1 create and list', () => {
  test('201 with the plaintext once, for a Hub user and for an sk_live_ key; the list never shows it', async () => {
    const byKey = await create(
      { name: 'Marketing site', domain_allowlist: ['https://Acme.com/', '*.acme.com', 'localhost:*', 'ACME.com.'], agent_id: agentA1 },
      asKey(),
    );
    assert.equal(byKey.statusCode, 201, byKey.body);
    const created = byKey.json<WidgetKeyItem & { key: string }>();
    assert.deepEqual(Object.keys(created).sort(), [...ITEM_FIELDS, 'key'].sort());
    assert.match(created.key, new RegExp(`^pk_live_${accountA}_[0-9A-Za-z]{38}$`));
    assert.equal(created.last8, created.key.slice(-8));
    assert.deepEqual(created.domain_allowlist, ['https://acme.com', '*.acme.com', 'localhost:*', 'acme.com']);
    assert.equal(created.agent_id, agentA1);
    assert.deepEqual([created.last_used_at, created.disabled_at], [null, null]);

    const byUser = await create({ name: 'Docs' });
    assert.equal(byUser.statusCode, 201, byUser.body);
    const plain = byUser.json<WidgetKeyItem & { key: string }>();
    assert.deepEqual([plain.domain_allowlist, plain.agent_id], [[], null]);
    assert.notEqual(plain.key, created.key);

    for (const as of [asUser(), asKey()]) {
      const response = await t.request({ url: '/v1/widget-keys', ...as });
      assert.equal(response.statusCode, 200);
      const items = response.json<WidgetKeyItem[]>();
      assert.ok(Array.isArray(items), 'a bare array (§E)');
      for (const id of [created.id, plain.id]) {
        const listed = items.find((k) => k.id === id);
        assert.ok(listed, `${id} listed`);
        assert.deepEqual(Object.keys(listed).sort(), ITEM_FIELDS);
      }
      for (const key of [created.key, plain.key]) {
        assert.ok(!response.body.includes(key.slice(key.lastIndexOf('_') + 1)), 'no secret in the list');
      }
    }

    // T3: only the HMAC is stored; the plaintext is in no row of the account or control databases.
    const dbA = await t.hub.tenancy.database(accountA);
    const rows = await dbA.query<{ row: string }>('SELECT row_to_json(w)::text AS row FROM widget_keys w');
    const control = await t.hub.control.query<{ row: string }>('SELECT row_to_json(d)::text AS row FROM api_key_directory d');
    const stored = [...rows.rows, ...control.rows].map((r) => r.row).join('\n');
    const secret = created.key.slice(created.key.lastIndexOf('_') + 1);
    assert.ok(stored.includes(created.last8), 'the dump holds the row');
    for (const needle of [secret, secret.slice(0, 32), Buffer.from(created.key).toString('hex')]) {
      assert.ok(!stored.includes(needle), 'the plaintext is stored');
    }
  });

  test('name: 1 to 100 code points, not blank → 400 name_required', async () => {
    for (const body of [{}, { name: '' }, { name: '   ' }, { name: null }, { name: 'x'.repeat(101) }, { name: '😀'.repeat(101) }]) {
      assertError(await create(body), 400, 'name_required', JSON.stringify(body).slice(0, 40));
    }
    assertError(await create({ name: 5 }), 400, 'invalid_body');
    const emoji = await create({ name: '😀'.repeat(100) });
    assert.equal(emoji.statusCode, 201, 'a hundred emoji are a hundred characters');
    const id = emoji.json<WidgetKeyItem>().id;
    assertError(await patch(id, { name: '' }), 400, 'name_required');
    assertError(await patch(id, { name: 'y'.repeat(101) }), 400, 'name_required');
  });

  test('invalid_allowlist_entry names the bad entry; nothing is created; PATCH refuses it too', async () => {
    const before = (await list()).length;
    for (const bad of ['https://acme.com/path', 'https://user@acme.com', '*.com', 'ftp://acme.com', 'acme.com:8443']) {
      const response = await create({ name: 'bad', domain_allowlist: ['acme.com', bad] });
      assertError(response, 400, 'invalid_allowlist_entry', bad);
      assert.ok(response.body.includes(JSON.stringify(bad)), `the message names ${bad}: ${response.body}`);
    }
    assertError(await create({ name: 'bad', domain_allowlist: [42] }), 400, 'invalid_body');
    assertError(await create({ name: 'bad', domain_allowlist: 'acme.com' }), 400, 'invalid_body');
    assertError(await create({ name: 'bad', domain_allowlist: Array.from({ length: 101 }, (_, i) => `s${i}.acme.com`) }), 400, 'invalid_body');
    assert.equal((await list()).length, before);
    const { id } = await createKey({ domain_allowlist: ['acme.com'] });
    assertError(await patch(id, { domain_allowlist: ['https://acme.com?x=1'] }), 400, 'invalid_allowlist_entry');
    assert.deepEqual((await item(id))!.domain_allowlist, ['acme.com'], 'unchanged');
  });

  test("agent_id must name an agent of the account → 400 unknown_agent (another tenant's, malformed, unknown)", async () => {
    for (const agent of [agentB, newAgentId(), 'agent_nope', '', "agent_01ARZ3NDEKTSV4RRFFQ69G5FAV' OR 1=1"]) {
      assertError(await create({ name: 'pinned', agent_id: agent }), 400, 'unknown_agent', agent);
      assertError(await create({ name: 'pinned', agent_id: agent }, asKey()), 400, 'unknown_agent', agent);
    }
    const { id } = await createKey({});
    assertError(await patch(id, { agent_id: agentB }), 400, 'unknown_agent');
    assert.equal((await item(id))!.agent_id, null);
    // The directory holds no entry for the refused mints (the failed insert takes its entry back).
    const dbA = await t.hub.tenancy.database(accountA);
    const rows = (await dbA.query<{ n: number }>('SELECT count(*)::int AS n FROM widget_keys')).rows[0]!.n;
    const apiKeys = (await dbA.query<{ n: number }>('SELECT count(*)::int AS n FROM api_keys')).rows[0]!.n;
    const entries = (await t.hub.control.query<{ n: number }>('SELECT count(*)::int AS n FROM api_key_directory WHERE account = $1', [accountA])).rows[0]!.n;
    assert.equal(entries, rows + apiKeys);
  });
});

describe('W1 PATCH and DELETE', () => {
  test('the allowlist is replaced whole; the agent is pinned and unpinned with null; 204, with either credential', async () => {
    const { id } = await createKey({ domain_allowlist: ['acme.com', 'localhost:*'], agent_id: agentA1 });
    const response = await patch(id, { domain_allowlist: ['*.shop.example'], agent_id: agentA2, name: 'renamed' }, asKey());
    assert.equal(response.statusCode, 204, response.body);
    assert.equal(response.body, '');
    let current = (await item(id))!;
    assert.deepEqual([current.domain_allowlist, current.agent_id, current.name], [['*.shop.example'], agentA2, 'renamed']);

    assert.equal((await patch(id, { name: 'renamed' })).statusCode, 204);
    assert.equal((await item(id))!.agent_id, agentA2, 'an absent agent_id leaves the pin');
    assert.equal((await patch(id, { agent_id: null })).statusCode, 204);
    assert.equal((await item(id))!.agent_id, null, 'null unpins');
    assert.equal((await patch(id, { domain_allowlist: [] })).statusCode, 204);
    current = (await item(id))!;
    assert.deepEqual([current.domain_allowlist, current.name, current.disabled_at], [[], 'renamed', null]);
    assertError(await patch(id, { disabled: 'yes' }), 400, 'invalid_body');
  });

  test('disabled:true revokes permanently (idempotent); disabled:false after → 409 key_revoked_permanently', async () => {
    const { id, key } = await createKey({ domain_allowlist: ['acme.com'], agent_id: agentA1 });
    assert.equal((await config({ key, origin: 'https://acme.com' })).statusCode, 200);
    assert.equal((await patch(id, { disabled: true }, asKey())).statusCode, 204);
    const first = (await item(id))!.disabled_at;
    assert.ok(first);
    assert.equal((await patch(id, { disabled: true })).statusCode, 204);
    assert.equal((await item(id))!.disabled_at, first, 'repeating it keeps the first time');
    assertError(await patch(id, { disabled: false }), 409, 'key_revoked_permanently');
    assertError(await patch(id, { disabled: false, name: 'sneaky' }), 409, 'key_revoked_permanently');
    assert.notEqual((await item(id))!.name, 'sneaky', 'nothing of a refused PATCH is kept');
    const refused = await config({ key, origin: 'https://acme.com' });
    assertError(refused, 403, 'key_revoked');
    // The allowlist still decides whether the page may read that answer.
    assert.equal(refused.headers['access-control-allow-origin'], 'https://acme.com');
    const elsewhere = await config({ key, origin: 'https://evil.example' });
    assertError(elsewhere, 403, 'key_revoked');
    assert.equal(elsewhere.headers['access-control-allow-origin'], undefined);
  });

  test('DELETE: a key never used is gone (and unknown afterwards); a used one is kept, disabled; unknown id 404', async () => {
    const unused = await createKey({ domain_allowlist: ['acme.com'], agent_id: agentA1 });
    assert.equal((await remove(unused.id, asKey())).statusCode, 204);
    assert.equal(await item(unused.id), undefined);
    const dbA = await t.hub.tenancy.database(accountA);
    assert.equal((await dbA.query('SELECT 1 FROM widget_keys WHERE id = $1', [unused.id])).rowCount, 0, 'hard-deleted');
    assertError(await config({ key: unused.key, origin: 'https://acme.com' }), 401, 'invalid_token');
    assertError(await remove(unused.id), 404, 'not_found');

    const used = await createKey({ domain_allowlist: ['acme.com'], agent_id: agentA1 });
    assert.equal((await config({ key: used.key, origin: 'https://acme.com' })).statusCode, 200, 'one use');
    assert.ok((await item(used.id))!.last_used_at, 'the first use is recorded');
    assert.equal((await remove(used.id)).statusCode, 204);
    const kept = (await item(used.id))!;
    assert.ok(kept.disabled_at, 'soft-deleted: disabled and kept');
    assertError(await config({ key: used.key, origin: 'https://acme.com' }), 403, 'key_revoked');
    assert.equal((await remove(used.id)).statusCode, 204, 'repeating it changes nothing');
    assert.equal((await item(used.id))!.disabled_at, kept.disabled_at);

    for (const id of [randomUUID(), 'not-a-uuid']) {
      assertError(await remove(id), 404, 'not_found');
      assertError(await patch(id, { name: 'x' }), 404, 'not_found');
    }
  });

  test("cross-tenant: B's user and B's key get 404 for A's widget keys, alike to unknown ids; lists stay apart", async () => {
    const { id } = await createKey({ domain_allowlist: ['acme.com'] });
    const before = await item(id);
    const asB = [{ token: jwt, account: accountB }, { token: skB }];
    for (const as of asB) {
      const [other, random] = await Promise.all([patch(id, { name: 'moved-by-b', disabled: true }, as), patch(randomUUID(), { name: 'x' }, as)]);
      assertError(other, 404, 'not_found');
      assert.equal(other.body, random.body, 'indistinguishable from an unknown id');
      assertError(await remove(id, as), 404, 'not_found');
      const theirs = await list(as);
      assert.ok(!theirs.some((k) => k.id === id), "A's key is not in B's list");
    }
    assert.deepEqual(await item(id), before, "A's key is untouched");
    // A key of A with X-Account-ID B is refused before any handler (T4).
    assertError(await t.request({ url: '/v1/widget-keys', token: skA, account: accountB }), 403, 'account_mismatch');
  });

  test('a pk_live_ is no bearer credential: 400 malformed_token on the widget-key routes', async () => {
    const { key, id } = await createKey({ domain_allowlist: ['acme.com'] });
    for (const request of [
      { url: '/v1/widget-keys' },
      { method: 'POST' as const, url: '/api/v1/widget-keys', body: { name: 'x' } },
      { method: 'DELETE' as const, url: `/hub-api/api/v1/widget-keys/${id}` },
      { url: '/v1/agents' },
    ]) {
      assertError(await t.request({ ...request, token: key }), 400, 'malformed_token', request.url);
    }
    assert.ok(await item(id), 'still there');
  });
});

describe('issue 9 W6: a widget key’s own caps', () => {
  const none = { concurrent_sessions: null, daily_sessions: null, daily_minutes: null };

  test('POST and PATCH take caps; GET lists them with nulls; PATCH replaces them whole; caps: null clears', async () => {
    const plain = await createKey({ domain_allowlist: ['acme.com'] });
    assert.deepEqual(plain.caps, none, 'no caps unless given');
    const capped = await create({ name: 'capped', caps: { concurrent_sessions: 2, daily_minutes: 0 } }, asKey());
    assert.equal(capped.statusCode, 201, capped.body);
    const { id } = capped.json<WidgetKeyItem>();
    const expected = { concurrent_sessions: 2, daily_sessions: null, daily_minutes: 0 };
    assert.deepEqual(capped.json<WidgetKeyItem>().caps, expected);
    assert.deepEqual((await item(id))!.caps, expected, 'listed');
    assert.deepEqual((await item(plain.id))!.caps, none);

    assert.equal((await patch(id, { caps: { daily_sessions: 10 } }, asKey())).statusCode, 204);
    assert.deepEqual((await item(id))!.caps, { ...none, daily_sessions: 10 }, 'replaced whole, not merged');
    assert.equal((await patch(id, { name: 'renamed' })).statusCode, 204);
    assert.deepEqual((await item(id))!.caps, { ...none, daily_sessions: 10 }, 'absent caps are kept');
    assert.equal((await patch(id, { caps: { concurrent_sessions: 1, daily_sessions: null, daily_minutes: 30 } })).statusCode, 204);
    assert.deepEqual((await item(id))!.caps, { concurrent_sessions: 1, daily_sessions: null, daily_minutes: 30 });
    assert.equal((await patch(id, { caps: null })).statusCode, 204);
    assert.deepEqual((await item(id))!.caps, none, 'null clears them');
    assert.equal((await patch(id, { caps: { daily_minutes: 5 } })).statusCode, 204);
    assert.equal((await patch(id, { caps: {} })).statusCode, 204);
    assert.deepEqual((await item(id))!.caps, none, 'an empty object is no caps');
  });

  test('negative, fractional, non-numeric and unknown caps → 400 invalid_body; nothing created or changed', async () => {
    const before = (await list()).length;
    const { id } = await createKey({ caps: { concurrent_sessions: 3 } });
    for (const caps of [
      { concurrent_sessions: -1 },
      { daily_sessions: 1.5 },
      { daily_minutes: '10' },
      { daily_minutes: 2_147_483_648 },
      { concurrent_sessions: true },
      { daily_calls: 5 },
      { concurrent_sessions: 1, concurrent: 1 },
      [1, 2, 3],
      'none',
      0,
    ]) {
      const where = JSON.stringify(caps);
      const created = await create({ name: 'bad caps', caps });
      assertError(created, 400, 'invalid_body', where);
      assert.ok(created.body.includes('caps'), `${where}: the message names caps: ${created.body}`);
      assertError(await patch(id, { caps }), 400, 'invalid_body', where);
    }
    assert.equal((await list()).length, before + 1, 'only the valid key was created');
    assert.deepEqual((await item(id))!.caps, { ...none, concurrent_sessions: 3 }, 'unchanged');
  });

  test('capScopeOf: the key’s id and its caps in the limiter’s terms; undefined without caps; enforced by the limiter', async () => {
    const capped = await createKey({ caps: { concurrent_sessions: 1, daily_sessions: 4 } });
    const plain = await createKey({});
    const dbA = await t.hub.tenancy.database(accountA);
    const stored = await findWidgetKeyByHash(dbA, [t.hub.hasher.hash(capped.key).hash]);
    assert.ok(stored, 'found by its hash');
    const scope = capScopeOf(stored);
    assert.deepEqual(scope, { id: capped.id, caps: { concurrent: 1, daily_calls: 4 } });
    assert.equal(capScopeOf((await findWidgetKeyByHash(dbA, [t.hub.hasher.hash(plain.key).hash]))!), undefined);
    assert.deepEqual(capScopeOf({ id: plain.id, caps: { concurrent_sessions: null, daily_sessions: null, daily_minutes: 0 } }), {
      id: plain.id,
      caps: { daily_minutes: 0 },
    });
    // What a widget session started with this key would meet: one live session of the key at a time.
    const limiter = new InProcessCostCaps();
    const account = { concurrent_max: 10, calls_per_minute: 10, daily_calls_max: 10, daily_minutes_max: 100 };
    const first = await limiter.admit(accountA, account, randomUUID(), scope);
    assert.ok(first.ok);
    const second = await limiter.admit(accountA, account, randomUUID(), scope);
    assert.deepEqual(second.ok ? undefined : [second.dimension, second.message], ['key-concurrent', 'Widget key session limit reached']);
    assert.ok((await limiter.admit(accountA, account, randomUUID(), capScopeOf({ id: plain.id, caps: none }))).ok, 'another key is not held');
  });
});

describe('W3/W4 GET /v1/widget/config', () => {
  let pinned: WidgetKeyItem & { key: string };
  let unpinned: WidgetKeyItem & { key: string };
  before(async () => {
    pinned = await createKey({ name: 'pinned', domain_allowlist: ['acme.com', 'http://localhost:3000'], agent_id: agentA1 });
    unpinned = await createKey({ name: 'unpinned', domain_allowlist: ['*.acme.com'] });
  });

  test('an allowed origin: 200 with the account, the agent, the defaults, the ACAO echo and Vary: Origin, under every prefix', async () => {
    for (const prefix of ['/v1', '/api/v1', '/hub-api/api/v1']) {
      const response = await config({ key: pinned.key, origin: 'https://acme.com', prefix });
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.headers['access-control-allow-origin'], 'https://acme.com');
      assert.match(String(response.headers.vary), /\bOrigin\b/);
      assert.deepEqual(response.json(), {
        account: accountA,
        agent: { id: agentA1, name: 'Support', greeting_message: 'Hi! How can I help?' },
        ...WIDGET_DEFAULTS,
      });
    }
    const local = await config({ key: pinned.key, origin: 'http://localhost:3000' });
    assert.equal(local.statusCode, 200);
    assert.equal(local.headers['access-control-allow-origin'], 'http://localhost:3000');
  });

  test('a pinned key forces its agent: another agent_id in the query is ignored', async () => {
    const response = await config({ key: pinned.key, origin: 'https://acme.com', agent: agentA2 });
    assert.equal(response.statusCode, 200);
    assert.equal(response.json<{ agent: { id: string } }>().agent.id, agentA1);
  });

  test('an unpinned key: agent_id required (400 missing_agent); not an agent of the account → 404 not_found', async () => {
    const ok = await config({ key: unpinned.key, origin: 'https://www.acme.com', agent: agentA2 });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json<{ agent: unknown }>().agent, { id: agentA2, name: 'Sales', greeting_message: '' });
    const missing = await config({ key: unpinned.key, origin: 'https://www.acme.com' });
    assertError(missing, 400, 'missing_agent');
    assert.equal(missing.headers['access-control-allow-origin'], 'https://www.acme.com', 'the widget may read the error');
    for (const agent of [agentB, newAgentId(), 'agent_x']) {
      assertError(await config({ key: unpinned.key, origin: 'https://www.acme.com', agent }), 404, 'not_found', agent);
    }
  });

  test('the Referer is the fallback when there is no Origin', async () => {
    const allowed = await config({ key: pinned.key, referer: 'https://acme.com/pricing?plan=pro#faq' });
    assert.equal(allowed.statusCode, 200, allowed.body);
    assert.equal(allowed.headers['access-control-allow-origin'], 'https://acme.com');
    for (const referer of ['https://evil.example/page', 'https://acme.com.evil.example/acme.com', 'file:///tmp/x.html', 'garbage']) {
      const refused = await config({ key: pinned.key, referer });
      assertError(refused, 403, 'origin_not_allowed', referer);
      assert.equal(refused.headers['access-control-allow-origin'], undefined);
    }
    // The Origin wins over the Referer.
    assertError(await config({ key: pinned.key, origin: 'https://evil.example', referer: 'https://acme.com/' }), 403, 'origin_not_allowed');
  });

  test('a disallowed origin: 403 origin_not_allowed, no ACAO, Vary: Origin', async () => {
    for (const origin of [
      'https://evil.example',
      'http://acme.com',
      'https://acme.com:8443',
      'https://acme.com.evil.io',
      'https://evilacme.com',
      'https://www.acme.com',
      'https://acme.com@evil.io',
      'null',
    ]) {
      const response = await config({ key: pinned.key, origin });
      assertError(response, 403, 'origin_not_allowed', origin);
      assert.equal(response.headers['access-control-allow-origin'], undefined, origin);
      assert.match(String(response.headers.vary), /\bOrigin\b/, origin);
    }
    // The apex is not a subdomain.
    assertError(await config({ key: unpinned.key, origin: 'https://acme.com', agent: agentA1 }), 403, 'origin_not_allowed');
  });

  test('neither Origin nor Referer: 403 origin_required', async () => {
    const response = await config({ key: pinned.key });
    assertError(response, 403, 'origin_required');
    assert.equal(response.headers['access-control-allow-origin'], undefined);
    assert.match(String(response.headers.vary), /\bOrigin\b/);
  });

  test('an empty allowlist blocks the key', async () => {
    const blocked = await createKey({ domain_allowlist: [], agent_id: agentA1 });
    for (const origin of ['https://acme.com', 'http://localhost:3000', 'null']) {
      assertError(await config({ key: blocked.key, origin }), 403, 'origin_not_allowed', origin);
    }
    assert.equal((await item(blocked.id))!.last_used_at, null, 'a refused request is no use');
  });

  test('client_key: missing → 400 missing_client_key; malformed or an sk_live_ → 400 malformed_token; unknown → 401 invalid_token', async () => {
    assertError(await config({ origin: 'https://acme.com' }), 400, 'missing_client_key');
    const broken = pinned.key.slice(0, -1) + (pinned.key.endsWith('a') ? 'b' : 'a');
    for (const key of [broken, 'pk_live_nope', skA, `pk_live_Acme_${'a'.repeat(38)}`]) {
      assertError(await config({ key, origin: 'https://acme.com' }), 400, 'malformed_token', key.slice(0, 12));
    }
    const unknownHere = await config({ key: generateKey('pk_live_', accountA), origin: 'https://acme.com' });
    const unknownAccount = await config({ key: generateKey('pk_live_', 'no-such-account-x'), origin: 'https://acme.com' });
    assertError(unknownHere, 401, 'invalid_token');
    assertError(unknownAccount, 401, 'invalid_token');
    assert.equal(unknownHere.body, unknownAccount.body, 'an unknown account is not told apart');
    assert.equal(unknownHere.headers['www-authenticate'], 'Bearer error="invalid_token"');
  });

  test('preflight: 204 with the CORS headers for an allowed origin; 403 otherwise', async () => {
    const allowed = await config({ method: 'OPTIONS', key: pinned.key, origin: 'https://acme.com' });
    assert.equal(allowed.statusCode, 204, allowed.body);
    assert.equal(allowed.headers['access-control-allow-origin'], 'https://acme.com');
    assert.equal(allowed.headers['access-control-allow-methods'], 'GET, OPTIONS');
    assert.equal(allowed.headers['access-control-allow-headers'], 'Content-Type');
    assert.equal(allowed.headers['access-control-max-age'], '600');
    assert.match(String(allowed.headers.vary), /\bOrigin\b/);
    const refused = await config({ method: 'OPTIONS', key: pinned.key, origin: 'https://evil.example' });
    assertError(refused, 403, 'origin_not_allowed');
    assert.equal(refused.headers['access-control-allow-origin'], undefined);
    assert.equal(refused.headers['access-control-allow-methods'], undefined);
    assertError(await config({ method: 'OPTIONS', key: pinned.key }), 403, 'origin_required');
    assertError(await config({ method: 'OPTIONS', origin: 'https://acme.com' }), 400, 'missing_client_key');
  });

  test('W6: past 60 requests a minute from one IP with one key → 429 rate_limited with Retry-After; another IP is served', async () => {
    const key = await createKey({ domain_allowlist: ['acme.com'], agent_id: agentA1 });
    const ip = '203.0.113.9';
    // R2's windows are fixed UTC minutes: start well inside one, so that the 61 requests share it.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 45_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinute));
    for (let i = 0; i < WIDGET_REQUESTS_PER_IP_PER_KEY_PER_MINUTE; i++) {
      const response = await config({ key: key.key, origin: 'https://acme.com', ip });
      assert.equal(response.statusCode, 200, `request ${i + 1}: ${response.body}`);
    }
    const over = await config({ key: key.key, origin: 'https://acme.com', ip });
    assertError(over, 429, 'rate_limited');
    assert.equal(over.body, `rate_limited: per-minute (${WIDGET_REQUESTS_PER_IP_PER_KEY_PER_MINUTE}) exceeded`);
    const retryAfter = Number(over.headers['retry-after']);
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${String(over.headers['retry-after'])}`);
    assert.equal((await config({ key: key.key, origin: 'https://acme.com', ip: '203.0.113.10' })).statusCode, 200, 'another IP');
    assert.equal((await config({ key: pinned.key, origin: 'https://acme.com', ip })).statusCode, 200, 'another key');
  });

  test('T3: the client key in the URL never reaches the logs', async () => {
    const { key } = await createKey({ domain_allowlist: ['acme.com'], agent_id: agentA1 });
    const response = await config({ key, origin: 'https://acme.com' });
    assert.equal(response.statusCode, 200);
    const requestId = String(response.headers['x-request-id']);
    const log = logLines.join('');
    assert.ok(log.includes(requestId), 'the request was logged');
    assert.ok(!log.includes(key.slice(key.lastIndexOf('_') + 1)), 'the key is in the logs');
  });
});

describe('W6: 1,000 requests a minute per key, from all IPs together', () => {
  let proxied: TestHub;
  // A fixed clock 5 s into a UTC minute: the 1,001 requests share one window however long they take.
  const clock = Math.floor(Date.now() / 60_000) * 60_000 + 5_000;
  before(async () => {
    proxied = await startTestHub({ REDIS_URL, KATAVEN_TRUSTED_PROXIES: '127.0.0.1/32' }, { now: () => clock });
  });
  after(() => proxied?.close());

  test('1,000 requests from many client IPs pass; the 1,001st is 429 per-minute (1000) with Retry-After; another key is served', async () => {
    const account = await proxied.createAccount();
    const agent = newAgentId();
    const db = await proxied.hub.tenancy.database(account);
    await db.query("INSERT INTO agents (id, name) VALUES ($1, 'Support')", [agent]);
    const sk = (await proxied.mintKey(account)).key;
    const mint = async () => {
      const response = await proxied.request({
        method: 'POST',
        url: '/v1/widget-keys',
        token: sk,
        body: { name: 'busy', domain_allowlist: ['acme.com'], agent_id: agent },
      });
      assert.equal(response.statusCode, 201, response.body);
      return response.json<{ key: string }>().key;
    };
    const [busy, other] = [await mint(), await mint()];
    // From the trusted proxy (the inject default peer), each client named in X-Forwarded-For: 50 addresses, 20
    // requests each, all under the 60 a minute per IP.
    const ask = (key: string, client: string) =>
      proxied.hub.app.inject({
        url: `/v1/widget/config?client_key=${encodeURIComponent(key)}`,
        headers: { origin: 'https://acme.com', 'x-forwarded-for': client },
      });
    const clients = Array.from({ length: 50 }, (_, i) => `198.51.100.${i + 1}`);
    for (let round = 0; round < 20; round++) {
      const answers = await Promise.all(clients.map((client) => ask(busy, client)));
      for (const answer of answers) assert.equal(answer.statusCode, 200, `round ${round}: ${answer.body}`);
    }
    const over = await ask(busy, '198.51.100.200');
    assertError(over, 429, 'rate_limited');
    assert.equal(over.body, `rate_limited: per-minute (${WIDGET_REQUESTS_PER_KEY_PER_MINUTE}) exceeded`);
    assert.equal(over.headers['retry-after'], '55', 'to the end of the UTC minute');
    assert.equal(over.headers['access-control-allow-origin'], undefined, 'refused before the key is even read');
    assert.equal((await ask(other, '198.51.100.200')).statusCode, 200, 'another key of the account has its own budget');
  });
});

describe('T7: a widget key revoked through one instance is refused by another at once', () => {
  let b: Hub;
  before(async () => {
    // B: the same deployment (databases, pepper, home, Redis), a second process's worth of hub.
    b = await startHub(loadConfig({ ...t.env }, t.home));
    await b.app.ready();
  });
  after(() => b?.close());

  for (const how of ['PATCH disabled', 'DELETE of a used key'] as const) {
    test(how, async () => {
      const { id, key } = await createKey({ domain_allowlist: ['acme.com'], agent_id: agentA1 });
      assert.equal((await config({ key, origin: 'https://acme.com', hub: b })).statusCode, 200, 'B serves the key');
      assert.equal((await config({ key, origin: 'https://acme.com' })).statusCode, 200, 'A too');
      const heard: Revocation[] = [];
      b.bus.onRevocation((revocation) => heard.push(revocation));
      const response = how === 'PATCH disabled' ? await patch(id, { disabled: true }) : await remove(id);
      assert.equal(response.statusCode, 204, response.body);
      // A answered only once every live instance had acknowledged the revocation (T7).
      assert.deepEqual(heard, [{ kind: 'key', account: accountA, key_id: id }]);
      assertError(await config({ key, origin: 'https://acme.com', hub: b }), 403, 'key_revoked', 'B');
      assertError(await config({ key, origin: 'https://acme.com', method: 'OPTIONS', hub: b }), 403, 'key_revoked', 'B preflight');
    });
  }
});
