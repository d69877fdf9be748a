// O1 (the operator console) and O2 (admin-only endpoints), each against an API key, a plain member, an admin
// without `X-Admin: true`, and an admin with it. JWTs come from a loopback OIDC issuer (test-issuer.ts).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestHub, type TestHub } from './support/test-hub.js';
import { startTestIssuer, type TestIssuer } from './support/test-issuer.js';

let t: TestHub;
let issuer: TestIssuer;
let account: string;
let key: string;
let member: string;
let admin: string;

before(async () => {
  issuer = await startTestIssuer();
  t = await startTestHub(issuer.env);
  account = await t.createAccount();
  key = (await t.mintKey(account, { name: 'server-key' })).key;
  member = await issuer.sign({ 'kataven:accounts': [account], 'kataven:roles': [] });
  admin = await issuer.sign({ 'urn:zitadel:iam:org:project:roles': { admin: {} }, 'kataven:accounts': [account] });
});
after(async () => {
  await t.close();
  await issuer.close();
});

const code = (response: { body: string }) => response.body.split(':')[0];

describe('O2 admin-only endpoints', () => {
  const endpoints = [
    {
      method: 'PUT' as const,
      url: '/api/v1/call-limits',
      body: { concurrent_max: 2, calls_per_minute: 10, daily_calls_max: 100, daily_minutes_max: 60 },
      success: 200,
    },
    { method: 'POST' as const, url: '/api/marketplace/agents', body: { name: 'concierge', definition: { voice: 'x' } }, success: 201 },
    { method: 'POST' as const, url: '/api/integrations', body: { name: 'crm', definition: { kind: 'webhook' } }, success: 201 },
    // Past the gates, an id that names no session (recordings.security.test.ts deletes real ones).
    { method: 'DELETE' as const, url: '/api/v1/sessions/5f0c5e8e-3f6a-4a53-9d1e-0a1b2c3d4e5f/recording', success: 404 },
  ];

  for (const endpoint of endpoints) {
    test(`${endpoint.method} ${endpoint.url}`, async () => {
      const call = (token: string, headers: Record<string, string> = {}) =>
        t.request({ method: endpoint.method, url: endpoint.url, token, account, body: endpoint.body, headers });

      const withKey = await t.request({ method: endpoint.method, url: endpoint.url, token: key, body: endpoint.body, headers: { 'x-admin': 'true' } });
      assert.equal(withKey.statusCode, 403);
      assert.equal(code(withKey), 'requires_hub_ui_auth');

      const asMember = await call(member, { 'x-admin': 'true' });
      assert.equal(asMember.statusCode, 403);
      assert.equal(code(asMember), 'admin_role_required');

      for (const header of [{}, { 'x-admin': 'false' }, { 'x-admin': '1' }] as Record<string, string>[]) {
        const noHeader = await call(admin, header);
        assert.equal(noHeader.statusCode, 403, JSON.stringify(header));
        assert.equal(code(noHeader), 'admin_header_required');
      }

      const done = await call(admin, { 'x-admin': 'true' });
      assert.equal(done.statusCode, endpoint.success, done.body);
      if (endpoint.success === 404) assert.equal(code(done), 'not_found');
    });
  }

  test('issue 7 item 5: definition names count characters, not UTF-16 code units: 100 emoji fine, 101 not', async () => {
    const post = (name: string) =>
      t.request({ method: 'POST', url: '/api/integrations', token: admin, account, headers: { 'x-admin': 'true' }, body: { name, definition: {} } });
    const created = await post('🔌'.repeat(100));
    assert.equal(created.statusCode, 201, created.body);
    const refused = await post('🔌'.repeat(101));
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /^invalid_body: name: /);
  });

  test('call limits: read by any credential, defaults are the plan ceilings, never above them', async () => {
    const fresh = await t.createAccount();
    const freshKey = (await t.mintKey(fresh)).key;
    const freshAdmin = await issuer.sign({ 'kataven:roles': ['admin'], 'kataven:accounts': [fresh] });
    const read = async () => (await t.request({ url: '/v1/call-limits', token: freshKey })).json<Record<string, number>>();
    assert.deepEqual(await read(), { concurrent_max: 10, calls_per_minute: 30, daily_calls_max: 1000, daily_minutes_max: 600 });

    const put = (body: unknown) =>
      t.request({ method: 'PUT', url: '/v1/call-limits', token: freshAdmin, account: fresh, body, headers: { 'x-admin': 'true' } });
    const lowered = await put({ concurrent_max: 1, calls_per_minute: 5, daily_calls_max: 50, daily_minutes_max: 30 });
    assert.equal(lowered.statusCode, 200);
    assert.deepEqual(await read(), { concurrent_max: 1, calls_per_minute: 5, daily_calls_max: 50, daily_minutes_max: 30 });

    const over = await put({ concurrent_max: 11, calls_per_minute: 5, daily_calls_max: 50, daily_minutes_max: 30 });
    assert.equal(over.statusCode, 400);
    assert.equal(code(over), 'exceeds_plan_ceiling');
    assert.match(over.body, /concurrent_max 11 is over the plan's ceiling of 10/);
    const partial = await put({ concurrent_max: 1 });
    assert.equal(code(partial), 'invalid_body', 'all four values are required');
    assert.equal((await read()).concurrent_max, 1, 'nothing changed by refused writes');
  });
});

