// L1–L2: the cost-cap limiter alone (no route places calls yet), against the real Redis and in process, with an
// injected clock: each dimension's refusal and Retry-After, the order they are reported in, window and UTC-day
// resets, end/cancel and their idempotency, leases (expiry, renewal, LiveCallSlots), exactness under parallel
// admissions spread over separate Redis connections, and Redis faults. Every account is unique to this run, so
// runs sharing one Redis never meet.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import { costCapped } from '../src/http/cost-cap-reply.js';
import { installErrorReplies } from '../src/http/error-replies.js';
import {
  COST_CAP_MESSAGES,
  DuplicateCallError,
  LiveCallSlots,
  callMinutes,
  type CallSlot,
  type CapAdmission,
  type CapDimension,
  type CapScope,
  type CostCapLimiter,
} from '../src/limits/cost-caps.js';
import { InProcessCostCaps } from '../src/limits/in-process-cost-caps.js';
import { RedisCostCaps } from '../src/limits/redis-cost-caps.js';
import type { CostCaps } from '../src/tenancy/catalog.js';
import { REDIS_URL } from './support/hub-cluster.js';
import { TcpRelay } from './support/tcp-relay.js';
import { startTestHub } from './support/test-hub.js';

const SECOND = 1000;
const MINUTE = 60_000;
/** 15 s into the UTC minute, one hour before a UTC midnight: per-minute Retry-After 45, daily 3585. */
const BASE = Date.parse('2031-05-20T23:00:15.000Z');
const TO_MIDNIGHT = 3585;
const LEASE_TTL_MS = 10_000;

const caps = (c: Partial<CostCaps>): CostCaps => ({
  concurrent_max: 1000,
  calls_per_minute: 1000,
  daily_calls_max: 1000,
  daily_minutes_max: 100_000,
  ...c,
});
const freshAccount = () => `cc-${randomBytes(5).toString('hex')}`;

function assertRefused(admission: CapAdmission, dimension: CapDimension, retryAfterSeconds: number): void {
  assert.deepEqual(admission, { ok: false, dimension, message: COST_CAP_MESSAGES[dimension], retryAfterSeconds });
}

function slotOf(admission: CapAdmission): CallSlot {
  assert.ok(admission.ok, `refused: ${JSON.stringify(admission)}`);
  return admission.slot;
}

/** A limiter factory per implementation; every limiter made reads the suite's clock. */
interface Implementation {
  name: string;
  make(now: () => number, leaseTtlMs: number): Promise<CostCapLimiter>;
}

const implementations: Implementation[] = [
  { name: 'Redis', make: (now, leaseTtlMs) => RedisCostCaps.connect(REDIS_URL, now, { leaseTtlMs }) },
  { name: 'in-process', make: async (now, leaseTtlMs) => new InProcessCostCaps(now, leaseTtlMs) },
];

test('L2: a call counts every started minute; one that never connected counts none', () => {
  for (const [seconds, minutes] of [[0, 0], [0.4, 1], [1, 1], [60, 1], [60.001, 2], [61, 2], [3600, 60]] as const) {
    assert.equal(callMinutes(seconds), minutes, `${seconds} s`);
  }
  for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) assert.throws(() => callMinutes(bad), RangeError);
});

