// AU1–AU3 against the real PostgreSQL: every authenticated request leaves a row in its own account's log;
// a mutation's row is written before its response; a mutation whose row cannot be written is not reported as
// a success; reads are batched and flushed; the log is listed newest first with filters and a cursor.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { insertAuditEntries } from '../src/audit/audit-store.js';
import { startTestHub, type TestHub } from './support/test-hub.js';

let t: TestHub;
let account: string;
let jwt: string;

before(async () => {
  t = await startTestHub();
  account = await t.createAccount();
  jwt = await t.devToken();
});
after(() => t.close());

interface AuditItem {
  id: string;
  at: string;
  request_id: string;
  actor: string;
  key_id: string | null;
  key_name: string | null;
  sub: string | null;
  method: string;
  route: string;
  status: number;
  ip: string | null;
  user_agent: string | null;
}

async function rowsFor(requestId: string) {
  const db = await t.hub.tenancy.database(account);
  const { rows } = await db.query<Record<string, unknown>>('SELECT * FROM audit_log WHERE request_id = $1', [requestId]);
  return rows;
}

const code = (response: { body: string }) => response.body.split(':')[0];

describe('AU1/AU2 writing', () => {
  test("a mutation's row is in the database when its response arrives, with the actor", async () => {
    const response = await t.request({ method: 'POST', url: '/v1/api-keys', token: jwt, account, body: { name: 'audited' } });
    assert.equal(response.statusCode, 201);
    const rows = await rowsFor(response.headers['x-request-id'] as string);
    assert.equal(rows.length, 1, 'written before the response, not batched');
    assert.equal(rows[0]!.method, 'POST');
    assert.equal(rows[0]!.route, '/v1/api-keys');
    assert.equal(rows[0]!.status, 201);
    assert.equal(rows[0]!.actor, 'user');
    assert.equal(rows[0]!.sub, 'dev:dev');
  });

  test('a key revoking another key: its id and name are recorded; no token or secret anywhere in the log', async () => {
    const actor = await t.mintKey(account, { name: 'chatgpt-tunneled' });
    const created = await t.request({ method: 'POST', url: '/v1/api-keys', token: jwt, account, body: { name: 'victim' } });
    const plaintext = created.json<{ key: string }>().key;
    // A key may not manage keys: refused, and that refusal is in the log too, under the key's name.
    const refused = await t.request({ method: 'DELETE', url: `/v1/api-keys/${created.json<{ id: string }>().id}`, token: actor.key });
    assert.equal(refused.statusCode, 403);
    const read = await t.request({ url: '/v1/agents', token: actor.key, headers: { 'user-agent': 'ChatGPT-User/1.0' } });
    assert.equal(read.statusCode, 200);
    await t.hub.audit.flush();
    for (const [response, status] of [[refused, 403], [read, 200]] as const) {
      const rows = await rowsFor(response.headers['x-request-id'] as string);
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.key_id, actor.id);
      assert.equal(rows[0]!.key_name, 'chatgpt-tunneled');
      assert.equal(rows[0]!.actor, 'api_key');
      assert.equal(rows[0]!.status, status);
    }
    assert.equal((await rowsFor(read.headers['x-request-id'] as string))[0]!.user_agent, 'ChatGPT-User/1.0');
    const db = await t.hub.tenancy.database(account);
    const dump = await db.query<{ all: string }>("SELECT string_agg(row_to_json(a)::text, '\n') AS all FROM audit_log a");
    assert.ok(!dump.rows[0]!.all.includes(plaintext));
    assert.ok(!dump.rows[0]!.all.includes(actor.key));
    assert.ok(!dump.rows[0]!.all.includes(jwt.split('.')[2]!), 'no JWT either');
  });

  test('a key named chatgpt-tunneled deletes an agent: the log lists that deletion with its id and name', async () => {
    const tunneled = await t.mintKey(account, { name: 'chatgpt-tunneled' });
    const agent = await t.request({ method: 'POST', url: '/v1/agents', token: jwt, account, body: { name: 'front-desk' } });
    assert.equal(agent.statusCode, 201);
    const id = agent.json<{ id: string }>().id;
    const deletion = await t.request({ method: 'DELETE', url: `/v1/agents/${id}`, token: tunneled.key });
    assert.equal(deletion.statusCode, 204);
    // Listed through the API, filtered by the key, newest first: the deletion is there, attributed.
    const listed = await t.request({ url: `/v1/audit-log?key_id=${tunneled.id}`, token: jwt, account });
    assert.equal(listed.statusCode, 200);
    const rows = listed.json<{ data: AuditItem[] }>().data;
    const row = rows.find((r) => r.request_id === deletion.headers['x-request-id']);
    assert.ok(row, 'the deletion is in the audit log');
    assert.equal(row.method, 'DELETE');
    assert.equal(row.route, '/v1/agents/:id');
    assert.equal(row.status, 204);
    assert.equal(row.actor, 'api_key');
    assert.equal(row.key_id, tunneled.id);
    assert.equal(row.key_name, 'chatgpt-tunneled');
  });

  test('reads are batched: flushed within a second without any help', async () => {
    const { key } = await t.mintKey(account, { name: 'reader' });
    const response = await t.request({ url: '/v1/agents', token: key });
    let rows = await rowsFor(response.headers['x-request-id'] as string);
    for (let i = 0; i < 40 && rows.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      rows = await rowsFor(response.headers['x-request-id'] as string);
    }
    assert.equal(rows.length, 1, 'flushed by the 1 s timer');
  });

  test('a text PostgreSQL cannot hold (a lone surrogate, a NUL, e.g. in an OIDC sub) cannot poison its batch', async () => {
    // The rows travel as JSON; "\ud800" and "\u0000" are valid JSON but not PostgreSQL text, and one such row
    // would fail every row of its batch. The store writes U+FFFD in their place, as the pg driver does for text.
    const db = await t.hub.tenancy.database(account);
    const row = (request_id: string, sub: string) => ({
      at: new Date('2026-12-02T10:00:00.000Z'),
      request_id,
      actor: 'user',
      key_id: null,
      key_name: null,
      sub,
      method: 'GET',
      route: '/v1/agents',
      status: 200,
      ip: '127.0.0.1',
      user_agent: null,
    });
    const ids = ['surrogate', 'nul', 'plain'].map((k) => `${k}-${Date.now()}`);
    await insertAuditEntries(db, [row(ids[0]!, 'odd-\ud800-sub'), row(ids[1]!, 'nul-\u0000-sub'), row(ids[2]!, 'plain')]);
    assert.equal((await rowsFor(ids[0]!))[0]!.sub, 'odd-\ufffd-sub');
    assert.equal((await rowsFor(ids[1]!))[0]!.sub, 'nul-\ufffd-sub');
    const plain = (await rowsFor(ids[2]!))[0]!;
    assert.equal(plain.sub, 'plain');
    assert.equal((plain.at as Date).toISOString(), '2026-12-02T10:00:00.000Z');
    assert.equal(plain.status, 200);
  });

  test('a batch by COPY (32 rows and more) keeps every text exactly, and is written whole or not at all', async () => {
    // Large batches go by COPY's text format (issue 10), where a tab, a newline, a backslash or "\N" in a value
    // would end a field or a row, or read as NULL, if it were not escaped.
    const db = await t.hub.tenancy.database(account);
    const tricky = ['tab\there', 'new\nline', 'carriage\rreturn', 'back\\slash', '\\N', '\\.', '\\', 'é ✓ 🎙', 'odd-\ud800', 'nul-\u0000', ''];
    const run = `copy-${Date.now()}`;
    const entries = Array.from({ length: 40 }, (_, i) => ({
      at: new Date(Date.UTC(2026, 11, 3, 10, 0, 0, i)),
      request_id: `${run}-${i}`,
      actor: 'user',
      key_id: i % 2 === 0 ? null : '6f1c7a0e-2b7e-4a53-9a52-1d2f0f6c9a11',
      key_name: i % 3 === 0 ? null : tricky[i % tricky.length]!,
      sub: tricky[(i + 1) % tricky.length]!,
      method: 'GET',
      route: `/v1/agents/${tricky[(i + 2) % tricky.length]}`,
      status: 200 + i,
      ip: i % 5 === 0 ? null : '127.0.0.1',
      user_agent: tricky[(i + 3) % tricky.length]!,
    }));
    // As the store keeps what PostgreSQL cannot hold: U+FFFD for a lone surrogate or a NUL.
    const stored = (text: string | null) => (text === null ? null : text.replaceAll('\ud800', '\ufffd').replaceAll('\0', '\ufffd'));
    await insertAuditEntries(db, entries);
    const { rows } = await db.query<Record<string, unknown>>('SELECT * FROM audit_log WHERE request_id LIKE $1 ORDER BY status', [`${run}-%`]);
    assert.equal(rows.length, entries.length);
    rows.forEach((row, i) => {
      const entry = entries[i]!;
      assert.equal((row.at as Date).toISOString(), entry.at.toISOString());
      for (const column of ['request_id', 'actor', 'key_id', 'key_name', 'sub', 'method', 'route', 'ip', 'user_agent'] as const) {
        assert.equal(row[column], stored(entry[column]), `${column} of row ${i}`);
      }
      assert.equal(row.status, entry.status);
    });

    // A batch PostgreSQL refuses leaves no row of it, and the account's pool serves the next one.
    await db.query('ALTER TABLE audit_log ADD CONSTRAINT audit_refuses_status CHECK (status <> 599) NOT VALID');
    try {
      const refused = entries.map((e, i) => ({ ...e, request_id: `${run}-refused-${i}`, status: i === 39 ? 599 : 200 }));
      await assert.rejects(insertAuditEntries(db, refused), /audit_refuses_status/);
      const { rows: none } = await db.query('SELECT 1 FROM audit_log WHERE request_id LIKE $1', [`${run}-refused-%`]);
      assert.equal(none.length, 0);
    } finally {
      await db.query('ALTER TABLE audit_log DROP CONSTRAINT audit_refuses_status');
    }
    await insertAuditEntries(db, entries.map((e) => ({ ...e, request_id: `${e.request_id}-again` })));
    const { rows: again } = await db.query('SELECT 1 FROM audit_log WHERE request_id LIKE $1', [`${run}-%-again`]);
    assert.equal(again.length, entries.length);
  });

  test('a mutation whose audit row cannot be written is not reported as successful', async () => {
    const { id } = await t.mintKey(account, { name: 'to-rename' });
    const db = await t.hub.tenancy.database(account);
    // Every new audit row now violates a constraint: the audit write fails for real.
    await db.query('ALTER TABLE audit_log ADD CONSTRAINT audit_refuses CHECK (false) NOT VALID');
    try {
      const response = await t.request({ method: 'PATCH', url: `/v1/api-keys/${id}`, token: jwt, account, body: { name: 'renamed' } });
      assert.equal(response.statusCode, 503, response.body);
      assert.equal(code(response), 'audit_unavailable');
      const json = await t.request({ method: 'PATCH', url: `/v1/api-keys/${id}`, token: jwt, account, body: { name: 'again' }, json: true });
      assert.equal(json.statusCode, 503);
      assert.equal(json.json<{ error: { code: string } }>().error.code, 'audit_unavailable');
    } finally {
      await db.query('ALTER TABLE audit_log DROP CONSTRAINT audit_refuses');
    }
    const ok = await t.request({ method: 'PATCH', url: `/v1/api-keys/${id}`, token: jwt, account, body: { name: 'renamed' } });
    assert.equal(ok.statusCode, 204, 'answered normally once the log accepts rows again');
  });

  test('requests that fail authentication have no account and leave no row', async () => {
    const response = await t.request({ url: '/v1/agents', token: 'garbage' });
    assert.equal(response.statusCode, 400);
    await t.hub.audit.flush();
    assert.equal((await rowsFor(response.headers['x-request-id'] as string)).length, 0);
  });
});

