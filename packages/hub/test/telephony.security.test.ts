// Security tests for C2 telephony (STYLE 7), with the attack each one names:
// - vuln: a carrier secret leaking through a response, a log line, the audit trail, or a database dump
//   (issue 8: "the carrier secret appears in no response, log line, audit row or database dump in plaintext");
// - vuln: a sealed ciphertext copied to another provider row, another account's row, or a row of another kind,
//   opening there as someone else's credentials (SecretBox binds the place as additional data);
// - vuln: another tenant's provider and number ids reachable (STYLE 8: "not found", byte for byte).
// Real hub (pino at trace level into a capture), real PostgreSQL, real pg_dump.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { HubError } from '../src/errors.js';
import { openProviderCredentials } from '../src/telephony/provider-store.js';
import { logCapture } from './support/log-capture.js';
import { POSTGRES_URL, startTestHub, type RequestOptions, type TestHub } from './support/test-hub.js';
import { startTestIssuer, type TestIssuer } from './support/test-issuer.js';

const run = promisify(execFile);
const { lines: logLines, stream: logStream } = logCapture();

let t: TestHub;
let issuer: TestIssuer;
let accountA: string;
let accountB: string;
let keyA: string;
let keyB: string;
let jwtA: string;

async function createAccount(): Promise<string> {
  const slug = await t.createAccount();
  const lots = 1_000_000;
  await t.hub.catalog.update(slug, { rateLimits: { per_minute: lots, per_hour: lots, per_day: lots, concurrent: 1000 } });
  return slug;
}

before(async () => {
  issuer = await startTestIssuer();
  t = await startTestHub(issuer.env, { logger: { level: 'trace', stream: logStream } });
  [accountA, accountB] = await Promise.all([createAccount(), createAccount()]);
  const [a, b] = await Promise.all([t.mintKey(accountA, { name: 'tel-sec-a' }), t.mintKey(accountB, { name: 'tel-sec-b' })]);
  [keyA, keyB] = [a.key, b.key];
  jwtA = await issuer.sign({ sub: 'user-a', 'kataven:accounts': [accountA] });
});
after(async () => {
  await t?.close();
  await issuer?.close();
});

function errorCode(response: LightMyRequestResponse): string {
  return response.body.split(':')[0]!;
}

const TWILIO_SID = `AC${randomBytes(16).toString('hex')}`;

async function createProvider(token: string, body: unknown): Promise<string> {
  const response = await t.request({ method: 'POST', url: '/v1/telephony/providers', token, body });
  assert.equal(response.statusCode, 201, response.body);
  return response.json<{ id: string }>().id;
}
async function createNumber(token: string, body: unknown): Promise<string> {
  const response = await t.request({ method: 'POST', url: '/v1/telephony/numbers', token, body });
  assert.equal(response.statusCode, 201, response.body);
  return response.json<{ id: string }>().id;
}