for (const impl of implementations) {
  describe(`cost caps, ${impl.name} limiter`, { timeout: 30_000 }, () => {
    let clock = BASE;
    let limiter: CostCapLimiter;
    const admit = (account: string, c: Partial<CostCaps>, callId: string = randomUUID()) => limiter.admit(account, caps(c), callId);

    before(async () => {
      limiter = await impl.make(() => clock, LEASE_TTL_MS);
    });
    after(() => limiter?.close());

    test('L2 concurrent: the 4th live call of concurrent_max=3 is refused, Retry-After 5; a refusal takes nothing', async () => {
      clock = BASE;
      const account = freshAccount();
      const first = slotOf(await admit(account, { concurrent_max: 3, calls_per_minute: 5 }));
      assert.deepEqual(first, { id: first.id, account, day: '2031-05-20', minute: Math.floor(BASE / MINUTE) });
      slotOf(await admit(account, { concurrent_max: 3, calls_per_minute: 5 }));
      slotOf(await admit(account, { concurrent_max: 3, calls_per_minute: 5 }));
      for (let i = 0; i < 5; i++) assertRefused(await admit(account, { concurrent_max: 3, calls_per_minute: 5 }), 'concurrent', 5);
      // The five refusals counted nothing: of the 5 a minute, 3 are spent, so 2 more fit once slots are free.
      await limiter.end(first, 30);
      slotOf(await admit(account, { concurrent_max: 4, calls_per_minute: 5 }));
      slotOf(await admit(account, { concurrent_max: 4, calls_per_minute: 5 }));
      assertRefused(await admit(account, { concurrent_max: 4, calls_per_minute: 5 }), 'concurrent', 5);
      assertRefused(await admit(account, { concurrent_max: 10, calls_per_minute: 5 }), 'per-minute', 45);
    });

    test('L2 per-minute: the 3rd call of a minute is refused with Retry-After to its end; the next minute resets', async () => {
      clock = BASE;
      const account = freshAccount();
      for (let i = 0; i < 2; i++) slotOf(await admit(account, { calls_per_minute: 2 }));
      assertRefused(await admit(account, { calls_per_minute: 2 }), 'per-minute', 45);
      clock += 10 * SECOND;
      assertRefused(await admit(account, { calls_per_minute: 2 }), 'per-minute', 35);
      clock += 34_001; // 1 ms before the minute's end: still at least 1 s
      assertRefused(await admit(account, { calls_per_minute: 2 }), 'per-minute', 1);
      clock += 999; // the UTC minute boundary
      const next = slotOf(await admit(account, { calls_per_minute: 2 }));
      assert.equal(next.minute, Math.floor(BASE / MINUTE) + 1);
      slotOf(await admit(account, { calls_per_minute: 2 }));
      assertRefused(await admit(account, { calls_per_minute: 2 }), 'per-minute', 60);
    });

    test('L2 daily-calls: refused with Retry-After to the next UTC midnight; the UTC day resets it', async () => {
      clock = BASE;
      const account = freshAccount();
      for (let i = 0; i < 2; i++) slotOf(await admit(account, { daily_calls_max: 2 }));
      assertRefused(await admit(account, { daily_calls_max: 2 }), 'daily-calls', TO_MIDNIGHT);
      clock += 30 * MINUTE;
      assertRefused(await admit(account, { daily_calls_max: 2 }), 'daily-calls', TO_MIDNIGHT - 1800);
      clock = Date.parse('2031-05-20T23:59:59.999Z');
      assertRefused(await admit(account, { daily_calls_max: 2 }), 'daily-calls', 1);
      clock += 1; // midnight UTC
      const tomorrow = slotOf(await admit(account, { daily_calls_max: 2 }));
      assert.equal(tomorrow.day, '2031-05-21');
      slotOf(await admit(account, { daily_calls_max: 2 }));
      assertRefused(await admit(account, { daily_calls_max: 2 }), 'daily-calls', 86_400);
    });

    test('L2 daily-minutes: ended calls count their started minutes; each live call reserves one; the UTC day resets', async () => {
      clock = BASE;
      const account = freshAccount();
      const budget = { daily_minutes_max: 4 };
      await limiter.end(slotOf(await admit(account, budget)), 61); // 2 minutes
      const b = slotOf(await admit(account, budget)); // 2 used + 0 live < 4
      slotOf(await admit(account, budget)); // 2 used + 1 live < 4
      assertRefused(await admit(account, budget), 'daily-minutes', TO_MIDNIGHT); // 2 used + 2 live
      await limiter.end(b, 0); // never connected: no minutes, its reservation is freed
      const d = slotOf(await admit(account, budget));
      await limiter.end(d, 1); // 3 used + 1 live
      assertRefused(await admit(account, budget), 'daily-minutes', TO_MIDNIGHT);
      clock = Date.parse('2031-05-21T00:00:00.000Z');
      // Yesterday's minutes are yesterday's (and its calls' leases have lapsed): 0 used, 4 calls fit.
      for (let i = 0; i < 4; i++) slotOf(await admit(account, budget));
      assertRefused(await admit(account, budget), 'daily-minutes', 86_400);
    });

    test('L1: a cap of 0 blocks its dimension, whatever the others allow', async () => {
      clock = BASE;
      const zero: [keyof CostCaps, CapDimension, number][] = [
        ['concurrent_max', 'concurrent', 5],
        ['calls_per_minute', 'per-minute', 45],
        ['daily_calls_max', 'daily-calls', TO_MIDNIGHT],
        ['daily_minutes_max', 'daily-minutes', TO_MIDNIGHT],
      ];
      for (const [cap, dimension, retryAfter] of zero) {
        assertRefused(await admit(freshAccount(), { [cap]: 0 }), dimension, retryAfter);
      }
      assertRefused(
        await admit(freshAccount(), { concurrent_max: 0, calls_per_minute: 0, daily_calls_max: 0, daily_minutes_max: 0 }),
        'concurrent',
        5,
      );
    });

    test('L2: with several caps reached, they are reported in the order concurrent, per-minute, daily-calls, daily-minutes', async () => {
      clock = BASE;
      const account = freshAccount();
      const one = { concurrent_max: 1, calls_per_minute: 1, daily_calls_max: 1, daily_minutes_max: 1 };
      const a = slotOf(await admit(account, one));
      assertRefused(await admit(account, one), 'concurrent', 5);
      await limiter.end(a, 60); // 1 minute used; 1 call this minute and today
      assertRefused(await admit(account, one), 'per-minute', 45);
      assertRefused(await admit(account, { ...one, calls_per_minute: 5 }), 'daily-calls', TO_MIDNIGHT);
      assertRefused(await admit(account, { ...one, calls_per_minute: 5, daily_calls_max: 5 }), 'daily-minutes', TO_MIDNIGHT);
      slotOf(await admit(account, { ...one, calls_per_minute: 5, daily_calls_max: 5, daily_minutes_max: 5 }));
    });

    test('L2: end() frees the slot and counts its minutes once, however often it is reported', async () => {
      clock = BASE;
      const account = freshAccount();
      const c = { concurrent_max: 1, daily_minutes_max: 4 };
      const a = slotOf(await admit(account, c));
      assertRefused(await admit(account, c), 'concurrent', 5);
      await Promise.all([limiter.end(a, 90), limiter.end(a, 90), limiter.end(a, 90)]);
      await limiter.end(a, 90);
      // 2 minutes used, not 8: two more calls fit (2 used + 1 reserved < 4), a third does not (2 + 2).
      slotOf(await admit(account, { ...c, concurrent_max: 3 }));
      slotOf(await admit(account, { ...c, concurrent_max: 3 }));
      assertRefused(await admit(account, { ...c, concurrent_max: 3 }), 'daily-minutes', TO_MIDNIGHT);
      assert.equal(await limiter.renew(a), false, 'an ended slot is not renewed back');
    });

    test('L2: cancel() frees the slot and gives back its counts once; after end() it does nothing', async () => {
      clock = BASE;
      const account = freshAccount();
      const c = { concurrent_max: 2, calls_per_minute: 2, daily_calls_max: 3 };
      const a = slotOf(await admit(account, c));
      const b = slotOf(await admit(account, c));
      assertRefused(await admit(account, { ...c, concurrent_max: 5 }), 'per-minute', 45);
      await limiter.cancel(b);
      await limiter.cancel(b); // idempotent: gives back once
      const d = slotOf(await admit(account, c)); // concurrent 2 of 2, minute 2 of 2, day 2 of 3
      assertRefused(await admit(account, { ...c, concurrent_max: 5 }), 'per-minute', 45);
      await limiter.end(a, 30);
      await limiter.cancel(a); // the call happened: nothing is given back
      assertRefused(await admit(account, { ...c, concurrent_max: 5 }), 'per-minute', 45);
      assert.equal(await limiter.renew(b), false);
      assert.equal(await limiter.renew(d), true);
      // A cancelled call's end report counts no minutes (100 here would exhaust the budget of 4).
      await limiter.cancel(d);
      await limiter.end(d, 6000);
      clock += MINUTE;
      const more = { ...c, calls_per_minute: 5, daily_minutes_max: 4 };
      slotOf(await admit(account, more)); // 1 minute used (a) + 0 live < 4; day 2 of 3 (b and d given back)
      slotOf(await admit(account, more)); // 1 + 1 < 4; day 3 of 3
      assertRefused(await admit(account, { ...more, concurrent_max: 5 }), 'daily-calls', TO_MIDNIGHT - 60);
    });

    test('L2: cancel() gives back the count of the minute the call was admitted in, not the current one', async () => {
      clock = BASE;
      const account = freshAccount();
      const c = { calls_per_minute: 1, daily_calls_max: 2 };
      const a = slotOf(await admit(account, c));
      clock += MINUTE;
      slotOf(await admit(account, c)); // minute 1 of 1, day 2 of 2
      await limiter.cancel(a); // day 1 of 2; this minute still 1 of 1
      assertRefused(await admit(account, c), 'per-minute', 45);
      clock += MINUTE;
      slotOf(await admit(account, c));
      assertRefused(await admit(account, { ...c, calls_per_minute: 5 }), 'daily-calls', TO_MIDNIGHT - 120);
    });

    test('L2 lease: a slot never renewed stops counting leaseTtlMs after admission, and is reusable', async () => {
      clock = BASE;
      const account = freshAccount();
      const a = slotOf(await admit(account, { concurrent_max: 1 }));
      clock += LEASE_TTL_MS - 1;
      assertRefused(await admit(account, { concurrent_max: 1 }), 'concurrent', 5);
      clock += 1;
      const b = slotOf(await admit(account, { concurrent_max: 1 }));
      assert.equal(await limiter.renew(a), false, 'an expired slot is not brought back');
      assertRefused(await admit(account, { concurrent_max: 1 }), 'concurrent', 5);
      await limiter.end(a, 10); // a late end report of the expired call frees nobody else's slot
      assertRefused(await admit(account, { concurrent_max: 1 }), 'concurrent', 5);
      assert.equal(await limiter.renew(b), true);
    });

    test('L2 lease: renew() keeps a slot alive past its TTL', async () => {
      clock = BASE;
      const account = freshAccount();
      const a = slotOf(await admit(account, { concurrent_max: 1 }));
      for (let i = 0; i < 5; i++) {
        clock += LEASE_TTL_MS - 1;
        assert.equal(await limiter.renew(a), true);
      }
      clock += LEASE_TTL_MS - 1;
      assertRefused(await admit(account, { concurrent_max: 1 }), 'concurrent', 5);
      clock += 1;
      slotOf(await admit(account, { concurrent_max: 1 }));
    });

    test('LiveCallSlots renews held slots; stops when the slot is gone, when forgotten, and after maxCallMs', async () => {
      clock = BASE;
      const account = freshAccount();
      const live = new LiveCallSlots(limiter, { renewEveryMs: 5 });
      try {
        const a = slotOf(await admit(account, { concurrent_max: 1 }));
        live.hold(a);
        assert.equal(live.size, 1);
        for (let i = 0; i < 4; i++) {
          clock += LEASE_TTL_MS / 2;
          await sleep(100); // renewals at this clock (one every 5 ms)
        }
        // 20 s after admission, twice the TTL: only the renewals keep it.
        assertRefused(await admit(account, { concurrent_max: 1 }), 'concurrent', 5);
        await limiter.end(a, 20);
        for (let i = 0; i < 100 && live.size > 0; i++) await sleep(10);
        assert.equal(live.size, 0, 'renew() said the ended slot is gone');

        const b = slotOf(await admit(account, { concurrent_max: 1 }));
        live.hold(b);
        live.forget(b.id);
        assert.equal(live.size, 0);
        clock += LEASE_TTL_MS / 2;
        await sleep(100); // a renewal now would keep b until 10 s from here
        clock += LEASE_TTL_MS / 2;
        const c = slotOf(await admit(account, { concurrent_max: 1 }));

        const short = new LiveCallSlots(limiter, { renewEveryMs: 5, maxCallMs: 60 });
        short.hold(c);
        for (let i = 0; i < 100 && short.size > 0; i++) await sleep(10);
        assert.equal(short.size, 0, 'past maxCallMs the slot is no longer renewed');
        short.close();
        clock += LEASE_TTL_MS;
        const d = slotOf(await admit(account, { concurrent_max: 1 }));

        live.hold(d);
        live.close();
        assert.equal(live.size, 0);
        live.hold(d); // closed: holds nothing more
        assert.equal(live.size, 0);
      } finally {
        live.close();
      }
    });

    for (const [cap, dimension] of [
      ['concurrent_max', 'concurrent'],
      ['calls_per_minute', 'per-minute'],
      ['daily_calls_max', 'daily-calls'],
      ['daily_minutes_max', 'daily-minutes'],
    ] as const) {
      test(`L2: ${cap}=3 with 50 parallel admissions on one limiter admits exactly 3`, async () => {
        clock = BASE;
        const account = freshAccount();
        const admissions = await Promise.all(Array.from({ length: 50 }, () => admit(account, { [cap]: 3 })));
        assert.equal(admissions.filter((a) => a.ok).length, 3);
        for (const a of admissions) if (!a.ok) assert.equal(a.dimension, dimension);
      });
    }

    test('L2: a call id admits once; admitting it again (live or ended) is an error, and counts nothing', async () => {
      clock = BASE;
      const account = freshAccount();
      const id = randomUUID();
      const a = slotOf(await admit(account, { calls_per_minute: 2 }, id));
      await assert.rejects(admit(account, { calls_per_minute: 2 }, id), DuplicateCallError);
      await limiter.end(a, 5);
      await assert.rejects(admit(account, { calls_per_minute: 2 }, id), DuplicateCallError);
      slotOf(await admit(account, { calls_per_minute: 2 }));
      assertRefused(await admit(account, { calls_per_minute: 2 }), 'per-minute', 45);
    });

    // Issue 9 W6: a scope (a widget key) with caps of its own below the account's.
    const scope = (c: CapScope['caps'], id: string = randomUUID()): CapScope => ({ id, caps: c });
    const admitIn = (account: string, c: Partial<CostCaps>, s: CapScope, callId: string = randomUUID()) =>
      limiter.admit(account, caps(c), callId, s);

    test('W6 scope: 200 parallel admissions with a scope concurrent cap of 3 admit exactly 3; the account counts them', async () => {
      clock = BASE;
      const account = freshAccount();
      const key = scope({ concurrent: 3 });
      const admissions = await Promise.all(Array.from({ length: 200 }, () => admitIn(account, {}, key)));
      const admitted = admissions.filter((a) => a.ok);
      assert.equal(admitted.length, 3);
      for (const a of admissions) if (!a.ok) assertRefused(a, 'key-concurrent', 5);
      for (const a of admitted) assert.equal(slotOf(a).scope, key.id, 'the slot names its scope');
      // The account saw exactly those 3 (its own cap of 4 leaves room for one call outside the scope).
      slotOf(await admit(account, { concurrent_max: 4 }));
      assertRefused(await admit(account, { concurrent_max: 4 }), 'concurrent', 5);
      // Another scope of the same account has counters of its own.
      slotOf(await admitIn(account, {}, scope({ concurrent: 3 })));
    });

    test("W6 scope: the account's caps still bind when lower than the scope's, and are reported first", async () => {
      clock = BASE;
      const account = freshAccount();
      const key = scope({ concurrent: 5, daily_calls: 5, daily_minutes: 50 });
      slotOf(await admitIn(account, { concurrent_max: 2 }, key));
      slotOf(await admitIn(account, { concurrent_max: 2 }, key));
      assertRefused(await admitIn(account, { concurrent_max: 2 }, key), 'concurrent', 5);
      assertRefused(await admitIn(account, { concurrent_max: 5, daily_calls_max: 2 }, key), 'daily-calls', TO_MIDNIGHT);
      // Both exhausted: the account's refusal is the one reported.
      const both = scope({ concurrent: 0 });
      assertRefused(await admitIn(account, { concurrent_max: 2 }, both), 'concurrent', 5);
      assertRefused(await admitIn(account, { concurrent_max: 5 }, both), 'key-concurrent', 5);
    });

    test('W6 scope: each scope cap refuses with its own message; 0 blocks; absent caps do not limit', async () => {
      clock = BASE;
      const account = freshAccount();
      assertRefused(await admitIn(account, {}, scope({ concurrent: 0 })), 'key-concurrent', 5);
      assertRefused(await admitIn(account, {}, scope({ daily_calls: 0 })), 'key-daily-sessions', TO_MIDNIGHT);
      assertRefused(await admitIn(account, {}, scope({ daily_minutes: 0 })), 'key-daily-minutes', TO_MIDNIGHT);
      assert.equal(COST_CAP_MESSAGES['key-concurrent'], 'Widget key session limit reached');
      assert.equal(COST_CAP_MESSAGES['key-daily-sessions'], 'Widget key daily session limit reached');
      assert.equal(COST_CAP_MESSAGES['key-daily-minutes'], 'Widget key daily minute budget exhausted');
      const open = scope({});
      for (let i = 0; i < 5; i++) slotOf(await admitIn(account, {}, open));
      const sessions = scope({ daily_calls: 2 });
      const a = slotOf(await admitIn(account, {}, sessions));
      slotOf(await admitIn(account, {}, sessions));
      assertRefused(await admitIn(account, {}, sessions), 'key-daily-sessions', TO_MIDNIGHT);
      await limiter.end(a, 10);
      assertRefused(await admitIn(account, {}, sessions), 'key-daily-sessions', TO_MIDNIGHT);
      clock = Date.parse('2031-05-21T00:00:00.000Z');
      slotOf(await admitIn(account, {}, sessions)); // a new UTC day
    });

    test("W6 scope: a refused scope admission consumes nothing of the account's counters", async () => {
      clock = BASE;
      const account = freshAccount();
      const blocked = scope({ concurrent: 0 });
      const tight = { concurrent_max: 2, calls_per_minute: 2, daily_calls_max: 2, daily_minutes_max: 2 };
      for (let i = 0; i < 20; i++) assertRefused(await admitIn(account, tight, blocked), 'key-concurrent', 5);
      // Every account dimension is still whole: 2 calls fit (concurrent 2, minute 2, day 2, minutes 0 + 1 < 2).
      slotOf(await admit(account, tight));
      slotOf(await admit(account, { ...tight, daily_minutes_max: 3 }));
      assertRefused(await admit(account, { ...tight, concurrent_max: 5, daily_minutes_max: 5 }), 'per-minute', 45);
    });

    test('W6 scope: end() frees the scope slot and counts its minutes on the scope; cancel() gives its session back', async () => {
      clock = BASE;
      const account = freshAccount();
      const key = scope({ concurrent: 1, daily_minutes: 4, daily_calls: 3 });
      const a = slotOf(await admitIn(account, {}, key));
      assertRefused(await admitIn(account, {}, key), 'key-concurrent', 5);
      await Promise.all([limiter.end(a, 90), limiter.end(a, 90)]); // 2 minutes, once
      await limiter.end(a, 90);
      const b = slotOf(await admitIn(account, {}, key)); // 2 used + 0 live < 4; sessions 2 of 3
      await limiter.cancel(b); // sessions back to 1 of 3; its slot freed
      await limiter.cancel(b);
      const c = slotOf(await admitIn(account, {}, key)); // 2 of 3
      await limiter.end(c, 61); // 2 more minutes: 4 used
      assertRefused(await admitIn(account, {}, key), 'key-daily-minutes', TO_MIDNIGHT);
      // The account counted the same minutes (its own budget of 5 now leaves 4 used + 0 live < 5: one fits).
      slotOf(await admit(account, { daily_minutes_max: 5 }));
      assertRefused(await admit(account, { daily_minutes_max: 5 }), 'daily-minutes', TO_MIDNIGHT);
      // The scope's session count: c and a made 2 of 3 (b was given back); one more fits once minutes allow.
      const roomy = scope({ ...key.caps, daily_minutes: 100, concurrent: 5 }, key.id);
      slotOf(await admitIn(account, {}, roomy)); // 3 of 3
      assertRefused(await admitIn(account, {}, roomy), 'key-daily-sessions', TO_MIDNIGHT);
    });

    test('W6 scope: a lease that lapses frees the scope slot too; renew() keeps both', async () => {
      clock = BASE;
      const account = freshAccount();
      const key = scope({ concurrent: 1 });
      const a = slotOf(await admitIn(account, {}, key));
      for (let i = 0; i < 3; i++) {
        clock += LEASE_TTL_MS - 1;
        assert.equal(await limiter.renew(a), true);
      }
      clock += LEASE_TTL_MS - 1;
      assertRefused(await admitIn(account, {}, key), 'key-concurrent', 5);
      clock += 1; // a's lease lapsed: the key's slot is free, and the account's
      const b = slotOf(await admitIn(account, { concurrent_max: 1 }, key));
      assert.equal(await limiter.renew(a), false, 'an expired slot is not brought back');
      assertRefused(await admitIn(account, {}, key), 'key-concurrent', 5);
      await limiter.end(a, 10); // a late end of the lapsed call frees nobody else's slot
      assertRefused(await admitIn(account, {}, key), 'key-concurrent', 5);
      assert.equal(await limiter.renew(b), true);
    });

    test('W6 scope: a bad scope is refused before anything counts; a slot survives JSON with its scope', async () => {
      clock = BASE;
      const account = freshAccount();
      await assert.rejects(admitIn(account, {}, scope({ concurrent: -1 })), RangeError);
      await assert.rejects(admitIn(account, {}, scope({ daily_minutes: 1.5 })), RangeError);
      await assert.rejects(admitIn(account, {}, scope({}, 'bad id:with}brace')), TypeError);
      const a = slotOf(await admitIn(account, { concurrent_max: 1 }, scope({ concurrent: 1 })));
      await assert.rejects(limiter.end({ ...a, scope: '../other' }, 5), TypeError);
      const stored = JSON.parse(JSON.stringify(a)) as CallSlot;
      await limiter.end(stored, 5);
      slotOf(await admitIn(account, { concurrent_max: 1 }, scope({ concurrent: 1 }, a.scope)));
    });

    test('bad caps and durations are refused before anything counts', async () => {
      clock = BASE;
      const account = freshAccount();
      await assert.rejects(admit(account, { concurrent_max: -1 }), RangeError);
      await assert.rejects(admit(account, { daily_minutes_max: 1.5 }), RangeError);
      const a = slotOf(await admit(account, { concurrent_max: 1 }));
      await assert.rejects(limiter.end(a, -5), RangeError);
      await assert.rejects(limiter.end({ ...a, day: '20-5-2031' }, 5), TypeError);
      assertRefused(await admit(account, { concurrent_max: 1 }), 'concurrent', 5);
    });
  });
}

