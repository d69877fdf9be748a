// P0 public endpoints through the real HTTP pipeline against the real PostgreSQL: `GET /api/accounts` (the
// discoverable, active accounts, A4) and `GET /api/user/org` (the handler verifies the bearer JWT itself, T8).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import * as jose from 'jose';
import { generateKey } from '../src/auth/token-format.js';
import { startTestHub, uniqueSlug, type TestHub } from './support/test-hub.js';
import { startTestIssuer, type TestIssuer } from './support/test-issuer.js';

const RESERVED = 'kataven-admin';

let t: TestHub;
let issuer: TestIssuer;
/** Active and discoverable. */
let listedA: string;
let listedB: string;
/** Active, not discoverable. */
let hidden: string;
/** Discoverable but disabled. */
let disabled: string;
/** Discoverable but still being created (A7). */
let provisioning: string;
let keyOfListedA: string;

before(async () => {
  issuer = await startTestIssuer();
  t = await startTestHub(issuer.env);
  // Created out of slug order, so "sorted by slug" is not an accident of insertion order.
  listedB = await t.createAccount(uniqueSlug('pub-b'));
  listedA = await t.createAccount(uniqueSlug('pub-a'));
  hidden = await t.createAccount(uniqueSlug('pub-hidden'));
  disabled = await t.createAccount(uniqueSlug('pub-disabled'));
  assert.equal(await t.createAccount(RESERVED), RESERVED);
  provisioning = uniqueSlug('pub-provisioning');
  assert.ok(await t.hub.catalog.claim(provisioning, `${t.prefix}provisioning`, 'default'));
  keyOfListedA = (await t.mintKey(listedA)).key;
});
after(async () => {
  await t?.close();
  await issuer?.close();
});

function errorCode(response: LightMyRequestResponse): string {
  return response.body.split(':')[0]!;
}

function assertError(response: LightMyRequestResponse, status: number, code: string, where = ''): void {
  assert.equal(response.statusCode, status, `${where} ${response.body}`);
  assert.equal(errorCode(response), code, where);
  assert.match(String(response.headers['content-type']), /^text\/plain/, where);
  if (status === 401) assert.equal(response.headers['www-authenticate'], 'Bearer error="invalid_token"', where);
}

async function disable(slug: string): Promise<void> {
  await t.hub.control.query("UPDATE accounts SET status = 'disabled' WHERE slug = $1", [slug]);
}

/** The catalog's slugs by status, read straight from the control database. */
async function slugsWithStatus(status: string): Promise<string[]> {
  const { rows } = await t.hub.control.query<{ slug: string }>(
    'SELECT slug FROM accounts WHERE status = $1 ORDER BY slug',
    [status],
  );
  return rows.map((r) => r.slug);
}

describe('P0 GET /api/accounts', () => {
  test('no account is discoverable by default (A4): 200 []', async () => {
    const response = await t.request({ url: '/api/accounts' });
    assert.equal(response.statusCode, 200, response.body);
    assert.match(String(response.headers['content-type']), /^application\/json/);
    assert.deepEqual(response.json(), []);
  });

  test('the discoverable, active accounts only, as [{account}] sorted by slug, with no credential', async () => {
    for (const slug of [listedB, listedA, disabled, provisioning, RESERVED]) await t.hub.catalog.setDiscoverable(slug, true);
    await disable(disabled);
    const response = await t.request({ url: '/api/accounts' });
    assert.equal(response.statusCode, 200, response.body);
    const expected = [listedA, listedB].sort();
    assert.deepEqual(response.json(), expected.map((account) => ({ account })));
    assert.ok(expected[0]!.startsWith('pub-a-'), 'sorted by slug, not by creation');
    // Never the non-discoverable, the disabled, the half-created, nor the operator console's account.
    for (const absent of [hidden, disabled, provisioning, RESERVED]) assert.ok(!response.body.includes(absent), absent);
    assert.match(String(response.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  });

  test('setDiscoverable(false) takes an account off the list again', async () => {
    await t.hub.catalog.setDiscoverable(listedB, false);
    try {
      const response = await t.request({ url: '/api/accounts' });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), [{ account: listedA }]);
      assert.equal((await t.hub.catalog.find(listedB))?.discoverable, false);
    } finally {
      await t.hub.catalog.setDiscoverable(listedB, true);
    }
    const restored = await t.request({ url: '/api/accounts' });
    assert.deepEqual(restored.json(), [listedA, listedB].sort().map((account) => ({ account })));
  });

  test('public: any Authorization header, valid or not, is neither needed nor checked; HEAD answers too', async () => {
    const expected = [listedA, listedB].sort().map((account) => ({ account }));
    const headerSets: Record<string, string>[] = [
      { authorization: 'Bearer garbage' }, { authorization: `Bearer ${keyOfListedA}` }, { 'x-account-id': hidden },
    ];
    for (const headers of headerSets) {
      const response = await t.request({ url: '/api/accounts', headers });
      assert.equal(response.statusCode, 200, JSON.stringify(headers));
      assert.deepEqual(response.json(), expected);
    }
    const head = await t.request({ method: 'HEAD', url: '/api/accounts' });
    assert.equal(head.statusCode, 200);
    assert.equal(head.body, '');
  });
});

