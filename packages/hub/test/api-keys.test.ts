// K1–K7 through the real HTTP pipeline against the real PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { startTestHub, type TestHub } from './support/test-hub.js';

let t: TestHub;
let account: string;
let jwt: string;
/** The hub's clock runs this far ahead of the real one (K6 needs "a minute later"). */
let clockOffset = 0;

before(async () => {
  t = await startTestHub({}, { now: () => Date.now() + clockOffset });
  account = await t.createAccount();
  jwt = await t.devToken();
});
after(() => t.close());

interface KeyItem {
  id: string;
  name: string;
  last8: string;
  created_at: string;
  updated_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  disabled_at: string | null;
  created_by: string;
  rate_limits: { per_minute: number | null; per_hour: number | null; per_day: number | null; concurrent: number | null } | null;
  key?: string;
}

async function createKey(body: unknown) {
  return t.request({ method: 'POST', url: '/v1/api-keys', token: jwt, account, body });
}

async function listKeys(): Promise<KeyItem[]> {
  const response = await t.request({ url: '/v1/api-keys', token: jwt, account });
  assert.equal(response.statusCode, 200);
  return response.json();
}

function errorCode(response: { body: string }): string {
  return response.body.split(':')[0]!;
}

async function keyRow(id: string) {
  const db = await t.hub.tenancy.database(account);
  const { rows } = await db.query('SELECT * FROM api_keys WHERE id = $1', [id]);
  return rows[0] as Record<string, unknown> | undefined;
}

