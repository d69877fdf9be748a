// SPEC §E and §0 paths: the error format (text/plain or JSON), X-Request-Id, size and type limits, the three
// path prefixes and the legacy aliases, health and readiness.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestHub, type TestHub } from './support/test-hub.js';

let t: TestHub;
let account: string;
let key: string;
let jwt: string;

before(async () => {
  t = await startTestHub();
  account = await t.createAccount();
  key = (await t.mintKey(account)).key;
  jwt = await t.devToken();
});
after(() => t.close());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('error bodies', () => {
  test('text/plain `code: message` by default', async () => {
    const response = await t.request({ url: '/v1/agents' });
    assert.equal(response.statusCode, 401);
    assert.match(response.headers['content-type'] as string, /^text\/plain/);
    assert.equal(response.body, 'missing_token: Authorization: Bearer <token> is required');
    assert.equal(response.headers['www-authenticate'], 'Bearer error="invalid_token"');
  });

  test('JSON {error:{code,message,request_id}} with Accept: application/json', async () => {
    const response = await t.request({ url: '/v1/agents', token: 'nonsense', json: true });
    assert.equal(response.statusCode, 400);
    assert.match(response.headers['content-type'] as string, /^application\/json/);
    const body = response.json<{ error: { code: string; message: string; request_id: string } }>();
    assert.equal(body.error.code, 'malformed_token');
    assert.equal(typeof body.error.message, 'string');
    assert.equal(body.error.request_id, response.headers['x-request-id']);
  });

  test('every response carries a distinct X-Request-Id, success or failure', async () => {
    const responses = await Promise.all([
      t.request({ url: '/healthz' }),
      t.request({ url: '/v1/agents', token: key }),
      t.request({ url: '/v1/nowhere' }),
      t.request({ url: '/v1/agents' }),
    ]);
    const ids = responses.map((r) => r.headers['x-request-id'] as string);
    for (const id of ids) assert.match(id, UUID);
    assert.equal(new Set(ids).size, ids.length);
  });

  test('unknown routes are 404 not_found', async () => {
    const response = await t.request({ url: '/api/v1/does-not-exist', token: key });
    assert.equal(response.statusCode, 404);
    assert.equal(response.body.split(':')[0], 'not_found');
  });

  test('a body over 1 MiB is 413 payload_too_large and creates nothing', async () => {
    const response = await t.request({
      method: 'POST', url: '/v1/api-keys', token: jwt, account,
      body: JSON.stringify({ name: 'big', padding: 'x'.repeat(1024 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(response.statusCode, 413);
    assert.equal(response.body.split(':')[0], 'payload_too_large');
    const list = await t.request({ url: '/v1/api-keys', token: jwt, account });
    assert.ok(!list.json<{ name: string }[]>().some((k) => k.name === 'big'));
  });

  test('a body that is not JSON is 415 unsupported_media_type', async () => {
    const response = await t.request({
      method: 'POST', url: '/v1/api-keys', token: jwt, account, body: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(response.statusCode, 415);
    assert.equal(response.body.split(':')[0], 'unsupported_media_type');
  });

  test('a JSON body that is not an object is 400 invalid_body', async () => {
    for (const body of ['[1,2]', '"name"', '42', 'null']) {
      const response = await t.request({
        method: 'POST', url: '/v1/api-keys', token: jwt, account, body, headers: { 'content-type': 'application/json' },
      });
      assert.equal(response.statusCode, 400, body);
      assert.equal(response.body.split(':')[0], 'invalid_body', `${body}: ${response.body}`);
    }
  });

  test('an anonymous request is refused before its body is read', async () => {
    const response = await t.request({
      method: 'POST', url: '/v1/api-keys', body: '{not json', headers: { 'content-type': 'application/json' },
    });
    assert.equal(response.statusCode, 401);
    assert.equal(response.body.split(':')[0], 'missing_token');
  });
});

describe('paths (SPEC §0)', () => {
  test('/v1, /api/v1 and /hub-api/api/v1 serve the same handlers; agents also at the legacy aliases', async () => {
    const paths = ['/v1/agents', '/api/v1/agents', '/hub-api/api/v1/agents', '/api/agents', '/hub-api/api/agents'];
    for (const url of paths) {
      const response = await t.request({ url, token: key });
      assert.equal(response.statusCode, 200, url);
      assert.deepEqual(response.json(), [], url);
    }
    const lists = await Promise.all(
      ['/v1/api-keys', '/api/v1/api-keys', '/hub-api/api/v1/api-keys'].map((url) => t.request({ url, token: key })),
    );
    for (const list of lists) assert.deepEqual(list.json(), lists[0]!.json());
  });
});

describe('health', () => {
  test('GET /healthz and GET /readyz answer without credentials', async () => {
    const health = await t.request({ url: '/healthz' });
    assert.equal(health.statusCode, 200);
    assert.deepEqual(health.json(), { status: 'ok' });
    const ready = await t.request({ url: '/readyz' });
    assert.equal(ready.statusCode, 200);
    assert.deepEqual(ready.json(), { status: 'ready' });
  });
});
