// Issue 14 (A5 × A8): each server of KATAVEN_DB_CLUSTERS is checked at start against its own max_connections and
// gets a budget of its own. A second PostgreSQL started here with max_connections 30 (set with ALTER SYSTEM and a
// restart, as an operator would), beside the PostgreSQL on 127.0.0.1:5432 (which holds the catalog): a budget
// that fits the first but not the second refuses to start, naming the cluster and the numbers; unset, each
// cluster's default is lowered to what it holds.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { HUB_RESERVE } from '../src/hub.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../src/tenancy/embedded-database.js';
import { clusterReserve, reserved } from '../src/tenancy/tenant-budget-check.js';
import { startTestHub } from './support/test-hub.js';

const SECOND_MAX_CONNECTIONS = 30;
let second: EmbeddedDatabase;
let secondHome: string;
/** What the second server leaves for account databases, from its own settings. */
let secondAvailable: number;
let superuserReserved: number;

before(async () => {
  secondHome = mkdtempSync(path.join(os.tmpdir(), 'kataven-budget-pg-'));
  const first = await startEmbeddedDatabase(secondHome, () => undefined);
  const admin = new pg.Client({ connectionString: first.url.replace(/\/[^/]*$/, '/postgres') });
  await admin.connect();
  await admin.query(`ALTER SYSTEM SET max_connections = ${SECOND_MAX_CONNECTIONS}`);
  await admin.end();
  await first.stop();
  second = await startEmbeddedDatabase(secondHome, () => undefined);
  const check = new pg.Client({ connectionString: second.url.replace(/\/[^/]*$/, '/postgres') });
  await check.connect();
  try {
    const setting = async (name: string) => Number((await check.query<{ setting: string }>('SELECT setting FROM pg_settings WHERE name = $1', [name])).rows[0]?.setting ?? 0);
    assert.equal(await setting('max_connections'), SECOND_MAX_CONNECTIONS, 'the restart applied max_connections');
    superuserReserved = await setting('superuser_reserved_connections');
    secondAvailable = SECOND_MAX_CONNECTIONS - superuserReserved - (await setting('reserved_connections')) - reserved(clusterReserve(HUB_RESERVE));
  } finally {
    await check.end();
  }
});
after(async () => {
  await second?.stop();
  rmSync(secondHome, { recursive: true, force: true });
});

describe('A8 each cluster has its own budget, checked against its own server at start', () => {
  test('a budget that fits the default server but not the second refuses to start, naming the cluster', async () => {
    const asked = secondAvailable + 1;
    await assert.rejects(startTestHub({ KATAVEN_DB_CLUSTERS: `second=${second.url}`, KATAVEN_MAX_TENANT_CONNECTIONS: String(asked) }), (err: Error) => {
      assert.match(err.message, new RegExp(`^KATAVEN_MAX_TENANT_CONNECTIONS=${asked} cannot fit on cluster "second"`));
      assert.ok(err.message.includes(`max_connections ${SECOND_MAX_CONNECTIONS} - superuser_reserved_connections ${superuserReserved}`), err.message);
      assert.ok(err.message.includes(`(key indexing ${HUB_RESERVE.keyIndexing}, account creation ${HUB_RESERVE.accountCreation})`), err.message);
      assert.ok(err.message.includes(`Set KATAVEN_MAX_TENANT_CONNECTIONS to at most ${secondAvailable}`), err.message);
      return true;
    });
  });

  test('what the second server holds exactly starts, with that budget on both clusters', async () => {
    const t = await startTestHub({ KATAVEN_DB_CLUSTERS: `second=${second.url}`, KATAVEN_MAX_TENANT_CONNECTIONS: String(secondAvailable) });
    try {
      assert.equal(t.hub.pools.of('second')!.budget, secondAvailable);
      assert.equal(t.hub.pools.of('default')!.budget, secondAvailable);
    } finally {
      await t.close();
    }
  });

  test('unset, each cluster gets the default lowered to what its own server holds', async () => {
    const t = await startTestHub({ KATAVEN_DB_CLUSTERS: `second=${second.url}` });
    try {
      assert.equal(t.hub.pools.of('second')!.budget, Math.min(100, secondAvailable));
      assert.ok(t.hub.pools.of('default')!.budget > secondAvailable, 'the default server (max_connections 100) keeps a larger budget');
      assert.equal(t.hub.pools.budget, t.hub.pools.of('default')!.budget);
    } finally {
      await t.close();
    }
  });
});
