// The server side of P6 (bench/p6-real-read.ts), its own process pinned to one core: a real hub with Redis rate
// limits and the audit trail on, one account whose limits are lifted (so nothing is refused), its sk_live_ key, and
// beside the hub's real `GET /v1/agents` the same handler on an open route of the same server. The difference
// between the two is what the guardrails cost a real read: authentication (a cache hit), the Redis limiter (admit
// and release), the audit row, the verdict re-check.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const dist = (module: string) => new URL(`../packages/hub/dist/${module}`, import.meta.url).href;
const { loadConfig } = (await import(dist('config.js'))) as typeof import('../packages/hub/src/config.js');
const { startHub } = (await import(dist('hub.js'))) as typeof import('../packages/hub/src/hub.js');
const { mintApiKey } = (await import(dist('keys/mint-api-key.js'))) as typeof import('../packages/hub/src/keys/mint-api-key.js');
const { listAgents, insertAgent } = (await import(dist('agents/agent-store.js'))) as typeof import('../packages/hub/src/agents/agent-store.js');
const { newAgentId } = (await import(dist('agents/agent-id.js'))) as typeof import('../packages/hub/src/agents/agent-id.js');

const POSTGRES_URL = process.env.KATAVEN_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS_URL = process.env.KATAVEN_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `b${randomBytes(4).toString('hex')}_`;
const home = mkdtempSync(path.join(os.tmpdir(), 'kataven-bench-'));
const hub = await startHub(
  loadConfig(
    {
      DATABASE_URL: `${POSTGRES_URL}/${prefix}control`,
      REDIS_URL,
      KATAVEN_ENV: 'development', // required with DATABASE_URL
      KATAVEN_DB_PREFIX: prefix,
      KATAVEN_HOME: home,
      KATAVEN_PEPPER: randomBytes(32).toString('hex'),
    },
    home,
  ),
);
const account = await hub.createAccount('bench');
// Lifted before the first request reads (and caches) the account: nothing is refused, everything is counted.
const lifted = 1_000_000_000;
await hub.catalog.update(account.slug, { rateLimits: { per_minute: lifted, per_hour: lifted, per_day: lifted, concurrent: 100_000 } });
// A realistic small list: three agents.
await hub.tenancy.withDatabase(account.slug, async (db) => {
  for (const name of ['Support', 'Sales', 'Billing']) await insertAgent(db, newAgentId(), { name });
});
// The open twin of GET /v1/agents: the same tenant query, the same answer, no guardrails.
hub.app.get('/bench/agents', async () => hub.tenancy.withDatabase(account.slug, listAgents));
const address = await hub.app.listen({ port: 0, host: '127.0.0.1' });
const { key } = await mintApiKey(hub, account.slug, { name: 'bench', expiry: '1d', createdBy: 'bench' });
process.stdout.write(`${JSON.stringify({ url: address, key })}\n`);

async function dropBenchDatabases(): Promise<void> {
  const client = new pg.Client({ connectionString: `${POSTGRES_URL}/postgres` });
  await client.connect();
  const { rows } = await client.query<{ datname: string }>(
    'SELECT datname FROM pg_database WHERE left(datname, length($1)) = $1',
    [prefix],
  );
  for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  await client.end();
}

process.removeAllListeners('SIGTERM');
process.once('SIGTERM', () => {
  void hub
    .close()
    .catch((err: unknown) => console.error('p6-server: closing the hub failed:', err))
    .then(dropBenchDatabases)
    .catch((err: unknown) => console.error('p6-server: dropping its databases failed:', err))
    .finally(() => {
      rmSync(home, { recursive: true, force: true });
      process.exit(0);
    });
});