describe('cost caps across instances sharing Redis', { timeout: 60_000 }, () => {
  const INSTANCES = 4;
  let clock = BASE;
  let instances: RedisCostCaps[] = [];

  before(async () => {
    instances = await Promise.all(
      Array.from({ length: INSTANCES }, () => RedisCostCaps.connect(REDIS_URL, () => clock, { leaseTtlMs: LEASE_TTL_MS })),
    );
  });
  after(() => Promise.all(instances.map((i) => i.close())));

  /** 50 parallel admissions spread over the instances (each its own Redis connection). */
  const burst = async (account: string, c: Partial<CostCaps>) =>
    Promise.all(Array.from({ length: 50 }, (_, i) => instances[i % INSTANCES]!.admit(account, caps(c), randomUUID())));

  for (const [cap, dimension] of [
    ['concurrent_max', 'concurrent'],
    ['calls_per_minute', 'per-minute'],
    ['daily_calls_max', 'daily-calls'],
    ['daily_minutes_max', 'daily-minutes'],
  ] as const) {
    test(`L2: ${cap}=3 with 50 parallel admissions over ${INSTANCES} instances admits exactly 3`, async () => {
      clock = BASE;
      const admissions = await burst(freshAccount(), { [cap]: 3 });
      const refused = admissions.filter((a) => !a.ok);
      assert.equal(admissions.length - refused.length, 3);
      for (const r of refused) assert.equal(!r.ok && r.dimension, dimension);
    });
  }

  test(`W6 scope: a scope concurrent cap of 3 with 200 parallel admissions over ${INSTANCES} instances admits exactly 3`, async () => {
    clock = BASE;
    const account = freshAccount();
    const key: CapScope = { id: randomUUID(), caps: { concurrent: 3, daily_calls: 100 } };
    const admissions = await Promise.all(
      Array.from({ length: 200 }, (_, i) => instances[i % INSTANCES]!.admit(account, caps({}), randomUUID(), key)),
    );
    const refused = admissions.filter((a) => !a.ok);
    assert.equal(admissions.length - refused.length, 3);
    for (const r of refused) assert.equal(!r.ok && r.dimension, 'key-concurrent');
    // …and a scope daily-sessions cap of 3 likewise, on a fresh scope.
    const sessions: CapScope = { id: randomUUID(), caps: { daily_calls: 3 } };
    const more = await Promise.all(
      Array.from({ length: 200 }, (_, i) => instances[i % INSTANCES]!.admit(account, caps({}), randomUUID(), sessions)),
    );
    assert.equal(more.filter((a) => a.ok).length, 3);
  });

  test('W6 scope: its keys share the account hash tag; end and cancel through any instance update them once', async () => {
    clock = BASE;
    const account = freshAccount();
    const key: CapScope = { id: randomUUID(), caps: { concurrent: 2, daily_minutes: 10 } };
    const a = slotOf(await instances[0]!.admit(account, caps({}), randomUUID(), key));
    const b = slotOf(await instances[1]!.admit(account, caps({}), randomUUID(), key));
    await Promise.all(instances.map((instance) => instance.end(a, 120)));
    await Promise.all(instances.map((instance) => instance.cancel(b)));
    const redis = new Redis(REDIS_URL);
    try {
      const base = `kataven:cc:{${account}}:s:${key.id}`;
      const keys = (await redis.keys(`${base}:*`)).sort();
      assert.deepEqual(keys, [`${base}:d:2031-05-20:calls`, `${base}:d:2031-05-20:minutes`].sort());
      assert.equal(await redis.get(`${base}:d:2031-05-20:minutes`), '2');
      assert.equal(await redis.get(`${base}:d:2031-05-20:calls`), '1', 'b was given back once');
      const c = slotOf(await instances[2]!.admit(account, caps({}), randomUUID(), key));
      assert.equal(await redis.zscore(`${base}:live`, c.id), String(BASE + LEASE_TTL_MS));
      assert.ok(Math.abs((await redis.pttl(`${base}:live`)) - LEASE_TTL_MS) < 2_000);
    } finally {
      redis.disconnect();
    }
  });

  test('L2: a slot ended through another instance is free on every instance; minutes count once', async () => {
    clock = BASE;
    const account = freshAccount();
    const c = { concurrent_max: 1, daily_minutes_max: 4 };
    const a = slotOf(await instances[0]!.admit(account, caps(c), randomUUID()));
    for (const instance of instances) assertRefused(await instance.admit(account, caps(c), randomUUID()), 'concurrent', 5);
    // The slot travels as JSON with the call row; every instance reports the end at once.
    const stored = JSON.parse(JSON.stringify(a)) as CallSlot;
    await Promise.all(instances.map((instance) => instance.end(stored, 120)));
    for (const instance of instances) {
      const b = slotOf(await instance.admit(account, caps(c), randomUUID()));
      await instance.cancel(b);
    }
    // 2 minutes used: two calls fit at once, not a third.
    slotOf(await instances[1]!.admit(account, caps({ ...c, concurrent_max: 5 }), randomUUID()));
    slotOf(await instances[2]!.admit(account, caps({ ...c, concurrent_max: 5 }), randomUUID()));
    assertRefused(await instances[3]!.admit(account, caps({ ...c, concurrent_max: 5 }), randomUUID()), 'daily-minutes', TO_MIDNIGHT);
  });

  test('L2: cancels reported by every instance at once give the counts back once', async () => {
    clock = BASE;
    const account = freshAccount();
    const c = { calls_per_minute: 2 };
    slotOf(await instances[0]!.admit(account, caps(c), randomUUID()));
    const b = slotOf(await instances[1]!.admit(account, caps(c), randomUUID()));
    await Promise.all(instances.flatMap((instance) => [instance.cancel(b), instance.cancel(b)]));
    slotOf(await instances[2]!.admit(account, caps(c), randomUUID()));
    assertRefused(await instances[3]!.admit(account, caps(c), randomUUID()), 'per-minute', 45);
  });

  test('keys share the account hash tag and expire on their own', async () => {
    clock = BASE;
    const account = freshAccount();
    const a = slotOf(await instances[0]!.admit(account, caps({}), randomUUID()));
    const b = slotOf(await instances[0]!.admit(account, caps({}), randomUUID()));
    await instances[0]!.end(a, 30);
    await instances[0]!.cancel(b);
    const redis = new Redis(REDIS_URL);
    try {
      const keys = (await redis.keys(`kataven:cc:{${account}}:*`)).sort();
      const base = `kataven:cc:{${account}}`;
      assert.deepEqual(keys, [
        `${base}:d:2031-05-20:calls`,
        `${base}:d:2031-05-20:minutes`,
        `${base}:done:${a.id}`,
        `${base}:done:${b.id}`,
        `${base}:m:${a.minute}`,
      ].sort());
      const ttl = async (key: string) => redis.pttl(key);
      // The minute counter: to the minute's end (45 s) plus a minute; daily ones: to midnight plus a day.
      assert.ok(Math.abs((await ttl(`${base}:m:${a.minute}`)) - 105_000) < 5_000);
      for (const key of [`${base}:d:2031-05-20:calls`, `${base}:d:2031-05-20:minutes`]) {
        assert.ok(Math.abs((await ttl(key)) - (TO_MIDNIGHT + 86_400) * 1000) < 5_000, key);
      }
      assert.ok(Math.abs((await ttl(`${base}:done:${a.id}`)) - 2 * 86_400_000) < 5_000);
      // The live set (emptied) is gone; a live one expires a lease after its last write.
      const c = slotOf(await instances[0]!.admit(account, caps({}), randomUUID()));
      assert.ok(Math.abs((await ttl(`${base}:live`)) - LEASE_TTL_MS) < 2_000);
      assert.equal(await redis.zscore(`${base}:live`, c.id), String(BASE + LEASE_TTL_MS));
    } finally {
      redis.disconnect();
    }
  });
});

