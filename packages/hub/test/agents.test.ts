// C1 agents CRUD through the real HTTP pipeline against the real PostgreSQL: defaults, validation (§E), ids
// (`agent_<ULID>`), 404s, every path prefix (§0), sk_live_ and JWT callers, and cross-tenant isolation (STYLE 8).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { newAgentId } from '../src/agents/agent-id.js';
import { startTestHub, type RequestOptions, type TestHub } from './support/test-hub.js';
import { startTestIssuer, type TestIssuer } from './support/test-issuer.js';

let t: TestHub;
let issuer: TestIssuer;
let accountA: string;
let accountB: string;
let keyA: string;
let keyAId: string;
let keyB: string;
/** External JWT, member of A only. */
let jwtA: string;
/** Dev-issuer JWT: a member of every account (T9). */
let devJwt: string;

/**
 * R1's defaults (60 requests a minute) are a production default; this file sends hundreds of requests per account
 * within a minute. The operator's per-account setting (A4/R1) lifts them before the account's first request.
 */
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
  const [a, b] = await Promise.all([t.mintKey(accountA, { name: 'agents-a' }), t.mintKey(accountB)]);
  [keyA, keyAId, keyB] = [a.key, a.id, b.key];
  jwtA = await issuer.sign({ sub: 'user-a', 'kataven:accounts': [accountA] });
  devJwt = await t.devToken();
});
after(async () => {
  await t?.close();
  await issuer?.close();
});

interface Agent {
  id: string;
  name: string;
  status: string;
  llm_model: string;
  voice_provider: string;
  auth_mode: string;
  greeting_mode: string;
  greeting_message: string;
  created_at: string;
  updated_at: string;
}

const AGENT_KEYS = [
  'auth_mode', 'created_at', 'greeting_message', 'greeting_mode', 'id', 'llm_model', 'name', 'status', 'updated_at',
  'voice_provider',
];
const AGENT_ID = /^agent_[0-9A-HJKMNP-TV-Z]{26}$/;
const NOT_FOUND_BODY = 'not_found: no agent with that id';

function errorCode(response: LightMyRequestResponse): string {
  return response.body.split(':')[0]!;
}

function assertError(response: LightMyRequestResponse, status: number, code: string, where = ''): void {
  assert.equal(response.statusCode, status, `${where} ${response.body}`);
  assert.equal(errorCode(response), code, where);
}

/** A request as A's sk_live_ key on /v1 unless told otherwise. */
function asA(options: Omit<RequestOptions, 'url'> & { path: string }) {
  const { path, ...rest } = options;
  return t.request({ token: keyA, ...rest, url: `/v1${path}` });
}

async function create(body: unknown, options: Partial<RequestOptions> = {}): Promise<Agent> {
  const response = await t.request({ method: 'POST', url: '/v1/agents', token: keyA, body, ...options });
  assert.equal(response.statusCode, 201, response.body);
  return response.json<Agent>();
}

async function agentRow(account: string, id: string): Promise<Record<string, unknown> | undefined> {
  const db = await t.hub.tenancy.database(account);
  const { rows } = await db.query<Record<string, unknown>>('SELECT * FROM agents WHERE id = $1', [id]);
  return rows[0];
}