describe('AU3 GET /api/v1/audit-log', () => {
  let listed: string;
  let keyId: string;
  const requestIds: string[] = [];

  before(async () => {
    listed = await t.createAccount();
    const minted = await t.mintKey(listed, { name: 'lister' });
    keyId = minted.id;
    for (let i = 0; i < 5; i++) {
      const r = await t.request({ url: '/v1/agents', token: minted.key });
      requestIds.push(r.headers['x-request-id'] as string);
      await new Promise((r) => setTimeout(r, 3)); // distinct timestamps
    }
    await t.request({ url: '/v1/api-keys', token: jwt, account: listed });
    await t.hub.audit.flush();
  });

  const list = async (query: string) => {
    const response = await t.request({ url: `/v1/audit-log${query}`, token: jwt, account: listed });
    assert.equal(response.statusCode, 200, response.body);
    return response.json<{ data: AuditItem[]; next_cursor: string | null }>();
  };

  test('newest first, filtered by key, paged by cursor without overlap or gap', async () => {
    const first = await list(`?key_id=${keyId}&limit=2`);
    assert.equal(first.data.length, 2);
    assert.ok(first.next_cursor);
    const second = await list(`?key_id=${keyId}&limit=2&cursor=${first.next_cursor}`);
    const third = await list(`?key_id=${keyId}&limit=2&cursor=${second.next_cursor!}`);
    assert.equal(third.next_cursor, null);
    const seen = [...first.data, ...second.data, ...third.data].map((r) => r.request_id);
    assert.deepEqual(seen, [...requestIds].reverse());
    for (const row of [...first.data, ...second.data, ...third.data]) {
      assert.equal(row.key_id, keyId);
      assert.equal(row.key_name, 'lister');
      assert.equal(row.route, '/v1/agents');
    }
  });

  test('actor and time filters', async () => {
    const users = await list('?actor=user');
    assert.ok(users.data.length >= 1);
    assert.ok(users.data.every((r) => r.actor === 'user'));
    const keys = await list('?actor=api_key');
    assert.ok(keys.data.every((r) => r.actor === 'api_key'));
    const all = await list(`?key_id=${keyId}`);
    const middle = all.data[2]!;
    const since = await list(`?key_id=${keyId}&since=${encodeURIComponent(middle.at)}`);
    assert.deepEqual(since.data.map((r) => r.request_id), all.data.slice(0, 3).map((r) => r.request_id));
    const until = await list(`?key_id=${keyId}&until=${encodeURIComponent(middle.at)}`);
    assert.deepEqual(until.data.map((r) => r.request_id), all.data.slice(3).map((r) => r.request_id));
  });

  test('bad parameters are 400 invalid_query', async () => {
    for (const query of ['?limit=0', '?limit=201', '?key_id=nope', '?actor=root', '?since=yesterday', '?cursor=bm9wZQ']) {
      const response = await t.request({ url: `/v1/audit-log${query}`, token: jwt, account: listed });
      assert.equal(response.statusCode, 400, query);
      assert.equal(code(response), 'invalid_query', query);
    }
  });

  test("an account's log holds only its own requests", async () => {
    const elsewhere = await t.request({ url: '/v1/agents', token: (await t.mintKey(account, { name: 'other-account' })).key });
    await t.hub.audit.flush();
    const id = elsewhere.headers['x-request-id'] as string;
    assert.equal((await rowsFor(id)).length, 1, "in its own account's log");
    const mine = await list('?limit=200');
    assert.ok(mine.data.length > 0);
    assert.ok(!mine.data.some((r) => r.request_id === id), "not in another account's log");
  });
});
