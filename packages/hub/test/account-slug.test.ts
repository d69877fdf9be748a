// A1–A3: account slugs and the database names derived from them (src/tenancy/account-slug.ts), first as pure
// functions, then through a real hub: extreme slugs get their own databases and their keys work.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  accountDatabaseName,
  isValidAccountSlug,
  quoteDatabaseName,
  RESERVED_ACCOUNT,
} from '../src/tenancy/account-slug.js';
import { startTestHub, type TestHub } from './support/test-hub.js';

/** The A3 rule written out independently of the product code. */
function expectedDatabaseName(slug: string, prefix = 'kt_'): string {
  const digest = createHash('sha256').update(slug, 'utf8').digest('hex').slice(0, 10);
  return `${prefix}${slug.split('-').join('_').slice(0, 40)}_${digest}`;
}

// Two slugs of the maximum length (63) that agree on everything but their last character.
const LONG_A = `${'k'.repeat(51)}-0123456789a`;
const LONG_B = `${'k'.repeat(51)}-0123456789b`;

describe('A1 slug syntax', () => {
  test('valid slugs', () => {
    for (const slug of [
      'a', '0', 'acme', 'acme-corp', 'acme_corp', 'acme_corp-eu', '0acme', 'a-', 'a_', 'a--b', 'a__b', '9-_-9',
      'a'.repeat(63), LONG_A, LONG_B, RESERVED_ACCOUNT,
    ]) {
      assert.equal(isValidAccountSlug(slug), true, JSON.stringify(slug));
    }
    assert.equal(LONG_A.length, 63);
  });

  test('invalid slugs', () => {
    for (const slug of [
      '', 'a'.repeat(64), `${LONG_A}x`, 'Acme', 'ACME', 'acmE', '-acme', '_acme', '-', '_',
      'acmé', 'ａcme', 'аcme' /* Cyrillic а */, 'acme\u200b', '🚀', 'acme corp', ' acme', 'acme ', 'acme.corp',
      'acme/corp', '../acme', 'acme\n', '\nacme', 'acme\u0000', 'acme;drop', "acme'", 'acme"', 'acme,other',
      `${'a'.repeat(62)}é`,
    ]) {
      assert.equal(isValidAccountSlug(slug), false, JSON.stringify(slug));
    }
  });
});