describe('K2 create', () => {
  test('201 with the item and the plaintext once; default expiry 90 days', async () => {
    const response = await createKey({ name: 'ci-deploy' });
    assert.equal(response.statusCode, 201);
    const item = response.json<KeyItem>();
    assert.match(item.key!, new RegExp(`^sk_live_${account}_[0-9A-Za-z]{38}$`));
    assert.equal(item.last8, item.key!.slice(-8));
    assert.equal(item.name, 'ci-deploy');
    assert.equal(item.created_by, 'dev:dev');
    const days = (Date.parse(item.expires_at!) - Date.parse(item.created_at)) / 86_400_000;
    assert.ok(Math.abs(days - 90) < 0.01, `expected 90 days, got ${days}`);
    // The list never shows the plaintext again.
    const listed = (await listKeys()).find((k) => k.id === item.id)!;
    assert.equal(listed.key, undefined);
    assert.deepEqual(Object.keys(listed).sort(), [
      'created_at', 'created_by', 'disabled_at', 'expires_at', 'id', 'last8', 'last_used_at', 'name', 'rate_limits',
      'updated_at',
    ]);
    assert.equal(listed.rate_limits, null);
  });

  test('every documented expiry is accepted; never has no expires_at', async () => {
    for (const [expiry, days] of [['1y', 365], ['365d', 365], ['30d', 30], ['1d', 1], ['3650d', 3650]] as const) {
      const response = await createKey({ name: `e-${expiry}`, expiry });
      assert.equal(response.statusCode, 201, `${expiry}: ${response.body}`);
      const item = response.json<KeyItem>();
      const actual = (Date.parse(item.expires_at!) - Date.parse(item.created_at)) / 86_400_000;
      assert.ok(Math.abs(actual - days) < 0.01, `${expiry}: ${actual}`);
    }
    const never = await createKey({ name: 'forever', expiry: 'never' });
    assert.equal(never.statusCode, 201);
    assert.equal(never.json<KeyItem>().expires_at, null);
  });

  test('invalid expiries are 400 invalid_expiry', async () => {
    for (const expiry of ['0d', '3651d', '2y', '90', 'd', '-1d', '90D', ' 90d']) {
      const response = await createKey({ name: 'x', expiry });
      assert.equal(response.statusCode, 400, expiry);
      assert.equal(errorCode(response), 'invalid_expiry', expiry);
    }
  });

  test('name is required, 1 to 100 characters: 400 name_required', async () => {
    for (const body of [{}, { name: '' }, { name: '   ' }, { name: null }, { name: 'x'.repeat(101) }]) {
      const response = await createKey(body);
      assert.equal(response.statusCode, 400, JSON.stringify(body));
      assert.equal(errorCode(response), 'name_required');
    }
    assert.equal((await createKey({ name: 'x'.repeat(100) })).statusCode, 201);
  });

  test('K2 (issue 7 item 5): a name counts characters, not UTF-16 code units: 100 emoji are fine, 101 are not', async () => {
    const emoji = (n: number) => '🔑'.repeat(n);
    assert.equal(emoji(100).length, 200, 'each emoji is two UTF-16 code units');
    const created = await createKey({ name: emoji(100) });
    assert.equal(created.statusCode, 201, created.body);
    const item = created.json<KeyItem>();
    assert.equal(item.name, emoji(100));
    assert.equal((await keyRow(item.id))!.name, emoji(100), 'stored whole (PostgreSQL counts characters too)');
    const tooLong = await createKey({ name: emoji(101) });
    assert.equal(tooLong.statusCode, 400);
    assert.equal(errorCode(tooLong), 'name_required');
    // One emoji and 99 ASCII letters: 100 characters, 101 code units.
    assert.equal((await createKey({ name: `🔑${'x'.repeat(99)}` })).statusCode, 201);

    // Renaming (K3) follows the same rule.
    const rename = (name: string) => t.request({ method: 'PATCH', url: `/v1/api-keys/${item.id}`, token: jwt, account, body: { name } });
    assert.equal((await rename(emoji(60))).statusCode, 204);
    assert.equal((await keyRow(item.id))!.name, emoji(60));
    const refused = await rename(emoji(101));
    assert.equal(refused.statusCode, 400);
    assert.equal(errorCode(refused), 'name_required');
    assert.equal((await keyRow(item.id))!.name, emoji(60));
  });

  test('wrong types are 400 invalid_body; server-set fields are ignored', async () => {
    const wrong = await createKey({ name: 42 });
    assert.equal(wrong.statusCode, 400);
    assert.equal(errorCode(wrong), 'invalid_body');
    const notJson = await t.request({
      method: 'POST', url: '/v1/api-keys', token: jwt, account, body: '{"name":', headers: { 'content-type': 'application/json' },
    });
    assert.equal(notJson.statusCode, 400);
    assert.equal(errorCode(notJson), 'invalid_body');

    const response = await createKey({
      name: 'sneaky', id: '00000000-0000-0000-0000-000000000000', created_by: 'someone-else',
      last_used_at: '2020-01-01T00:00:00Z', disabled_at: '2020-01-01T00:00:00Z', last8: 'AAAAAAAA',
    });
    assert.equal(response.statusCode, 201);
    const item = response.json<KeyItem>();
    assert.notEqual(item.id, '00000000-0000-0000-0000-000000000000');
    assert.equal(item.created_by, 'dev:dev');
    assert.equal(item.last_used_at, null);
    assert.equal(item.disabled_at, null);
    assert.equal(item.last8, item.key!.slice(-8));
  });

  test("over the account's max_key_expiry_days, or never under a cap: 400 expiry_exceeds_policy", async () => {
    const capped = await t.createAccount();
    await t.hub.catalog.setMaxKeyExpiryDays(capped, 30);
    const post = (expiry: string) =>
      t.request({ method: 'POST', url: '/v1/api-keys', token: jwt, account: capped, body: { name: 'k', expiry } });
    for (const expiry of ['31d', '90d', '1y', 'never']) {
      const response = await post(expiry);
      assert.equal(response.statusCode, 400, expiry);
      assert.equal(errorCode(response), 'expiry_exceeds_policy');
    }
    assert.equal((await post('30d')).statusCode, 201);
    // The default (90d) is over this cap too.
    const byDefault = await t.request({ method: 'POST', url: '/v1/api-keys', token: jwt, account: capped, body: { name: 'k' } });
    assert.equal(errorCode(byDefault), 'expiry_exceeds_policy');
  });
});

