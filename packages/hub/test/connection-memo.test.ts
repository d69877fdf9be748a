// P1's connection memo (AuthGate): a keep-alive connection's repeated bearer is hashed once. These tests hold
// one real TCP connection to a listening hub and check that the memo never answers for another token, and
// never outlives a revocation: it remembers a cache key, not a verdict.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { startTestHub, type TestHub } from './support/test-hub.js';

let t: TestHub;
let port: number;
let connections = 0;
/** One socket for every request of this file: keep-alive, at most one connection. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

before(async () => {
  t = await startTestHub();
  t.hub.app.server.on('connection', () => connections++);
  await t.hub.app.listen({ host: '127.0.0.1', port: 0 });
  port = (t.hub.app.server.address() as AddressInfo).port;
});
after(async () => {
  agent.destroy();
  await t.close();
});

function get(path: string, token: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, agent, headers: { authorization: `Bearer ${token}`, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const keyNames = (body: string) => (JSON.parse(body) as { name: string }[]).map((k) => k.name).sort();

test('two accounts’ keys alternating on one connection: each request answered for its own key', async () => {
  const a = await t.createAccount();
  const b = await t.createAccount();
  const keyA = (await t.mintKey(a, { name: 'memo-a' })).key;
  const keyB = (await t.mintKey(b, { name: 'memo-b' })).key;
  const before = connections;
  for (let i = 0; i < 4; i++) {
    const ra = await get('/v1/api-keys', keyA);
    assert.equal(ra.status, 200, ra.body);
    assert.deepEqual(keyNames(ra.body), ['memo-a']);
    const rb = await get('/v1/api-keys', keyB);
    assert.equal(rb.status, 200, rb.body);
    assert.deepEqual(keyNames(rb.body), ['memo-b']);
    // The same key asking about another account: a different verdict, not the remembered one.
    const mismatch = await get('/v1/api-keys', keyA, { 'x-account-id': b });
    assert.equal(mismatch.status, 403);
    assert.equal(mismatch.body.split(':')[0], 'account_mismatch');
  }
  assert.ok(connections - before <= 1, `all on one connection (${connections - before} opened)`);
});

test('a key revoked while its connection remembers it is refused on that connection’s next request', async () => {
  const account = await t.createAccount();
  const { key, id } = await t.mintKey(account, { name: 'memo-revoked' });
  const other = (await t.mintKey(account, { name: 'memo-other' })).key;
  for (let i = 0; i < 3; i++) assert.equal((await get('/v1/agents', key)).status, 200);
  const jwt = await t.devToken();
  const revoke = await t.request({ method: 'PATCH', url: `/v1/api-keys/${id}`, token: jwt, account, body: { disabled: true } });
  assert.equal(revoke.statusCode, 204, revoke.body);
  const refused = await get('/v1/agents', key);
  assert.equal(refused.status, 403);
  assert.equal(refused.body.split(':')[0], 'key_revoked');
  // Another key of the same length and account, then the revoked one again: still refused.
  assert.equal((await get('/v1/agents', other)).status, 200);
  const again = await get('/v1/agents', key);
  assert.equal(again.status, 403);
  assert.equal(again.body.split(':')[0], 'key_revoked');
});

test('a near miss of the remembered key (same length, one character changed) is not taken for it', async () => {
  const account = await t.createAccount();
  const { key } = await t.mintKey(account, { name: 'memo-near' });
  assert.equal((await get('/v1/agents', key)).status, 200);
  // The checksum no longer matches: T2 refuses it before any lookup, memo or not.
  const last = key.at(-1) === 'a' ? 'b' : 'a';
  const near = await get('/v1/agents', `${key.slice(0, -1)}${last}`);
  assert.equal(near.status, 400);
  assert.equal(near.body.split(':')[0], 'malformed_token');
  assert.equal((await get('/v1/agents', key)).status, 200);
});
