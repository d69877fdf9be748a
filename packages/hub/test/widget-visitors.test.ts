// W5 through the real HTTP pipeline against the real PostgreSQL and Redis: guest tokens, the backend's user
// token and its single-use exchange (another account's key, expiry by the injected clock, the Origin re-checked,
// two instances), refresh rotation with reuse detection, a revoked widget key ending everything it issued, web
// sessions (C4's view, the visitor's own view, ending, the time limit) under the account's cost caps (L2), the
// agent's widget policy (W7), and the CORS preflights.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { newAgentId } from '../src/agents/agent-id.js';
import { writeCallLimits } from '../src/calls/call-limits-store.js';
import { loadConfig } from '../src/config.js';
import type { ErrorCode } from '../src/errors.js';
import { startHub, type Hub } from '../src/hub.js';
import type { CostCaps } from '../src/tenancy/catalog.js';
import { WIDGET_SESSION_POLL_BUDGET } from '../src/http/widget-admission.js';
import { DEFAULT_AGENT_WIDGET_POLICY, type AgentWidgetPolicy } from '../src/widget/agent-widget-policy.js';
import { WebSessions } from '../src/widget/web-sessions.js';
import { startHubCluster } from './support/hub-cluster.js';
import { lastLine } from './support/cli-process.js';
import { logCapture } from './support/log-capture.js';
import { startTestHub, type TestHub } from './support/test-hub.js';

const REDIS_URL = process.env.KATAVEN_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ORIGIN = 'https://shop.example';
const EVIL = 'https://evil.example';
const { lines: logLines, stream: logStream } = logCapture();

/** The hub's clock: tests move it forward (never back), so tokens expire without sleeping. */
let clock = Date.now();
const now = () => clock;
const advance = (seconds: number) => {
  clock += seconds * 1000;
};

/** W7 policies by agent id, as the test sets them; every other agent has the default. */
const policies = new Map<string, AgentWidgetPolicy>();

let t: TestHub;
let jwt: string;

interface Tenant {
  account: string;
  sk: string;
  skId: string;
  agent: string;
  /** A second agent of the account. */
  agent2: string;
}

async function tenant(caps?: Partial<CostCaps>): Promise<Tenant> {
  const account = await t.createAccount();
  const lots = 1_000_000;
  await t.hub.catalog.update(account, { rateLimits: { per_minute: lots, per_hour: lots, per_day: lots, concurrent: 1000 } });
  const { key: sk, id: skId } = await t.mintKey(account, { name: 'backend' });
  const [agent, agent2] = [newAgentId(), newAgentId()];
  const db = await t.hub.tenancy.database(account);
  await db.query(
    "INSERT INTO agents (id, name, status, greeting_message) VALUES ($1, 'Support', 'active', 'Hi! How can I help?'), ($2, 'Sales', 'active', '')",
    [agent, agent2],
  );
  if (caps) await setCaps(account, caps);
  return { account, sk, skId, agent, agent2 };
}

/**
 * L1's account limits, written where PUT /v1/call-limits writes them (that route wants a Hub user's JWT, which
 * the moved clock would soon call expired; originate.test.ts covers the route).
 */
async function setCaps(account: string, caps: Partial<CostCaps>): Promise<void> {
  const limits = { concurrent_max: 10, calls_per_minute: 30, daily_calls_max: 1000, daily_minutes_max: 600, ...caps };
  await writeCallLimits(await t.hub.tenancy.database(account), limits);
}

/** A widget key of the tenant through W1 (so its revocation goes through the API as a user's would). */
async function widgetKey(tn: Tenant, options: { agent?: string | null; allowlist?: string[] } = {}): Promise<{ key: string; id: string }> {
  const r = await t.request({
    method: 'POST',
    url: '/v1/widget-keys',
    token: tn.sk,
    body: { name: 'site', domain_allowlist: options.allowlist ?? [ORIGIN], agent_id: options.agent ?? null },
  });
  assert.equal(r.statusCode, 201, r.body);
  return r.json<{ key: string; id: string }>();
}

interface WidgetRequest {
  key?: string;
  /** Default ORIGIN; null sends none. */
  origin?: string | null;
  token?: string;
  body?: Record<string, unknown>;
  prefix?: string;
  hub?: Hub;
  /** Send the client key in the body instead of the query. */
  keyInBody?: boolean;
}

function widget(method: 'GET' | 'POST' | 'OPTIONS', path: string, o: WidgetRequest = {}): Promise<LightMyRequestResponse> {
  const query = o.key !== undefined && !o.keyInBody ? `?client_key=${encodeURIComponent(o.key)}` : '';
  const headers: Record<string, string> = {};
  const origin = o.origin === undefined ? ORIGIN : o.origin;
  if (origin !== null) headers.origin = origin;
  if (o.token !== undefined) headers.authorization = `Bearer ${o.token}`;
  if (method === 'OPTIONS') {
    headers['access-control-request-method'] = 'POST';
    headers['access-control-request-headers'] = 'authorization, content-type';
  }
  const body = o.keyInBody ? { ...o.body, client_key: o.key } : o.body;
  return (o.hub ?? t.hub).app.inject({
    method,
    url: `${o.prefix ?? '/v1'}/widget/${path}${query}`,
    headers,
    ...(method === 'POST' ? { payload: body ?? {} } : {}),
  });
}

