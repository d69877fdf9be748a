// W7 widget settings through the real HTTP pipeline against the real PostgreSQL and Redis: the account's branding
// and each agent's widget policy (GET/PATCH with both credential kinds, strict validation, nothing kept of a
// refused PATCH, cross-tenant 404s, the legacy agent prefixes, the audit row), and their use by the config
// endpoint (W4: branding and auth_mode answered, widget_enabled false → 403 widget_disabled with the ACAO echo).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { newAgentId } from '../src/agents/agent-id.js';
import type { ErrorCode } from '../src/errors.js';
import { WIDGET_DEFAULTS } from '../src/http/widget-config.js';
import { AGENT_WIDGET_POLICY_DEFAULTS, BRANDING_DEFAULTS, readAgentWidgetPolicy } from '../src/widget/widget-settings-store.js';
import { startTestHub, type TestHub } from './support/test-hub.js';

const REDIS_URL = process.env.KATAVEN_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

let t: TestHub;
let accountA: string;
let accountB: string;
let jwt: string;
let skA: string;
let skB: string;
const agentA = newAgentId();
const agentA2 = newAgentId();
const agentB = newAgentId();

before(async () => {
  t = await startTestHub({ REDIS_URL });
  [accountA, accountB] = await Promise.all([t.createAccount(), t.createAccount()]);
  const lots = 1_000_000;
  for (const account of [accountA, accountB]) {
    await t.hub.catalog.update(account, { rateLimits: { per_minute: lots, per_hour: lots, per_day: lots, concurrent: 1000 } });
  }
  jwt = await t.devToken();
  skA = (await t.mintKey(accountA, { name: 'server-a' })).key;
  skB = (await t.mintKey(accountB, { name: 'server-b' })).key;
  const [dbA, dbB] = await Promise.all([t.hub.tenancy.database(accountA), t.hub.tenancy.database(accountB)]);
  await dbA.query("INSERT INTO agents (id, name, greeting_message) VALUES ($1, 'Support', 'Hello'), ($2, 'Sales', '')", [agentA, agentA2]);
  await dbB.query("INSERT INTO agents (id, name) VALUES ($1, 'B agent')", [agentB]);
});
after(() => t.close());

type As = { token: string; account?: string };
const asUser = (account = accountA): As => ({ token: jwt, account });
const asKey = (): As => ({ token: skA });

function assertError(response: LightMyRequestResponse, status: number, code: ErrorCode, where = ''): void {
  assert.equal(response.statusCode, status, `${where} ${response.body}`);
  assert.equal(response.body.split(':')[0], code, where);
}

const getBranding = (as: As = asUser(), prefix = '/v1') => t.request({ url: `${prefix}/widget-settings`, ...as });
const patchBranding = (body: unknown, as: As = asUser(), prefix = '/v1') =>
  t.request({ method: 'PATCH', url: `${prefix}/widget-settings`, body, ...as });
const getPolicy = (agent: string, as: As = asUser(), prefix = '/v1') => t.request({ url: `${prefix}/agents/${agent}/widget-settings`, ...as });
const patchPolicy = (agent: string, body: unknown, as: As = asUser(), prefix = '/v1') =>
  t.request({ method: 'PATCH', url: `${prefix}/agents/${agent}/widget-settings`, body, ...as });

async function branding(as: As = asUser()): Promise<Record<string, unknown>> {
  const response = await getBranding(as);
  assert.equal(response.statusCode, 200, response.body);
  return response.json();
}