describe('C1 create', () => {
  test('201 with the agent: documented defaults, an agent_<ULID> id of now, created_at = updated_at', async () => {
    const before = Date.now();
    const response = await asA({ method: 'POST', path: '/agents', body: { name: 'Support line' } });
    assert.equal(response.statusCode, 201, response.body);
    assert.match(String(response.headers['content-type']), /^application\/json/);
    const agent = response.json<Agent>();
    assert.deepEqual(Object.keys(agent).sort(), AGENT_KEYS);
    assert.match(agent.id, AGENT_ID);
    assert.deepEqual(
      {
        name: agent.name,
        status: agent.status,
        llm_model: agent.llm_model,
        voice_provider: agent.voice_provider,
        auth_mode: agent.auth_mode,
        greeting_mode: agent.greeting_mode,
        greeting_message: agent.greeting_message,
      },
      {
        name: 'Support line',
        status: 'draft',
        llm_model: 'gpt-4o',
        voice_provider: 'cartesia',
        auth_mode: 'authenticated',
        greeting_mode: 'interruptible',
        greeting_message: '',
      },
    );
    assert.equal(agent.created_at, agent.updated_at);
    const created = Date.parse(agent.created_at);
    assert.ok(created >= before - 1000 && created <= Date.now() + 1000, agent.created_at);
    // The ULID's time part is the creation time (to the millisecond, within this request).
    const ulidTime = [...agent.id.slice(6, 16)].reduce((acc, c) => acc * 32 + '0123456789ABCDEFGHJKMNPQRSTVWXYZ'.indexOf(c), 0);
    assert.ok(ulidTime >= before && ulidTime <= Date.now(), `${ulidTime} in [${before}, now]`);
    // It is stored in A's database, as returned.
    const row = await agentRow(accountA, agent.id);
    assert.equal(row?.name, 'Support line');
    assert.equal(row?.status, 'draft');
  });

  test('every settable field is stored as given', async () => {
    const body = {
      name: 'Sales',
      status: 'active',
      llm_model: 'claude-sonnet',
      voice_provider: 'elevenlabs',
      auth_mode: 'public',
      greeting_mode: 'uninterruptible',
      greeting_message: 'Hello! How can I help?',
    };
    const agent = await create(body);
    assert.deepEqual({ ...agent, id: undefined, created_at: undefined, updated_at: undefined }, {
      ...body, id: undefined, created_at: undefined, updated_at: undefined,
    });
    const read = await asA({ path: `/agents/${agent.id}` });
    assert.equal(read.statusCode, 200);
    assert.deepEqual(read.json(), agent);
  });

  test('server-set and unknown fields in the body are ignored', async () => {
    const planted = newAgentId();
    const agent = await create({
      name: 'planted',
      id: planted,
      created_at: '2001-01-01T00:00:00.000Z',
      updated_at: '2001-01-01T00:00:00.000Z',
      account: accountB,
      owner: 'someone',
    });
    assert.notEqual(agent.id, planted);
    assert.match(agent.id, AGENT_ID);
    assert.notEqual(agent.created_at, '2001-01-01T00:00:00.000Z');
    assert.notEqual(agent.updated_at, '2001-01-01T00:00:00.000Z');
    assert.ok(!('owner' in agent) && !('account' in agent));
    assert.equal(await agentRow(accountA, planted), undefined);
    assert.equal(await agentRow(accountB, agent.id), undefined, 'the account comes from the credential only');
    assert.equal((await asA({ path: `/agents/${planted}` })).statusCode, 404);
  });

  test('name: missing, null, empty, blank or over 100 characters → 400 name_required; 1 and 100 are fine', async () => {
    for (const body of [undefined, {}, { name: null }, { name: '' }, { name: '   ' }, { name: 'x'.repeat(101) }, { status: 'active' }]) {
      const response = await asA({ method: 'POST', path: '/agents', ...(body !== undefined ? { body } : {}) });
      assertError(response, 400, 'name_required', JSON.stringify(body));
    }
    for (const name of ['x', 'y'.repeat(100), 'Ünïcode agent 🤖']) {
      assert.equal((await create({ name })).name, name);
    }
  });

  test('issue 7 item 5: lengths count characters, not UTF-16 code units (name, the other fields, greeting_message)', async () => {
    const emoji = (n: number) => '🤖'.repeat(n);
    assert.equal(emoji(100).length, 200, 'each emoji is two UTF-16 code units');
    assert.equal((await create({ name: emoji(100) })).name, emoji(100));
    assertError(await asA({ method: 'POST', path: '/agents', body: { name: emoji(101) } }), 400, 'name_required', '101 emoji');
    const agent = await create({ name: 'to-rename' });
    const rename = (name: string) => asA({ method: 'PATCH', path: `/agents/${agent.id}`, body: { name } });
    assert.equal((await rename(emoji(60))).json<Agent>().name, emoji(60));
    assertError(await rename(emoji(101)), 400, 'name_required', 'rename to 101 emoji');

    assert.equal((await create({ name: 'emoji-model', llm_model: emoji(100) })).llm_model, emoji(100));
    const overModel = await asA({ method: 'POST', path: '/agents', body: { name: 'x', llm_model: emoji(101) } });
    assertError(overModel, 400, 'invalid_body', 'llm_model of 101 emoji');
    assert.equal(overModel.body, 'invalid_body: llm_model: must be 1 to 100 characters');
    assert.equal((await create({ name: 'emoji-greeting', greeting_message: emoji(2000) })).greeting_message, emoji(2000));
    const overGreeting = await asA({ method: 'POST', path: '/agents', body: { name: 'x', greeting_message: emoji(2001) } });
    assertError(overGreeting, 400, 'invalid_body', 'greeting_message of 2001 emoji');
    assert.equal(overGreeting.body, 'invalid_body: greeting_message: must be at most 2000 characters');
  });

  test('a name of the wrong type is 400 invalid_body naming the field', async () => {
    for (const name of [5, true, ['a'], { first: 'a' }]) {
      const response = await asA({ method: 'POST', path: '/agents', body: { name } });
      assertError(response, 400, 'invalid_body', JSON.stringify(name));
      assert.match(response.body, /^invalid_body: name: /);
    }
  });

  test('status ∈ draft|active|paused|archived; anything else → 400 invalid_body naming status', async () => {
    for (const status of ['draft', 'active', 'paused', 'archived']) {
      assert.equal((await create({ name: `s-${status}`, status })).status, status);
    }
    for (const status of ['deleted', 'ACTIVE', 'Draft', '', ' active', 5, null, ['active']]) {
      const response = await asA({ method: 'POST', path: '/agents', body: { name: 'bad-status', status } });
      assertError(response, 400, 'invalid_body', JSON.stringify(status));
      assert.match(response.body, /^invalid_body: status: /, response.body);
    }
    const json = await asA({ method: 'POST', path: '/agents', body: { name: 'bad-status', status: 'gone' }, json: true });
    assert.equal(json.statusCode, 400);
    const error = json.json<{ error: { code: string; message: string } }>().error;
    assert.equal(error.code, 'invalid_body');
    assert.match(error.message, /^status: must be one of draft, active, paused, archived$/);
  });

  test('other fields: 1–100 characters (greeting_message 0–2000), strings only; else 400 invalid_body naming the field', async () => {
    for (const field of ['llm_model', 'voice_provider', 'auth_mode', 'greeting_mode']) {
      assert.equal((await create({ name: `ok-${field}`, [field]: 'm'.repeat(100) }))[field as keyof Agent], 'm'.repeat(100));
      for (const value of ['', 'm'.repeat(101), 42, null, false, { x: 1 }]) {
        const response = await asA({ method: 'POST', path: '/agents', body: { name: 'bad', [field]: value } });
        assertError(response, 400, 'invalid_body', `${field}=${JSON.stringify(value)}`);
        assert.ok(response.body.startsWith(`invalid_body: ${field}: `), response.body);
      }
    }
    assert.equal((await create({ name: 'g0', greeting_message: '' })).greeting_message, '');
    assert.equal((await create({ name: 'g2000', greeting_message: 'g'.repeat(2000) })).greeting_message, 'g'.repeat(2000));
    for (const value of ['g'.repeat(2001), 7, null]) {
      const response = await asA({ method: 'POST', path: '/agents', body: { name: 'bad', greeting_message: value } });
      assertError(response, 400, 'invalid_body', JSON.stringify(value).slice(0, 20));
      assert.ok(response.body.startsWith('invalid_body: greeting_message: '), response.body);
    }
  });

  test('a body that is not a JSON object → 400 invalid_body; nothing is created', async () => {
    const db = await t.hub.tenancy.database(accountA);
    const count = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM agents')).rows[0]!.n);
    const before = await count();
    for (const payload of ['[]', '"agent"', '42', 'null', '{"name":', '{"name": "x",}']) {
      const response = await t.request({
        method: 'POST', url: '/v1/agents', token: keyA, body: payload, headers: { 'content-type': 'application/json' },
      });
      assertError(response, 400, 'invalid_body', payload);
    }
    assert.equal(await count(), before);
  });
});

