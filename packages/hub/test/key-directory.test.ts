// Issue 7 item 4: the control plane's key directory (HMAC → account). Verifying an sk_live_ key asks it first, so
// an unknown key — for an existing account or not — is refused after the same one control-plane query, without a
// catalog lookup and without opening a tenant pool; minting, hard deletes and pepper rotation keep it current;
// accounts from before the directory are backfilled at start and by `kataven migrate`.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { KeyHasher } from '../src/auth/key-hashing.js';
import { generateKey } from '../src/auth/token-format.js';
import { loadConfig } from '../src/config.js';
import { startHub, type Hub } from '../src/hub.js';
import { mintApiKey } from '../src/keys/mint-api-key.js';
import { migrateAllAccounts } from '../src/tenancy/migrate-accounts.js';
import { countBackendCalls } from './support/backend-calls.js';
import { POSTGRES_URL, startTestHub, uniqueSlug, type TestHub } from './support/test-hub.js';

let t: TestHub;
let jwt: string;
const others: Hub[] = [];

before(async () => {
  t = await startTestHub();
  jwt = await t.devToken();
});
after(async () => {
  for (const hub of others) await hub.close();
  await t?.close();
});

const code = (body: string) => body.split(':')[0];
const agents = (key: string, hub: Hub = t.hub) => hub.app.inject({ url: '/v1/agents', headers: { authorization: `Bearer ${key}` } });
/**
 * The test hub's environment with an in-process auth-service: in gRPC test mode t.env names the test's own
 * auth-service, whose pepper and directory state are not the ones a second hub is started to check.
 */
function withoutGrpc(): Record<string, string> {
  const env = { ...t.env };
  delete env.KATAVEN_AUTH_SERVICE_URL;
  return env;
}
const hashOf = (key: string) => new KeyHasher(t.env.KATAVEN_PEPPER!).hash(key).hash;

async function directoryRows(account: string): Promise<{ key_hash: Buffer; pepper_version: string }[]> {
  const { rows } = await t.hub.control.query<{ key_hash: Buffer; pepper_version: string }>(
    'SELECT key_hash, pepper_version FROM api_key_directory WHERE account = $1 ORDER BY key_hash',
    [account],
  );
  return rows;
}

/** Server connections to an account's database, whoever holds them (this hub's pools, or a gRPC auth-service's). */
async function connectionsTo(account: string): Promise<number> {
  const record = (await t.hub.catalog.find(account))!;
  const client = new pg.Client({ connectionString: `${POSTGRES_URL}/postgres` });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [
      record.databaseName,
    ]);
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

