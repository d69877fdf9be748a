// SPEC §M over Streamable HTTP: the hub's own `/mcp` (stateless), driven by the official MCP client over real HTTP
// against a listening hub with real PostgreSQL and Redis. Tool calls enter the API in-process with the request's
// bearer, so the checks here are the API's own: tenancy, revocation, the audit trail.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { REDIS_URL } from './support/hub-cluster.js';
import { listen, PROCESSOR_SECRET } from './support/calls.js';
import {
  assertExcludedAbsent,
  assertFenced,
  assertToolsConsistent,
  assertToolsSnapshot,
  callTool,
  INJECTION,
  structured,
  textOf,
} from './support/mcp.js';
import { startTestHub, type TestHub } from './support/test-hub.js';

const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};

describe('/mcp over Streamable HTTP (SPEC §M)', () => {
  let t: TestHub;
  let baseUrl: string;
  let accountA: string;
  let accountB: string;
  let keyA: { key: string; id: string };
  let keyB: { key: string; id: string };
  const clients: Client[] = [];

  async function connect(key: string, query = ''): Promise<Client> {
    const client = new Client({ name: 'kataven-mcp-http-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${baseUrl}/mcp${query}`), { requestInit: { headers: { authorization: `Bearer ${key}` } } }),
    );
    clients.push(client);
    return client;
  }

  function post(headers: Record<string, string>, body: unknown = INITIALIZE, query = ''): Promise<Response> {
    return fetch(`${baseUrl}/mcp${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
      body: JSON.stringify(body),
    });
  }

  before(async () => {
    t = await startTestHub({ REDIS_URL, KATAVEN_SIMULATED_CALL_SECONDS: '1', KATAVEN_CALL_PROCESSOR_SECRET: PROCESSOR_SECRET });
    baseUrl = await listen(t.hub);
    accountA = await t.createAccount();
    accountB = await t.createAccount();
    keyA = await t.mintKey(accountA, { name: 'chatgpt-connector' });
    keyB = await t.mintKey(accountB, { name: 'n8n-flow' });
  });

  after(async () => {
    for (const client of clients) await client.close().catch(() => undefined);
    await t?.close();
  });

  test('tools/list is the same committed snapshot as stdio: one tool set, annotated from the table', async () => {
    const client = await connect(keyA.key);
    const { tools } = await client.listTools();
    assertToolsSnapshot(tools);
    assertToolsConsistent(tools, false);
    assertExcludedAbsent(tools);
  });

  test('?read_only=true serves the read tools only; a write tool cannot be called', async () => {
    const client = await connect(keyA.key, '?read_only=true');
    const { tools } = await client.listTools();
    assertToolsConsistent(tools, true);
    const refused = await callTool(client, 'kataven_delete_agent', { agent_id: 'agent_01J00000000000000000000000' });
    assert.equal(refused.isError, true);
    assert.match(textOf(refused), /not found/);
  });

  test('happy path: create and read an agent; the audit row of the tool call names the key', async () => {
    const client = await connect(keyA.key);
    const agent = structured<{ agent: { id: string } }>(await callTool(client, 'kataven_create_agent', { name: 'Front desk' })).agent;
    assert.equal(structured<{ agent: { id: string } }>(await callTool(client, 'kataven_get_agent', { agent_id: agent.id })).agent.id, agent.id);
    const entries = structured<{ entries: { method: string; route: string; key_id: string | null; key_name: string | null; user_agent?: string | null }[] }>(
      await callTool(client, 'kataven_list_audit_log', { limit: 20 }),
    ).entries;
    const created = entries.find((e) => e.method === 'POST' && e.route.includes('/agents'));
    assert.ok(created, JSON.stringify(entries));
    assert.equal(created.key_id, keyA.id);
    assert.equal(created.key_name, 'chatgpt-connector');
    assert.match(String(created.user_agent), /kataven-mcp\/http/);
  });

  test('two clients with keys of two accounts never see each other\'s data', async () => {
    const a = await connect(keyA.key);
    const b = await connect(keyB.key);
    const secret = structured<{ agent: { id: string } }>(await callTool(a, 'kataven_create_agent', { name: 'A-only agent' })).agent;
    const seenByB = structured<{ agents: { id: string; name: string }[] }>(await callTool(b, 'kataven_list_agents')).agents;
    assert.ok(!seenByB.some((x) => x.id === secret.id || x.name === 'A-only agent'));
    const probe = await callTool(b, 'kataven_get_agent', { agent_id: secret.id });
    assert.equal(probe.isError, true);
    assert.match(textOf(probe), /not_found/);
    const keysOfB = structured<{ api_keys: { name: string }[] }>(await callTool(b, 'kataven_list_api_keys')).api_keys;
    assert.deepEqual(keysOfB.map((k) => k.name), ['n8n-flow']);
  });

  test("a prompt injection in an agent's name comes back fenced", async () => {
    const client = await connect(keyA.key);
    structured(await callTool(client, 'kataven_create_agent', { name: INJECTION }));
    assertFenced(textOf(await callTool(client, 'kataven_list_agents')), INJECTION);
  });

  test('no bearer or an invalid one: 401 with WWW-Authenticate: Bearer; a Hub user JWT: 401 api_key_required', async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer sk_live_nope' }, { authorization: `Bearer ${keyA.key.slice(0, -4)}AAAA` }, { authorization: 'Basic abc' }];
    for (const headers of attempts) {
      const answer = await post(headers);
      assert.ok(answer.status === 401 || answer.status === 400, `${JSON.stringify(headers)}: ${answer.status}`);
      if (answer.status === 401) assert.match(String(answer.headers.get('www-authenticate')), /^Bearer/);
    }
    const none = await post({});
    assert.equal(none.status, 401);
    assert.match(String(none.headers.get('www-authenticate')), /^Bearer/);
    const jwt = await post({ authorization: `Bearer ${await t.devToken()}`, 'x-account-id': accountA, accept: 'application/json, text/event-stream' });
    assert.equal(jwt.status, 401);
    assert.match(await jwt.text(), /api_key_required/);
  });

  test("an Origin that is not the hub's own: 403; the hub's own origin is served", async () => {
    const foreign = await post({ authorization: `Bearer ${keyA.key}`, origin: 'https://evil.example' });
    assert.equal(foreign.status, 403);
    assert.match(await foreign.text(), /mcp_origin_not_allowed/);
    const rebinding = await post({ authorization: `Bearer ${keyA.key}`, origin: baseUrl.replace('127.0.0.1', 'localhost') });
    assert.equal(rebinding.status, 403);
    const own = await post({ authorization: `Bearer ${keyA.key}`, origin: baseUrl });
    assert.equal(own.status, 200, await own.clone().text());
    assert.equal(((await own.json()) as { result?: { serverInfo?: { name?: string } } }).result?.serverInfo?.name, 'kataven');
  });

  test('GET and DELETE /mcp: 405 (stateless, no stream, no session)', async () => {
    for (const method of ['GET', 'DELETE']) {
      const answer = await fetch(`${baseUrl}/mcp`, { method, headers: { authorization: `Bearer ${keyA.key}`, accept: 'text/event-stream' } });
      assert.equal(answer.status, 405, method);
    }
  });

  test('a revoked key stops working on its next tool call', async () => {
    const doomed = await t.mintKey(accountA, { name: 'to-revoke' });
    const client = await connect(doomed.key);
    structured(await callTool(client, 'kataven_list_agents'));
    const revoke = await t.request({ method: 'PATCH', url: `/v1/api-keys/${doomed.id}`, token: await t.devToken(), account: accountA, body: { disabled: true } });
    assert.equal(revoke.statusCode, 204, revoke.body);
    await assert.rejects(callTool(client, 'kataven_list_agents'), /403|key_revoked/);
  });

  test('a cost cap (429) is a tool error that says to stop and when to retry', async () => {
    const client = await connect(keyA.key);
    const agent = structured<{ agent: { id: string } }>(await callTool(client, 'kataven_create_agent', { name: 'Caller', status: 'active' })).agent;
    const provider = structured<{ provider: { id: string } }>(
      await callTool(client, 'kataven_create_telephony_provider', { provider: 'twilio', credentials: { account_sid: `AC${'2'.repeat(32)}`, auth_token: 'mcp-http' } }),
    ).provider;
    const number = structured<{ phone_number: { number: string } }>(
      await callTool(client, 'kataven_create_phone_number', { number: '+15550000077', provider_id: provider.id }),
    ).phone_number;
    const caps = { concurrent_max: 10, calls_per_minute: 30, daily_calls_max: 0, daily_minutes_max: 600 };
    const set = await t.request({ method: 'PUT', url: '/v1/call-limits', token: await t.devToken(), account: accountA, headers: { 'x-admin': 'true' }, body: caps });
    assert.equal(set.statusCode, 200, set.body);
    const refused = await callTool(client, 'kataven_originate_call', { agent_id: agent.id, from_number: number.number, to_number: '+15557654321' });
    assert.equal(refused.isError, true);
    const text = textOf(refused);
    assert.match(text, /cost_cap/);
    assert.match(text, /STOP/);
    assert.match(text, /Do not retry before \d+ s from now|no retry time/);
    assert.equal(structured<{ daily_calls_max: number }>(await callTool(client, 'kataven_get_call_limits')).daily_calls_max, 0);
  });
});
