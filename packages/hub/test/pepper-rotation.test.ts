// T3: the pepper can be rotated. A hub given a new KATAVEN_PEPPER and the old one as KATAVEN_PEPPER_PREVIOUS
// still verifies keys hashed with the old one, and re-hashes each on use; once all are re-hashed, the old
// pepper can go.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { loadConfig } from '../src/config.js';
import { startHub, type Hub } from '../src/hub.js';
import { startTestHub, type TestHub } from './support/test-hub.js';

let t: TestHub;
const others: Hub[] = [];

before(async () => {
  t = await startTestHub();
});
after(async () => {
  for (const hub of others) await hub.close();
  await t.close();
});

/** Another hub on the same databases, with other peppers. */
async function hubWith(pepper: string, previous?: string): Promise<Hub> {
  const env = { ...t.env, KATAVEN_PEPPER: pepper, ...(previous ? { KATAVEN_PEPPER_PREVIOUS: previous } : {}) };
  const hub = await startHub(loadConfig(env, t.home));
  await hub.app.ready();
  others.push(hub);
  return hub;
}

const agents = (hub: Hub, key: string) =>
  hub.app.inject({ url: '/v1/agents', headers: { authorization: `Bearer ${key}` } });

test('a key hashed with the previous pepper verifies, is re-hashed, and then needs the previous pepper no more', async () => {
  const account = await t.createAccount();
  const { key, id } = await t.mintKey(account);
  const db = await t.hub.tenancy.database(account);
  const stored = async () =>
    (await db.query<{ pepper_version: string; key_hash: Buffer }>('SELECT pepper_version, key_hash FROM api_keys WHERE id = $1', [id]))
      .rows[0]!;
  const before = await stored();

  const oldPepper = t.env.KATAVEN_PEPPER!;
  const newPepper = randomBytes(32).toString('hex');
  const withoutOld = await hubWith(newPepper);
  const refused = await agents(withoutOld, key);
  assert.equal(refused.statusCode, 401, 'the new pepper alone does not know the key yet');
  assert.equal(refused.body.split(':')[0], 'invalid_token');

  const rotating = await hubWith(newPepper, oldPepper);
  assert.equal((await agents(rotating, key)).statusCode, 200, 'verified with the previous pepper');
  let after = await stored();
  for (let i = 0; i < 50 && after.pepper_version === before.pepper_version; i++) {
    await new Promise((r) => setTimeout(r, 20));
    after = await stored();
  }
  assert.notEqual(after.pepper_version, before.pepper_version, 're-hashed with the current pepper');
  assert.ok(!after.key_hash.equals(before.key_hash));

  const rotated = await hubWith(newPepper);
  assert.equal((await agents(rotated, key)).statusCode, 200, 'the old pepper is no longer needed for this key');
  const oldOnly = await agents(t.hub, key);
  assert.equal(oldOnly.statusCode, 401, 'and a hub with only the old pepper no longer knows it');
});
