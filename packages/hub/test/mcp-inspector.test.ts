// SPEC §M as a user's client sees it: the MCP Inspector CLI (`@modelcontextprotocol/inspector-cli`, pinned in this
// package's devDependencies) lists the tools and calls them over stdio (spawning the built `kataven-mcp`) and over
// Streamable HTTP (the hub's own `/mcp` with a Bearer header), against a listening hub with real PostgreSQL and Redis.
// Each run is the CLI's own binary in a child process, killed with its children if it outlives RUN_TIMEOUT_MS.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { REDIS_URL } from './support/hub-cluster.js';
import { listen, PROCESSOR_SECRET } from './support/calls.js';
import { startTestHub, type TestHub } from './support/test-hub.js';

const KATAVEN_MCP = fileURLToPath(new URL('../../mcp/bin/kataven-mcp.js', import.meta.url));
const SNAPSHOT = JSON.parse(readFileSync(new URL('./snapshots/mcp-tools-list.json', import.meta.url), 'utf8')) as Tool[];
const INSPECTOR_DIR = dirname(createRequire(import.meta.url).resolve('@modelcontextprotocol/inspector-cli/package.json'));
const INSPECTOR_BIN = join(INSPECTOR_DIR, 'build', 'cli.js');
const RUN_TIMEOUT_MS = 60_000;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * `mcp-inspector-cli --cli <args>` as a user types it. It runs with its own build folder as the working directory:
 * v1.0.3 finds its package.json through a path relative to the working directory (modelcontextprotocol/inspector
 * #834, #1334, closed as v1-deprecated), so from most folders it exits with ERR_MODULE_NOT_FOUND before connecting.
 * The CLI spawns `node` from PATH, which is this process's node. Nothing of this process's environment is passed
 * on: the stdio server gets its key only from `-e`, as in a desktop client's config.
 */
function inspector(args: string[]): Promise<Run> {
  const child = spawn(process.execPath, [INSPECTOR_BIN, '--cli', ...args], {
    cwd: join(INSPECTOR_DIR, 'build'),
    env: { PATH: [dirname(process.execPath), process.env.PATH ?? ''].join(delimiter) },
    // Its own process group, so a hang kills the CLI and the processes it spawned (the inner CLI, kataven-mcp).
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), RUN_TIMEOUT_MS);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** The JSON the CLI prints on stdout after a zero exit. */
function answerOf<T>(run: Run): T {
  assert.equal(run.signal, null, `killed after ${RUN_TIMEOUT_MS} ms: ${run.stderr}`);
  assert.equal(run.code, 0, `exit ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

function structuredOf<T>(result: CallToolResult): T {
  assert.notEqual(result.isError, true, JSON.stringify(result.content));
  return result.structuredContent as T;
}

describe('the MCP Inspector CLI against kataven-mcp (stdio) and /mcp (Streamable HTTP) (SPEC §M)', () => {
  let t: TestHub;
  let baseUrl: string;
  let key: string;
  let agentId: string;

  before(async () => {
    t = await startTestHub({ REDIS_URL, KATAVEN_SIMULATED_CALL_SECONDS: '1', KATAVEN_CALL_PROCESSOR_SECRET: PROCESSOR_SECRET });
    baseUrl = await listen(t.hub);
    const account = await t.createAccount();
    ({ key } = await t.mintKey(account, { name: 'mcp-inspector' }));
    const created = await fetch(`${baseUrl}/v1/agents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Inspected agent', greeting_message: 'Hello from the inspector test' }),
    });
    assert.equal(created.status, 201, await created.clone().text());
    agentId = ((await created.json()) as { id: string }).id;
  });

  after(async () => {
    await t?.close();
  });

  function assertListed(run: Run): void {
    const { tools } = answerOf<{ tools: Tool[] }>(run);
    assert.deepEqual(tools.map((tool) => tool.name), SNAPSHOT.map((tool) => tool.name), 'the tool names of test/snapshots/mcp-tools-list.json');
    assert.deepEqual(tools, SNAPSHOT, 'the whole committed snapshot, as the Inspector received it');
  }

  function assertAgentListed(run: Run): void {
    const { agents } = structuredOf<{ agents: { id: string; name: string }[] }>(answerOf<CallToolResult>(run));
    assert.deepEqual(agents.map((a) => [a.id, a.name]), [[agentId, 'Inspected agent']]);
  }

  function assertAgentGot(run: Run): void {
    const result = answerOf<CallToolResult>(run);
    const { agent } = structuredOf<{ agent: { id: string; greeting_message: string } }>(result);
    assert.equal(agent.id, agentId);
    assert.equal(agent.greeting_message, 'Hello from the inspector test');
    assert.match(result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n'), new RegExp(agentId), 'the text mirror names it too');
  }

  describe('over stdio: the CLI spawns the built kataven-mcp with the key in -e', () => {
    const server = (): string[] => ['-e', `KATAVEN_API_KEY=${key}`, '-e', `KATAVEN_API_URL=${baseUrl}`, '--', process.execPath, KATAVEN_MCP];

    test('--method tools/list lists the committed tool set', async () => {
      assertListed(await inspector([...server(), '--method', 'tools/list']));
    });

    test('--method tools/call: kataven_list_agents, and kataven_get_agent with --tool-arg', async () => {
      assertAgentListed(await inspector([...server(), '--method', 'tools/call', '--tool-name', 'kataven_list_agents']));
      assertAgentGot(await inspector([...server(), '--method', 'tools/call', '--tool-name', 'kataven_get_agent', '--tool-arg', `agent_id=${agentId}`]));
    });
  });

  describe('over Streamable HTTP: the hub\'s /mcp with --header "Authorization: Bearer sk_live_…"', () => {
    const server = (): string[] => [`${baseUrl}/mcp`, '--transport', 'http', '--header', `Authorization: Bearer ${key}`];

    test('--method tools/list lists the committed tool set', async () => {
      assertListed(await inspector([...server(), '--method', 'tools/list']));
    });

    test('--method tools/call: kataven_list_agents, and kataven_get_agent with --tool-arg', async () => {
      assertAgentListed(await inspector([...server(), '--method', 'tools/call', '--tool-name', 'kataven_list_agents']));
      assertAgentGot(await inspector([...server(), '--method', 'tools/call', '--tool-name', 'kataven_get_agent', '--tool-arg', `agent_id=${agentId}`]));
    });

    test('without a bearer, or with a forged one, the CLI fails: non-zero exit, the hub\'s refusal on stderr, nothing on stdout', async () => {
      const attempts: [string[], string][] = [
        [[], 'missing_token'],
        [['--header', `Authorization: Bearer ${key.slice(0, -4)}AAAA`], 'malformed_token'],
      ];
      for (const [header, code] of attempts) {
        const run = await inspector([`${baseUrl}/mcp`, '--transport', 'http', ...header, '--method', 'tools/list']);
        assert.equal(run.signal, null, `killed after ${RUN_TIMEOUT_MS} ms: ${run.stderr}`);
        assert.equal(run.code, 1, run.stderr);
        assert.equal(run.stdout, '');
        assert.match(run.stderr, new RegExp(`Failed to connect to MCP server: .*"code":"${code}"`));
      }
    });
  });
});
