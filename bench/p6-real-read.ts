// P6 (issue 10): a real authenticated read, `GET /v1/agents` with an sk_live_ key (cache-hit auth, Redis rate
// limits, the audit row, the tenant query), as a ratio of the same handler on an open route of the same server
// (target ≥ 0.8). One hub process pinned to core 0, wrk on core 1, interleaved short runs; the median of the
// adjacent pairs' ratios and their range, and the server's CPU time per request for both (the steadier figure on
// a virtual machine whose speed drifts).
//   node --import tsx bench/p6-real-read.ts
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from './load-generator.js';
import { startPinnedServer, type Measured } from './pinned-server.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const DURATION_S = Number(process.env.BENCH_DURATION ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);

const server = await startPinnedServer(path.join(here, 'p6-server.ts'));
const { url, key } = server;
const measured = (route: string, headers: Record<string, string> = {}) => server.measured(route, DURATION_S, headers);

const auth = { authorization: `Bearer ${key}` };
load(`${url}/bench/agents`, 3);
load(`${url}/v1/agents`, 3, auth); // warms the verdict cache, the pools and the JIT
const open: Measured[] = [];
const real: Measured[] = [];
for (let round = 0; round < ROUNDS; round++) {
  open.push(measured('/bench/agents'));
  real.push(measured('/v1/agents', auth));
}
await server.stop();

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return (s[Math.floor((s.length - 1) / 2)]! + s[Math.ceil((s.length - 1) / 2)]!) / 2;
};
const ratios = open.map((o, i) => real[i]!.requestsPerSecond / o.requestsPerSecond);
const cpuRatios = open.map((o, i) => o.cpuUsPerRequest / real[i]!.cpuUsPerRequest);
const round3 = (x: number) => Number(x.toFixed(3));
console.log(
  JSON.stringify(
    {
      benchmark: 'P6 GET /v1/agents with a key (auth cache hit, Redis limits, audit) vs the same handler open, same server',
      generator: 'wrk -t1 -c32',
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
      target: '>= 0.8',
      latency_ms: {
        open: { p50: mean(open.map((r) => r.p50Ms)), p99: mean(open.map((r) => r.p99Ms)) },
        real: { p50: mean(real.map((r) => r.p50Ms)), p99: mean(real.map((r) => r.p99Ms)) },
      },
    },
    null,
    2,
  ),
);