function assertError(response: LightMyRequestResponse, status: number, code: ErrorCode, where = ''): void {
  assert.equal(response.statusCode, status, `${where} ${response.body}`);
  assert.equal(response.body.split(':')[0], code, `${where} ${response.body}`);
}

async function guest(key: string, agent?: string): Promise<string> {
  const r = await widget('POST', 'auth/guest', { key, body: agent ? { agent_id: agent } : {} });
  assert.equal(r.statusCode, 200, r.body);
  return r.json<{ token: string }>().token;
}

async function userToken(sk: string, body: Record<string, unknown> = { external_user_id: 'alice' }, hub?: Hub): Promise<string> {
  const r = await (hub ?? t.hub).app.inject({
    method: 'POST',
    url: '/v1/widget/auth/user-token',
    headers: { authorization: `Bearer ${sk}` },
    payload: body,
  });
  assert.equal(r.statusCode, 200, r.body);
  return r.json<{ user_token: string }>().user_token;
}

async function exchange(key: string, token: string, agent?: string): Promise<{ token: string; refresh_token: string }> {
  const r = await widget('POST', 'auth/exchange', { key, body: { user_token: token, ...(agent ? { agent_id: agent } : {}) } });
  assert.equal(r.statusCode, 200, r.body);
  return r.json();
}

async function connect(key: string, token: string): Promise<string> {
  const r = await widget('POST', 'connect', { key, token });
  assert.equal(r.statusCode, 200, r.body);
  return r.json<{ session_id: string }>().session_id;
}

async function hubSession(tn: Tenant, id: string): Promise<{ kind: string; status: string; duration_seconds: number | null }> {
  const r = await t.request({ url: `/v1/sessions/${id}`, token: tn.sk });
  assert.equal(r.statusCode, 200, r.body);
  return r.json();
}

before(async () => {
  t = await startTestHub(
    { REDIS_URL },
    {
      now,
      logger: { level: 'info', stream: logStream },
      agentPolicy: (_db, agentId) => Promise.resolve(policies.get(agentId) ?? { ...DEFAULT_AGENT_WIDGET_POLICY }),
    },
  );
  jwt = await t.devToken();
});
after(() => t?.close());

describe('guest', () => {
  let a: Tenant;
  before(async () => {
    a = await tenant();
  });

  test('200 {token, expires_in: 900}: a visitor token of the hub, for this account, key and agent; CORS echoed', async () => {
    const { key, id } = await widgetKey(a);
    const r = await widget('POST', 'auth/guest', { key, body: { agent_id: a.agent } });
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json<{ token: string; expires_in: number }>();
    assert.deepEqual(Object.keys(body).sort(), ['expires_in', 'token']);
    assert.equal(body.expires_in, 900);
    assert.equal(r.headers['access-control-allow-origin'], ORIGIN);
    assert.match(String(r.headers.vary), /Origin/);
    assert.equal(r.headers['cache-control'], 'no-store');
    const verdict = await t.hub.visitorTokens.verify('visitor', body.token);
    assert.ok(verdict.ok, 'the hub verifies its own visitor token');
    const { sub, acct, wk, agent, kind, typ } = verdict.claims;
    assert.match(sub, /^guest:[0-9a-f-]{36}$/);
    assert.deepEqual({ acct, wk, agent, kind, typ }, { acct: a.account, wk: id, agent: a.agent, kind: 'guest', typ: 'visitor' });
    assert.equal(verdict.expiresAt.getTime(), Math.floor(clock / 1000) * 1000 + 900_000);
    // Not a user token, not a refresh token.
    assert.equal((await t.hub.visitorTokens.verify('refresh', body.token)).ok, false);
    // Each guest is someone new.
    const again = await t.hub.visitorTokens.verify('visitor', await guest(key, a.agent));
    assert.ok(again.ok);
    assert.notEqual(again.claims.sub, sub);
  });

  test('every prefix; the client key in the body; a pinned key forces its agent', async () => {
    const { key } = await widgetKey(a);
    for (const prefix of ['/v1', '/api/v1', '/hub-api/api/v1']) {
      const r = await widget('POST', 'auth/guest', { key, prefix, body: { agent_id: a.agent } });
      assert.equal(r.statusCode, 200, `${prefix}: ${r.body}`);
    }
    const inBody = await widget('POST', 'auth/guest', { key, keyInBody: true, body: { agent_id: a.agent } });
    assert.equal(inBody.statusCode, 200, inBody.body);
    const pinned = await widgetKey(a, { agent: a.agent2 });
    const r = await widget('POST', 'auth/guest', { key: pinned.key, body: { agent_id: a.agent } });
    assert.equal(r.statusCode, 200, r.body);
    const verdict = await t.hub.visitorTokens.verify('visitor', r.json<{ token: string }>().token);
    assert.ok(verdict.ok);
    assert.equal(verdict.claims['agent'], a.agent2, 'the pin wins over the asked agent');
  });

  test('400 missing_client_key, missing_agent; 404 for an unknown or another account’s agent; 403 origin_not_allowed; invalid_body', async () => {
    const { key } = await widgetKey(a);
    const b = await tenant();
    assertError(await widget('POST', 'auth/guest', { body: { agent_id: a.agent } }), 400, 'missing_client_key');
    assertError(await widget('POST', 'auth/guest', { key, body: {} }), 400, 'missing_agent');
    assertError(await widget('POST', 'auth/guest', { key, body: { agent_id: newAgentId() } }), 404, 'not_found');
    assertError(await widget('POST', 'auth/guest', { key, body: { agent_id: b.agent } }), 404, 'not_found', "B's agent");
    assertError(await widget('POST', 'auth/guest', { key, body: { agent_id: 'nope' } }), 404, 'not_found');
    assertError(await widget('POST', 'auth/guest', { key, body: { agent_id: 42 } }), 400, 'invalid_body');
    const evil = await widget('POST', 'auth/guest', { key, origin: EVIL, body: { agent_id: a.agent } });
    assertError(evil, 403, 'origin_not_allowed');
    assert.equal(evil.headers['access-control-allow-origin'], undefined, 'a disallowed origin reads nothing');
    assertError(await widget('POST', 'auth/guest', { key, origin: null, body: { agent_id: a.agent } }), 403, 'origin_required');
  });

  test("W7: 403 guest_not_allowed when the agent's auth_mode is user", async () => {
    const { key } = await widgetKey(a);
    policies.set(a.agent2, { widget_enabled: true, auth_mode: 'user' });
    try {
      assertError(await widget('POST', 'auth/guest', { key, body: { agent_id: a.agent2 } }), 403, 'guest_not_allowed');
      policies.set(a.agent2, { widget_enabled: true, auth_mode: 'guest' });
      assert.equal((await widget('POST', 'auth/guest', { key, body: { agent_id: a.agent2 } })).statusCode, 200);
    } finally {
      policies.delete(a.agent2);
    }
  });
});

