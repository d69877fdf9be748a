// P5 (the limiter alone): 4 RedisCostCaps instances, each with its own Redis connection as 4 hub instances have,
// each sending 200 admissions at once (800 in flight) for one account, against several cap settings. For each:
// admitted vs cap (overshoot must be 0) over several rounds, and the admission latency p50/p99 under that burst.
// Also the latency of one admission at a time (the cap check an originate pays on an idle hub).
// Each round's clock is frozen at its start, so its admissions share one UTC minute and day (a round straddling
// a minute boundary would rightly admit a second minute's calls, which is not overshoot).
//   node --import tsx bench/p5-cost-caps.ts
import { randomBytes, randomUUID } from 'node:crypto';
import type { CostCaps } from '../packages/hub/src/tenancy/catalog.js';
import { RedisCostCaps } from '../packages/hub/src/limits/redis-cost-caps.js';
import { percentile, round3 } from './percentiles.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const INSTANCES = 4;
const PER_INSTANCE = 200;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SEQUENTIAL = 2000;

const open: CostCaps = { concurrent_max: 1_000_000, calls_per_minute: 1_000_000, daily_calls_max: 1_000_000, daily_minutes_max: 1_000_000 };
const settings: { name: string; cap: number; caps: CostCaps }[] = [
  ...[1, 10, 50, 150].map((n) => ({ name: `concurrent_max ${n}`, cap: n, caps: { ...open, concurrent_max: n } })),
  { name: 'calls_per_minute 25', cap: 25, caps: { ...open, calls_per_minute: 25 } },
  { name: 'daily_calls_max 100', cap: 100, caps: { ...open, daily_calls_max: 100 } },
  { name: 'daily_minutes_max 40', cap: 40, caps: { ...open, daily_minutes_max: 40 } },
];

let clock = Date.now();
const instances = await Promise.all(Array.from({ length: INSTANCES }, () => RedisCostCaps.connect(REDIS_URL, () => clock)));
const run = `p5-${randomBytes(4).toString('hex')}`;
try {
  // Warm-up (script cache, JIT): one burst not measured.
  clock = Date.now();
  await Promise.all(Array.from({ length: INSTANCES * PER_INSTANCE }, (_, i) => instances[i % INSTANCES]!.admit(`${run}-warm`, open, randomUUID())));
  const results = [];
  for (const [s, setting] of settings.entries()) {
    const latencies: number[] = [];
    const admitted: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      clock = Date.now();
      const account = `${run}-${s}-${round}`;
      const admissions = await Promise.all(
        Array.from({ length: INSTANCES * PER_INSTANCE }, async (_, i) => {
          const started = performance.now();
          const admission = await instances[i % INSTANCES]!.admit(account, setting.caps, randomUUID());
          latencies.push(performance.now() - started);
          return admission;
        }),
      );
      admitted.push(admissions.filter((a) => a.ok).length);
    }
    results.push({
      caps: setting.name,
      cap: setting.cap,
      admitted_per_round: admitted,
      max_overshoot: Math.max(...admitted) - setting.cap,
      every_round_exactly_cap: admitted.every((n) => n === setting.cap),
      burst_admit_p50_ms: round3(percentile(latencies, 50)),
      burst_admit_p99_ms: round3(percentile(latencies, 99)),
    });
  }

  const sequential: number[] = [];
  const account = `${run}-sequential`;
  clock = Date.now();
  for (let i = 0; i < SEQUENTIAL; i++) {
    const started = performance.now();
    const admission = await instances[i % INSTANCES]!.admit(account, open, randomUUID());
    sequential.push(performance.now() - started);
    if (!admission.ok) throw new Error('an open admission was refused');
    await instances[(i + 1) % INSTANCES]!.cancel(admission.slot);
  }

  console.log(
    JSON.stringify(
      {
        benchmark: `P5 cost caps, limiter alone: ${INSTANCES} Redis instances x ${PER_INSTANCE} concurrent admissions, ${ROUNDS} rounds per setting`,
        settings: results,
        overshoot_total: results.reduce((sum, r) => sum + Math.max(0, r.max_overshoot), 0),
        sequential_admit: {
          samples: SEQUENTIAL,
          p50_ms: round3(percentile(sequential, 50)),
          p99_ms: round3(percentile(sequential, 99)),
        },
        target: 'overshoot 0',
      },
      null,
      2,
    ),
  );
} finally {
  await Promise.all(instances.map((i) => i.close()));
}