describe('W7 GET|PATCH /v1/widget-settings (branding)', () => {
  test('an account nobody configured answers the defaults, for a Hub user and an sk_live_ key, under every prefix', async () => {
    assert.deepEqual(BRANDING_DEFAULTS, WIDGET_DEFAULTS.branding, 'one set of defaults');
    for (const prefix of ['/v1', '/api/v1', '/hub-api/api/v1']) {
      for (const as of [asUser(accountB), { token: skB }]) {
        const response = await getBranding(as, prefix);
        assert.equal(response.statusCode, 200, response.body);
        // The migration's column defaults are the documented ones.
        assert.deepEqual(response.json(), BRANDING_DEFAULTS, prefix);
      }
    }
  });

  test('PATCH sets the fields given, keeps the others, answers 200 with the whole object; null clears', async () => {
    const first = await patchBranding({ primary_color: '#FF0066', launcher_position: 'tl', logo_url: 'https://cdn.acme.example/logo.png' }, asKey());
    assert.equal(first.statusCode, 200, first.body);
    const expected = {
      ...BRANDING_DEFAULTS,
      primary_color: '#ff0066',
      launcher_position: 'tl',
      logo_url: 'https://cdn.acme.example/logo.png',
    };
    assert.deepEqual(first.json(), expected, 'the colour is kept lowercase');
    assert.deepEqual(await branding(), expected);

    const second = await patchBranding({ accent_color: '#000000', launcher_label: 'Ask Ada 😀', privacy_notice: 'We record calls.' });
    assert.equal(second.statusCode, 200, second.body);
    const next = { ...expected, accent_color: '#000000', launcher_label: 'Ask Ada 😀', privacy_notice: 'We record calls.' };
    assert.deepEqual(second.json(), next);

    const cleared = await patchBranding({ logo_url: null, privacy_notice: null });
    assert.deepEqual(cleared.json(), { ...next, logo_url: null, privacy_notice: null });
    const blank = await patchBranding({ privacy_notice: '  ' });
    assert.equal(blank.json<{ privacy_notice: unknown }>().privacy_notice, null, 'a blank notice is no notice');
    const empty = await patchBranding({});
    assert.equal(empty.statusCode, 200);
    assert.deepEqual(empty.json(), await branding(), 'an empty PATCH changes nothing');
    // B's branding is B's own.
    assert.deepEqual(await branding(asUser(accountB)), BRANDING_DEFAULTS);
  });

  test('edge values are accepted: 40-character labels (emoji count as one), 500-character notices, 2048-character URLs', async () => {
    const url = `https://acme.example/${'a'.repeat(2048 - 'https://acme.example/'.length)}`;
    const response = await patchBranding({ launcher_label: '😀'.repeat(40), privacy_notice: 'é'.repeat(500), logo_url: url });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json<{ logo_url: string }>().logo_url, url);
  });

  test('bad values, wrong types and unknown fields → 400 invalid_body naming the field; nothing of a refused PATCH is kept', async () => {
    const before = await branding();
    const bad: [string, Record<string, unknown>][] = [
      ['colour name', { primary_color: 'red' }],
      ['short hex', { primary_color: '#fff' }],
      ['long hex', { accent_color: '#1234567' }],
      ['rgb()', { accent_color: 'rgb(1,2,3)' }],
      ['colour number', { primary_color: 0xffffff }],
      ['colour null', { primary_color: null }],
      ['http logo', { logo_url: 'http://acme.example/logo.png' }],
      ['javascript: logo', { logo_url: 'javascript:alert(1)' }],
      ['data: logo', { logo_url: 'data:image/png;base64,AAAA' }],
      ['logo with credentials', { logo_url: 'https://user:pw@acme.example/logo.png' }],
      ['logo with a space', { logo_url: ' https://acme.example/logo.png' }],
      ['logo with a newline', { logo_url: 'https://acme.example/lo\ngo.png' }],
      ['relative logo', { logo_url: '/logo.png' }],
      ['logo too long', { logo_url: `https://acme.example/${'a'.repeat(2048)}` }],
      ['logo number', { logo_url: 42 }],
      ['position', { launcher_position: 'center' }],
      ['position case', { launcher_position: 'BR' }],
      ['empty label', { launcher_label: '' }],
      ['blank label', { launcher_label: '   ' }],
      ['long label', { launcher_label: 'x'.repeat(41) }],
      ['label null', { launcher_label: null }],
      ['long notice', { privacy_notice: 'x'.repeat(501) }],
      ['unknown field', { primary_colour: '#000000' }],
      ['server-set field', { updated_at: '2020-01-01T00:00:00Z' }],
      ['a valid field with an unknown one', { launcher_position: 'bl', widget_enabled: false }],
    ];
    for (const [name, body] of bad) {
      const response = await patchBranding(body);
      assertError(response, 400, 'invalid_body', name);
      const field = Object.keys(body).at(-1)!;
      assert.ok(response.body.includes(field), `${name}: the message names ${field}: ${response.body}`);
    }
    for (const body of [[], 5]) assertError(await patchBranding(body), 400, 'invalid_body', JSON.stringify(body));
    assert.deepEqual(await branding(), before, 'unchanged');
  });

  test('AU2: a PATCH commits with its audit row', async () => {
    const response = await patchBranding({ launcher_position: 'bl' }, asKey());
    assert.equal(response.statusCode, 200);
    const requestId = String(response.headers['x-request-id']);
    const audit = await t.request({ url: '/v1/audit-log', token: jwt, account: accountA });
    const rows = audit.json<{ data: { request_id: string; method: string; route: string; status: number }[] }>().data;
    const row = rows.find((r) => r.request_id === requestId);
    assert.ok(row, 'the PATCH is in the audit log at once');
    assert.deepEqual([row.method, row.status], ['PATCH', 200]);
  });
});

