// P5 through the whole path: four `kataven serve` processes on one PostgreSQL and one Redis, each with its own
// simulated carrier (calls that talk for ten minutes, so every admitted call holds its slot for the run). For each
// cap setting, a fresh account and 200 originates sent at once to each of the four instances (800 in flight):
// admitted vs cap (overshoot must be 0), and the originate's own latency p50/p99 as a client sees it (auth,
// R1, the caller-ID and agent reads, the cap check, the call row and the processor's answer; the cap check alone
// is bench/p5-cost-caps.ts).
//   node --import tsx bench/p5-originate.ts
import pg from 'pg';
import { lastLine } from '../packages/hub/test/support/cli-process.js';
import { startHubCluster } from '../packages/hub/test/support/hub-cluster.js';
import { percentile, round3 } from './percentiles.js';

const INSTANCES = 4;
const PER_INSTANCE = Number(process.env.BENCH_PER_INSTANCE ?? 200);
const FROM = '+15550000001';
const settings: { name: string; cap: number; caps: Record<string, number> }[] = [
  ...[1, 10, 50, 150].map((n) => ({ name: `concurrent_max ${n}`, cap: n, caps: { concurrent_max: n } })),
  { name: 'calls_per_minute 25', cap: 25, caps: { calls_per_minute: 25 } },
  { name: 'daily_calls_max 100', cap: 100, caps: { daily_calls_max: 100 } },
];
const open = { concurrent_max: 100_000, calls_per_minute: 100_000, daily_calls_max: 100_000, daily_minutes_max: 100_000 };

const cluster = await startHubCluster({ instances: INSTANCES, env: { KATAVEN_SIMULATED_CALL_SECONDS: '600', KATAVEN_LOG_LEVEL: 'error' } });
const control = new pg.Client({ connectionString: cluster.env.DATABASE_URL });
await control.connect();
try {
  const login = await fetch(`${cluster.urls[0]}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'dev', password: 'dev' }),
  });
  const jwt = ((await login.json()) as { token: string }).token;
  const results = [];
  for (const [s, setting] of settings.entries()) {
    // A burst of 800 leaves each instance's pools full (control, key directory, the account's) for their idle
    // timeout (10 s); four instances' worth is PostgreSQL's whole max_connections here, so let them close first.
    if (s > 0) await new Promise((resolve) => setTimeout(resolve, 11_000));
    const account = `p5-${cluster.prefix.slice(1, 7)}-${s}`;
    const created = await cluster.cli(['accounts', 'create', account]);
    if (created.code !== 0) throw new Error(`accounts create: ${created.stderr}`);
    // Neither R1 nor the plan's ceilings are what P5 measures.
    await control.query(
      `UPDATE accounts SET rate_per_minute = 1000000, rate_per_hour = 1000000, rate_per_day = 1000000, rate_concurrent = 100000,
         cap_concurrent_max = 100000, cap_calls_per_minute = 100000, cap_daily_calls_max = 100000, cap_daily_minutes_max = 100000
       WHERE slug = $1`,
      [account],
    );
    const key = lastLine((await cluster.cli(['keys', 'mint', account, '--name', 'p5'])).stdout);
    const send = async (url: string, path: string, body: unknown, headers: Record<string, string> = {}) => {
      const r = await fetch(`${url}${path}`, {
        method: path === '/v1/call-limits' ? 'PUT' : 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      return { status: r.status, body: await r.text() };
    };
    const url = cluster.urls[0]!;
    const agent = (JSON.parse((await send(url, '/v1/agents', { name: 'P5', status: 'active' })).body) as { id: string }).id;
    const provider = (
      JSON.parse(
        (await send(url, '/v1/telephony/providers', { provider: 'twilio', credentials: { account_sid: `AC${'5'.repeat(32)}`, auth_token: 'p5' } })).body,
      ) as { id: string }
    ).id;
    await send(url, '/v1/telephony/numbers', { number: FROM, provider_id: provider });
    const limits = await fetch(`${url}/v1/call-limits`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${jwt}`, 'x-account-id': account, 'x-admin': 'true', 'content-type': 'application/json' },
      body: JSON.stringify({ ...open, ...setting.caps }),
    });
    if (limits.status !== 200) throw new Error(`call-limits ${limits.status}: ${await limits.text()}`);

    const latencies: number[] = [];
    const answers = await Promise.all(
      Array.from({ length: INSTANCES * PER_INSTANCE }, async (_, i) => {
        const started = performance.now();
        const r = await send(cluster.urls[i % INSTANCES]!, '/v1/calls/originate', { agent_id: agent, from_number: FROM, to_number: '+15557654321' });
        latencies.push(performance.now() - started);
        return r;
      }),
    );
    const admitted = answers.filter((a) => a.status === 200).length;
    const other = answers.filter((a) => a.status !== 200 && a.status !== 429);
    results.push({
      caps: setting.name,
      cap: setting.cap,
      sent: answers.length,
      admitted,
      overshoot: Math.max(0, admitted - setting.cap),
      refused_429: answers.filter((a) => a.status === 429).length,
      other_answers: other.length ? other.slice(0, 3).map((a) => `${a.status} ${a.body}`) : 0,
      originate_p50_ms: round3(percentile(latencies, 50)),
      originate_p99_ms: round3(percentile(latencies, 99)),
    });
  }
  console.log(
    JSON.stringify(
      {
        benchmark: `P5 cost caps through the whole path: ${INSTANCES} hub processes x ${PER_INSTANCE} concurrent originates`,
        settings: results,
        overshoot_total: results.reduce((n, r) => n + r.overshoot, 0),
        target: 'overshoot 0',
      },
      null,
      2,
    ),
  );
} finally {
  await control.end();
  await cluster.close();
}
