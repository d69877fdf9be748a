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
  checkScope,
  checkSlot,
  counterTtls,
  dayEnd,
  scopeKeys,
  slotAt,
  type CallSlot,
  type CapScope,
  type CapAdmission,
  type CostCapLimiter,
} from './cost-caps.js';

/**
 * KEYS: live set, minute counter, day calls, day minutes, done marker; with a scope also its live set, day calls
 * and day minutes (KEYS 6–8).
 * ARGV: now, call id, lease expiry, lease ttl, the four caps (concurrent, per minute, daily calls, daily minutes),
 * minute counter ttl, day counter ttl; with a scope its three caps (concurrent, daily calls, daily minutes; -1 =
 * none).
 * Returns 0 when admitted, -1 when the call id holds or held a slot, else the 1-based dimension that refused
 * (DIMENSIONS: the account's four, then the scope's three).
 * Expired leases are swept before counting. daily-minutes: each live call reserves one minute (the least an
 * answered call costs), so the calls already running cannot together overrun the budget by their first minutes.
 * Nothing is written until every check has passed, so a refusal (the scope's included) consumes nothing.
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
local scoped = #KEYS == 8
if scoped then
  redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', now)
  local scopeLive = redis.call('ZCARD', KEYS[6])
  local concurrent, calls, minutes = tonumber(ARGV[11]), tonumber(ARGV[12]), tonumber(ARGV[13])
  if concurrent >= 0 and scopeLive >= concurrent then return 5 end
  if calls >= 0 and tonumber(redis.call('GET', KEYS[7]) or '0') >= calls then return 6 end
  if minutes >= 0 and tonumber(redis.call('GET', KEYS[8]) or '0') + scopeLive >= minutes then return 7 end
end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
if redis.call('INCR', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[9]) end
if redis.call('INCR', KEYS[3]) == 1 then redis.call('PEXPIRE', KEYS[3], ARGV[10]) end
if scoped then
  redis.call('ZADD', KEYS[6], ARGV[3], ARGV[2])
  redis.call('PEXPIRE', KEYS[6], ARGV[4])
  if redis.call('INCR', KEYS[7]) == 1 then redis.call('PEXPIRE', KEYS[7], ARGV[10]) end
end
return 0
`;

/**
 * KEYS: live set (and the scope's live set); ARGV: call id, now, new expiry, lease ttl. Returns 1 when renewed,
 * 0 when the slot is gone: ended, cancelled, or expired (swept first, so an expired slot is never brought back).
 * The scope's lease is renewed with the account's (XX: only while still held), so the two lapse together.
 */
const RENEW_SCRIPT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], 'XX', ARGV[3], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
if KEYS[2] then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[2])
  redis.call('ZADD', KEYS[2], 'XX', ARGV[3], ARGV[1])
  if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[4]) end
end
return 1
`;

/**
 * KEYS: live set, day minutes, done marker (and the scope's live set and day minutes); ARGV: call id, minutes,
 * day-minutes ttl (≤ 0: the day's counter is gone, add nothing), marker ttl. Only the first end or cancel of a
 * call id sets the marker and counts.
 */
const END_SCRIPT = `
if not redis.call('SET', KEYS[3], 'ended', 'NX', 'PX', ARGV[4]) then return 0 end
redis.call('ZREM', KEYS[1], ARGV[1])
if KEYS[4] then redis.call('ZREM', KEYS[4], ARGV[1]) end
local minutes = tonumber(ARGV[2])
if minutes > 0 and tonumber(ARGV[3]) > 0 then
  local counters = { KEYS[2], KEYS[5] }
  for _, counter in ipairs(counters) do
    redis.call('INCRBY', counter, minutes)
    if redis.call('PTTL', counter) < 0 then redis.call('PEXPIRE', counter, ARGV[3]) end
  end