describe('P0 GET /api/user/org', () => {
  test('no bearer → 401 missing_token with WWW-Authenticate', async () => {
    const headerSets: Record<string, string>[] = [
      {}, { authorization: 'Basic ZGV2OmRldg==' }, { authorization: 'Bearer' }, { authorization: 'token abc' },
    ];
    for (const headers of headerSets) {
      assertError(await t.request({ url: '/api/user/org', headers }), 401, 'missing_token', JSON.stringify(headers));
    }
    const json = await t.request({ url: '/api/user/org', json: true });
    assert.equal(json.statusCode, 401);
    const error = json.json<{ error: { code: string; request_id: string } }>().error;
    assert.equal(error.code, 'missing_token');
    assert.equal(error.request_id, json.headers['x-request-id']);
  });

  test('an sk_live_ key → 403 requires_hub_ui_auth (a key has no user), whether or not it exists', async () => {
    for (const key of [keyOfListedA, generateKey('sk_live_', listedA), generateKey('sk_live_', uniqueSlug('nosuch'))]) {
      const response = await t.request({ url: '/api/user/org', token: key });
      assertError(response, 403, 'requires_hub_ui_auth');
      assert.ok(!response.body.includes(listedA));
    }
  });

  test('a token of no known shape (T2), or a pk_live_ widget key → 400 malformed_token', async () => {
    const key = keyOfListedA;
    const brokenChecksum = key.slice(0, -1) + (key.endsWith('a') ? 'b' : 'a');
    for (const token of ['garbage', brokenChecksum, generateKey('pk_live_', listedA), `eyJ${'a'.repeat(9000)}.e.e`]) {
      assertError(await t.request({ url: '/api/user/org', token }), 400, 'malformed_token', token.slice(0, 12));
    }
  });

  test('an invalid JWT → 401 invalid_token with WWW-Authenticate', async () => {
    const valid = await issuer.sign({ sub: 'user-x', 'kataven:accounts': [listedA] });
    const [h, p, s] = valid.split('.') as [string, string, string];
    const segment = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const payload = { sub: 'user-x', iss: issuer.issuer, aud: issuer.audience, 'kataven:accounts': [listedA], exp: Math.floor(Date.now() / 1000) + 600 };
    const tokens: [string, string][] = [
      ['bad signature', `${h}.${p}.${s.slice(0, -4)}${s.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`],
      ['expired', await issuer.sign({ 'kataven:accounts': [listedA], exp: Math.floor(Date.now() / 1000) - 120 })],
      ['no exp', await issuer.sign({ 'kataven:accounts': [listedA] }, { withoutExp: true })],
      ['other audience', await issuer.sign({ aud: 'someone-else', 'kataven:accounts': [listedA] })],
      ['unknown issuer', await issuer.sign({ iss: 'https://evil.example', 'kataven:accounts': [listedA] })],
      ['alg none', `${segment({ alg: 'none', typ: 'JWT' })}.${segment(payload)}.`],
      [
        'HS256 with the public key',
        await new jose.SignJWT(payload).setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' }).sign(new TextEncoder().encode(issuer.publicKeyPem)),
      ],
    ];
    for (const [name, token] of tokens) {
      const response = await t.request({ url: '/api/user/org', token });
      assertError(response, 401, 'invalid_token', name);
      assert.ok(!response.body.includes(listedA), name);
    }
  });

  test("the dev issuer's `*`: every active account but kataven-admin, non-discoverable ones included", async () => {
    const response = await t.request({ url: '/api/user/org', token: await t.devToken() });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json<{ sub: string; accounts: string[] }>();
    assert.deepEqual(Object.keys(body).sort(), ['accounts', 'sub']);
    assert.equal(body.sub, 'dev:dev');
    const active = await slugsWithStatus('active');
    assert.ok(active.includes(RESERVED) && active.includes(hidden), 'the control: both exist and are active');
    assert.deepEqual(body.accounts, active.filter((slug) => slug !== RESERVED));
    assert.deepEqual(body.accounts, [...body.accounts].sort());
    for (const absent of [disabled, provisioning, RESERVED]) assert.ok(!body.accounts.includes(absent), absent);
    assert.ok(body.accounts.includes(hidden));
  });

  test('an external JWT: the claimed accounts that exist and are active, sorted; nothing else is revealed', async () => {
    const nosuch = uniqueSlug('nosuch');
    const token = await issuer.sign({
      sub: 'user-42',
      'kataven:accounts': [listedB, hidden, disabled, provisioning, nosuch, 'Not-A-Slug', "x' OR '1'='1", listedB, RESERVED],
    });
    const response = await t.request({ url: '/api/user/org', token });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), { sub: 'user-42', accounts: [hidden, listedB, RESERVED].sort() });
    assert.ok(!response.body.includes(listedA), 'an account it does not claim');
    for (const absent of [disabled, provisioning, nosuch]) assert.ok(!response.body.includes(absent), absent);

    // X-Account-ID plays no part here: not required, and naming another account changes nothing.
    const withHeader = await t.request({ url: '/api/user/org', token, account: listedA });
    assert.equal(withHeader.statusCode, 200);
    assert.deepEqual(withHeader.json(), response.json());
  });

  test('an external JWT claiming `*`, none, or a string: no accounts (only the dev issuer may say `*`)', async () => {
    for (const claims of [{ 'kataven:accounts': ['*'] }, {}, { 'kataven:accounts': [] }, { 'kataven:accounts': listedA }]) {
      const response = await t.request({ url: '/api/user/org', token: await issuer.sign({ sub: 'lonely', ...claims }) });
      assert.equal(response.statusCode, 200, JSON.stringify(claims));
      assert.deepEqual(response.json(), { sub: 'lonely', accounts: [] }, JSON.stringify(claims));
    }
  });

  test('a member of an account that is later disabled no longer sees it', async () => {
    const soon = await t.createAccount(uniqueSlug('pub-soon'));
    const token = await issuer.sign({ sub: 'user-7', 'kataven:accounts': [soon, listedA] });
    const before = await t.request({ url: '/api/user/org', token });
    assert.deepEqual(before.json(), { sub: 'user-7', accounts: [listedA, soon].sort() });
    await disable(soon);
    const afterDisable = await t.request({ url: '/api/user/org', token });
    assert.deepEqual(afterDisable.json(), { sub: 'user-7', accounts: [listedA] });
  });

  test("an issuer whose keys cannot be fetched is the hub's outage: 503 service_unavailable, not 401", async () => {
    const gone = await startTestIssuer();
    const hub = await startTestHub(gone.env);
    try {
      const token = await gone.sign({ sub: 'user-1', 'kataven:accounts': [] });
      await gone.close();
      const response = await hub.request({ url: '/api/user/org', token });
      assertError(response, 503, 'service_unavailable');
    } finally {
      await hub.close();
    }
  });
});
