// Issue 14 (A5): the tenant connection budget is checked at start against the real server's max_connections,
// less the slots reserved for superusers and the connections the hub opens besides its account pools. A
// budget asked for that cannot fit refuses to start, naming the variable and the numbers; the default is
// lowered to what fits.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { HUB_RESERVE } from '../src/hub.js';
import { reserved } from '../src/tenancy/tenant-budget-check.js';
import { POSTGRES_URL, startTestHub } from './support/test-hub.js';

let admin: pg.Client;
let maxConnections: number;
let superuserReserved: number;
/** What this server leaves for account databases, computed here from the server's own settings. */
let available: number;

before(async () => {
  admin = new pg.Client({ connectionString: `${POSTGRES_URL}/postgres` });
  await admin.connect();
  maxConnections = Number((await admin.query<{ max_connections: string }>('SHOW max_connections')).rows[0]!.max_connections);
  superuserReserved = Number(
    (await admin.query<{ superuser_reserved_connections: string }>('SHOW superuser_reserved_connections')).rows[0]!.superuser_reserved_connections,
  );
  const { rows } = await admin.query<{ setting: string }>("SELECT setting FROM pg_settings WHERE name = 'reserved_connections'");
  available = maxConnections - superuserReserved - Number(rows[0]?.setting ?? 0) - reserved(HUB_RESERVE);
});
after(() => admin.end());

describe('A5 the tenant connection budget against max_connections, at start', () => {
  test('a budget larger than max_connections refuses to start, naming KATAVEN_MAX_TENANT_CONNECTIONS and the numbers', async () => {
    const asked = maxConnections + 1;
    await assert.rejects(startTestHub({ KATAVEN_MAX_TENANT_CONNECTIONS: String(asked) }), (err: Error) => {
      assert.match(err.message, new RegExp(`^KATAVEN_MAX_TENANT_CONNECTIONS=${asked} cannot fit on this PostgreSQL server`));
      assert.ok(err.message.includes(`max_connections ${maxConnections} - superuser_reserved_connections ${superuserReserved}`), err.message);
      assert.ok(err.message.includes(`- ${reserved(HUB_RESERVE)} the hub keeps for itself`), err.message);
      assert.ok(err.message.includes(`Set KATAVEN_MAX_TENANT_CONNECTIONS to at most ${available}`), err.message);
      return true;
    });
  });

  test('one connection more than what is left is refused too; exactly what is left starts', async () => {
    await assert.rejects(startTestHub({ KATAVEN_MAX_TENANT_CONNECTIONS: String(available + 1) }), /cannot fit/);
    const t = await startTestHub({ KATAVEN_MAX_TENANT_CONNECTIONS: String(available) });
    try {
      assert.equal(t.hub.pools.budget, available);
    } finally {
      await t.close();
    }
  });

  test('unset, the default of 100 is lowered to what the server holds', async () => {
    const t = await startTestHub();
    try {
      assert.equal(t.hub.pools.budget, Math.min(100, available));
    } finally {
      await t.close();
    }
  });
});