describe('cost caps when Redis fails', { timeout: 30_000 }, () => {
  let relay: TcpRelay;
  before(async () => {
    const target = new URL(REDIS_URL);
    relay = await TcpRelay.start({ host: target.hostname, port: Number(target.port || 6379) });
  });
  after(() => relay?.close());

  test('Redis unreachable at start: connect() rejects', async () => {
    await assert.rejects(RedisCostCaps.connect('redis://127.0.0.1:1'));
  });

  test('a refused connection rejects the admission (fail closed) and takes nothing', async () => {
    const limiter = await RedisCostCaps.connect(relay.urlFor(REDIS_URL), () => BASE, { commandTimeoutMs: 300 });
    const direct = await RedisCostCaps.connect(REDIS_URL, () => BASE);
    try {
      const account = freshAccount();
      await relay.setMode('refuse');
      await assert.rejects(limiter.admit(account, caps({ concurrent_max: 1 }), randomUUID()));
      await assert.rejects(limiter.renew({ id: 'x', account, day: '2031-05-20', minute: 0 }));
      slotOf(await direct.admit(account, caps({ concurrent_max: 1 }), randomUUID()));
    } finally {
      await relay.setMode('pass');
      await limiter.close();
      await direct.close();
    }
  });

  test('a silent Redis fails the admission within the command deadline; the connection is replaced', async () => {
    const limiter = await RedisCostCaps.connect(relay.urlFor(REDIS_URL), () => BASE, { commandTimeoutMs: 200 });
    try {
      const account = freshAccount();
      slotOf(await limiter.admit(account, caps({}), randomUUID()));
      await relay.setMode('blackhole');
      const started = Date.now();
      await assert.rejects(limiter.admit(account, caps({}), randomUUID()), /Command timed out/);
      assert.ok(Date.now() - started < 1000, `failed after ${Date.now() - started} ms`);
      await relay.setMode('pass');
      let admitted = false;
      for (let i = 0; i < 250 && !admitted; i++) {
        admitted = await limiter.admit(account, caps({}), randomUUID()).then((a) => a.ok, () => false);
        if (!admitted) await sleep(20);
      }
      assert.ok(admitted, 'a fresh connection admits again');
    } finally {
      await relay.setMode('pass');
      await limiter.close();
    }
  });
});

