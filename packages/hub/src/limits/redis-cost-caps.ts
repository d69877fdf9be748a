// L2: the cost caps counted in Redis, shared by every hub instance. One Lua script per admission checks the four
// dimensions and, only if all have room, takes them all: Redis runs a script atomically, so two instances can
// never both take the last slot (never check-then-increment), and a refused admission consumes nothing. end()
// and cancel() are one script each too, guarded by a `done` marker set in the same step, so a repeated or
// concurrent report changes the counts once. Mirrors redis-rate-limiter.ts (R1): EVALSHA through defineCommand,
// command deadlines, no offline queue, a timed-out connection replaced.
import type { Redis } from 'ioredis';
import { commandFailed, connectRequestRedis } from '../request-redis.js';
import type { CostCaps } from '../tenancy/catalog.js';
import {
  CALL_LEASE_TTL_MS,
  DIMENSIONS,
  DONE_MARKER_TTL_MS,
  DuplicateCallError,
  callMinutes,
  capKeys,
  capRefusal,
  checkCaps,
  checkSlot,
  counterTtls,
  dayEnd,
  slotAt,
  type CallSlot,
  type CapAdmission,
  type CostCapLimiter,
} from './cost-caps.js';

/**
 * KEYS: live set, minute counter, day calls, day minutes, done marker.
 * ARGV: now, call id, lease expiry, lease ttl, the four caps (concurrent, per minute, daily calls, daily minutes),
 * minute counter ttl, day counter ttl.
 * Returns 0 when admitted, -1 when the call id holds or held a slot, else the 1-based dimension that refused.
 * Expired leases are swept before counting. daily-minutes: each live call reserves one minute (the least an
 * answered call costs), so the calls already running cannot together overrun the budget by their first minutes.
 */
const ADMIT_SCRIPT = `
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZSCORE', KEYS[1], ARGV[2]) or redis.call('EXISTS', KEYS[5]) == 1 then return -1 end
local live = redis.call('ZCARD', KEYS[1])
if live >= tonumber(ARGV[5]) then return 1 end
if tonumber(redis.call('GET', KEYS[2]) or '0') >= tonumber(ARGV[6]) then return 2 end
if tonumber(redis.call('GET', KEYS[3]) or '0') >= tonumber(ARGV[7]) then return 3 end
if tonumber(redis.call('GET', KEYS[4]) or '0') + live >= tonumber(ARGV[8]) then return 4 end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
if redis.call('INCR', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[9]) end
if redis.call('INCR', KEYS[3]) == 1 then redis.call('PEXPIRE', KEYS[3], ARGV[10]) end
return 0
`;

/**
 * KEYS: live set; ARGV: call id, now, new expiry, lease ttl. Returns 1 when renewed, 0 when the slot is gone:
 * ended, cancelled, or expired (swept first, so an expired slot is never brought back).
 */
const RENEW_SCRIPT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], 'XX', ARGV[3], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
`;

/**
 * KEYS: live set, day minutes, done marker; ARGV: call id, minutes, day-minutes ttl (≤ 0: the day's counter is
 * gone, add nothing), marker ttl. Only the first end or cancel of a call id sets the marker and counts.
 */
const END_SCRIPT = `
if not redis.call('SET', KEYS[3], 'ended', 'NX', 'PX', ARGV[4]) then return 0 end
redis.call('ZREM', KEYS[1], ARGV[1])
local minutes = tonumber(ARGV[2])
if minutes > 0 and tonumber(ARGV[3]) > 0 then
  redis.call('INCRBY', KEYS[2], minutes)
  if redis.call('PTTL', KEYS[2]) < 0 then redis.call('PEXPIRE', KEYS[2], ARGV[3]) end
end
return 1
`;

/**
 * KEYS: live set, minute counter, day calls, done marker; ARGV: call id, marker ttl. A counter already expired
 * (its window is over) is left alone: decrementing would recreate it, negative and without expiry.
 */
const CANCEL_SCRIPT = `
if not redis.call('SET', KEYS[4], 'cancelled', 'NX', 'PX', ARGV[2]) then return 0 end
redis.call('ZREM', KEYS[1], ARGV[1])
for i = 2, 3 do
  if tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then redis.call('DECR', KEYS[i]) end