describe('C1 list', () => {
  test('a bare JSON array, newest first, with every field', async () => {
    const account = await createAccount();
    const { key } = await t.mintKey(account);
    const empty = await t.request({ url: '/v1/agents', token: key });
    assert.equal(empty.statusCode, 200);
    assert.deepEqual(empty.json(), []);

    const made: Agent[] = [];
    for (const name of ['first', 'second', 'third']) {
      const response = await t.request({ method: 'POST', url: '/v1/agents', token: key, body: { name } });
      assert.equal(response.statusCode, 201);
      made.push(response.json<Agent>());
    }
    const listed = await t.request({ url: '/v1/agents', token: key });
    assert.equal(listed.statusCode, 200);
    const items = listed.json<Agent[]>();
    assert.ok(Array.isArray(items));
    assert.deepEqual(items, [...made].reverse());
    assert.deepEqual(items.map((a) => a.name), ['third', 'second', 'first']);

    // Creation times are what orders the list, not insertion order: move "first" to the future.
    const db = await t.hub.tenancy.database(account);
    await db.query("UPDATE agents SET created_at = now() + interval '1 hour' WHERE id = $1", [made[0]!.id]);
    const reordered = (await t.request({ url: '/v1/agents', token: key })).json<Agent[]>();
    assert.deepEqual(reordered.map((a) => a.name), ['first', 'third', 'second']);
    // Equal creation times fall back to the id, which is time-prefixed: the later id first.
    await db.query('UPDATE agents SET created_at = $1', ['2030-01-01T00:00:00Z']);
    const tied = (await t.request({ url: '/v1/agents', token: key })).json<Agent[]>();
    assert.deepEqual(tied.map((a) => a.id), made.map((a) => a.id).sort().reverse());
  });
});