describe('W7 GET|PATCH /v1/agents/{id}/widget-settings (agent policy)', () => {
  test('an agent nobody configured: widget enabled, auth_mode both; PATCH sets, keeps the rest, answers the whole policy', async () => {
    assert.deepEqual(AGENT_WIDGET_POLICY_DEFAULTS, { widget_enabled: true, auth_mode: 'both' });
    const initial = await getPolicy(agentA2, asKey());
    assert.equal(initial.statusCode, 200, initial.body);
    assert.deepEqual(initial.json(), { widget_enabled: true, auth_mode: 'both' });

    const off = await patchPolicy(agentA2, { widget_enabled: false }, asKey());
    assert.equal(off.statusCode, 200, off.body);
    assert.deepEqual(off.json(), { widget_enabled: false, auth_mode: 'both' });
    const users = await patchPolicy(agentA2, { auth_mode: 'user' });
    assert.deepEqual(users.json(), { widget_enabled: false, auth_mode: 'user' }, 'widget_enabled kept');
    assert.deepEqual((await getPolicy(agentA2)).json(), { widget_enabled: false, auth_mode: 'user' });
    const both = await patchPolicy(agentA2, { widget_enabled: true, auth_mode: 'guest' });
    assert.deepEqual(both.json(), { widget_enabled: true, auth_mode: 'guest' });
    assert.deepEqual((await patchPolicy(agentA2, {})).json(), { widget_enabled: true, auth_mode: 'guest' });
    // The store's reader (what W5's guest/exchange/connect use) sees the same.
    const dbA = await t.hub.tenancy.database(accountA);
    assert.deepEqual(await readAgentWidgetPolicy(dbA, agentA2), { widget_enabled: true, auth_mode: 'guest' });
    assert.deepEqual(await readAgentWidgetPolicy(dbA, newAgentId()), AGENT_WIDGET_POLICY_DEFAULTS, 'defaults when nothing is stored');
    // C1's own auth_mode is another setting, untouched.
    const agent = await t.request({ url: `/v1/agents/${agentA2}`, token: skA });
    assert.equal(agent.json<{ auth_mode: string }>().auth_mode, 'authenticated');
  });

  test('bad values and unknown fields → 400 invalid_body; nothing kept', async () => {
    const before = (await getPolicy(agentA2)).json<unknown>();
    for (const body of [
      { auth_mode: 'authenticated' },
      { auth_mode: 'GUEST' },
      { auth_mode: null },
      { widget_enabled: 'false' },
      { widget_enabled: 0 },
      { widget_enabled: null },
      { enabled: false },
      { widget_enabled: false, primary_color: '#000000' },
    ]) {
      assertError(await patchPolicy(agentA2, body), 400, 'invalid_body', JSON.stringify(body));
    }
    assert.deepEqual((await getPolicy(agentA2)).json(), before);
  });

  test("unknown, malformed and another tenant's agents → 404 not_found, alike; nothing is written", async () => {
    const unknown = newAgentId();
    for (const as of [asUser(), asKey()]) {
      const [other, missing, malformed] = await Promise.all([getPolicy(agentB, as), getPolicy(unknown, as), getPolicy('agent_x', as)]);
      for (const response of [other, missing, malformed]) assertError(response, 404, 'not_found');
      assert.equal(other.body, missing.body, 'indistinguishable');
      assert.equal(malformed.body, missing.body);
      for (const agent of [agentB, unknown, 'agent_x', "agent_01ARZ3NDEKTSV4RRFFQ69G5FAV' OR 1=1"]) {
        assertError(await patchPolicy(agent, { widget_enabled: false }, as), 404, 'not_found', agent);
      }
    }
    const [dbA, dbB] = await Promise.all([t.hub.tenancy.database(accountA), t.hub.tenancy.database(accountB)]);
    assert.equal((await dbA.query('SELECT 1 FROM agent_widget_settings WHERE agent_id = ANY($1)', [[agentB, unknown]])).rowCount, 0);
    assert.equal((await dbB.query('SELECT 1 FROM agent_widget_settings')).rowCount, 0, "B's agent untouched");
    assert.deepEqual((await getPolicy(agentB, asUser(accountB))).json(), AGENT_WIDGET_POLICY_DEFAULTS);
  });

  test('the legacy agent prefixes serve it too; deleting the agent removes its policy', async () => {
    const agent = newAgentId();
    const dbA = await t.hub.tenancy.database(accountA);
    await dbA.query("INSERT INTO agents (id, name) VALUES ($1, 'Short-lived')", [agent]);
    for (const prefix of ['/api', '/hub-api/api', '/api/v1', '/hub-api/api/v1']) {
      const response = await patchPolicy(agent, { auth_mode: 'user' }, asKey(), prefix);
      assert.equal(response.statusCode, 200, `${prefix}: ${response.body}`);
      assert.deepEqual((await getPolicy(agent, asUser(), prefix)).json(), { widget_enabled: true, auth_mode: 'user' }, prefix);
    }
    assert.equal((await t.request({ method: 'DELETE', url: `/v1/agents/${agent}`, token: skA })).statusCode, 204);
    assertError(await getPolicy(agent), 404, 'not_found');
    assert.equal((await dbA.query('SELECT 1 FROM agent_widget_settings WHERE agent_id = $1', [agent])).rowCount, 0, 'gone with its agent');
  });
});

