// The server side of P6 (bench/p6-real-read.ts), its own process pinned to one core: a real hub with Redis rate
// limits and the audit trail on, one account whose limits are lifted (so nothing is refused), its sk_live_ key, and
// beside the hub's real `GET /v1/agents` the same handler on an open route of the same server. The difference
// between the two is what the guardrails cost a real read: authentication (a cache hit), the Redis limiter (admit
// and release), the audit row, the verdict re-check.
//
// With P6_JOIN (the JSON the first instance printed), a second instance of the same hub: same databases, same
// account and key, sharing Redis (bench/p6-two-instances.ts).
import { dist, startBenchHub, type BenchHubIdentity } from './bench-hub.js';
import { profileOnSignal } from './profile-on-signal.js';

const { mintApiKey } = (await import(dist('keys/mint-api-key.js'))) as typeof import('../packages/hub/src/keys/mint-api-key.js');
const { listAgents, insertAgent } = (await import(dist('agents/agent-store.js'))) as typeof import('../packages/hub/src/agents/agent-store.js');
const { newAgentId } = (await import(dist('agents/agent-id.js'))) as typeof import('../packages/hub/src/agents/agent-id.js');

const joining = process.env.P6_JOIN ? (JSON.parse(process.env.P6_JOIN) as BenchHubIdentity & { slug: string; key: string }) : undefined;
const { hub, identity } = await startBenchHub(
  'p6-server',
  { REDIS_URL: process.env.KATAVEN_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379' },
  joining,
);
let slug: string;
let key: string;
if (joining) {
  ({ slug, key } = joining);
} else {
  slug = (await hub.createAccount('bench')).slug;
  // Lifted before the first request reads (and caches) the account: nothing is refused, everything is counted.
  const lifted = 1_000_000_000;
  await hub.catalog.update(slug, { rateLimits: { per_minute: lifted, per_hour: lifted, per_day: lifted, concurrent: 100_000 } });
  // A realistic small list: three agents.
  await hub.tenancy.withDatabase(slug, async (db) => {
    for (const name of ['Support', 'Sales', 'Billing']) await insertAgent(db, newAgentId(), { name });
  });
  ({ key } = await mintApiKey(hub, slug, { name: 'bench', expiry: '1d', createdBy: 'bench' }));
}
// The open twin of GET /v1/agents: the same tenant query, the same answer, no guardrails.
hub.app.get('/bench/agents', async () => hub.tenancy.withDatabase(slug, listAgents));
// With P6_PROFILE_FILE, SIGUSR2 starts a CPU profile and the next one writes it there.
await profileOnSignal(process.env.P6_PROFILE_FILE);
const address = await hub.app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ url: address, key, join: { ...identity, slug, key } })}\n`);