describe('K3 patch', () => {
  test('rename; revoke sets disabled_at once and is idempotent; revocation is permanent', async () => {
    const { key, id } = await t.mintKey(account, { name: 'to-revoke' });
    const patch = (body: unknown) => t.request({ method: 'PATCH', url: `/v1/api-keys/${id}`, token: jwt, account, body });

    assert.equal((await patch({ name: 'renamed' })).statusCode, 204);
    assert.equal((await listKeys()).find((k) => k.id === id)!.name, 'renamed');
    assert.equal((await patch({ disabled: false })).statusCode, 204, 'enabling an active key is a no-op');

    assert.equal((await patch({ disabled: true })).statusCode, 204);
    const first = (await listKeys()).find((k) => k.id === id)!;
    assert.ok(first.disabled_at);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal((await patch({ disabled: true })).statusCode, 204);
    const second = (await listKeys()).find((k) => k.id === id)!;
    assert.equal(second.disabled_at, first.disabled_at, 'repeating the revoke changes nothing');
    assert.equal(second.updated_at, first.updated_at);

    const reenable = await patch({ disabled: false });
    assert.equal(reenable.statusCode, 409);
    assert.equal(errorCode(reenable), 'key_revoked_permanently');

    const use = await t.request({ url: '/v1/agents', token: key });
    assert.equal(use.statusCode, 403);
    assert.equal(errorCode(use), 'key_revoked');
  });

  test('bad bodies and unknown ids', async () => {
    const { id } = await t.mintKey(account);
    const patch = (path: string, body: unknown) => t.request({ method: 'PATCH', url: path, token: jwt, account, body });
    assert.equal(errorCode(await patch(`/v1/api-keys/${id}`, { disabled: 'yes' })), 'invalid_body');
    assert.equal(errorCode(await patch(`/v1/api-keys/${id}`, { name: '' })), 'name_required');
    const unknown = await patch('/v1/api-keys/6f5844c7-d560-4abe-9427-77ad490ea46a', { name: 'x' });
    assert.equal(unknown.statusCode, 404);
    assert.equal(errorCode(unknown), 'not_found');
    const notUuid = await patch("/v1/api-keys/1' OR '1'='1", { name: 'x' });
    assert.equal(notUuid.statusCode, 404);
  });
});

describe('K4 delete', () => {
  test('a never-used key is deleted; a used one is disabled and kept', async () => {
    const unused = await t.mintKey(account, { name: 'unused' });
    const used = await t.mintKey(account, { name: 'used' });
    assert.equal((await t.request({ url: '/v1/agents', token: used.key })).statusCode, 200);

    const del = (id: string) => t.request({ method: 'DELETE', url: `/v1/api-keys/${id}`, token: jwt, account });
    assert.equal((await del(unused.id)).statusCode, 204);
    assert.equal((await del(used.id)).statusCode, 204);
    assert.equal(await keyRow(unused.id), undefined);
    const kept = await keyRow(used.id);
    assert.ok(kept?.disabled_at instanceof Date);
    const after = await t.request({ url: '/v1/agents', token: used.key });
    assert.equal(after.statusCode, 403);
    assert.equal(errorCode(after), 'key_revoked');

    const again = await del(unused.id);
    assert.equal(again.statusCode, 404);
    assert.equal(errorCode(again), 'not_found');
  });
});

describe('K5 keys cannot manage keys', () => {
  test('sk_live_ on POST, PATCH, DELETE is 403 requires_hub_ui_auth, and changes nothing', async () => {
    const { key, id } = await t.mintKey(account, { name: 'mine' });
    const calls = [
      { method: 'POST' as const, url: '/v1/api-keys', body: { name: 'minted-by-key' } },
      { method: 'PATCH' as const, url: `/v1/api-keys/${id}`, body: { disabled: true, name: 'changed' } },
      { method: 'DELETE' as const, url: `/v1/api-keys/${id}` },
    ];
    for (const call of calls) {
      const response = await t.request({ ...call, token: key });
      assert.equal(response.statusCode, 403, `${call.method} ${response.body}`);
      assert.equal(errorCode(response), 'requires_hub_ui_auth');
    }
    const row = await keyRow(id);
    assert.equal(row?.name, 'mine');
    assert.equal(row?.disabled_at, null);
    assert.ok(!(await listKeys()).some((k) => k.name === 'minted-by-key'));
    // K1: listing takes any credential.
    assert.equal((await t.request({ url: '/v1/api-keys', token: key })).statusCode, 200);
  });
});

