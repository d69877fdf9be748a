// P6 with two hub instances sharing Redis (issue 10): the same real read (`GET /v1/agents` with a key) against the
// same handler open, with two `p6-server` processes of one hub (same databases, account and key), both pinned to
// core 0, and one wrk per instance (`-c16` each) on core 1, running at the same time. Both instances count the one
// account's limits in the same Redis keys, so they race for its permits as production instances do. Reported: the
// total throughput of both, the ratio of the pairs' medians and range, and the servers' CPU per request.
//   node --import tsx bench/p6-two-instances.ts
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { load, loadAsync, type LoadResult } from './load-generator.js';
import { startPinnedServer, type PinnedServer } from './pinned-server.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const DURATION_S = Number(process.env.BENCH_DURATION ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);

const first = await startPinnedServer(path.join(here, 'p6-server.ts'));
const second = await startPinnedServer(path.join(here, 'p6-server.ts'), { env: { P6_JOIN: JSON.stringify(first.info.join) } });
const servers = [first, second];
const auth = { authorization: `Bearer ${first.key}` };

interface Run {
  requestsPerSecond: number;
  cpuUsPerRequest: number;
  p99Ms: number;
}

/** Both instances loaded at once, one wrk each. */
async function both(route: string, headers: Record<string, string>): Promise<Run> {
  const cpuBefore = servers.map((s: PinnedServer) => s.cpuSeconds());
  const results: LoadResult[] = await Promise.all(servers.map((s) => loadAsync(`${s.url}${route}`, DURATION_S, headers, 16)));
  const cpu = servers.reduce((sum, s, i) => sum + s.cpuSeconds() - cpuBefore[i]!, 0);
  const requestsPerSecond = results.reduce((sum, r) => sum + r.requestsPerSecond, 0);
  return {
    requestsPerSecond,
    cpuUsPerRequest: (cpu * 1e6) / (requestsPerSecond * DURATION_S),
    p99Ms: Math.max(...results.map((r) => r.p99Ms)),
  };
}

for (const s of servers) {
  load(`${s.url}/bench/agents`, 2);
  load(`${s.url}/v1/agents`, 2, auth); // warms the verdict caches, the pools and the JIT
}
const open: Run[] = [];
const real: Run[] = [];
for (let round = 0; round < ROUNDS; round++) {
  open.push(await both('/bench/agents', {}));
  real.push(await both('/v1/agents', auth));
}
// The second instance only joined: the first drops the databases, so it stops last.
await second.stop();
await first.stop();

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return (s[Math.floor((s.length - 1) / 2)]! + s[Math.ceil((s.length - 1) / 2)]!) / 2;
};
const round3 = (x: number) => Number(x.toFixed(3));
const ratios = open.map((o, i) => real[i]!.requestsPerSecond / o.requestsPerSecond);
const cpuRatios = open.map((o, i) => o.cpuUsPerRequest / real[i]!.cpuUsPerRequest);
console.log(
  JSON.stringify(
    {
      benchmark: 'P6 with two hub instances sharing Redis: GET /v1/agents with a key vs the same handler open (both instances on core 0)',
      generator: 'two wrk -t1 -c16 at once, one per instance, on core 1',
      rounds: ROUNDS,
      seconds_per_run: DURATION_S,
      open_req_per_s: Math.round(mean(open.map((r) => r.requestsPerSecond))),
      real_req_per_s: Math.round(mean(real.map((r) => r.requestsPerSecond))),
      ratio_median: round3(median(ratios)),
      ratio_range: [round3(Math.min(...ratios)), round3(Math.max(...ratios))],
      server_cpu_us_per_request: {
        open: Number(mean(open.map((r) => r.cpuUsPerRequest)).toFixed(1)),
        real: Number(mean(real.map((r) => r.cpuUsPerRequest)).toFixed(1)),
      },
      cpu_ratio_median: round3(median(cpuRatios)),
      p99_ms: { open: Number(mean(open.map((r) => r.p99Ms)).toFixed(2)), real: Number(mean(real.map((r) => r.p99Ms)).toFixed(2)) },
      target: '>= 0.8',
    },
    null,
    2,
  ),
);