describe('the directory is what an sk_live_ key is looked up in first', () => {
  test('a minted key is entered under its HMAC (never the plaintext) before it verifies', async () => {
    const account = await t.createAccount();
    const { key } = await t.mintKey(account);
    const rows = await directoryRows(account);
    assert.equal(rows.length, 1);
    assert.ok(rows[0]!.key_hash.equals(hashOf(key)), 'the HMAC-SHA256 of the key under the pepper (T3)');
    const dump = await t.hub.control.query<{ row: string }>('SELECT api_key_directory::text AS row FROM api_key_directory');
    for (const { row } of dump.rows) assert.ok(!row.includes(key.slice(-38)), 'no plaintext in the control plane');
    assert.equal((await agents(key)).statusCode, 200);
  });

  test('a forged key: the same single control-plane query for an existing account as for an unknown one, and no pool', async () => {
    const existing = await t.createAccount();
    await t.mintKey(existing); // the account has keys, just not this one
    // Earlier tests' read audit rows are written within a second (AU2): written now, they cannot reopen a pool below.
    await t.hub.audit.flush();
    await t.hub.pools.closeAll();
    for (const account of [existing, uniqueSlug('nosuch')]) {
      const counted = await countBackendCalls(() => agents(generateKey('sk_live_', account)));
      assert.equal(counted.result.statusCode, 401, account);
      assert.equal(code(counted.result.body), 'invalid_token');
      // The directory lookup, and nothing else: no catalog lookup, no connection to the account's database.
      assert.equal(counted.database, 1, `${account}: ${counted.database} database calls`);
    }
    assert.equal(t.hub.pools.poolCount, 0, 'no tenant pool was opened');
    assert.equal(await connectionsTo(existing), 0, 'no connection to the existing account’s database');
  });

  test('P2: a known key verified again (its verdict no longer cached) costs its account-database lookup alone', async () => {
    const account = await t.createAccount();
    const { key } = await t.mintKey(account);
    const verify = () => t.hub.verifier.verify({ token: key, accountHeader: undefined, surface: 'api' });
    assert.equal((await verify()).ok, true); // first use: the directory, the row, and K6's first write
    const again = await countBackendCalls(verify);
    assert.equal(again.result.ok, true);
    assert.equal(again.database, 1, `${again.database} database calls`);
    // A forged key never finds the directory's memory of hits: the query every time.
    const forged = generateKey('sk_live_', account);
    for (let i = 0; i < 2; i++) {
      const counted = await countBackendCalls(() => t.hub.verifier.verify({ token: forged, accountHeader: undefined, surface: 'api' }));
      assert.deepEqual([counted.result.ok, counted.database], [false, 1]);
    }
  });

  test("a directory entry of another account does not let the token's account be asked", async () => {
    const [victim, other] = [await t.createAccount(), await t.createAccount()];
    const forged = generateKey('sk_live_', victim);
    // An entry for this very HMAC, but under another account (what a hash collision or a stale row would be).
    await t.hub.directory.add(hashOf(forged), t.hub.hasher.currentVersion, other);
    await t.hub.pools.closeAll();
    const counted = await countBackendCalls(() => agents(forged));
    assert.equal(counted.result.statusCode, 401);
    assert.equal(code(counted.result.body), 'invalid_token');
    assert.equal(counted.database, 1);
    assert.equal(t.hub.pools.poolCount, 0);
  });

  test('a failed mint removes the entry it made; an entry without a row is never a positive answer', async () => {
    const account = await t.createAccount();
    await assert.rejects(
      mintApiKey(t.hub, account, { name: 'doomed', expiry: '30d', createdBy: 'test' }, () => Promise.reject(new Error('insert failed'))),
      /insert failed/,
    );
    assert.deepEqual(await directoryRows(account), [], 'the entry was removed again');

    // An orphan entry (a mint that died between the two writes): the key is still refused.
    const orphan = generateKey('sk_live_', account);
    await t.hub.directory.add(hashOf(orphan), t.hub.hasher.currentVersion, account);
    const response = await agents(orphan);
    assert.equal(response.statusCode, 401);
    assert.equal(code(response.body), 'invalid_token');
  });

  test('K4: a never-used key deleted loses its entry; a used one is disabled, keeps it, and stays 403 key_revoked', async () => {
    const account = await t.createAccount();
    const mint = async (name: string) => {
      const created = await t.request({ method: 'POST', url: '/v1/api-keys', token: jwt, account, body: { name } });
      assert.equal(created.statusCode, 201, created.body);
      return created.json<{ id: string; key: string }>();
    };
    const unused = await mint('never-used');
    const used = await mint('used');
    assert.equal((await directoryRows(account)).length, 2, 'POST /v1/api-keys enters the key');
    assert.equal((await agents(used.key)).statusCode, 200);

    for (const { id } of [unused, used]) {
      const removal = await t.request({ method: 'DELETE', url: `/v1/api-keys/${id}`, token: jwt, account });
      assert.equal(removal.statusCode, 204, removal.body);
    }
    const rows = await directoryRows(account);
    assert.deepEqual(
      rows.map((r) => r.key_hash.toString('hex')),
      [hashOf(used.key).toString('hex')],
      'only the deleted key left the directory',
    );
    const revoked = await agents(used.key);
    assert.equal(revoked.statusCode, 403);
    assert.equal(code(revoked.body), 'key_revoked');
    const deleted = await agents(unused.key);
    assert.equal(deleted.statusCode, 401);
    assert.equal(code(deleted.body), 'invalid_token');
  });

  test('T3 rotation: the re-hash moves the entry to the current pepper’s hash', async () => {
    const account = await t.createAccount();
    const { key } = await t.mintKey(account);
    const oldPepper = t.env.KATAVEN_PEPPER!;
    const newPepper = randomBytes(32).toString('hex');
    const rotating = await startHub(loadConfig({ ...withoutGrpc(), KATAVEN_PEPPER: newPepper, KATAVEN_PEPPER_PREVIOUS: oldPepper }, t.home));
    others.push(rotating);
    assert.equal((await agents(key, rotating)).statusCode, 200);
    const expected = new KeyHasher(newPepper).hash(key);
    let rows = await directoryRows(account);
    for (let i = 0; i < 100 && !(rows.length === 1 && rows[0]!.key_hash.equals(expected.hash)); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      rows = await directoryRows(account);
    }
    assert.equal(rows.length, 1, 'the old hash is gone');
    assert.ok(rows[0]!.key_hash.equals(expected.hash));
    assert.equal(rows[0]!.pepper_version, expected.pepperVersion);
  });
});