end
return 1
`;

type CapsRedis = Redis & {
  katavenCapAdmit(...args: (string | number)[]): Promise<number>;
  katavenCapRenew(...args: (string | number)[]): Promise<number>;
  katavenCapEnd(...args: (string | number)[]): Promise<number>;
  katavenCapCancel(...args: (string | number)[]): Promise<number>;
};

export class RedisCostCaps implements CostCapLimiter {
  private constructor(
    private readonly redis: CapsRedis,
    private readonly now: () => number,
    readonly leaseTtlMs: number,
  ) {}

  /** Connects before the hub serves: a misconfigured REDIS_URL fails the start, not the first call. */
  static async connect(
    url: string,
    now: () => number = Date.now,
    options: { commandTimeoutMs?: number; leaseTtlMs?: number } = {},
  ): Promise<RedisCostCaps> {
    // Fails fast while Redis is unreachable and within a deadline when it is silent: the route answers 503.
    const redis = (await connectRequestRedis(url, {
      connectionName: 'kataven-cost-caps',
      scripts: {
        katavenCapAdmit: { numberOfKeys: 5, lua: ADMIT_SCRIPT },
        katavenCapRenew: { numberOfKeys: 1, lua: RENEW_SCRIPT },
        katavenCapEnd: { numberOfKeys: 3, lua: END_SCRIPT },
        katavenCapCancel: { numberOfKeys: 4, lua: CANCEL_SCRIPT },
      },
      ...(options.commandTimeoutMs !== undefined ? { commandTimeoutMs: options.commandTimeoutMs } : {}),
    })) as CapsRedis;
    return new RedisCostCaps(redis, now, options.leaseTtlMs ?? CALL_LEASE_TTL_MS);
  }

  async admit(account: string, caps: CostCaps, callId: string): Promise<CapAdmission> {
    checkCaps(caps);
    const now = this.now();
    const slot = slotAt(account, callId, now);
    checkSlot(slot);
    const keys = capKeys(slot);
    const ttls = counterTtls(slot, now);
    const result = await this.redis
      .katavenCapAdmit(
        keys.live,
        keys.minute,
        keys.dayCalls,
        keys.dayMinutes,
        keys.done,
        now,
        callId,
        now + this.leaseTtlMs,
        this.leaseTtlMs,
        caps.concurrent_max,
        caps.calls_per_minute,
        caps.daily_calls_max,
        caps.daily_minutes_max,
        ttls.minute,
        ttls.day,
      )
      .catch((err: unknown) => this.failed(err));
    if (result === 0) return { ok: true, slot };
    if (result === -1) throw new DuplicateCallError(callId);
    return capRefusal(DIMENSIONS[result - 1]!, now);
  }

  async renew(slot: CallSlot): Promise<boolean> {
    checkSlot(slot);
    const now = this.now();
    const renewed = await this.redis
      .katavenCapRenew(capKeys(slot).live, slot.id, now, now + this.leaseTtlMs, this.leaseTtlMs)
      .catch((err: unknown) => this.failed(err));
    return renewed === 1;
  }

  async end(slot: CallSlot, seconds: number): Promise<void> {
    checkSlot(slot);
    const minutes = callMinutes(seconds);
    const keys = capKeys(slot);
    // The day's minutes counter lives until a day after the day ends; a call reported later counts nowhere.
    const dayTtl = dayEnd(slot.day) + 86_400_000 - this.now();
    await this.redis
      .katavenCapEnd(keys.live, keys.dayMinutes, keys.done, slot.id, minutes, dayTtl, DONE_MARKER_TTL_MS)
      .catch((err: unknown) => this.failed(err));
  }

  async cancel(slot: CallSlot): Promise<void> {
    checkSlot(slot);
    const keys = capKeys(slot);
    await this.redis
      .katavenCapCancel(keys.live, keys.minute, keys.dayCalls, keys.done, slot.id, DONE_MARKER_TTL_MS)
      .catch((err: unknown) => this.failed(err));
  }

  /**
   * A command that timed out means the connection may be silently dead (no close, no error, for hours), and
   * ioredis would keep using it: it is replaced. Meanwhile admissions fail at once (no offline queue): 503.
   */
  private failed(err: unknown): never {
    return commandFailed(this.redis, err);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