describe('C1 read, update, delete', () => {
  test('GET /agents/:id → 200 the agent', async () => {
    const agent = await create({ name: 'readable' });
    const response = await asA({ path: `/agents/${agent.id}` });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), agent);
  });

  test('an unknown id, or one not of the agent_<ULID> shape, is 404 not_found (never a database error)', async () => {
    const agent = await create({ name: 'shape-check' });
    const ids = [
      newAgentId(), // well-formed, no such row
      agent.id.toLowerCase(),
      agent.id.slice(0, -1),
      `${agent.id}0`,
      agent.id.replace('agent_', ''),
      'agent_',
      '00000000-0000-0000-0000-000000000000',
      "agent_01ARZ3NDEKTSV4RRFFQ69G5FA'",
      encodeURIComponent("x' OR '1'='1"),
      encodeURIComponent('agent_01ARZ3NDEKTSV4RRFFQ69G5FAV; DROP TABLE agents'),
      '%00',
    ];
    // Over Fastify's maxParamLength, or not decodable: the router refuses them before any handler, in the §E
    // format too (its generic message: no route's own).
    const routerRefused = ['a'.repeat(2000), `agent_${'0'.repeat(2000)}`, '%E0%A4%A', '%'];
    for (const id of [...ids, ...routerRefused]) {
      for (const call of [
        { method: 'GET' as const },
        { method: 'PATCH' as const, body: { name: 'x' } },
        { method: 'DELETE' as const },
      ]) {
        const response = await asA({ ...call, path: `/agents/${id}` });
        assertError(response, 404, 'not_found', `${call.method} ${id.slice(0, 40)}`);
        assert.equal(response.body, routerRefused.includes(id) ? 'not_found: not found' : NOT_FOUND_BODY);
        assert.match(String(response.headers['content-type']), /^text\/plain/);
        assert.match(String(response.headers['x-request-id']), /^[0-9a-f-]{36}$/);
      }
    }
    // The real agent is still there and unchanged.
    const still = await asA({ path: `/agents/${agent.id}` });
    assert.deepEqual(still.json(), agent);
  });

  test('PATCH: a partial update; the rest, id and created_at unchanged; updated_at = now(); 200 with the agent', async () => {
    const agent = await create({ name: 'patchable', llm_model: 'gpt-4o-mini', greeting_message: 'hi' });
    // Back-date the row so that "updated_at moved to now" is visible whatever the clock resolution.
    const db = await t.hub.tenancy.database(accountA);
    await db.query(
      "UPDATE agents SET created_at = created_at - interval '1 day', updated_at = updated_at - interval '1 day' WHERE id = $1",
      [agent.id],
    );
    const backdated = (await asA({ path: `/agents/${agent.id}` })).json<Agent>();
    const beforePatch = Date.now();
    const response = await asA({ method: 'PATCH', path: `/agents/${agent.id}`, body: { status: 'active', name: 'renamed' } });
    assert.equal(response.statusCode, 200, response.body);
    const patched = response.json<Agent>();
    assert.deepEqual(patched, {
      ...backdated,
      name: 'renamed',
      status: 'active',
      updated_at: patched.updated_at,
    });
    assert.equal(patched.created_at, backdated.created_at);
    assert.ok(Date.parse(patched.updated_at) >= beforePatch - 1000, patched.updated_at);
    assert.ok(Date.parse(patched.updated_at) > Date.parse(backdated.updated_at));
    assert.deepEqual((await asA({ path: `/agents/${agent.id}` })).json(), patched);

    // Every field may be patched.
    const everything = {
      name: 'all', status: 'paused', llm_model: 'm2', voice_provider: 'v2', auth_mode: 'a2', greeting_mode: 'g2',
      greeting_message: '',
    };
    const all = await asA({ method: 'PATCH', path: `/agents/${agent.id}`, body: everything });
    assert.equal(all.statusCode, 200);
    assert.deepEqual({ ...all.json<Agent>(), id: undefined, created_at: undefined, updated_at: undefined }, {
      ...everything, id: undefined, created_at: undefined, updated_at: undefined,
    });
  });

  test('PATCH validates like create; a failed PATCH changes nothing', async () => {
    const agent = await create({ name: 'strict' });
    const cases: [unknown, string, RegExp?][] = [
      [{ name: '' }, 'name_required'],
      [{ name: '  ' }, 'name_required'],
      [{ name: null }, 'name_required'],
      [{ name: 'n'.repeat(101) }, 'name_required'],
      [{ name: 12 }, 'invalid_body', /^invalid_body: name: /],
      [{ status: 'deleted' }, 'invalid_body', /^invalid_body: status: /],
      [{ status: null }, 'invalid_body', /^invalid_body: status: /],
      [{ llm_model: '' }, 'invalid_body', /^invalid_body: llm_model: /],
      [{ voice_provider: 'v'.repeat(101) }, 'invalid_body', /^invalid_body: voice_provider: /],
      [{ auth_mode: 1 }, 'invalid_body', /^invalid_body: auth_mode: /],
      [{ greeting_mode: [] }, 'invalid_body', /^invalid_body: greeting_mode: /],
      [{ greeting_message: 'g'.repeat(2001) }, 'invalid_body', /^invalid_body: greeting_message: /],
      // A valid field next to an invalid one is not applied either.
      [{ status: 'active', llm_model: '' }, 'invalid_body', /^invalid_body: llm_model: /],
      [[], 'invalid_body'],
    ];
    for (const [body, code, message] of cases) {
      const response = await asA({ method: 'PATCH', path: `/agents/${agent.id}`, body });
      assertError(response, 400, code, JSON.stringify(body));
      if (message) assert.match(response.body, message);
    }
    assert.deepEqual((await asA({ path: `/agents/${agent.id}` })).json(), agent);
  });

  test('PATCH ignores server-set and unknown fields; a PATCH naming no field changes nothing', async () => {
    const agent = await create({ name: 'steady' });
    const other = newAgentId();
    const ignored = await asA({
      method: 'PATCH',
      path: `/agents/${agent.id}`,
      body: { id: other, created_at: '2001-01-01T00:00:00Z', updated_at: '2001-01-01T00:00:00Z', color: 'red' },
    });
    assert.equal(ignored.statusCode, 200, ignored.body);
    assert.deepEqual(ignored.json(), agent, 'nothing changed, updated_at included');
    const empty = await asA({ method: 'PATCH', path: `/agents/${agent.id}` });
    assert.equal(empty.statusCode, 200);
    assert.deepEqual(empty.json(), agent);
    assert.equal(await agentRow(accountA, other), undefined);
  });

  test('DELETE → 204 with no body; then GET, PATCH and DELETE are 404 and the list no longer has it', async () => {
    const agent = await create({ name: 'doomed' });
    const response = await asA({ method: 'DELETE', path: `/agents/${agent.id}` });
    assert.equal(response.statusCode, 204);
    assert.equal(response.body, '');
    assert.equal(await agentRow(accountA, agent.id), undefined);
    for (const call of [{ method: 'GET' as const }, { method: 'PATCH' as const, body: { name: 'back' } }, { method: 'DELETE' as const }]) {
      const again = await asA({ ...call, path: `/agents/${agent.id}` });
      assertError(again, 404, 'not_found', call.method);
      assert.equal(again.body, NOT_FOUND_BODY);
    }
    const list = (await asA({ path: '/agents' })).json<Agent[]>();
    assert.ok(!list.some((a) => a.id === agent.id));
  });
});