describe('K6 last_used_at', () => {
  test('recorded on first use synchronously, then at most once a minute', async () => {
    const { key, id } = await t.mintKey(account);
    assert.equal((await keyRow(id))?.last_used_at, null);
    assert.equal((await t.request({ url: '/v1/agents', token: key })).statusCode, 200);
    const first = (await keyRow(id))?.last_used_at as Date;
    assert.ok(first instanceof Date, 'written before the first response');

    for (let i = 0; i < 5; i++) await t.request({ url: '/v1/agents', token: key });
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(((await keyRow(id))?.last_used_at as Date).getTime(), first.getTime(), 'no write per request');

    // A minute later (the hub's clock moves; the row is aged to match), the next use moves it.
    const db = await t.hub.tenancy.database(account);
    await db.query("UPDATE api_keys SET last_used_at = now() - interval '61 seconds' WHERE id = $1", [id]);
    const stale = ((await keyRow(id))?.last_used_at as Date).getTime();
    clockOffset += 61_000;
    await t.request({ url: '/v1/agents', token: key });
    // Written with the account's next audit batch (issue 14: no connection of its own).
    await t.hub.audit.flush();
    let moved = false;
    for (let i = 0; i < 50 && !moved; i++) {
      moved = ((await keyRow(id))?.last_used_at as Date).getTime() > stale;
      if (!moved) await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(moved, 'a use after a minute updates last_used_at');
  });

  test("a later use rides with the account's write-behind: its audit flush, or the last words of its closing connection", async () => {
    const { key, id } = await t.mintKey(account);
    assert.equal((await t.request({ url: '/v1/agents', token: key })).statusCode, 200);
    await t.hub.audit.flush(); // that request's row: nothing of the account is queued now
    const db = await t.hub.tenancy.database(account);
    const age = async () => {
      await db.query("UPDATE api_keys SET last_used_at = now() - interval '61 seconds' WHERE id = $1", [id]);
      return ((await keyRow(id))?.last_used_at as Date).getTime();
    };

    // A flush with no audit row of the account queued still writes the use.
    let stale = await age();
    t.hub.audit.recordKeyUse(account, id);
    await t.hub.audit.flush();
    assert.ok(((await keyRow(id))?.last_used_at as Date).getTime() > stale, 'written by the flush');

    // A connection closed to make room writes it first, with the account's queued rows.
    stale = await age();
    t.hub.audit.recordKeyUse(account, id);
    const lastWords = t.hub.audit.lastWordsOf(account);
    assert.ok(lastWords, "the key's use is the account's last words");
    assert.equal(t.hub.audit.lastWordsOf(account), undefined, 'taken out of the queue');
    const client = await db.connect();
    try {
      await lastWords(client);
    } finally {
      client.release();
    }
    assert.ok(((await keyRow(id))?.last_used_at as Date).getTime() > stale, 'written by the last words');
  });
});

describe('K7 and T3 storage', () => {
  test('only the HMAC is stored: no column of the account database holds the plaintext', async () => {
    const created = await createKey({ name: 'secret-check' });
    const plaintext = created.json<KeyItem>().key!;
    const db = await t.hub.tenancy.database(account);
    const { rows } = await db.query<{ dump: string }>(
      "SELECT string_agg(row_to_json(k)::text, '\n') AS dump FROM api_keys k",
    );
    assert.ok(rows[0]!.dump.length > 0);
    assert.ok(!rows[0]!.dump.includes(plaintext));
    assert.ok(!rows[0]!.dump.includes(plaintext.slice(0, -8)), 'not even the part before last8');
    const row = await keyRow(created.json<KeyItem>().id);
    assert.equal((row?.key_hash as Buffer).length, 32, 'HMAC-SHA256');
    const control = new pg.Client({ connectionString: t.env.DATABASE_URL });
    await control.connect();
    const catalog = await control.query<{ dump: string }>("SELECT string_agg(row_to_json(a)::text, '') AS dump FROM accounts a");
    await control.end();
    assert.ok(!catalog.rows[0]!.dump.includes(plaintext));
  });
});