describe('backfill: accounts whose keys predate the directory', () => {
  /** What an account from before migration 0002 looks like: its key in its own database only, not flagged. */
  async function predating(account: string, key: string): Promise<void> {
    await t.hub.control.query('DELETE FROM api_key_directory WHERE key_hash = $1', [hashOf(key)]);
    await t.hub.control.query('UPDATE accounts SET keys_indexed = false WHERE slug = $1', [account]);
  }
  const indexed = async (account: string) =>
    (await t.hub.control.query<{ keys_indexed: boolean }>('SELECT keys_indexed FROM accounts WHERE slug = $1', [account])).rows[0]!
      .keys_indexed;

  test('new accounts start indexed', async () => {
    assert.equal(await indexed(await t.createAccount()), true);
  });

  test('an account whose backfill failed at start: its own database still decides, and the retry enters its keys', async () => {
    const account = await t.createAccount();
    const { key } = await t.mintKey(account);
    await predating(account, key);
    const database = (await t.hub.catalog.find(account))!.databaseName;
    const admin = new pg.Client({ connectionString: `${POSTGRES_URL}/postgres` });
    await admin.connect();
    let restarted: Hub;
    try {
      // The account's database refuses connections while a hub starts: its backfill fails.
      await t.hub.pools.close(account);
      await admin.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS false`);
      try {
        restarted = await startHub(loadConfig(withoutGrpc(), t.home));
        others.push(restarted);
      } finally {
        await admin.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`);
      }
    } finally {
      await admin.end();
    }
    assert.equal(await indexed(account), false);
    assert.ok(restarted.directory.isPending(account));
    // Not in the directory, yet found in its own database; a forged key of it is still refused.
    assert.equal((await agents(key, restarted)).statusCode, 200);
    const forged = await agents(generateKey('sk_live_', account), restarted);
    assert.equal(forged.statusCode, 401);
    assert.equal(code(forged.body), 'invalid_token');
    // What the retry timer does every minute, called at once: the keys are entered and the account flagged.
    const results = await restarted.directory.indexUnindexed(restarted.server);
    assert.ok(results.some((r) => r.slug === account && r.keys === 1), JSON.stringify(results));
    assert.equal(restarted.directory.isPending(account), false);
    assert.equal(await indexed(account), true);
    assert.equal((await directoryRows(account)).length, 1);
  });

  test('a hub start enters the keys of unflagged accounts and flags them; the key then verifies through the directory', async () => {
    const account = await t.createAccount();
    const { key } = await t.mintKey(account);
    await predating(account, key);
    assert.deepEqual(await directoryRows(account), []);
    const restarted = await startHub(loadConfig(withoutGrpc(), t.home));
    others.push(restarted);
    assert.equal(await indexed(account), true);
    const rows = await directoryRows(account);
    assert.equal(rows.length, 1);
    assert.ok(rows[0]!.key_hash.equals(hashOf(key)));
    // Now the directory decides: the key verifies on the hub that backfilled it.
    assert.equal((await agents(key, restarted)).statusCode, 200);
  });

  test('kataven migrate --recheck re-enters every account’s keys (a key minted by an instance older than the directory)', async () => {
    const account = await t.createAccount();
    const { key } = await t.mintKey(account);
    // Flagged, yet missing its entry: what a rolling upgrade's old instance leaves behind.
    await t.hub.control.query('DELETE FROM api_key_directory WHERE key_hash = $1', [hashOf(key)]);
    const refused = await agents(key);
    assert.equal(refused.statusCode, 401, 'the directory decides for an indexed account');
    assert.equal(code(refused.body), 'invalid_token');
    // The account is current and flagged as indexed, so only --recheck opens it (issue 14: a plain run skips
    // current accounts without a connection).
    const results = await migrateAllAccounts(t.hub.server, t.hub.catalog, { concurrency: 2, directory: t.hub.directory, recheck: true });
    assert.ok(results.every((r) => r.error === undefined), JSON.stringify(results));
    assert.equal((await directoryRows(account)).length, 1);
    // A fresh hub (no negative cache of the refusal above) accepts the key.
    const fresh = await startHub(loadConfig(withoutGrpc(), t.home));
    others.push(fresh);
    assert.equal((await agents(key, fresh)).statusCode, 200);
  });
});
