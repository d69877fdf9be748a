// P1: throughput of an authenticated request served from the verdict cache, as a ratio of the same server's
// unauthenticated route (target ≥ 0.85). The server runs in a child process pinned to one core, wrk on the other.
// Besides throughput, the server's own CPU time per request (from /proc) is compared: on a virtual machine whose
// speed drifts from run to run, that ratio is the steadier of the two.
//   node --import tsx bench/p1-auth-throughput.ts
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { load, type LoadResult } from './load-generator.js';
import { startPinnedServer, type Measured } from './pinned-server.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const DURATION_S = Number(process.env.BENCH_DURATION ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);

const server = await startPinnedServer(path.join(here, 'bench-server.ts'));
const { url, key } = server;
const measured = (route: string, headers: Record<string, string> = {}) => server.measured(route, DURATION_S, headers);

const auth = { authorization: `Bearer ${key}` };
load(`${url}/bench/open`, 3);
load(`${url}/v1/bench/authed`, 3, auth); // warms the verdict cache and the JIT
const open: Measured[] = [];
const authed: Measured[] = [];
// Interleaved in short runs, so drift in the (virtual) machine's speed touches both alike; the ratio of each
// adjacent pair is kept and the median reported.
for (let round = 0; round < ROUNDS; round++) {
  open.push(measured('/bench/open'));
  authed.push(measured('/v1/bench/authed', auth));
}
await server.stop();

const mean = (xs: LoadResult[], f: (r: LoadResult) => number) => xs.reduce((s, x) => s + f(x), 0) / xs.length;
const rps = (r: LoadResult) => r.requestsPerSecond;
const ratios = open.map((o, i) => authed[i]!.requestsPerSecond / o.requestsPerSecond).sort((a, b) => a - b);
const cpuRatios = open.map((o, i) => o.cpuUsPerRequest / authed[i]!.cpuUsPerRequest).sort((a, b) => a - b);
const median = (xs: number[]) => (xs[Math.floor((xs.length - 1) / 2)]! + xs[Math.ceil((xs.length - 1) / 2)]!) / 2;
const report = {
  benchmark: 'P1 authenticated (cache hit) vs unauthenticated, same server',
  generator: 'wrk -t1 -c32',
  rounds: ROUNDS,
  seconds_per_run: DURATION_S,
  open_req_per_s: Math.round(mean(open, rps)),
  authed_req_per_s: Math.round(mean(authed, rps)),
  ratio_median: Number(median(ratios).toFixed(3)),
  ratios: ratios.map((r) => Number(r.toFixed(3))),
  server_cpu_us_per_request: {
    open: Number((open.reduce((s, r) => s + r.cpuUsPerRequest, 0) / open.length).toFixed(1)),
    authed: Number((authed.reduce((s, r) => s + r.cpuUsPerRequest, 0) / authed.length).toFixed(1)),
  },
  cpu_ratio_median: Number(median(cpuRatios).toFixed(3)),
  cpu_ratios: cpuRatios.map((r) => Number(r.toFixed(3))),
  target: '>= 0.85',
  latency_ms: {
    open: { p50: mean(open, (r) => r.p50Ms), p99: mean(open, (r) => r.p99Ms) },
    authed: { p50: mean(authed, (r) => r.p50Ms), p99: mean(authed, (r) => r.p99Ms) },
  },
};
console.log(JSON.stringify(report, null, 2));
