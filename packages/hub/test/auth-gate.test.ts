// The verdict cache's key separates everything a verdict depends on (T6): the token, the account asked about
// (absent is not empty), and the surface (an operator-console verdict never answers a tenant route).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestHub, type TestHub } from './support/test-hub.js';

let t: TestHub;
let account: string;
let key: string;

before(async () => {
  t = await startTestHub();
  account = await t.createAccount();
  key = (await t.mintKey(account)).key;
});
after(() => t.close());

test('a cached verdict without X-Account-ID does not answer a request with an empty one', async () => {
  for (let i = 0; i < 2; i++) assert.equal((await t.request({ url: '/v1/agents', token: key })).statusCode, 200);
  assert.ok(t.hub.cache.size > 0, 'the verdict is cached');
  const empty = await t.request({ url: '/v1/agents', token: key, headers: { 'x-account-id': '' } });
  assert.equal(empty.statusCode, 400);
  assert.equal(empty.body.split(':')[0], 'invalid_account');
  const same = await t.request({ url: '/v1/agents', token: key, account });
  assert.equal(same.statusCode, 200, 'its own account named explicitly is fine');
});

test('the same token asks about two accounts: two verdicts, never one for the other', async () => {
  const jwt = await t.devToken();
  const other = await t.createAccount();
  assert.equal((await t.request({ url: '/v1/agents', token: jwt, account })).statusCode, 200);
  const unknown = await t.request({ url: '/v1/agents', token: jwt, account: 'no-such-account' });
  assert.equal(unknown.statusCode, 403);
  assert.equal(unknown.body.split(':')[0], 'account_mismatch');
  assert.equal((await t.request({ url: '/v1/agents', token: jwt, account: other })).statusCode, 200);
});