end
return 1
`;

/**
 * KEYS: live set, minute counter, day calls, done marker (and the scope's live set and day calls); ARGV: call id,
 * marker ttl. A counter already expired (its window is over) is left alone: decrementing would recreate it,
 * negative and without expiry.
 */
const CANCEL_SCRIPT = `
if not redis.call('SET', KEYS[4], 'cancelled', 'NX', 'PX', ARGV[2]) then return 0 end
redis.call('ZREM', KEYS[1], ARGV[1])
if KEYS[5] then redis.call('ZREM', KEYS[5], ARGV[1]) end
local counters = { KEYS[2], KEYS[3], KEYS[6] }
for _, counter in ipairs(counters) do
  if tonumber(redis.call('GET', counter) or '0') > 0 then redis.call('DECR', counter) end
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
        // The number of keys comes first in each call: a slot with a scope passes the scope's keys too.
        katavenCapAdmit: { lua: ADMIT_SCRIPT },
        katavenCapRenew: { lua: RENEW_SCRIPT },
        katavenCapEnd: { lua: END_SCRIPT },
        katavenCapCancel: { lua: CANCEL_SCRIPT },
      },
      ...(options.commandTimeoutMs !== undefined ? { commandTimeoutMs: options.commandTimeoutMs } : {}),
    })) as CapsRedis;
    return new RedisCostCaps(redis, now, options.leaseTtlMs ?? CALL_LEASE_TTL_MS);
  }

  async admit(account: string, caps: CostCaps, callId: string, scope?: CapScope): Promise<CapAdmission> {
    checkCaps(caps);
    if (scope !== undefined) checkScope(scope);
    const now = this.now();
    const slot = slotAt(account, callId, now, scope);
    checkSlot(slot);
    const keys = capKeys(slot);
    const scoped = scopeKeys(slot);
    const ttls = counterTtls(slot, now);
    const allKeys = [keys.live, keys.minute, keys.dayCalls, keys.dayMinutes, keys.done];
    const args: (string | number)[] = [
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
    ];
    if (scope && scoped) {
      allKeys.push(scoped.live, scoped.dayCalls, scoped.dayMinutes);
      args.push(scope.caps.concurrent ?? -1, scope.caps.daily_calls ?? -1, scope.caps.daily_minutes ?? -1);
    }
    const result = await this.redis
      .katavenCapAdmit(allKeys.length, ...allKeys, ...args)
      .catch((err: unknown) => this.failed(err));
    if (result === 0) return { ok: true, slot };
    if (result === -1) throw new DuplicateCallError(callId);
    return capRefusal(DIMENSIONS[result - 1]!, now);
  }

  async renew(slot: CallSlot): Promise<boolean> {
    checkSlot(slot);
    const now = this.now();
    const sets = [capKeys(slot).live, ...(slot.scope !== undefined ? [scopeKeys(slot)!.live] : [])];
    const renewed = await this.redis
      .katavenCapRenew(sets.length, ...sets, slot.id, now, now + this.leaseTtlMs, this.leaseTtlMs)
      .catch((err: unknown) => this.failed(err));
    return renewed === 1;
  }

  async end(slot: CallSlot, seconds: number): Promise<void> {
    checkSlot(slot);
    const minutes = callMinutes(seconds);
    const keys = capKeys(slot);
    const scoped = scopeKeys(slot);
    const allKeys = [keys.live, keys.dayMinutes, keys.done, ...(scoped ? [scoped.live, scoped.dayMinutes] : [])];
    // The day's minutes counter lives until a day after the day ends; a call reported later counts nowhere.
    const dayTtl = dayEnd(slot.day) + 86_400_000 - this.now();
    await this.redis
      .katavenCapEnd(allKeys.length, ...allKeys, slot.id, minutes, dayTtl, DONE_MARKER_TTL_MS)
      .catch((err: unknown) => this.failed(err));
  }

  async cancel(slot: CallSlot): Promise<void> {
    checkSlot(slot);
    const keys = capKeys(slot);
    const scoped = scopeKeys(slot);
    const allKeys = [keys.live, keys.minute, keys.dayCalls, keys.done, ...(scoped ? [scoped.live, scoped.dayCalls] : [])];
    await this.redis
      .katavenCapCancel(allKeys.length, ...allKeys, slot.id, DONE_MARKER_TTL_MS)
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
