// SPEC §M over stdio: the `kataven-mcp` binary as a desktop client runs it (the built package, spawned with its key
// in KATAVEN_API_KEY), driven by the official MCP client against a listening hub with real PostgreSQL and Redis.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
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

const BIN = fileURLToPath(new URL('../../mcp/bin/kataven-mcp.js', import.meta.url));
const TWILIO = { account_sid: `AC${'1'.repeat(32)}`, auth_token: 'mcp-test-token' };

async function connect(env: Record<string, string>, args: string[] = []): Promise<Client> {
  const client = new Client({ name: 'kataven-mcp-test', version: '1.0.0' });
  const { PATH = '' } = process.env;
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [BIN, ...args], env: { PATH, ...env }, stderr: 'pipe' }));
  return client;
}

describe('kataven-mcp over stdio (SPEC §M)', () => {
  let t: TestHub;
  let baseUrl: string;
  let account: string;
  let key: string;
  let client: Client;

  before(async () => {
    t = await startTestHub({ REDIS_URL, KATAVEN_SIMULATED_CALL_SECONDS: '1', KATAVEN_CALL_PROCESSOR_SECRET: PROCESSOR_SECRET });
    baseUrl = await listen(t.hub);
    account = await t.createAccount();
    ({ key } = await t.mintKey(account, { name: 'claude-desktop' }));
    client = await connect({ KATAVEN_API_KEY: key, KATAVEN_API_URL: baseUrl });
  });

  after(async () => {
    await client?.close();
    await t?.close();
  });

  test('tools/list: the committed snapshot, annotated from the one table, strict inputs, excluded endpoints absent', async () => {
    const { tools } = await client.listTools();
    assertToolsSnapshot(tools);
    assertToolsConsistent(tools, false);
    assertExcludedAbsent(tools);
    assert.deepEqual((await client.listTools()).tools.map((tool) => tool.name), tools.map((tool) => tool.name), 'same order again');
  });

  test('happy paths: agents, telephony, an originated (simulated) call, its session, limits, audit, keys, widget', async () => {
    const created = structured<{ agent: { id: string; status: string } }>(
      await callTool(client, 'kataven_create_agent', { name: 'Support', greeting_message: 'Hi there' }),
    ).agent;
    assert.equal(created.status, 'draft');
    const updated = structured<{ agent: { status: string } }>(await callTool(client, 'kataven_update_agent', { agent_id: created.id, status: 'active' })).agent;
    assert.equal(updated.status, 'active');
    assert.equal(structured<{ agent: { id: string } }>(await callTool(client, 'kataven_get_agent', { agent_id: created.id })).agent.id, created.id);
    assert.ok(structured<{ agents: { id: string }[] }>(await callTool(client, 'kataven_list_agents')).agents.some((a) => a.id === created.id));

    const provider = structured<{ provider: { id: string } }>(
      await callTool(client, 'kataven_create_telephony_provider', { provider: 'twilio', name: 'Main', credentials: TWILIO }),
    ).provider;
    assert.equal(structured<{ providers: unknown[] }>(await callTool(client, 'kataven_list_telephony_providers')).providers.length, 1);
    const number = structured<{ phone_number: { id: string; number: string } }>(
      await callTool(client, 'kataven_create_phone_number', { number: '+15550000001', provider_id: provider.id }),
    ).phone_number;
    assert.equal(structured<{ phone_numbers: unknown[] }>(await callTool(client, 'kataven_list_phone_numbers')).phone_numbers.length, 1);

    const call = structured<{ call_id: string; session_id: string; simulated: boolean }>(
      await callTool(client, 'kataven_originate_call', { agent_id: created.id, from_number: number.number, to_number: '+15557654321' }),
    );
    assert.equal(call.simulated, true);
    assert.equal(structured<{ call: { id: string } }>(await callTool(client, 'kataven_get_call', { call_id: call.call_id })).call.id, call.call_id);
    assert.ok(structured<{ calls: { id: string }[] }>(await callTool(client, 'kataven_list_calls', { limit: 10 })).calls.some((c) => c.id === call.call_id));
    assert.equal(structured<{ session: { id: string } }>(await callTool(client, 'kataven_get_session', { session_id: call.session_id })).session.id, call.session_id);

    const limits = structured<{ concurrent_max: number }>(await callTool(client, 'kataven_get_call_limits'));
    assert.equal(typeof limits.concurrent_max, 'number');
    const keys = structured<{ api_keys: { name: string }[] }>(await callTool(client, 'kataven_list_api_keys')).api_keys;
    assert.deepEqual(keys.map((k) => k.name), ['claude-desktop']);
    const audit = structured<{ entries: { key_name: string | null }[] }>(await callTool(client, 'kataven_list_audit_log', { limit: 5 })).entries;
    assert.ok(audit.length > 0 && audit.every((e) => e.key_name === 'claude-desktop'));

    const widgetKey = structured<{ widget_key: { id: string; key: string } }>(
      await callTool(client, 'kataven_create_widget_key', { name: 'Site', domain_allowlist: ['https://acme.example'] }),
    ).widget_key;
    assert.match(widgetKey.key, /^pk_live_/);
    assert.equal(structured<{ widget_keys: unknown[] }>(await callTool(client, 'kataven_list_widget_keys')).widget_keys.length, 1);
    structured(await callTool(client, 'kataven_update_widget_settings', { launcher_label: 'Ask us' }));
    assert.equal(structured<{ widget_settings: { launcher_label: string } }>(await callTool(client, 'kataven_get_widget_settings')).widget_settings.launcher_label, 'Ask us');
    structured(await callTool(client, 'kataven_update_agent_widget_settings', { agent_id: created.id, auth_mode: 'both' }));
    assert.equal(structured<{ widget_settings: { auth_mode: string } }>(await callTool(client, 'kataven_get_agent_widget_settings', { agent_id: created.id })).widget_settings.auth_mode, 'both');
    structured(await callTool(client, 'kataven_delete_widget_key', { widget_key_id: widgetKey.id }));
  });

  test('API errors are tool results with isError naming the code; unknown arguments are refused', async () => {
    const missing = await callTool(client, 'kataven_get_agent', { agent_id: 'agent_01J00000000000000000000000' });
    assert.equal(missing.isError, true);
    assert.match(textOf(missing), /not_found/);
    const extra = await callTool(client, 'kataven_create_agent', { name: 'x', account: 'someone-else' });
    assert.equal(extra.isError, true);
    assert.match(textOf(extra), /Unrecognized key|unrecognized/i);
  });

  test("a prompt injection in an agent's name comes back fenced, with a new boundary on every call", async () => {
    structured(await callTool(client, 'kataven_create_agent', { name: INJECTION }));
    const first = assertFenced(textOf(await callTool(client, 'kataven_list_agents')), INJECTION);
    const second = assertFenced(textOf(await callTool(client, 'kataven_list_agents')), INJECTION);
    assert.notEqual(first, second);
  });

  test('--read-only serves the read tools only; a write tool cannot be called', async () => {
    const readOnly = await connect({ KATAVEN_API_KEY: key, KATAVEN_API_URL: baseUrl }, ['--read-only']);
    try {
      const { tools } = await readOnly.listTools();
      assertToolsConsistent(tools, true);
      assert.ok(tools.every((tool) => tool.annotations?.readOnlyHint === true));
      const refused = await callTool(readOnly, 'kataven_create_agent', { name: 'nope' });
      assert.equal(refused.isError, true);
      assert.match(textOf(refused), /not found/);
    } finally {
      await readOnly.close();
    }
  });

  test('without KATAVEN_API_KEY it exits non-zero and prints nothing on stdout', async () => {
    const child = spawn(process.execPath, [BIN], { env: { PATH: process.env.PATH ?? '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.notEqual(code, 0);
    assert.equal(stdout, '');
    assert.match(stderr, /KATAVEN_API_KEY/);
  });
});