describe('W4 + W7: the config endpoint answers the stored settings', () => {
  let key: string;
  before(async () => {
    const created = await t.request({
      method: 'POST',
      url: '/v1/widget-keys',
      token: skA,
      body: { name: 'site', domain_allowlist: ['acme.example'] },
    });
    assert.equal(created.statusCode, 201, created.body);
    key = created.json<{ key: string }>().key;
  });

  const config = (agent: string) =>
    t.hub.app.inject({
      url: `/v1/widget/config?client_key=${encodeURIComponent(key)}&agent_id=${agent}`,
      headers: { origin: 'https://acme.example' },
    });

  test("the account's branding and the agent's auth_mode; widget_enabled false → 403 widget_disabled, still readable by the page", async () => {
    const agent = newAgentId();
    const dbA = await t.hub.tenancy.database(accountA);
    await dbA.query("INSERT INTO agents (id, name, greeting_message) VALUES ($1, 'Concierge', 'Welcome')", [agent]);
    const stored = await branding();
    const fresh = await config(agent);
    assert.equal(fresh.statusCode, 200, fresh.body);
    assert.deepEqual(fresh.json(), {
      account: accountA,
      agent: { id: agent, name: 'Concierge', greeting_message: 'Welcome' },
      auth_mode: 'both',
      widget_enabled: true,
      branding: stored,
    });

    const rebranded = await patchBranding({ primary_color: '#123456', launcher_label: 'Chat', logo_url: 'https://acme.example/l.svg' });
    assert.equal(rebranded.statusCode, 200);
    assert.equal((await patchPolicy(agent, { auth_mode: 'user' })).statusCode, 200);
    const after = await config(agent);
    assert.equal(after.statusCode, 200);
    const body = after.json<{ auth_mode: string; branding: Record<string, unknown> }>();
    assert.equal(body.auth_mode, 'user');
    assert.deepEqual(body.branding, rebranded.json(), 'the branding just stored, at once');

    assert.equal((await patchPolicy(agent, { widget_enabled: false })).statusCode, 200);
    const disabled = await config(agent);
    assertError(disabled, 403, 'widget_disabled');
    assert.equal(disabled.headers['access-control-allow-origin'], 'https://acme.example', 'the widget can show why');
    assert.match(String(disabled.headers.vary), /\bOrigin\b/);
    assert.equal((await patchPolicy(agent, { widget_enabled: true })).statusCode, 200);
    assert.equal((await config(agent)).statusCode, 200, 'on again');
  });
});