describe('C1 credentials and paths', () => {
  test('an sk_live_ key and Hub users (external and dev JWT) all have the full CRUD, on one set of rows', async () => {
    const callers: [string, Partial<RequestOptions>][] = [
      ['sk_live_', { token: keyA }],
      ['sk_live_ with its own X-Account-ID', { token: keyA, account: accountA }],
      ['external JWT', { token: jwtA, account: accountA }],
      ['dev JWT', { token: devJwt, account: accountA }],
    ];
    for (const [who, auth] of callers) {
      const created = await t.request({ ...auth, method: 'POST', url: '/v1/agents', body: { name: `by ${who}` } });
      assert.equal(created.statusCode, 201, `${who}: ${created.body}`);
      const { id } = created.json<Agent>();
      // Each of the other callers sees it: it is the account's agent, not the caller's.
      for (const [other, otherAuth] of callers) {
        const read = await t.request({ ...otherAuth, url: `/api/v1/agents/${id}` });
        assert.equal(read.statusCode, 200, `${other} reads ${who}'s agent`);
        const list = await t.request({ ...otherAuth, url: '/api/v1/agents' });
        assert.ok(list.json<Agent[]>().some((a) => a.id === id), `${other} lists ${who}'s agent`);
      }
      const patched = await t.request({ ...auth, method: 'PATCH', url: `/v1/agents/${id}`, body: { status: 'archived' } });
      assert.equal(patched.statusCode, 200, `${who}: ${patched.body}`);
      assert.equal(patched.json<Agent>().status, 'archived');
      const deleted = await t.request({ ...auth, method: 'DELETE', url: `/v1/agents/${id}` });
      assert.equal(deleted.statusCode, 204, `${who}: ${deleted.body}`);
      assert.equal(await agentRow(accountA, id), undefined, who);
    }
  });

  test('every prefix and the legacy aliases serve the same handlers over the same rows', async () => {
    const bases = ['/v1/agents', '/api/v1/agents', '/hub-api/api/v1/agents', '/api/agents', '/hub-api/api/agents'];
    for (const [i, base] of bases.entries()) {
      const created = await t.request({ method: 'POST', url: base, token: keyA, body: { name: `via ${base}` } });
      assert.equal(created.statusCode, 201, `${base}: ${created.body}`);
      const agent = created.json<Agent>();
      assert.equal(agent.status, 'draft');
      // Read, update and delete it through the next base along, so every pair of surfaces agrees.
      const next = bases[(i + 1) % bases.length]!;
      const read = await t.request({ url: `${next}/${agent.id}`, token: keyA });
      assert.equal(read.statusCode, 200, `${next}`);
      assert.deepEqual(read.json(), agent);
      const listed = await t.request({ url: next, token: keyA });
      assert.ok(listed.json<Agent[]>().some((a) => a.id === agent.id), next);
      const patched = await t.request({ method: 'PATCH', url: `${next}/${agent.id}`, token: jwtA, account: accountA, body: { greeting_message: base } });
      assert.equal(patched.statusCode, 200, `${next}: ${patched.body}`);
      assert.equal(patched.json<Agent>().greeting_message, base);
      const deleted = await t.request({ method: 'DELETE', url: `${base}/${agent.id}`, token: keyA });
      assert.equal(deleted.statusCode, 204, base);
      const gone = await t.request({ url: `${next}/${agent.id}`, token: keyA });
      assertError(gone, 404, 'not_found', next);
    }
  });

  test('without a credential every agent route is 401 missing_token and nothing is created', async () => {
    const agent = await create({ name: 'guarded' });
    for (const [method, url] of [
      ['GET', '/v1/agents'], ['POST', '/v1/agents'], ['GET', `/v1/agents/${agent.id}`], ['PATCH', `/api/agents/${agent.id}`],
      ['DELETE', `/hub-api/api/agents/${agent.id}`],
    ] as const) {
      const response = await t.request({ method, url, ...(method === 'POST' || method === 'PATCH' ? { body: { name: 'anon' } } : {}) });
      assertError(response, 401, 'missing_token', `${method} ${url}`);
    }
    assert.deepEqual((await asA({ path: `/agents/${agent.id}` })).json(), agent);
    const db = await t.hub.tenancy.database(accountA);
    assert.equal((await db.query("SELECT 1 FROM agents WHERE name = 'anon'")).rowCount, 0);
  });
});