describe('A3 accountDatabaseName', () => {
  test('exact value for a known slug: kt_ + slug + _ + first 10 hex of SHA-256(slug)', () => {
    const sha = createHash('sha256').update('acme').digest('hex');
    assert.equal(sha.length, 64);
    assert.equal(accountDatabaseName('acme'), `kt_acme_${sha.slice(0, 10)}`);
    // A fixed known answer too, so the test does not only compare the product with the same formula.
    assert.equal(
      createHash('sha256').update('abc').digest('hex'),
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    assert.equal(accountDatabaseName('abc'), 'kt_abc_ba7816bf8f');
  });

  test('`-` becomes `_`; the hash is of the original slug', () => {
    const name = accountDatabaseName('acme_corp-eu');
    const sha = createHash('sha256').update('acme_corp-eu').digest('hex').slice(0, 10);
    assert.equal(name, `kt_acme_corp_eu_${sha}`);
    assert.ok(!name.includes('-'));
    // acme-corp and acme_corp agree after the replacement; the hash still keeps them apart.
    assert.notEqual(accountDatabaseName('acme-corp'), accountDatabaseName('acme_corp'));
  });

  test('the slug part is cut to 40 characters; the name stays within 63 bytes', () => {
    const name = accountDatabaseName(LONG_A);
    assert.equal(name, expectedDatabaseName(LONG_A));
    assert.equal(name.length, 3 + 40 + 1 + 10);
    assert.equal(name.slice(3, 43), LONG_A.replaceAll('-', '_').slice(0, 40));
    for (const slug of ['a', 'acme_corp-eu', 'a'.repeat(63), '-'.padStart(63, 'a'), LONG_A, LONG_B]) {
      const derived = accountDatabaseName(slug);
      assert.equal(derived, expectedDatabaseName(slug), slug);
      assert.ok(Buffer.byteLength(derived) <= 63, `${derived} is ${Buffer.byteLength(derived)} bytes`);
      // The longest prefix the test knob allows (^[a-z][a-z0-9_]{0,10}_$, 12 characters) still fits.
      assert.ok(Buffer.byteLength(accountDatabaseName(slug, 'p'.repeat(11) + '_')) <= 63);
      assert.match(derived, /^[a-z][a-z0-9_]*$/, 'a plain identifier');
    }
  });

  test('two 63-character slugs differing only in their last character get distinct names', () => {
    const a = accountDatabaseName(LONG_A);
    const b = accountDatabaseName(LONG_B);
    assert.notEqual(a, b);
    assert.equal(a.slice(0, 44), b.slice(0, 44), 'the readable parts agree; only the hash tells them apart');
    assert.equal(a, expectedDatabaseName(LONG_A));
    assert.equal(b, expectedDatabaseName(LONG_B));
  });

  test('invalid slugs never become database names', () => {
    for (const slug of ['', 'Acme', '-acme', 'a'.repeat(64), 'acme"; DROP DATABASE x; --', 'acmé']) {
      assert.throws(() => accountDatabaseName(slug), /invalid slug/, JSON.stringify(slug));
    }
    assert.equal(quoteDatabaseName(accountDatabaseName('acme')), `"${accountDatabaseName('acme')}"`);
    for (const name of ['a"b', 'A', '', 'x'.repeat(64), 'a b', 'a;b']) {
      assert.throws(() => quoteDatabaseName(name), /refusing/, JSON.stringify(name));
    }
  });
});

describe('A1–A3 through a real hub', () => {
  let t: TestHub;
  const slugs = [LONG_A, LONG_B, 'acme_corp-eu'];
  const keys = new Map<string, { key: string; id: string }>();
  const agentIds = new Map<string, string>();

  before(async () => {
    t = await startTestHub();
    for (const slug of slugs) assert.equal(await t.createAccount(slug), slug);
    // `acme` exists too: a parser that cut `acme_corp-eu` at its first `_` would land in the wrong account.
    await t.createAccount('acme');
    for (const [i, slug] of slugs.entries()) {
      keys.set(slug, await t.mintKey(slug, { name: `key-${i}` }));
      const agentId = `agent_01ARZ3NDEKTSV4RRFFQ69G5FA${i}`;
      agentIds.set(slug, agentId);
      const db = await t.hub.tenancy.database(slug);
      await db.query('INSERT INTO agents (id, name) VALUES ($1, $2)', [agentId, `agent-of-${i}`]);
    }
  });
  after(() => t.close());

  test('each account has its own database, named by A3, that exists in pg_database', async () => {
    const names = slugs.map((slug) => accountDatabaseName(slug, t.prefix));
    assert.equal(new Set(names).size, slugs.length);
    for (const [i, slug] of slugs.entries()) {
      const record = await t.hub.catalog.find(slug);
      assert.equal(record?.databaseName, names[i]);
      assert.equal(record?.databaseName, expectedDatabaseName(slug, t.prefix));
      const db = await t.hub.tenancy.database(slug);
      const { rows } = await db.query<{ db: string }>('SELECT current_database() AS db');
      assert.equal(rows[0]?.db, names[i], `${slug} is served from its own database`);
    }
    const { rows } = await t.hub.control.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname = ANY($1::text[])',
      [names],
    );
    assert.deepEqual(rows.map((r) => r.datname).sort(), [...names].sort());
  });

  test("each key works on GET /v1/agents without X-Account-ID and sees only its own account's agents", async () => {
    for (const slug of slugs) {
      const response = await t.request({ url: '/v1/agents', token: keys.get(slug)!.key });
      assert.equal(response.statusCode, 200, `${slug}: ${response.body}`);
      const ids = response.json<{ id: string }[]>().map((a) => a.id);
      assert.deepEqual(ids, [agentIds.get(slug)]);
    }
  });

  test("each key's row lives in its own account database and in no other", async () => {
    for (const slug of slugs) {
      for (const other of slugs) {
        const db = await t.hub.tenancy.database(other);
        const { rowCount } = await db.query('SELECT 1 FROM api_keys WHERE id = $1', [keys.get(slug)!.id]);
        assert.equal(rowCount, slug === other ? 1 : 0, `key of ${slug} in database of ${other}`);
      }
    }
  });

  test('an sk_live_ key of acme_corp-eu names its account by its prefix (T1: the account ends at the last `_`)', async () => {
    const { key } = keys.get('acme_corp-eu')!;
    const withoutHeader = await t.request({ url: '/v1/api-keys', token: key });
    assert.equal(withoutHeader.statusCode, 200, withoutHeader.body);
    assert.deepEqual(
      withoutHeader.json<{ id: string }[]>().map((k) => k.id),
      [keys.get('acme_corp-eu')!.id],
    );
    const withOwnHeader = await t.request({ url: '/v1/agents', token: key, account: 'acme_corp-eu' });
    assert.equal(withOwnHeader.statusCode, 200);
    for (const other of ['acme', 'acme_corp', 'acme_corp-e', 'acme-corp-eu']) {
      const response = await t.request({ url: '/v1/agents', token: key, account: other });
      assert.equal(response.statusCode, 403, other);
      assert.equal(response.body.split(':')[0], 'account_mismatch', other);
    }
  });

  test('an X-Account-ID failing A1 is 400 invalid_account; creating an account with one is refused', async () => {
    const { key } = keys.get(LONG_A)!;
    for (const header of [`${LONG_A}x`, LONG_A.toUpperCase(), `-${LONG_A.slice(1)}`]) {
      const response = await t.request({ url: '/v1/agents', token: key, account: header });
      assert.equal(response.statusCode, 400, header);
      assert.equal(response.body.split(':')[0], 'invalid_account');
    }
    await assert.rejects(t.createAccount('a'.repeat(64)), { code: 'invalid_account' });
    await assert.rejects(t.createAccount('Acme'), { code: 'invalid_account' });
  });
});
