// L2 across hub processes: two `kataven serve` processes on one PostgreSQL and one Redis, each with its own
// simulated carrier. concurrent_max=3 holds exactly under 50 parallel originates spread over both; a call's end
// (reported to the instance that placed it) frees its slot for the other; a process killed with SIGKILL mid-call
// stops renewing its call's lease, and the slot comes back after KATAVEN_CALL_LEASE_SECONDS.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { lastLine } from './support/cli-process.js';
import { startHubCluster, type HubCluster } from './support/hub-cluster.js';

const LEASE_SECONDS = 3;
const FROM = '+15550000001';
const TO = '+15557654321';

let cluster: HubCluster;
let account: string;
let key: string;
let jwt: string;
let agent: string;

async function call(url: string, path: string, init: { method?: string; body?: unknown; token?: string; admin?: boolean } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${init.token ?? key}` };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.admin) Object.assign(headers, { 'x-account-id': account, 'x-admin': 'true' });
  const response = await fetch(`${url}${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  return { status: response.status, body: await response.text(), retryAfter: response.headers.get('retry-after') };
}

const originate = (url: string) => call(url, '/v1/calls/originate', { method: 'POST', body: { agent_id: agent, from_number: FROM, to_number: TO } });

async function setCaps(caps: Record<string, number>): Promise<void> {
  const r = await call(cluster.urls[0]!, '/v1/call-limits', {
    method: 'PUT',
    token: jwt,
    admin: true,
    body: { concurrent_max: 10, calls_per_minute: 30, daily_calls_max: 1000, daily_minutes_max: 600, ...caps },
  });
  assert.equal(r.status, 200, r.body);
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface TestAccount {
  account: string;
  key: string;
  agent: string;
}

let accounts = 0;
/** An account with lifted plan ceilings and rate limits, a key, an active agent, a provider and a number. */
async function newAccount(): Promise<TestAccount> {
  const slug = `calls-${cluster.prefix.slice(1, 7)}-${accounts++}`;
  assert.equal((await cluster.cli(['accounts', 'create', slug])).code, 0);
  // The plan's ceilings allow 30 calls a minute; this file places more, and R1 is not what it tests.
  const control = new pg.Client({ connectionString: cluster.env.DATABASE_URL });
  await control.connect();
  await control.query(
    `UPDATE accounts SET cap_calls_per_minute = 1000, cap_daily_calls_max = 10000, rate_per_minute = 100000,
       rate_per_hour = 100000, rate_per_day = 100000, rate_concurrent = 1000 WHERE slug = $1`,
    [slug],
  );
  await control.end();
  const minted = await cluster.cli(['keys', 'mint', slug, '--name', 'caller']);
  assert.equal(minted.code, 0, minted.stderr);
  const created: TestAccount = { account: slug, key: lastLine(minted.stdout), agent: '' };
  await useAccount(created);
  const url = cluster.urls[0]!;
  const idOf = (r: { body: string }) => (JSON.parse(r.body) as { id: string }).id;
  const agent = idOf(await call(url, '/v1/agents', { method: 'POST', body: { name: 'Caller', status: 'active' } }));
  const provider = idOf(
    await call(url, '/v1/telephony/providers', { method: 'POST', body: { provider: 'twilio', credentials: { account_sid: `AC${'2'.repeat(32)}`, auth_token: 'cluster-token' } } }),
  );
  assert.equal((await call(url, '/v1/telephony/numbers', { method: 'POST', body: { number: FROM, provider_id: provider } })).status, 201);
  created.agent = agent;
  return created;
}

/** The account the helpers above act on. */
async function useAccount(a: TestAccount): Promise<void> {
  ({ account, key, agent } = a);
}

before(async () => {
  cluster = await startHubCluster({
    instances: 2,
    env: { KATAVEN_CALL_LEASE_SECONDS: String(LEASE_SECONDS) },
    // Instance 1's simulated calls end after a second; instance 2's last ten minutes (until it is killed).
    instanceEnv: (i) => ({ KATAVEN_SIMULATED_CALL_SECONDS: i === 0 ? '1' : '600' }),
  });
  const login = await fetch(`${cluster.urls[0]}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'dev', password: 'dev' }),
  });
  jwt = ((await login.json()) as { token: string }).token;
  await useAccount(await newAccount());
});
after(() => cluster?.close());

test('concurrent_max=3: 50 parallel originates over two processes admit exactly 3', async () => {
  await setCaps({ concurrent_max: 3, calls_per_minute: 1000, daily_calls_max: 10000 });
  const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => originate(cluster.urls[i % 2]!)));
  const admitted = answers.filter((a) => a.status === 200);
  const refused = answers.filter((a) => a.status === 429);
  assert.equal(admitted.length, 3, answers.map((a) => `${a.status} ${a.body}`).join('\n'));
  assert.equal(refused.length, 47);
  for (const r of refused) {
    assert.equal(r.body, 'cost_cap: Concurrent call limit reached');
    assert.equal(r.retryAfter, '5');
  }
});

test('a call that ends (reported to the instance that placed it) frees its slot on the other instance', async () => {
  await useAccount(await newAccount());
  await setCaps({ concurrent_max: 1 });
  const first = await originate(cluster.urls[0]!); // instance 1: short calls
  assert.equal(first.status, 200, first.body);
  const refused = await originate(cluster.urls[1]!);
  assert.equal(refused.body, 'cost_cap: Concurrent call limit reached');
  const id = (JSON.parse(first.body) as { call_id: string }).call_id;
  await until(async () => {
    const c = await call(cluster.urls[1]!, `/v1/calls/${id}`);
    return (JSON.parse(c.body) as { status: string }).status === 'completed' ? true : undefined;
  }, 'the short call to end', 20_000);
  const second = await originate(cluster.urls[1]!);
  assert.equal(second.status, 200, second.body);
});

test('a process killed with SIGKILL mid-call: its slot stays taken until its lease lapses, then is reusable', async () => {
  // Continues the test above: the one live call of this account is a long one, placed by instance 2.
  const victim = cluster.instances[1]!;
  victim.child.kill('SIGKILL');
  await victim.waitForExit(10_000);
  const killedAt = Date.now();
  const atOnce = await originate(cluster.urls[0]!);
  assert.equal(atOnce.body, 'cost_cap: Concurrent call limit reached', "the dead instance's slot still counts at first");
  await until(async () => ((await originate(cluster.urls[0]!)).status === 200 ? true : undefined), 'the slot to lapse', 20_000);
  const lapsedAfter = Date.now() - killedAt;
  process.stdout.write(`# the killed instance's slot came back ${lapsedAfter} ms after SIGKILL (lease ${LEASE_SECONDS} s)\n`);
  assert.ok(lapsedAfter <= LEASE_SECONDS * 1000 + 2000, `came back after ${lapsedAfter} ms`);
});