/** `pg_dump` of one database of the test server, as text (bytea columns come out as hex). */
async function pgDump(database: string): Promise<string> {
  const url = new URL(POSTGRES_URL);
  const { stdout } = await run(
    'pg_dump',
    ['-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username) || 'postgres', '--no-owner', database],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout;
}

/**
 * The spellings a leaked secret could have in a log line, a JSON body, a row or a dump (bytea is dumped as hex).
 * Base64 depends on where the secret starts inside the encoded bytes, so its middle is taken at all three
 * alignments (the characters that encode secret bytes only).
 */
function spellings(secret: string): Record<string, string> {
  const bytes = Buffer.from(secret);
  const base64At = (offset: number) => {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    return encoded.slice(offset === 0 ? 0 : 4, -4);
  };
  return {
    plaintext: secret,
    hex: bytes.toString('hex'),
    'hex (upper)': bytes.toString('hex').toUpperCase(),
    'base64 (offset 0)': base64At(0),
    'base64 (offset 1)': base64At(1),
    'base64 (offset 2)': base64At(2),
    base64url: bytes.toString('base64url').slice(0, -4),
    reversed: [...secret].reverse().join(''),
  };
}

describe('vuln: the carrier secret in a response, a log line, an audit row or a database dump', () => {
  test('appears in none of them, after create, list, read, patch, refused patches and delete', async () => {
    // Distinctive values: found anywhere, they can only have come from here.
    const authToken = `tok${randomBytes(16).toString('hex')}LEAKCANARY`;
    const rotatedToken = `rot${randomBytes(16).toString('hex')}LEAKCANARY`;
    const plivoToken = `plv${randomBytes(16).toString('hex')}LEAKCANARY`;
    const secrets = { authToken, rotatedToken, plivoToken };

    const requests: (RequestOptions & { status: number; code?: string })[] = [];
    const requestIds: string[] = [];
    const send = async (request: RequestOptions & { status: number; code?: string }) => {
      const response = await t.request(request);
      assert.equal(response.statusCode, request.status, `${request.method ?? 'GET'} ${request.url}: ${response.body}`);
      if (request.code) assert.equal(errorCode(response), request.code, response.body);
      requests.push(request);
      requestIds.push(String(response.headers['x-request-id']));
      for (const [name, secret] of Object.entries(secrets)) {
        for (const [how, needle] of Object.entries(spellings(secret))) {
          assert.ok(!response.body.includes(needle), `${request.method ?? 'GET'} ${request.url}: ${name} (${how}) in the response`);
          assert.ok(!JSON.stringify(response.headers).includes(needle), `${name} (${how}) in a response header`);
        }
      }
      return response;
    };

    const created = await send({
      method: 'POST', url: '/v1/telephony/providers', token: keyA, status: 201,
      body: { provider: 'twilio', name: 'leak-check', credentials: { account_sid: TWILIO_SID, auth_token: authToken } },
    });
    const id = created.json<{ id: string }>().id;
    await send({
      method: 'POST', url: '/api/v1/telephony/providers', token: jwtA, account: accountA, status: 201, json: true,
      body: { provider: 'plivo', credentials: { auth_id: 'MAXXXXXXXXXXXXXXXXXX', auth_token: plivoToken } },
    });
    // Refused bodies that carry the secret: the error must not repeat it.
    for (const credentials of [
      { account_sid: 'AC-not-a-sid', auth_token: authToken },
      { account_sid: TWILIO_SID, auth_token: authToken, [authToken]: authToken },
      { auth_id: authToken, auth_token: authToken },
      { account_sid: TWILIO_SID, auth_token: `${authToken} ` },
    ]) {
      for (const json of [false, true]) {
        await send({
          method: 'POST', url: '/v1/telephony/providers', token: keyA, status: 400, code: json ? undefined : 'invalid_provider_credentials', json,
          body: { provider: 'twilio', credentials },
        });
        await send({
          method: 'PATCH', url: `/hub-api/api/v1/telephony/providers/${id}`, token: keyA, status: 400, json,
          body: { credentials },
        });
      }
    }
    await send({ method: 'POST', url: '/v1/telephony/providers', token: keyA, status: 400, code: 'invalid_body', body: { provider: authToken, credentials: {} } });
    await send({ method: 'POST', url: '/v1/telephony/providers', token: keyA, status: 400, code: 'invalid_body', body: { provider: 'twilio', name: `${authToken}\u0000`, credentials: {} } });
    await send({ url: '/v1/telephony/providers', token: keyA, status: 200 });
    await send({ url: '/api/v1/telephony/providers', token: jwtA, account: accountA, status: 200, json: true });
    await send({ url: `/v1/telephony/providers/${id}`, token: keyA, status: 200 });
    await send({
      method: 'PATCH', url: `/v1/telephony/providers/${id}`, token: keyA, status: 200,
      body: { name: 'rotated', credentials: { account_sid: TWILIO_SID, auth_token: rotatedToken } },
    });
    const numberId = (await send({
      method: 'POST', url: '/v1/telephony/numbers', token: keyA, status: 201, body: { number: '+15550001111', provider_id: id },
    })).json<{ id: string }>().id;
    await send({ method: 'DELETE', url: `/v1/telephony/providers/${id}`, token: keyA, status: 409, code: 'provider_in_use' });
    await send({ url: '/v1/telephony/numbers', token: keyA, status: 200 });

    // The rotated secret is what the call path gets (the store works, so the absence below is meaningful).
    const db = await t.hub.tenancy.database(accountA);
    assert.deepEqual(await openProviderCredentials(db, t.hub.secrets, accountA, id), {
      provider: 'twilio', credentials: { account_sid: TWILIO_SID, auth_token: rotatedToken },
    });

    // The audit trail, through the API and in the table: every request above is there, no secret is. Reads
    // are batched (AU2), so the trail is flushed first.
    await t.hub.audit.flush();
    const auditPage = await send({ url: '/v1/audit-log?limit=200', token: keyA, status: 200 });
    const audited = auditPage.json<{ data: { route: string }[] }>().data;
    assert.ok(audited.some((r) => r.route === '/v1/telephony/providers/:id'), 'the provider requests are audited');
    await t.hub.audit.flush(); // the audit-log read's own row
    const { rows: auditRows } = await db.query<{ row: string }>('SELECT row_to_json(a)::text AS row FROM audit_log a');
    const auditText = auditRows.map((r) => r.row).join('\n');
    const unaudited = requestIds.filter((requestId) => !auditText.includes(requestId));
    assert.deepEqual(unaudited, [], `every one of the ${requestIds.length} requests has its audit row`);

    // The logs: pino at trace level; every request is in them (so the capture works).
    const log = logLines.join('');
    assert.ok(log.includes('/v1/telephony/providers'), 'the capture holds the telephony requests');
    assert.deepEqual(requestIds.filter((requestId) => !log.includes(requestId)), [], 'every request was logged');

    // pg_dump of A's database (where the sealed rows are) and of the control database.
    const account = await t.hub.catalog.find(accountA);
    assert.ok(account);
    const dumpA = await pgDump(account.databaseName);
    const control = new URL(t.env.DATABASE_URL!).pathname.slice(1);
    const dumpControl = await pgDump(control);
    assert.ok(dumpA.includes('COPY public.telephony_providers'), 'the dump has the providers table');
    assert.ok(dumpA.includes(id), 'and the provider row');
    assert.ok(dumpA.includes('rotated'), 'with its name');
    assert.ok(dumpControl.includes(accountA), 'the control dump holds the catalog');

    for (const [name, secret] of Object.entries(secrets)) {
      for (const [how, needle] of Object.entries(spellings(secret))) {
        assert.ok(!auditText.includes(needle), `${name} (${how}) in an audit row`);
        assert.ok(!log.includes(needle), `${name} (${how}) in a log line`);
        assert.ok(!dumpA.includes(needle), `${name} (${how}) in the dump of ${accountA}`);
        assert.ok(!dumpControl.includes(needle), `${name} (${how}) in the control dump`);
      }
    }
    // Not even the Account SID (an identifier, but part of the credentials) is stored in plaintext.
    for (const [how, needle] of Object.entries(spellings(TWILIO_SID))) {
      assert.ok(!dumpA.includes(needle), `the account SID (${how}) in the dump`);
    }
    await send({ method: 'DELETE', url: `/v1/telephony/numbers/${numberId}`, token: keyA, status: 204 });
    await send({ method: 'DELETE', url: `/v1/telephony/providers/${id}`, token: keyA, status: 204 });
  });
});

describe('vuln: a sealed ciphertext moved to another row does not open there', () => {
  const victim = { account_sid: TWILIO_SID, auth_token: `victim-${randomBytes(8).toString('hex')}` };
  let victimId: string;
  let otherA: string;
  let plivoA: string;
  let providerB: string;

  before(async () => {
    victimId = await createProvider(keyA, { provider: 'twilio', name: 'victim', credentials: victim });
    otherA = await createProvider(keyA, { provider: 'twilio', name: 'attacker-a', credentials: { account_sid: TWILIO_SID, auth_token: 'attacker-own' } });
    plivoA = await createProvider(keyA, { provider: 'plivo', name: 'plivo-a', credentials: { auth_id: 'MAXXXXXXXXXXXXXXXXXX', auth_token: 'plivo-own' } });
    providerB = await createProvider(keyB, { provider: 'twilio', name: 'attacker-b', credentials: { account_sid: TWILIO_SID, auth_token: 'b-own' } });
  });

  async function sealedOf(account: string, id: string): Promise<Buffer> {
    const db = await t.hub.tenancy.database(account);
    const { rows } = await db.query<{ credentials: Buffer }>('SELECT credentials FROM telephony_providers WHERE id = $1', [id]);
    return rows[0]!.credentials;
  }
  async function overwrite(account: string, id: string, sealed: Buffer, provider?: string): Promise<void> {
    const db = await t.hub.tenancy.database(account);
    const { rowCount } = await db.query(
      'UPDATE telephony_providers SET credentials = $2, provider = COALESCE($3, provider) WHERE id = $1',
      [id, sealed, provider ?? null],
    );
    assert.equal(rowCount, 1);
  }
  async function open(account: string, id: string) {
    return openProviderCredentials(await t.hub.tenancy.database(account), t.hub.secrets, account, id);
  }
  /** openProviderCredentials refuses with 409 provider_credentials_unreadable, and says nothing of the value. */
  async function assertRefused(account: string, id: string, where: string): Promise<void> {
    await assert.rejects(open(account, id), (err: unknown) => {
      assert.ok(err instanceof HubError, `${where}: ${String(err)}`);
      assert.equal(err.code, 'provider_credentials_unreadable', where);
      assert.equal(err.status, 409, where);
      assert.ok(!err.message.includes(victim.auth_token), where);
      return true;
    });
  }

  test('the control: each row opens to its own credentials', async () => {
    assert.deepEqual(await open(accountA, victimId), { provider: 'twilio', credentials: victim });
    assert.deepEqual((await open(accountA, otherA))?.credentials.auth_token, 'attacker-own');
    assert.deepEqual((await open(accountB, providerB))?.credentials.auth_token, 'b-own');
  });

  test("copied to another provider of the same account: refused, never the victim's credentials", async () => {
    await overwrite(accountA, otherA, await sealedOf(accountA, victimId));
    await assertRefused(accountA, otherA, 'same account, other row');
    // The victim's own row still opens.
    assert.deepEqual((await open(accountA, victimId))?.credentials, victim);
  });

  test("copied to another account's provider row: refused", async () => {
    await overwrite(accountB, providerB, await sealedOf(accountA, victimId));
    await assertRefused(accountB, providerB, 'other account');
  });

  test('the whole row (same id, same kind) copied into another account: refused, the account is bound too', async () => {
    const dbA = await t.hub.tenancy.database(accountA);
    const dbB = await t.hub.tenancy.database(accountB);
    const { rows } = await dbA.query<{ id: string; provider: string; name: string; credentials: Buffer }>(
      'SELECT id, provider, name, credentials FROM telephony_providers WHERE id = $1',
      [victimId],
    );
    const row = rows[0]!;
    await dbB.query('INSERT INTO telephony_providers (id, provider, name, credentials) VALUES ($1, $2, $3, $4)', [row.id, row.provider, row.name, row.credentials]);
    await assertRefused(accountB, victimId, 'copied row');
  });

  test('the kind of the row changed (a plivo row turned vobiz, same fields): refused, the kind is bound too', async () => {
    const sealed = await sealedOf(accountA, plivoA);
    await overwrite(accountA, plivoA, sealed, 'vobiz');
    await assertRefused(accountA, plivoA, 'kind changed');
    await overwrite(accountA, plivoA, sealed, 'plivo');
    assert.equal((await open(accountA, plivoA))?.credentials.auth_token, 'plivo-own', 'back to its kind, it opens again');
  });

  test('a tampered or truncated ciphertext: refused', async () => {
    const sealed = await sealedOf(accountA, plivoA);
    const flipped = Buffer.from(sealed);
    flipped[20] = flipped.at(20)! ^ 0x01;
    for (const [what, bytes] of [['flipped', flipped], ['truncated', sealed.subarray(0, 20)], ['empty', Buffer.alloc(0)]] as const) {
      await overwrite(accountA, plivoA, bytes);
      await assertRefused(accountA, plivoA, what);
    }
    await overwrite(accountA, plivoA, sealed);
  });

  test('no API path answers 500 on a row that does not open; PATCH with new credentials repairs it', async () => {
    // otherA and providerB still hold the victim's ciphertext from the tests above.
    await assertRefused(accountA, otherA, 'still moved');
    for (const [token, id] of [[keyA, otherA], [keyB, providerB]] as const) {
      const reads = await Promise.all([
        t.request({ url: '/v1/telephony/providers', token }),
        t.request({ url: `/v1/telephony/providers/${id}`, token }),
        t.request({ method: 'PATCH', url: `/v1/telephony/providers/${id}`, token, body: { name: 'renamed' } }),
      ]);
      for (const response of reads) {
        assert.equal(response.statusCode, 200, response.body);
        assert.ok(!response.body.includes(victim.auth_token));
      }
    }
    const repaired = await t.request({
      method: 'PATCH', url: `/v1/telephony/providers/${otherA}`, token: keyA,
      body: { credentials: { account_sid: TWILIO_SID, auth_token: 'attacker-new' } },
    });
    assert.equal(repaired.statusCode, 200, repaired.body);
    assert.deepEqual((await open(accountA, otherA))?.credentials, { account_sid: TWILIO_SID, auth_token: 'attacker-new' });
    const deleted = await t.request({ method: 'DELETE', url: `/v1/telephony/providers/${providerB}`, token: keyB });
    assert.equal(deleted.statusCode, 204, deleted.body);
  });
});

describe("vuln: another tenant's providers and numbers", () => {
  let providerA: string;
  let numberA: string;
  let providerB: string;

  before(async () => {
    providerA = await createProvider(keyA, { provider: 'twilio', name: 'a-private', credentials: { account_sid: TWILIO_SID, auth_token: 'a-private-token' } });
    numberA = await createNumber(keyA, { number: '+15550009999', provider_id: providerA, name: 'a-private-line' });
    providerB = await createProvider(keyB, { provider: 'vobiz', credentials: { auth_id: 'VB1', auth_token: 'b' } });
  });

  test("B's key gets 404 not_found for A's ids on every method and prefix, identical to a random id; A's rows untouched", async () => {
    const dbA = await t.hub.tenancy.database(accountA);
    const snapshot = async () => ({
      providers: (await dbA.query('SELECT id, name, credentials, updated_at FROM telephony_providers WHERE id = $1', [providerA])).rows,
      numbers: (await dbA.query('SELECT * FROM phone_numbers WHERE id = $1', [numberA])).rows,
    });
    const before = await snapshot();
    for (const prefix of ['/v1', '/api/v1', '/hub-api/api/v1']) {
      for (const [resource, id, patch] of [
        ['providers', providerA, { name: 'moved-by-b', credentials: { account_sid: TWILIO_SID, auth_token: 'b-planted' } }],
        ['numbers', numberA, { name: 'moved-by-b', agent_id: null, inbound_enabled: false }],
      ] as const) {
        for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
          for (const json of [false, true]) {
            const ask = (target: string) =>
              t.request({ method, url: `${prefix}/telephony/${resource}/${target}`, token: keyB, json, ...(method === 'PATCH' ? { body: patch } : {}) });
            const [other, random] = [await ask(id), await ask(randomUUID())];
            const where = `${method} ${prefix}/telephony/${resource} (json: ${json})`;
            assert.equal(other.statusCode, 404, `${where}: ${other.body}`);
            if (json) {
              const error = other.json<{ error: { code: string; message: string } }>().error;
              assert.equal(error.code, 'not_found', where);
              assert.equal(error.message, random.json<{ error: { message: string } }>().error.message, where);
            } else {
              assert.equal(errorCode(other), 'not_found', where);
              assert.equal(other.body, random.body, `${where}: byte-identical to a random id`);
            }
          }
        }
      }
    }
    assert.deepEqual(await snapshot(), before, "A's provider and number are untouched");
  });

  test("B cannot attach a number to A's provider, nor see A's rows in its lists", async () => {
    const attach = await t.request({ method: 'POST', url: '/v1/telephony/numbers', token: keyB, body: { number: '+15550008888', provider_id: providerA } });
    assert.equal(attach.statusCode, 400);
    assert.equal(errorCode(attach), 'unknown_provider');
    const numberB = await createNumber(keyB, { number: '+15550007777', provider_id: providerB });
    const moveToA = await t.request({ method: 'PATCH', url: `/v1/telephony/numbers/${numberB}`, token: keyB, body: { provider_id: providerA } });
    assert.equal(errorCode(moveToA), 'unknown_provider');

    for (const resource of ['providers', 'numbers']) {
      const listB = await t.request({ url: `/v1/telephony/${resource}`, token: keyB });
      assert.equal(listB.statusCode, 200);
      const table = resource === 'providers' ? 'telephony_providers' : 'phone_numbers';
      const dbB = await t.hub.tenancy.database(accountB);
      const idsB = (await dbB.query<{ id: string }>(`SELECT id FROM ${table}`)).rows.map((r) => r.id).sort();
      assert.deepEqual(listB.json<{ id: string }[]>().map((r) => r.id).sort(), idsB, `${resource}: exactly B's rows`);
      for (const needle of [providerA, numberA, 'a-private', '+15550009999']) assert.ok(!listB.body.includes(needle), `${resource}: ${needle}`);
    }
    // A's key with X-Account-ID naming B is refused before any handler (T4).
    const mismatch = await t.request({ url: '/v1/telephony/providers', token: keyA, account: accountB });
    assert.equal(mismatch.statusCode, 403);
    assert.equal(errorCode(mismatch), 'account_mismatch');
  });
});