describe('cost caps at the edge and in the hub', { timeout: 60_000 }, () => {
  test('L2: costCapped answers 429 `cost_cap: <message>` with Retry-After, in text and JSON', async () => {
    const app = Fastify();
    installErrorReplies(app);
    const refusal = { ok: false, dimension: 'daily-calls', message: COST_CAP_MESSAGES['daily-calls'], retryAfterSeconds: 3585 } as const;
    app.post('/originate', async (_request, reply) => {
      throw costCapped(reply, refusal);
    });
    try {
      const text = await app.inject({ method: 'POST', url: '/originate' });
      assert.equal(text.statusCode, 429);
      assert.equal(text.body, 'cost_cap: Daily call limit reached');
      assert.equal(text.headers['retry-after'], '3585');
      const json = await app.inject({ method: 'POST', url: '/originate', headers: { accept: 'application/json' } });
      assert.equal(json.statusCode, 429);
      assert.equal(json.headers['retry-after'], '3585');
      const error = json.json<{ error: { code: string; message: string } }>().error;
      assert.deepEqual([error.code, error.message], ['cost_cap', 'Daily call limit reached']);
    } finally {
      await app.close();
    }
  });

  for (const [name, env, kind] of [
    ['with REDIS_URL, the Redis limiter', { REDIS_URL }, RedisCostCaps],
    ['without REDIS_URL, the in-process limiter', {}, InProcessCostCaps],
  ] as const) {
    test(`the hub exposes its cost caps and live calls: ${name}`, async () => {
      let clock = BASE;
      const t = await startTestHub(env, { now: () => clock, callLeaseTtlMs: 4_000 });
      try {
        assert.ok(t.hub.costCaps instanceof kind);
        assert.equal(t.hub.costCaps.leaseTtlMs, 4_000);
        const account = freshAccount();
        const a = slotOf(await t.hub.costCaps.admit(account, caps({ concurrent_max: 1 }), randomUUID()));
        t.hub.liveCalls.hold(a);
        assert.equal(t.hub.liveCalls.size, 1);
        assertRefused(await t.hub.costCaps.admit(account, caps({ concurrent_max: 1 }), randomUUID()), 'concurrent', 5);
        clock += 4_000;
        slotOf(await t.hub.costCaps.admit(account, caps({ concurrent_max: 1 }), randomUUID()));
      } finally {
        await t.close();
      }
      assert.equal(t.hub.liveCalls.size, 0, 'close() stops renewing');
    });
  }
});
