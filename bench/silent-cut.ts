// Issue 7: the worst time a silently cut instance keeps accepting a revoked key. Two hub instances on one
// PostgreSQL and one Redis; instance B reaches Redis through a TCP relay. Each trial warms a key on B, waits a
// random part of a heartbeat interval, silently stops forwarding B's subscriber connection (no close, no reset:
// what a NAT that forgot the flow does), revokes the key through A at once, and polls B every millisecond or two
// until it refuses. Reported: how long after the cut B last accepted the key, and the revoking response's status
// and time (503 while B is live and silent).
//   node --import tsx bench/silent-cut.ts
import { loadConfig } from '../packages/hub/src/config.js';
import { DEFAULT_BUS_TIMING } from '../packages/hub/src/auth/revocation-bus.js';
import { startHub } from '../packages/hub/src/hub.js';
import { REDIS_URL } from '../packages/hub/test/support/hub-cluster.js';
import { TcpRelay } from '../packages/hub/test/support/tcp-relay.js';
import { startTestHub } from '../packages/hub/test/support/test-hub.js';
import { percentile, round3 } from './percentiles.js';

const TRIALS = Number(process.env.BENCH_TRIALS ?? 20);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const relay = await TcpRelay.start({ host: '127.0.0.1', port: Number(new URL(REDIS_URL).port || 6379) });
const a = await startTestHub({ REDIS_URL });
const b = await startHub(loadConfig({ ...a.env, REDIS_URL: relay.urlFor(REDIS_URL) }, a.home));
try {
  const account = await a.createAccount();
  await a.hub.control.query(
    'UPDATE accounts SET rate_per_minute = 1000000, rate_per_hour = 1000000, rate_per_day = 1000000, rate_concurrent = 1000 WHERE slug = $1',
    [account],
  );
  const jwt = await a.devToken();
  const get = async (key: string) =>
    (await b.app.inject({ method: 'GET', url: '/v1/agents', headers: { authorization: `Bearer ${key}` } })).statusCode;

  const lastAccept: number[] = [];
  const firstRefusal: number[] = [];
  const revokeMs: number[] = [];
  const revokeStatuses: Record<string, number> = {};
  for (let i = 0; i < TRIALS; i++) {
    while (!b.bus.subscribed) await sleep(10);
    const { key, id } = await a.mintKey(account, { name: `cut-${i}` });
    if ((await get(key)) !== 200 || (await get(key)) !== 200) throw new Error('warm-up refused');
    await sleep(Math.random() * DEFAULT_BUS_TIMING.heartbeatIntervalMs);
    const cut = performance.now();
    if (relay.blackholeWhere((c) => c.firstBytes.includes('kataven-revocations')) !== 1) throw new Error('no subscriber connection to cut');
    const revoked = await a.request({ method: 'PATCH', url: `/v1/api-keys/${id}`, token: jwt, account, body: { disabled: true } });
    revokeMs.push(performance.now() - cut);
    revokeStatuses[revoked.statusCode] = (revokeStatuses[revoked.statusCode] ?? 0) + 1;
    let accepted = 0;
    for (;;) {
      const status = await get(key);
      if (status === 403) break;
      if (status !== 200) throw new Error(`unexpected ${status}`);
      accepted = performance.now() - cut;
      await sleep(1);
    }
    lastAccept.push(accepted);
    firstRefusal.push(performance.now() - cut);
  }
  console.log(
    JSON.stringify(
      {
        benchmark: 'issue 7: a silently cut subscriber, time it keeps accepting a revoked key',
        trials: TRIALS,
        timing: DEFAULT_BUS_TIMING,
        documented_bound_ms: DEFAULT_BUS_TIMING.heartbeatDeadlineMs + 50,
        last_accept_after_cut_ms: {
          p50: round3(percentile(lastAccept, 50)),
          max: round3(Math.max(...lastAccept)),
        },
        first_refusal_after_cut_ms: {
          p50: round3(percentile(firstRefusal, 50)),
          max: round3(Math.max(...firstRefusal)),
        },
        revoking_response: { statuses: revokeStatuses, p50_ms: round3(percentile(revokeMs, 50)), max_ms: round3(Math.max(...revokeMs)) },
      },
      null,
      2,
    ),
  );
} finally {
  await relay.setMode('pass');
  await b.close();
  await a.close();
  await relay.close();
}