describe('O1 operator console', () => {
  let operator: string;
  before(async () => {
    operator = await issuer.sign({ 'kataven:accounts': ['kataven-admin'], 'kataven:roles': ['operator'] });
  });

  const admin_ = (token: string, method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) =>
    t.request({ method, url: `/api/admin${url}`, token, body });

  test('who may use it', async () => {
    const cases: [string | undefined, number, string][] = [
      [undefined, 401, 'missing_token'],
      [key, 403, 'requires_hub_ui_auth'],
      [await issuer.sign({ 'kataven:accounts': ['kataven-admin'], 'kataven:roles': ['admin'] }), 403, 'operator_role_required'],
      [await issuer.sign({ 'kataven:accounts': [account], 'kataven:roles': ['operator'] }), 403, 'account_mismatch'],
      ['not-a-token', 400, 'malformed_token'],
    ];
    for (const [token, status, expected] of cases) {
      const response = await t.request({ url: '/api/admin/accounts', ...(token ? { token } : {}) });
      assert.equal(response.statusCode, status, `${expected}: ${response.body}`);
      assert.equal(code(response), expected);
    }
    assert.equal((await admin_(operator, 'GET', '/accounts')).statusCode, 200);
    assert.equal((await admin_(await t.devToken(), 'GET', '/accounts')).statusCode, 200, 'the dev user is an operator');
  });

  test('an operator verdict never opens a regular route as kataven-admin', async () => {
    assert.equal((await admin_(operator, 'GET', '/accounts')).statusCode, 200);
    const regular = await t.request({ url: '/v1/api-keys', token: operator, account: 'kataven-admin' });
    assert.equal(regular.statusCode, 403);
    assert.equal(code(regular), 'reserved_account');
  });

  test('create, read, list, configure', async () => {
    const slug = `op-${Date.now().toString(36)}`;
    const created = await admin_(operator, 'POST', '/accounts', {
      slug, plan: 'pro', discoverable: true, max_key_expiry_days: 30,
      rate_limits: { per_minute: 120 }, cost_cap_ceilings: { concurrent_max: 3 },
    });
    assert.equal(created.statusCode, 201, created.body);
    const item = created.json<Record<string, unknown>>();
    assert.equal(item.account, slug);
    assert.equal(item.plan, 'pro');
    assert.equal(item.discoverable, true);
    assert.equal(item.max_key_expiry_days, 30);
    assert.deepEqual(item.rate_limits, { per_minute: 120, per_hour: 1000, per_day: 10000, concurrent: 20 });
    assert.deepEqual(item.cost_cap_ceilings, { concurrent_max: 3, calls_per_minute: 30, daily_calls_max: 1000, daily_minutes_max: 600 });
    assert.equal('database_name' in item, false);

    assert.equal((await admin_(operator, 'GET', `/accounts/${slug}`)).json<{ plan: string }>().plan, 'pro');
    // A plan name counts characters (issue 7 item 5): 100 emoji are 200 UTF-16 code units, and fine.
    const emojiPlan = await admin_(operator, 'PATCH', `/accounts/${slug}`, { plan: '📦'.repeat(100) });
    assert.equal(emojiPlan.statusCode, 200, emojiPlan.body);
    assert.equal(emojiPlan.json<{ plan: string }>().plan, '📦'.repeat(100));
    assert.equal((await admin_(operator, 'PATCH', `/accounts/${slug}`, { plan: 'pro' })).statusCode, 200);
    const list = (await admin_(operator, 'GET', '/accounts')).json<{ account: string }[]>();
    assert.ok(list.some((a) => a.account === slug) && list.some((a) => a.account === account));

    const patched = await admin_(operator, 'PATCH', `/accounts/${slug}`, { max_key_expiry_days: null, rate_limits: { concurrent: 5 } });
    assert.equal(patched.statusCode, 200);
    assert.equal(patched.json<{ max_key_expiry_days: null }>().max_key_expiry_days, null);
    assert.equal(patched.json<{ rate_limits: { concurrent: number } }>().rate_limits.concurrent, 5);

    // The account works for its tenants at once, and the key policy applies.
    const jwt = await t.devToken();
    const mint = await t.request({ method: 'POST', url: '/v1/api-keys', token: jwt, account: slug, body: { name: 'k', expiry: '1y' } });
    assert.equal(mint.statusCode, 201, 'no cap any more');
  });

  test('bad input', async () => {
    const cases: [string, 'GET' | 'POST' | 'PATCH', unknown, number, string][] = [
      ['/accounts', 'POST', { slug: 'Bad Slug' }, 400, 'invalid_account'],
      ['/accounts', 'POST', { slug: 'kataven-admin' }, 403, 'reserved_account'],
      ['/accounts', 'POST', { slug: account }, 409, 'account_exists'],
      ['/accounts', 'POST', { slug: 'ok-slug', rate_limits: { per_minute: -1 } }, 400, 'invalid_body'],
      ['/accounts', 'POST', { slug: 'ok-slug', rate_limits: { per_second: 5 } }, 400, 'invalid_body'],
      [`/accounts/${account}`, 'PATCH', { status: 'deleted' }, 400, 'invalid_body'],
      ['/accounts/no-such-account', 'PATCH', { plan: 'x' }, 404, 'not_found'],
      [`/accounts/${account}`, 'PATCH', { plan: '📦'.repeat(101) }, 400, 'invalid_body'],
      ['/accounts/no-such-account', 'GET', undefined, 404, 'not_found'],
      ['/accounts/NOPE', 'GET', undefined, 400, 'invalid_account'],
    ];
    for (const [url, method, body, status, expected] of cases) {
      const response = await admin_(operator, method, url, body);
      assert.equal(response.statusCode, status, `${method} ${url} ${JSON.stringify(body)}: ${response.body}`);
      assert.equal(code(response), expected);
    }
    assert.equal((await admin_(operator, 'GET', '/accounts/ok-slug')).statusCode, 404, 'refused creations made nothing');
  });

  test("disabling an account stops its keys at once (cached verdicts too); enabling restores them", async () => {
    const slug = await t.createAccount();
    const { key: k } = await t.mintKey(slug);
    for (let i = 0; i < 2; i++) assert.equal((await t.request({ url: '/v1/agents', token: k })).statusCode, 200);
    assert.equal((await admin_(operator, 'PATCH', `/accounts/${slug}`, { status: 'disabled' })).statusCode, 200);
    const refused = await t.request({ url: '/v1/agents', token: k });
    assert.equal(refused.statusCode, 401);
    assert.equal(code(refused), 'invalid_token');
    const jwt = await t.devToken();
    const user = await t.request({ url: '/v1/agents', token: jwt, account: slug });
    assert.equal(code(user), 'account_mismatch', 'users of the account are refused too');
    assert.equal((await admin_(operator, 'PATCH', `/accounts/${slug}`, { status: 'active' })).statusCode, 200);
    assert.equal((await t.request({ url: '/v1/agents', token: k })).statusCode, 200);
  });
});
