// AU2 under a real shutdown: a `kataven serve` process under read load gets SIGTERM. Reads' audit rows are
// batched in memory; every request the hub answered must still be in the account's audit log after it exits.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { accountDatabaseName } from '../src/tenancy/account-slug.js';
import { lastLine } from './support/cli-process.js';
import { startHubCluster, type HubCluster } from './support/hub-cluster.js';
import { POSTGRES_URL } from './support/test-hub.js';

let cluster: HubCluster;
let account: string;
let key: string;

before(async () => {
  cluster = await startHubCluster({ instances: 1 });
  account = `term-${cluster.prefix.slice(1, 7)}`;
  assert.equal((await cluster.cli(['accounts', 'create', account])).code, 0);
  // This test is about the audit trail, not R1: lift the account's rate limits out of the way.
  const control = new pg.Client({ connectionString: cluster.env.DATABASE_URL });
  await control.connect();
  await control.query(
    'UPDATE accounts SET rate_per_minute = 1000000, rate_per_hour = 1000000, rate_per_day = 1000000, rate_concurrent = 1000 WHERE slug = $1',
    [account],
  );
  await control.end();
  const minted = await cluster.cli(['keys', 'mint', account, '--name', 'reader']);
  assert.equal(minted.code, 0, minted.stderr);
  key = lastLine(minted.stdout);
});
after(() => cluster?.close());

test('SIGTERM under read load: every answered request has its audit row', { timeout: 60_000 }, async () => {
  const answered: string[] = [];
  let stop = false;
  const reader = async () => {
    while (!stop) {
      try {
        const response = await fetch(`${cluster.urls[0]}/v1/agents`, { headers: { authorization: `Bearer ${key}` } });
        await response.arrayBuffer();
        if (response.status === 200) answered.push(response.headers.get('x-request-id')!);
      } catch {
        return; // the hub has closed its listener
      }
    }
  };
  const readers = Array.from({ length: 8 }, reader);
  // The signal comes once the load is real (a fixed pause gave too few reads on a loaded CI machine).
  const loaded = Date.now() + 20_000;
  while (answered.length <= 100 && Date.now() < loaded) await new Promise((r) => setTimeout(r, 20));
  const instance = cluster.instances[0]!;
  instance.child.kill('SIGTERM');
  const exit = await instance.waitForExit(20_000);
  stop = true;
  await Promise.all(readers);

  assert.equal(exit.code, 0, instance.describe());
  assert.ok(answered.length > 50, `load was real: ${answered.length} answered reads`);
  const db = new pg.Client({ connectionString: `${POSTGRES_URL}/${accountDatabaseName(account, cluster.prefix)}` });
  await db.connect();
  try {
    const { rows } = await db.query<{ request_id: string }>(
      'SELECT request_id FROM audit_log WHERE request_id = ANY($1::text[])',
      [answered],
    );
    const logged = new Set(rows.map((r) => r.request_id));
    const missing = answered.filter((id) => !logged.has(id));
    assert.deepEqual(missing, [], `${missing.length} of ${answered.length} answered requests have no audit row`);
  } finally {
    await db.end();
  }
});