describe('C1 behind the guard: sk_live_ mutations are audited (AU1/AU2) and rate-limited (R1/R2)', () => {
  test('each agent mutation by a key has its audit row, durable before the response', async () => {
    const db = await t.hub.tenancy.database(accountA);
    const rowOf = async (response: LightMyRequestResponse) => {
      const { rows } = await db.query<Record<string, unknown>>(
        'SELECT actor, key_id, key_name, sub, method, route, status FROM audit_log WHERE request_id = $1',
        [String(response.headers['x-request-id'])],
      );
      return rows;
    };
    const created = await asA({ method: 'POST', path: '/agents', body: { name: 'audited' } });
    assert.equal(created.statusCode, 201);
    const { id } = created.json<Agent>();
    const patched = await asA({ method: 'PATCH', path: `/agents/${id}`, body: { status: 'active' } });
    const deleted = await asA({ method: 'DELETE', path: `/agents/${id}` });
    // Read at once, with no wait: AU2 makes a mutation's row durable before its response is sent.
    const key = { actor: 'api_key', key_id: keyAId, key_name: 'agents-a', sub: null };
    assert.deepEqual(await rowOf(created), [{ ...key, method: 'POST', route: '/v1/agents', status: 201 }]);
    assert.deepEqual(await rowOf(patched), [{ ...key, method: 'PATCH', route: '/v1/agents/:id', status: 200 }]);
    assert.deepEqual(await rowOf(deleted), [{ ...key, method: 'DELETE', route: '/v1/agents/:id', status: 204 }]);
    // A Hub user's mutation names the user instead.
    const byUser = await t.request({ method: 'POST', url: '/api/agents', token: jwtA, account: accountA, body: { name: 'by-user' } });
    assert.equal(byUser.statusCode, 201);
    assert.deepEqual(await rowOf(byUser), [
      { actor: 'user', key_id: null, key_name: null, sub: 'user-a', method: 'POST', route: '/api/agents', status: 201 },
    ]);
  });

  test("over the account's per-minute limit an agent mutation is 429 rate_limited and changes nothing", async () => {
    const slug = await t.createAccount();
    await t.hub.catalog.update(slug, { rateLimits: { per_minute: 3, per_hour: 1000, per_day: 1000, concurrent: 10 } });
    const { key } = await t.mintKey(slug);
    for (let i = 0; i < 3; i++) {
      const ok = await t.request({ method: 'POST', url: '/v1/agents', token: key, body: { name: `within-${i}` } });
      assert.equal(ok.statusCode, 201, ok.body);
    }
    const over = await t.request({ method: 'POST', url: '/v1/agents', token: key, body: { name: 'over' } });
    assertError(over, 429, 'rate_limited');
    assert.equal(over.body, 'rate_limited: per-minute (3) exceeded');
    assert.match(String(over.headers['retry-after']), /^[1-9][0-9]*$/);
    const db = await t.hub.tenancy.database(slug);
    const { rows } = await db.query<{ name: string }>('SELECT name FROM agents ORDER BY name');
    assert.deepEqual(rows.map((r) => r.name), ['within-0', 'within-1', 'within-2']);
  });
});

