// P6 (issue 10): a real authenticated read, `GET /v1/agents` with an sk_live_ key (cache-hit auth, Redis rate
// limits, the audit row, the tenant query), as a ratio of the same handler on an open route of the same server
// (target ≥ 0.8). One hub process pinned to core 0, wrk on core 1, interleaved short runs; the median of the
// adjacent pairs' ratios and their range, and the server's CPU time per request for both (the steadier figure on
// a virtual machine whose speed drifts). Then a CPU profile of the real route alone, summarised by package: where
// the remaining cost goes.
//
// P6_BASELINE=<another checkout, built> also starts that checkout's P6 server (e.g. the commit before a change)
// beside this one's, both on core 0, and interleaves their runs: before and after from one run of one machine.
//   node --import tsx bench/p6-real-read.ts
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { summariseCpuProfile } from './cpu-profile.js';
import { load } from './load-generator.js';
import { startPinnedServer, type Measured, type PinnedServer } from './pinned-server.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const DURATION_S = Number(process.env.BENCH_DURATION ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const PROFILE_S = Number(process.env.BENCH_PROFILE_SECONDS ?? 10);

interface Subject {
  label: string;
  server: PinnedServer;
  open: Measured[];
  real: Measured[];
}

const subjects: Subject[] = [{ label: 'current', server: await startPinnedServer(path.join(here, 'p6-server.ts')), open: [], real: [] }];
const baseline = process.env.P6_BASELINE;
if (baseline) {
  const server = await startPinnedServer(path.join(baseline, 'bench', 'p6-server.ts'));
  subjects.push({ label: `baseline (${process.env.P6_BASELINE_LABEL ?? baseline})`, server, open: [], real: [] });
}
const auth = (s: Subject) => ({ authorization: `Bearer ${s.server.key}` });
for (const s of subjects) {
  load(`${s.server.url}/bench/agents`, 3);
  load(`${s.server.url}/v1/agents`, 3, auth(s)); // warms the verdict cache, the pools and the JIT
}
for (let round = 0; round < ROUNDS; round++) {
  for (const s of subjects) {
    s.open.push(s.server.measured('/bench/agents', DURATION_S));
    s.real.push(s.server.measured('/v1/agents', DURATION_S, auth(s)));
  }
}
await Promise.all(subjects.map((s) => s.server.stop()));

// The profile: a fresh server, the real route only, under the same load, from after its warm-up.
const profileDir = mkdtempSync(path.join(os.tmpdir(), 'kataven-p6-profile-'));
const profileFile = path.join(profileDir, 'p6.cpuprofile');
const profiled = await startPinnedServer(path.join(here, 'p6-server.ts'), { env: { P6_PROFILE_FILE: profileFile } });
const profiledAuth = { authorization: `Bearer ${profiled.key}` };
load(`${profiled.url}/v1/agents`, 3, profiledAuth);
profiled.signal('SIGUSR2');
const underProfile = load(`${profiled.url}/v1/agents`, PROFILE_S, profiledAuth);
profiled.signal('SIGUSR2');
for (let i = 0; i < 100 && !existsSync(profileFile); i++) await sleep(100);
await sleep(300); // written by one synchronous call, which may still be under way
await profiled.stop();
const profile = existsSync(profileFile)
  ? Object.fromEntries(summariseCpuProfile(profileFile).map((b) => [b.bucket, b.percent]))
  : 'no profile written';
rmSync(profileDir, { recursive: true, force: true });

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return (s[Math.floor((s.length - 1) / 2)]! + s[Math.ceil((s.length - 1) / 2)]!) / 2;
};
const round3 = (x: number) => Number(x.toFixed(3));
const round2 = (x: number) => Number(x.toFixed(2));
const summary = ({ open, real }: Subject) => {
  const ratios = open.map((o, i) => real[i]!.requestsPerSecond / o.requestsPerSecond);
  const cpuRatios = open.map((o, i) => o.cpuUsPerRequest / real[i]!.cpuUsPerRequest);
  return {
    open_req_per_s: Math.round(mean(open.map((r) => r.requestsPerSecond))),
    real_req_per_s: Math.round(mean(real.map((r) => r.requestsPerSecond))),
    ratio_median: round3(median(ratios)),
    ratio_range: [round3(Math.min(...ratios)), round3(Math.max(...ratios))],
    server_cpu_us_per_request: {
      open: Number(mean(open.map((r) => r.cpuUsPerRequest)).toFixed(1)),
      real: Number(mean(real.map((r) => r.cpuUsPerRequest)).toFixed(1)),
    },
    cpu_ratio_median: round3(median(cpuRatios)),
    // How busy the server's core was with the server itself (its CPU seconds per second): below the open route's,
    // the real route's server waited, on Redis or PostgreSQL or for its core while they ran on it.
    server_core_busy: {
      open: round3(mean(open.map((r) => (r.cpuUsPerRequest * r.requestsPerSecond) / 1e6))),
      real: round3(mean(real.map((r) => (r.cpuUsPerRequest * r.requestsPerSecond) / 1e6))),
    },
    latency_ms: {
      open: { p50: round2(mean(open.map((r) => r.p50Ms))), p99: round2(mean(open.map((r) => r.p99Ms))) },
      real: { p50: round2(mean(real.map((r) => r.p50Ms))), p99: round2(mean(real.map((r) => r.p99Ms))) },
    },
  };
};
console.log(
  JSON.stringify(
    {
      benchmark: 'P6 GET /v1/agents with a key (auth cache hit, Redis limits, audit) vs the same handler open, same server',
      generator: 'wrk -t1 -c32',
      rounds: ROUNDS,
      seconds_per_run: DURATION_S,
      target: '>= 0.8',
      ...Object.fromEntries(subjects.map((s) => [s.label, summary(s)])),
      cpu_profile_of_the_real_route: { seconds: PROFILE_S, req_per_s: Math.round(underProfile.requestsPerSecond), self_time_percent: profile },
    },
    null,
    2,
  ),
);
