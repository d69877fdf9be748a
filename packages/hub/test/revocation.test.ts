// T6/T7 across processes: three hub instances sharing PostgreSQL and Redis, with warm verdict caches. A key
// revoked (or deleted) through one instance is refused by every instance on its very next request. The same
// scenario runs with the auth-service in-process and with the auth-service alone behind gRPC (T5).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startHubCluster, type HubCluster } from './support/hub-cluster.js';
import { lastLine } from './support/cli-process.js';

async function call(url: string, token: string, init: RequestInit = {}, account?: string) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (account !== undefined) headers['x-account-id'] = account;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, { ...init, headers });
  return { status: response.status, body: await response.text() };
}

for (const mode of ['in-process auth-service', 'gRPC auth-service'] as const) {
  describe(`revocation across 3 instances (${mode})`, { timeout: 120_000 }, () => {
    let cluster: HubCluster;
    let account: string;
    let jwt: string;

    const mint = async (name: string) => {
      const minted = await cluster.cli(['keys', 'mint', account, '--name', name]);
      assert.equal(minted.code, 0, minted.stderr);
      return lastLine(minted.stdout);
    };
    const keyId = async (name: string) => {
      const list = await call(`${cluster.urls[0]}/v1/api-keys`, jwt, {}, account);
      const item = (JSON.parse(list.body) as { id: string; name: string }[]).find((k) => k.name === name);
      assert.ok(item, `key ${name} listed`);
      return item.id;
    };
    /** Every instance answers 200 twice: the second answer comes from its verdict cache. */
    const warmEverywhere = async (key: string) => {
      for (const url of cluster.urls) {
        for (let i = 0; i < 2; i++) assert.equal((await call(`${url}/v1/agents`, key)).status, 200, url);
      }
    };

    before(async () => {
      cluster = await startHubCluster({ instances: 3, authService: mode === 'gRPC auth-service' });
      account = `rev-${cluster.prefix.slice(1, 7)}`;
      const created = await cluster.cli(['accounts', 'create', account]);
      assert.equal(created.code, 0, created.stderr);
      const login = await fetch(`${cluster.urls[0]}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'dev', password: 'dev' }),
      });
      jwt = ((await login.json()) as { token: string }).token;
    });
    after(() => cluster?.close());

    test('a key revoked through instance 1 is refused by instances 2 and 3 on their next request', async () => {
      const key = await mint('to-revoke');
      await warmEverywhere(key);
      const revoke = await call(
        `${cluster.urls[0]}/v1/api-keys/${await keyId('to-revoke')}`,
        jwt,
        { method: 'PATCH', body: JSON.stringify({ disabled: true }) },
        account,
      );
      assert.equal(revoke.status, 204, revoke.body);
      // No pause: the revoking response has been received, and instances must refuse from now on.
      const answers = await Promise.all(cluster.urls.map((url) => call(`${url}/v1/agents`, key)));
      for (const [i, answer] of answers.entries()) {
        assert.equal(answer.status, 403, `instance ${i + 1}: ${answer.body}`);
        assert.equal(answer.body.split(':')[0], 'key_revoked');
      }
    });

    test('a used key deleted through instance 2 is refused everywhere', async () => {
      const key = await mint('to-delete');
      await warmEverywhere(key);
      const removal = await call(`${cluster.urls[1]}/v1/api-keys/${await keyId('to-delete')}`, jwt, { method: 'DELETE' }, account);
      assert.equal(removal.status, 204, removal.body);
      for (const url of cluster.urls) {
        const answer = await call(`${url}/v1/agents`, key);
        assert.equal(answer.status, 403, `${url}: ${answer.body}`);
        assert.equal(answer.body.split(':')[0], 'key_revoked');
      }
    });

    test('other keys of the account keep working on every instance', async () => {
      const kept = await mint('kept');
      await warmEverywhere(kept);
      const other = await mint('revoked-beside');
      const revoke = await call(
        `${cluster.urls[2]}/v1/api-keys/${await keyId('revoked-beside')}`,
        jwt,
        { method: 'PATCH', body: JSON.stringify({ disabled: true }) },
        account,
      );
      assert.equal(revoke.status, 204);
      for (const url of cluster.urls) {
        assert.equal((await call(`${url}/v1/agents`, kept)).status, 200);
        assert.equal((await call(`${url}/v1/agents`, other)).body.split(':')[0], 'key_revoked');
      }
    });
  });
}
