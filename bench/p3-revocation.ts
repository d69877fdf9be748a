// P3: four hub instances with warm verdict caches; a key is revoked through one of them. Measured from the
// moment the revoking response arrives to the moment the last instance refuses the key (p50/p99 over 200
// revocations, target p99 ≤ 10 ms), with every request accepted after that moment counted (target 0).
//   node --import tsx bench/p3-revocation.ts
import pg from 'pg';
import { startHubCluster } from '../packages/hub/test/support/hub-cluster.js';
import { percentile, round3 } from './percentiles.js';

const INSTANCES = 4;
const REVOCATIONS = Number(process.env.BENCH_REVOCATIONS ?? 200);
/** Requests per instance after its first refusal, to catch a key that comes back. */
const CONFIRMATIONS = 5;

const cluster = await startHubCluster({ instances: INSTANCES });
try {
  const account = `p3-${cluster.prefix.slice(1, 7)}`;
  const created = await cluster.cli(['accounts', 'create', account]);
  if (created.code !== 0) throw new Error(created.stderr);
  // Thousands of requests a minute: lift the account's rate limits (R1), which are not what P3 measures.
  const control = new pg.Client({ connectionString: cluster.env.DATABASE_URL });
  await control.connect();
  await control.query(
    `UPDATE accounts SET rate_per_minute = 1000000, rate_per_hour = 1000000, rate_per_day = 1000000,
       rate_concurrent = 1000 WHERE slug = $1`,
    [account],
  );
  await control.end();
  const login = await fetch(`${cluster.urls[0]}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'dev', password: 'dev' }),
  });
  const jwt = ((await login.json()) as { token: string }).token;
  const userHeaders = { authorization: `Bearer ${jwt}`, 'x-account-id': account, 'content-type': 'application/json' };
  const get = async (url: string, key: string) =>
    (await fetch(`${url}/v1/agents`, { headers: { authorization: `Bearer ${key}` } })).status;

  const lastRefusal: number[] = [];
  /** The same round of four requests while the key is still valid: what a refusal cannot be faster than. */
  const baselineRound: number[] = [];
  /** PATCH disabled:true, which answers once every instance has acknowledged the revocation. */
  const revokeResponse: number[] = [];
  let acceptedAfterRevokingResponse = 0;
  let acceptedAfterRefusal = 0;
  for (let i = 0; i < REVOCATIONS; i++) {
    const minted = await fetch(`${cluster.urls[i % INSTANCES]}/v1/api-keys`, {
      method: 'POST',
      headers: userHeaders,
      body: JSON.stringify({ name: `p3-${i}`, expiry: '1d' }),
    });
    const { id, key } = (await minted.json()) as { id: string; key: string };
    for (const url of cluster.urls) {
      // The first use writes last_used_at; the second is answered from that instance's cache.
      if ((await get(url, key)) !== 200 || (await get(url, key)) !== 200) throw new Error('warm-up refused');
    }
    const before = performance.now();
    await Promise.all(cluster.urls.map((url) => get(url, key)));
    baselineRound.push(performance.now() - before);
    const revoker = cluster.urls[(i + 1) % INSTANCES]!;
    const revokeStarted = performance.now();
    const revoked = await fetch(`${revoker}/v1/api-keys/${id}`, {
      method: 'PATCH',
      headers: userHeaders,
      body: JSON.stringify({ disabled: true }),
    });
    if (revoked.status !== 204) throw new Error(`revoke answered ${revoked.status}`);
    const t0 = performance.now();
    revokeResponse.push(t0 - revokeStarted);
    const refusedAt = await Promise.all(
      cluster.urls.map(async (url) => {
        for (;;) {
          const status = await get(url, key);
          if (status === 403) break;
          if (status !== 200) throw new Error(`unexpected ${status}`);
          acceptedAfterRevokingResponse++;
        }
        const at = performance.now() - t0;
        for (let c = 0; c < CONFIRMATIONS; c++) if ((await get(url, key)) === 200) acceptedAfterRefusal++;
        return at;
      }),
    );
    lastRefusal.push(Math.max(...refusedAt));
  }
  console.log(
    JSON.stringify(
      {
        benchmark: 'P3 revocation across 4 instances (Redis Pub/Sub), time to the last refusal',
        revocations: REVOCATIONS,
        p50_ms: round3(percentile(lastRefusal, 50)),
        p99_ms: round3(percentile(lastRefusal, 99)),
        max_ms: round3(Math.max(...lastRefusal)),
        baseline_round_of_4_valid_requests_ms: {
          p50: round3(percentile(baselineRound, 50)),
          p99: round3(percentile(baselineRound, 99)),
        },
        revoking_response_ms: {
          p50: round3(percentile(revokeResponse, 50)),
          p99: round3(percentile(revokeResponse, 99)),
        },
        accepted_after_revoking_response: acceptedAfterRevokingResponse,
        accepted_after_an_instance_refused: acceptedAfterRefusal,
        target: 'p99 <= 10 ms; 0 accepted after the refusal point',
      },
      null,
      2,
    ),
  );
} finally {
  await cluster.close();
}