describe('user-token (the customer backend) and exchange', () => {
  let a: Tenant;
  let b: Tenant;
  before(async () => {
    [a, b] = [await tenant(), await tenant()];
  });

  test('sk_live_ → 200 {user_token, expires_in: 300}, signed for its account by that key; the audit row holds no token', async () => {
    const r = await t.request({
      method: 'POST',
      url: '/v1/widget/auth/user-token',
      token: a.sk,
      body: { external_user_id: 'alice-42', display_name: 'Alice', email: 'alice@shop.example' },
    });
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json<{ user_token: string; expires_in: number }>();
    assert.deepEqual(Object.keys(body).sort(), ['expires_in', 'user_token']);
    assert.equal(body.expires_in, 300);
    assert.equal(r.headers['cache-control'], 'no-store');
    const verdict = await t.hub.visitorTokens.verify('user_token', body.user_token);
    assert.ok(verdict.ok);
    const { sub, acct, by, name, email } = verdict.claims;
    assert.deepEqual({ sub, acct, by, name, email }, { sub: 'user:alice-42', acct: a.account, by: a.skId, name: 'Alice', email: 'alice@shop.example' });
    assert.equal(verdict.expiresAt.getTime(), Math.floor(clock / 1000) * 1000 + 300_000);
    assert.equal((await t.hub.visitorTokens.verify('visitor', body.user_token)).ok, false, 'a user token is no visitor token');

    // AU1/AU2: a mutation's row is durable before the answer: who signed, never the token.
    const db = await t.hub.tenancy.database(a.account);
    const { rows } = await db.query<{ row: string; key_id: string; status: number; route: string }>(
      "SELECT row_to_json(l)::text AS row, key_id, status, route FROM audit_log l WHERE route LIKE '%/widget/auth/user-token'",
    );
    assert.equal(rows.length, 1, 'one audit row');
    assert.deepEqual([rows[0]!.key_id, rows[0]!.status, rows[0]!.route], [a.skId, 200, '/v1/widget/auth/user-token']);
    const [, payload, signature] = body.user_token.split('.') as [string, string, string];
    for (const part of [payload, signature]) assert.ok(!rows[0]!.row.includes(part), 'no token in the audit row');
    for (const part of [payload, signature]) assert.ok(!logLines.some((l) => l.includes(part)), 'no token in the logs');
  });

  test('a Hub user of the account may sign too; the body is validated (400 invalid_body)', async () => {
    const r = await t.request({ method: 'POST', url: '/v1/widget/auth/user-token', token: jwt, account: a.account, body: { external_user_id: 'bob' } });
    assert.equal(r.statusCode, 200, r.body);
    const verdict = await t.hub.visitorTokens.verify('user_token', r.json<{ user_token: string }>().user_token);
    assert.ok(verdict.ok);
    assert.deepEqual([verdict.claims['acct'], verdict.claims['by']], [a.account, 'dev:dev'], 'the Hub user\'s subject');
    for (const body of [
      {},
      { external_user_id: '' },
      { external_user_id: 'x'.repeat(201) },
      { external_user_id: 42 },
      { external_user_id: 'bob', display_name: 'y'.repeat(201) },
      { external_user_id: 'bob', email: 'not-an-email' },
      { external_user_id: 'bob', email: `${'e'.repeat(60)}@${'d'.repeat(300)}.io` },
    ]) {
      const bad = await t.request({ method: 'POST', url: '/v1/widget/auth/user-token', token: a.sk, body });
      assertError(bad, 400, 'invalid_body', JSON.stringify(body).slice(0, 60));
    }
  });

  test('exchange once: a user visitor token and a refresh token of one chain; a second time 400 missing_or_expired_token', async () => {
    const { key, id } = await widgetKey(a);
    const token = await userToken(a.sk, { external_user_id: 'alice', display_name: 'Alice', email: 'alice@shop.example' });
    const r = await widget('POST', 'auth/exchange', { key, body: { user_token: token, agent_id: a.agent } });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.headers['access-control-allow-origin'], ORIGIN);
    assert.equal(r.headers['cache-control'], 'no-store');
    const body = r.json<{ token: string; refresh_token: string; expires_in: number }>();
    assert.deepEqual(Object.keys(body).sort(), ['expires_in', 'refresh_token', 'token']);
    assert.equal(body.expires_in, 900);
    const visitor = await t.hub.visitorTokens.verify('visitor', body.token);
    const refresh = await t.hub.visitorTokens.verify('refresh', body.refresh_token);
    assert.ok(visitor.ok && refresh.ok);
    const pick = (c: Record<string, unknown>) => ({ sub: c['sub'], acct: c['acct'], wk: c['wk'], agent: c['agent'], kind: c['kind'], name: c['name'], email: c['email'] });
    const expected = { sub: 'user:alice', acct: a.account, wk: id, agent: a.agent, kind: 'user', name: 'Alice', email: 'alice@shop.example' };
    assert.deepEqual(pick(visitor.claims), expected);
    assert.deepEqual(pick(refresh.claims), expected);
    assert.equal(typeof visitor.claims['chain'], 'string');
    assert.equal(visitor.claims['chain'], refresh.claims['chain']);
    assert.equal(refresh.expiresAt.getTime(), Math.floor(clock / 1000) * 1000 + 24 * 3600_000);

    assertError(await widget('POST', 'auth/exchange', { key, body: { user_token: token, agent_id: a.agent } }), 400, 'missing_or_expired_token', 'again');
    // Not through another key of the account either: the token is spent, not bound to a key.
    const other = await widgetKey(a);
    assertError(await widget('POST', 'auth/exchange', { key: other.key, body: { user_token: token, agent_id: a.agent } }), 400, 'missing_or_expired_token');
  });

  test("another account's user token with this client key: 400, and it is not spent by that", async () => {
    const keyA = await widgetKey(a);
    const keyB = await widgetKey(b);
    const tokenOfB = await userToken(b.sk);
    assertError(await widget('POST', 'auth/exchange', { key: keyA.key, body: { user_token: tokenOfB, agent_id: a.agent } }), 400, 'missing_or_expired_token');
    await exchange(keyB.key, tokenOfB, b.agent);
  });

  test('after 5 minutes (the clock moved 301 s): 400; at 299 s it still works', async () => {
    const { key } = await widgetKey(a);
    const late = await userToken(a.sk);
    const inTime = await userToken(a.sk);
    advance(299);
    await exchange(key, inTime, a.agent);
    advance(2);
    assertError(await widget('POST', 'auth/exchange', { key, body: { user_token: late, agent_id: a.agent } }), 400, 'missing_or_expired_token');
  });

  test('the Origin is re-checked: 403 origin_not_allowed from another origin, and the token is not spent', async () => {
    const { key } = await widgetKey(a);
    const token = await userToken(a.sk);
    const evil = await widget('POST', 'auth/exchange', { key, origin: EVIL, body: { user_token: token, agent_id: a.agent } });
    assertError(evil, 403, 'origin_not_allowed');
    assert.equal(evil.headers['access-control-allow-origin'], undefined);
    await exchange(key, token, a.agent);
  });

  test('missing, forged or wrong-kind tokens: 400 missing_or_expired_token', async () => {
    const { key } = await widgetKey(a);
    const guestToken = await guest(key, a.agent);
    const { refresh_token } = await exchange(key, await userToken(a.sk), a.agent);
    const real = await userToken(a.sk);
    const [h, p, s] = real.split('.') as [string, string, string];
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: 'user:admin' })).toString('base64url')}.${s}`;
    for (const userTokenValue of [undefined, '', 'garbage', guestToken, refresh_token, forged]) {
      const r = await widget('POST', 'auth/exchange', { key, body: { agent_id: a.agent, ...(userTokenValue === undefined ? {} : { user_token: userTokenValue }) } });
      assertError(r, 400, 'missing_or_expired_token', String(userTokenValue).slice(0, 20));
    }
    await exchange(key, real, a.agent);
  });

  test("W7: 403 user_not_allowed when the agent's auth_mode is guest, and the token is not spent", async () => {
    const { key } = await widgetKey(a);
    const token = await userToken(a.sk);
    policies.set(a.agent2, { widget_enabled: true, auth_mode: 'guest' });
    try {
      assertError(await widget('POST', 'auth/exchange', { key, body: { user_token: token, agent_id: a.agent2 } }), 403, 'user_not_allowed');
    } finally {
      policies.delete(a.agent2);
    }
    await exchange(key, token, a.agent2);
  });

  test('two exchanges of one token at once: exactly one succeeds', async () => {
    const { key } = await widgetKey(a);
    const token = await userToken(a.sk);
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => widget('POST', 'auth/exchange', { key, body: { user_token: token, agent_id: a.agent } })),
    );
    assert.deepEqual(answers.map((r) => r.statusCode).sort(), [200, 400, 400, 400, 400, 400, 400, 400]);
  });
});

describe('refresh', () => {
  let a: Tenant;
  before(async () => {
    a = await tenant();
  });

  const refresh = (key: string, refreshToken: unknown) => widget('POST', 'auth/refresh', { key, body: { refresh_token: refreshToken } });

  test('rotates: a new visitor token and a new refresh token with the same identity, each refresh token once', async () => {
    const { key } = await widgetKey(a);
    const first = await exchange(key, await userToken(a.sk, { external_user_id: 'carol', display_name: 'Carol' }), a.agent);
    advance(60);
    const r = await refresh(key, first.refresh_token);
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.headers['access-control-allow-origin'], ORIGIN);
    const second = r.json<{ token: string; refresh_token: string; expires_in: number }>();
    assert.equal(second.expires_in, 900);
    assert.notEqual(second.token, first.token);
    assert.notEqual(second.refresh_token, first.refresh_token);
    const [v1, v2] = await Promise.all([t.hub.visitorTokens.verify('visitor', first.token), t.hub.visitorTokens.verify('visitor', second.token)]);
    assert.ok(v1.ok && v2.ok);
    for (const claim of ['sub', 'acct', 'wk', 'agent', 'kind', 'name', 'chain']) assert.equal(v2.claims[claim], v1.claims[claim], claim);
    assert.ok(v2.expiresAt > v1.expiresAt, 'the new token lives longer');
    const third = await refresh(key, second.refresh_token);
    assert.equal(third.statusCode, 200, third.body);
  });

  test('reuse: a spent refresh token presented again is 400, and the newest token of its chain is refused too', async () => {
    const { key } = await widgetKey(a);
    const first = await exchange(key, await userToken(a.sk), a.agent);
    const second = (await refresh(key, first.refresh_token)).json<{ refresh_token: string }>();
    const third = await refresh(key, second.refresh_token);
    assert.equal(third.statusCode, 200, third.body);
    const newest = third.json<{ refresh_token: string }>().refresh_token;
    assertError(await refresh(key, first.refresh_token), 400, 'missing_or_expired_refresh_token', 'the spent one');
    assertError(await refresh(key, newest), 400, 'missing_or_expired_refresh_token', 'the newest one, after the reuse');
    // Another chain of the same key is untouched.
    const other = await exchange(key, await userToken(a.sk), a.agent);
    assert.equal((await refresh(key, other.refresh_token)).statusCode, 200);
  });

  test('bound to its key; not a visitor token; not after 24 h; 400 missing_or_expired_refresh_token', async () => {
    const { key } = await widgetKey(a);
    const other = await widgetKey(a);
    const tokens = await exchange(key, await userToken(a.sk), a.agent);
    assertError(await refresh(other.key, tokens.refresh_token), 400, 'missing_or_expired_refresh_token', "another key's");
    for (const value of [undefined, '', 'garbage', tokens.token, await userToken(a.sk)]) {
      assertError(await refresh(key, value), 400, 'missing_or_expired_refresh_token', String(value).slice(0, 20));
    }
    assertError(await refresh(key, 42), 400, 'invalid_body');
    // The failures above spent nothing: the token still refreshes, once.
    const late = await exchange(key, await userToken(a.sk), a.agent);
    assert.equal((await refresh(key, tokens.refresh_token)).statusCode, 200);
    advance(24 * 3600 + 1);
    assertError(await refresh(key, late.refresh_token), 400, 'missing_or_expired_refresh_token', 'expired');
  });
});

describe('connect and web sessions', () => {
  let a: Tenant;
  before(async () => {
    a = await tenant({ concurrent_max: 10 });
  });

  test('connect → 200 {session_id, status, agent}; GET /v1/sessions/{id} shows kind web; the visitor ends it with its duration', async () => {
    const { key } = await widgetKey(a);
    const token = await guest(key, a.agent);
    const r = await widget('POST', 'connect', { key, token });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.headers['access-control-allow-origin'], ORIGIN);
    const body = r.json<{ session_id: string; status: string; agent: { id: string; name: string; greeting_message: string } }>();
    assert.deepEqual(body.agent, { id: a.agent, name: 'Support', greeting_message: 'Hi! How can I help?' });
    assert.equal(body.status, 'in-progress');
    const id = body.session_id;
    const seen = await hubSession(a, id);
    assert.deepEqual([seen.kind, seen.status, seen.duration_seconds], ['web', 'in-progress', null]);
    assert.ok(!JSON.stringify(seen).includes('cap_slot') && !JSON.stringify(seen).includes('guest:'), 'C4 shows no slot or visitor');

    const own = await widget('GET', `sessions/${id}`, { key, token });
    assert.equal(own.statusCode, 200, own.body);
    assert.deepEqual(Object.keys(own.json()).sort(), ['created_at', 'duration_seconds', 'ended_at', 'session_id', 'status']);
    assert.equal(own.json<{ status: string }>().status, 'in-progress');

    advance(42.4);
    const end = await widget('POST', `sessions/${id}/end`, { key, token });
    assert.equal(end.statusCode, 200, end.body);
    assert.deepEqual(end.json(), { session_id: id, status: 'completed', duration_seconds: 42 });
    advance(10);
    const again = await widget('POST', `sessions/${id}/end`, { key, token });
    assert.deepEqual(again.json(), { session_id: id, status: 'completed', duration_seconds: 42 }, 'idempotent');
    const ended = await hubSession(a, id);
    assert.deepEqual([ended.kind, ended.status, ended.duration_seconds], ['web', 'completed', 42]);
    const after = await widget('GET', `sessions/${id}`, { key, token });
    assert.equal(after.json<{ status: string }>().status, 'completed');
    assert.equal(t.hub.liveCalls.size, 0, 'this instance no longer renews its slot');
  });

  test('the open page polls its session every 500 ms: 150 polls a minute per IP pass (not the 60 of other routes), the 151st is 429', async () => {
    const { key } = await widgetKey(a);
    const token = await guest(key, a.agent);
    const id = await connect(key, token);
    const statuses = [];
    for (let i = 0; i < WIDGET_SESSION_POLL_BUDGET.perIpPerMinute; i++) {
      statuses.push((await widget('GET', `sessions/${id}`, { key, token })).statusCode);
    }
    assert.deepEqual(new Set(statuses), new Set([200]), 'a minute of polling at 2/s and more is admitted');
    const over = await widget('GET', `sessions/${id}`, { key, token });
    assertError(over, 429, 'rate_limited');
    assert.match(over.body, /per-minute \(150\) exceeded/);
    // The poll has budgets of its own: the key's other routes from this IP are untouched by it.
    assert.equal((await widget('POST', `sessions/${id}/end`, { key, token })).statusCode, 200);
  });

  test("a visitor sees and ends only their own sessions: another visitor's, a call's or a random id is 404", async () => {
    const { key } = await widgetKey(a);
    const mine = await guest(key, a.agent);
    const theirs = await guest(key, a.agent);
    const id = await connect(key, mine);
    for (const [path, method] of [[`sessions/${id}`, 'GET'], [`sessions/${id}/end`, 'POST']] as const) {
      assertError(await widget(method, path, { key, token: theirs }), 404, 'not_found', `${method} ${path}`);
    }
    assertError(await widget('GET', `sessions/${randomUUID()}`, { key, token: mine }), 404, 'not_found');
    assertError(await widget('GET', 'sessions/not-a-uuid', { key, token: mine }), 404, 'not_found');
    assert.equal((await hubSession(a, id)).status, 'in-progress', "the other visitor's end changed nothing");
    assert.equal((await widget('POST', `sessions/${id}/end`, { key, token: mine })).statusCode, 200);
  });

  test('the visitor token: none 401 missing_token; garbage, expired, another key’s or a refresh token 401 invalid_token', async () => {
    const { key } = await widgetKey(a);
    const other = await widgetKey(a);
    const tokenOfOther = await guest(other.key, a.agent);
    const { refresh_token } = await exchange(key, await userToken(a.sk), a.agent);
    const expiring = await guest(key, a.agent);
    const noToken = await widget('POST', 'connect', { key });
    assertError(noToken, 401, 'missing_token');
    assert.equal(noToken.headers['access-control-allow-origin'], ORIGIN, 'the widget can read why');
    assert.match(String(noToken.headers['www-authenticate']), /^Bearer/);
    for (const [name, token] of [['garbage', 'garbage'], ["another key's", tokenOfOther], ['a refresh token', refresh_token]] as const) {
      assertError(await widget('POST', 'connect', { key, token }), 401, 'invalid_token', name);
    }
    advance(901);
    assertError(await widget('POST', 'connect', { key, token: expiring }), 401, 'invalid_token', 'expired');
    // Another account's key with a token of A: invalid too.
    const b = await tenant();
    const keyB = await widgetKey(b);
    assertError(await widget('POST', 'connect', { key: keyB.key, token: await guest(key, a.agent) }), 401, 'invalid_token');
  });

  test("W7: 403 widget_disabled when the agent's widget is off; a guest token of an agent now for users only: guest_not_allowed", async () => {
    const { key } = await widgetKey(a);
    const token = await guest(key, a.agent2);
    policies.set(a.agent2, { widget_enabled: false, auth_mode: 'both' });
    try {
      assertError(await widget('POST', 'connect', { key, token }), 403, 'widget_disabled');
      policies.set(a.agent2, { widget_enabled: true, auth_mode: 'user' });
      assertError(await widget('POST', 'connect', { key, token }), 403, 'guest_not_allowed');
    } finally {
      policies.delete(a.agent2);
    }
    const id = await connect(key, token);
    assert.equal((await widget('POST', `sessions/${id}/end`, { key, token })).statusCode, 200);
  });

  test('a key pinned to another agent after the token was issued: the token no longer fits it (401 invalid_token)', async () => {
    const { key, id } = await widgetKey(a);
    const token = await guest(key, a.agent);
    const pin = await t.request({ method: 'PATCH', url: `/v1/widget-keys/${id}`, token: a.sk, body: { agent_id: a.agent2 } });
    assert.equal(pin.statusCode, 204, pin.body);
    assertError(await widget('POST', 'connect', { key, token }), 401, 'invalid_token');
    const fresh = await guest(key);
    const r = await widget('POST', 'connect', { key, token: fresh });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json<{ agent: { id: string } }>().agent.id, a.agent2);
    assert.equal((await widget('POST', `sessions/${r.json<{ session_id: string }>().session_id}/end`, { key, token: fresh })).statusCode, 200);
  });

  test('a session past KATAVEN_WEB_SESSION_MAX_SECONDS whose timer never fired is ended by the next connect, at its limit', async () => {
    const { key } = await widgetKey(a);
    const id = await connect(key, await guest(key, a.agent));
    advance(905);
    const next = await connect(key, await guest(key, a.agent));
    const old = await hubSession(a, id);
    assert.deepEqual([old.status, old.duration_seconds], ['completed', 900]);
    assert.equal((await hubSession(a, next)).status, 'in-progress');
  });
});

describe('cost caps (L2) and the key revoked', () => {
  test('concurrent_max 1: a second connect is 429 cost_cap with Retry-After; after the end the next is admitted', async () => {
    const c = await tenant({ concurrent_max: 1 });
    const { key } = await widgetKey(c);
    const token = await guest(key, c.agent);
    const first = await connect(key, token);
    const refused = await widget('POST', 'connect', { key, token: await guest(key, c.agent) });
    assert.equal(refused.statusCode, 429, refused.body);
    assert.equal(refused.body, 'cost_cap: Concurrent call limit reached');
    assert.equal(refused.headers['retry-after'], '5');
    assert.equal(refused.headers['access-control-allow-origin'], ORIGIN);
    assert.match(String(refused.headers['access-control-expose-headers']), /Retry-After/);
    assert.equal((await widget('POST', `sessions/${first}/end`, { key, token })).statusCode, 200);
    await connect(key, await guest(key, c.agent));
  });

  test('a widget key disabled through the API: refresh and connect 403 key_revoked, and its live sessions end (slot freed)', async () => {
    const c = await tenant({ concurrent_max: 1 });
    const doomed = await widgetKey(c);
    const survivor = await widgetKey(c);
    const tokens = await exchange(doomed.key, await userToken(c.sk), c.agent);
    const live = await connect(doomed.key, tokens.token);
    advance(7);
    const revoke = await t.request({ method: 'PATCH', url: `/v1/widget-keys/${doomed.id}`, token: c.sk, body: { disabled: true } });
    assert.equal(revoke.statusCode, 204, revoke.body);
    assertError(await widget('POST', 'auth/refresh', { key: doomed.key, body: { refresh_token: tokens.refresh_token } }), 403, 'key_revoked');
    assertError(await widget('POST', 'connect', { key: doomed.key, token: tokens.token }), 403, 'key_revoked');
    const ended = await hubSession(c, live);
    assert.deepEqual([ended.status, ended.duration_seconds], ['completed', 7]);
    // concurrent_max is 1: the revoked key's session gave its slot back.
    await connect(survivor.key, await guest(survivor.key, c.agent));
  });

  test('a widget key deleted through the API: its live sessions end too', async () => {
    const c = await tenant();
    const doomed = await widgetKey(c);
    const live = await connect(doomed.key, await guest(doomed.key, c.agent));
    const del = await t.request({ method: 'DELETE', url: `/v1/widget-keys/${doomed.id}`, token: c.sk });
    assert.equal(del.statusCode, 204, del.body);
    assert.equal((await hubSession(c, live)).status, 'completed');
    assertError(await widget('POST', 'auth/guest', { key: doomed.key, body: { agent_id: c.agent } }), 403, 'key_revoked');
  });

  test('the time limit: the instance that opened a session ends it by timer and frees its slot', async () => {
    const c = await tenant({ concurrent_max: 1 });
    const { id: widgetKeyId } = await widgetKey(c);
    // The hub's own parts, with a one-second limit (the hub's is KATAVEN_WEB_SESSION_MAX_SECONDS, 900 here).
    const sessions = new WebSessions({
      tenancy: t.hub.tenancy,
      costCaps: t.hub.costCaps,
      liveCalls: t.hub.liveCalls,
      now,
      maxSeconds: 1,
      log: () => undefined,
    });
    const caps = { concurrent_max: 1, calls_per_minute: 30, daily_calls_max: 1000, daily_minutes_max: 600 };
    const admission = await t.hub.costCaps.admit(c.account, caps, randomUUID());
    assert.ok(admission.ok);
    const db = await t.hub.tenancy.database(c.account);
    const opened = await sessions.open(db, admission.slot, { agentId: c.agent, widgetKeyId, sub: 'guest:timer' });
    assert.equal((await t.hub.costCaps.admit(c.account, caps, randomUUID())).ok, false, 'the slot is taken');
    advance(30);
    const deadline = Date.now() + 5000;
    let status = 'in-progress';
    while (status === 'in-progress' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await hubSession(c, opened.id)).status;
    }
    const ended = await hubSession(c, opened.id);
    assert.deepEqual([ended.status, ended.duration_seconds], ['completed', 1], 'ended at its limit, counted up to it');
    const next = await t.hub.costCaps.admit(c.account, caps, randomUUID());
    assert.ok(next.ok, 'the slot was freed');
    await t.hub.costCaps.cancel(next.slot);
    sessions.close();
  });
});

describe('preflights (W3)', () => {
  test('204 with methods and headers for an allowed origin; 403 origin_not_allowed for another', async () => {
    const a = await tenant();
    const { key } = await widgetKey(a);
    const paths: [string, string][] = [
      ['auth/guest', 'POST, OPTIONS'],
      ['auth/exchange', 'POST, OPTIONS'],
      ['auth/refresh', 'POST, OPTIONS'],
      ['connect', 'POST, OPTIONS'],
      [`sessions/${randomUUID()}`, 'GET, OPTIONS'],
      [`sessions/${randomUUID()}/end`, 'POST, OPTIONS'],
    ];
    for (const [path, methods] of paths) {
      const ok = await widget('OPTIONS', path, { key });
      assert.equal(ok.statusCode, 204, `${path}: ${ok.body}`);
      assert.equal(ok.headers['access-control-allow-origin'], ORIGIN, path);
      assert.equal(ok.headers['access-control-allow-methods'], methods, path);
      assert.equal(ok.headers['access-control-allow-headers'], 'Authorization, Content-Type', path);
      assert.match(String(ok.headers.vary), /Origin/, path);
      const evil = await widget('OPTIONS', path, { key, origin: EVIL });
      assertError(evil, 403, 'origin_not_allowed', path);
      assert.equal(evil.headers['access-control-allow-origin'], undefined, path);
      assertError(await widget('OPTIONS', path, { origin: ORIGIN }), 400, 'missing_client_key', path);
    }
  });
});

describe('single use across instances', () => {
  test('two hubs on one database (one token key set): a user_token exchanged on A cannot be exchanged on B', async () => {
    const a = await tenant();
    const { key } = await widgetKey(a);
    // A second instance of the same deployment (same databases, same Redis); it shares the signing keys, as every
    // instance does once they live in the control plane.
    const second = await startHub(loadConfig(t.env, t.home), { now, visitorTokens: t.hub.visitorTokens });
    try {
      await second.app.ready();
      const onSecond = (token: string) => widget('POST', 'auth/exchange', { key, hub: second, body: { user_token: token, agent_id: a.agent } });
      // Control: the second instance exchanges a fresh token of the first.
      assert.equal((await onSecond(await userToken(a.sk))).statusCode, 200);
      const token = await userToken(a.sk);
      await exchange(key, token, a.agent);
      assertError(await onSecond(token), 400, 'missing_or_expired_token');
      // And at once on both: one wins.
      const raced = await userToken(a.sk);
      const answers = await Promise.all([
        widget('POST', 'auth/exchange', { key, body: { user_token: raced, agent_id: a.agent } }),
        onSecond(raced),
      ]);
      assert.deepEqual(answers.map((r) => r.statusCode).sort(), [200, 400]);
    } finally {
      await second.close();
    }
  });

  test('startHubCluster (two processes, shared Redis): a user_token exchanged on A cannot be exchanged on B', async (ctx) => {
    const cluster = await startHubCluster({ instances: 2 });
    try {
      const [urlA, urlB] = cluster.urls as [string, string];
      const account = `vis-${randomUUID().slice(0, 8)}`;
      assert.equal((await cluster.cli(['accounts', 'create', account])).code, 0);
      const minted = await cluster.cli(['keys', 'mint', account, '--name', 'backend']);
      assert.equal(minted.code, 0, minted.stderr);
      const sk = lastLine(minted.stdout);
      const call = async (url: string, path: string, body: unknown, headers: Record<string, string> = {}) => {
        const response = await fetch(`${url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(body),
        });
        return { status: response.status, text: await response.text() };
      };
      const auth = { authorization: `Bearer ${sk}` };
      const agentAnswer = await call(urlA, '/v1/agents', { name: 'Support' }, auth);
      assert.equal(agentAnswer.status, 201, agentAnswer.text);
      const agent = JSON.parse(agentAnswer.text) as { id: string };
      const created = await call(urlA, '/v1/widget-keys', { name: 'site', domain_allowlist: [ORIGIN], agent_id: agent.id }, auth);
      assert.equal(created.status, 201, created.text);
      const { key } = JSON.parse(created.text) as { key: string };
      const userTokenOn = async (url: string) =>
        (JSON.parse((await call(url, '/v1/widget/auth/user-token', { external_user_id: 'dana' }, auth)).text) as { user_token: string }).user_token;
      const exchangeOn = (url: string, token: string) =>
        call(url, `/v1/widget/auth/exchange?client_key=${key}`, { user_token: token }, { origin: ORIGIN });

      // Precondition: B verifies A's tokens, i.e. the instances share their signing keys (the control plane's
      // persistent keys). With per-process keys B would refuse every token of A, and the check below would prove
      // nothing about single use.
      const probe = await exchangeOn(urlB, await userTokenOn(urlA));
      if (probe.status !== 200) {
        ctx.skip(`instances do not share visitor-token signing keys yet (B answered ${probe.status}: ${probe.text})`);
        return;
      }
      const token = await userTokenOn(urlA);
      const onA = await exchangeOn(urlA, token);
      assert.equal(onA.status, 200, onA.text);
      const onB = await exchangeOn(urlB, token);
      assert.equal(onB.status, 400, onB.text);
      assert.match(onB.text, /^missing_or_expired_token:/);
    } finally {
      await cluster.close();
    }
  });
});
