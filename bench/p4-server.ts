// The server side of P4 (bench/p4-many-accounts.ts), its own process pinned to one core: a real hub with Redis
// rate limits and the audit trail on, a tenant budget of P4_BUDGET connections (default 40: far fewer than the
// accounts served), and P4_ACCOUNTS accounts (default 1,000) with their limits lifted, three agents each and an
// sk_live_ key each, written one a line to the file it prints (the wrk script reads them).
//
// The account databases are real: the first account is created through A7 (CREATE DATABASE, migrations, catalog)
// and the others are copies of its database (CREATE DATABASE … TEMPLATE, four at a time) registered in the
// catalog as A7 does. Keys are minted through the hub (K7), each a write to its account's own database.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { copyAccount } from './account-copies.js';
import { dist, startBenchHub } from './bench-hub.js';
import { profileOnSignal } from './profile-on-signal.js';

const { mintApiKey } = (await import(dist('keys/mint-api-key.js'))) as typeof import('../packages/hub/src/keys/mint-api-key.js');
const { insertAgent } = (await import(dist('agents/agent-store.js'))) as typeof import('../packages/hub/src/agents/agent-store.js');
const { newAgentId } = (await import(dist('agents/agent-id.js'))) as typeof import('../packages/hub/src/agents/agent-id.js');
const { accountDatabaseName } = (await import(dist('tenancy/account-slug.js'))) as typeof import('../packages/hub/src/tenancy/account-slug.js');

const ACCOUNTS = Number(process.env.P4_ACCOUNTS ?? 1000);
const BUDGET = Number(process.env.P4_BUDGET ?? 40);
const POSTGRES_URL = process.env.KATAVEN_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
const lifted = 1_000_000_000;
const rateLimits = { per_minute: lifted, per_hour: lifted, per_day: lifted, concurrent: 100_000 };

const started = performance.now();
const { hub, identity } = await startBenchHub('p4-server', {
  REDIS_URL: process.env.KATAVEN_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
  KATAVEN_MAX_TENANT_CONNECTIONS: String(BUDGET),
});
const template = await hub.createAccount('p4-template');
await hub.tenancy.withDatabase(template.slug, async (db) => {
  for (const name of ['Support', 'Sales', 'Billing']) await insertAgent(db, newAgentId(), { name });
});
await hub.pools.close(template.slug); // a template has no session while it is copied

/** Runs `work` over `items`, `concurrency` at a time. */
async function inParallel<T>(items: T[], concurrency: number, work: (item: T, worker: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async (_, worker) => {
    while (next < items.length) await work(items[next++]!, worker);
  }));
}

const slugs = Array.from({ length: ACCOUNTS }, (_, i) => `p4-${String(i).padStart(5, '0')}`);
const ddl = Array.from({ length: 4 }, () => new pg.Client({ connectionString: `${POSTGRES_URL}/postgres` }));
await Promise.all(ddl.map((c) => c.connect()));
await inParallel(slugs, ddl.length, async (slug, worker) => {
  await copyAccount(hub.catalog, ddl[worker]!, slug, accountDatabaseName(slug, identity.prefix), template);
  // Lifted before the first request reads (and caches) the account: nothing is refused, everything is counted.
  await hub.catalog.update(slug, { rateLimits });
});
await Promise.all(ddl.map((c) => c.end()));
const created = performance.now();
const keys: string[] = new Array<string>(ACCOUNTS);
await inParallel(slugs.map((slug, i) => ({ slug, i })), 8, async ({ slug, i }) => {
  keys[i] = (await mintApiKey(hub, slug, { name: 'bench', expiry: '1d', createdBy: 'bench' })).key;
});
const keysFile = path.join(identity.home, 'p4-keys.txt');
writeFileSync(keysFile, `${keys.join('\n')}\n`);
await profileOnSignal(process.env.P6_PROFILE_FILE);
// Requests the hub has answered on its API (not this route): the bench divides connections opened by these, not by
// what wrk counted, which leaves out the requests still in flight when wrk stops (16 a run, each with a connection
// of its own: 0.06–0.1 per request at P4's cold rates).
let answered = 0;
hub.app.addHook('onResponse', (request, _reply, done) => {
  if (request.url.startsWith('/v1/')) answered++;
  done();
});
hub.app.get('/bench/answered', async () => ({ answered }));
const address = await hub.app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(
  `${JSON.stringify({
    url: address,
    key: keys[0],
    keysFile,
    prefix: identity.prefix,
    budget: hub.pools.budget,
    accounts: ACCOUNTS,
    setup_s: { databases: Math.round((created - started) / 100) / 10, keys: Math.round((performance.now() - created) / 100) / 10 },
  })}\n`,
);