describe('C1 cross-tenant (STYLE 8)', () => {
  test("A's key can never read, patch or delete B's agent: the same 404 as an id that never existed", async () => {
    const created = await t.request({ method: 'POST', url: '/v1/agents', token: keyB, body: { name: 'b-private', status: 'active' } });
    assert.equal(created.statusCode, 201);
    const agentB = created.json<Agent>();
    const missing = newAgentId();

    for (const prefix of ['/v1', '/api/v1', '/hub-api/api/v1', '/api', '/hub-api/api']) {
      for (const call of [
        { method: 'GET' as const },
        { method: 'PATCH' as const, body: { name: 'taken-by-a', status: 'archived' } },
        { method: 'DELETE' as const },
      ]) {
        for (const json of [false, true]) {
          for (const auth of [{ token: keyA }, { token: jwtA, account: accountA }, { token: devJwt, account: accountA }]) {
            const ask = (id: string) => t.request({ ...call, ...auth, json, url: `${prefix}/agents/${id}` });
            const [other, never] = await Promise.all([ask(agentB.id), ask(missing)]);
            const where = `${call.method} ${prefix} json=${json}`;
            assert.equal(other.statusCode, 404, `${where}: ${other.body}`);
            assert.equal(never.statusCode, 404, where);
            assert.equal(other.headers['content-type'], never.headers['content-type'], where);
            if (json) {
              const a = other.json<{ error: { code: string; message: string } }>().error;
              const b = never.json<{ error: { code: string; message: string } }>().error;
              assert.equal(a.code, 'not_found');
              assert.deepEqual([a.code, a.message], [b.code, b.message], where);
            } else {
              assert.equal(errorCode(other), 'not_found');
              assert.equal(other.body, never.body, `${where}: byte-identical`);
              assert.ok(!other.body.includes(agentB.id));
            }
          }
        }
      }
    }
    // B's agent is exactly as created, and B still sees it.
    const asB = await t.request({ url: `/v1/agents/${agentB.id}`, token: keyB });
    assert.equal(asB.statusCode, 200);
    assert.deepEqual(asB.json(), agentB);
    // A's list never holds it; B's does.
    const listA = await asA({ path: '/agents' });
    assert.ok(!listA.body.includes(agentB.id) && !listA.body.includes('b-private'));
    const listB = await t.request({ url: '/v1/agents', token: keyB });
    assert.ok(listB.json<Agent[]>().some((a) => a.id === agentB.id));
  });

  test("A's key naming B in X-Account-ID is 403 account_mismatch on every agent route; B unchanged", async () => {
    const agentB = (await t.request({ method: 'POST', url: '/v1/agents', token: keyB, body: { name: 'b-two' } })).json<Agent>();
    for (const call of [
      { method: 'GET' as const, url: '/v1/agents' },
      { method: 'POST' as const, url: '/v1/agents', body: { name: 'planted-in-b' } },
      { method: 'GET' as const, url: `/v1/agents/${agentB.id}` },
      { method: 'PATCH' as const, url: `/v1/agents/${agentB.id}`, body: { name: 'moved' } },
      { method: 'DELETE' as const, url: `/v1/agents/${agentB.id}` },
    ]) {
      for (const token of [keyA, jwtA]) {
        const response = await t.request({ ...call, token, account: accountB });
        assertError(response, 403, 'account_mismatch', `${call.method} ${call.url}`);
      }
    }
    assert.equal((await agentRow(accountB, agentB.id))?.name, 'b-two');
    const db = await t.hub.tenancy.database(accountB);
    assert.equal((await db.query("SELECT 1 FROM agents WHERE name = 'planted-in-b'")).rowCount, 0);
  });

  test('an agent created by A is in A only; the same body from B makes a separate agent in B', async () => {
    const a = await create({ name: 'twin' });
    const bResponse = await t.request({ method: 'POST', url: '/v1/agents', token: keyB, body: { name: 'twin' } });
    assert.equal(bResponse.statusCode, 201);
    const b = bResponse.json<Agent>();
    assert.notEqual(a.id, b.id);
    assert.ok(await agentRow(accountA, a.id));
    assert.equal(await agentRow(accountB, a.id), undefined);
    assert.ok(await agentRow(accountB, b.id));
    assert.equal(await agentRow(accountA, b.id), undefined);
  });
});
