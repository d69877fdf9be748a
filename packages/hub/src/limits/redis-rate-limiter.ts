// R1: rate limits counted in Redis, shared by every hub instance, with permits taken in batches (issue 10).
//
// Exactness comes from one Lua script (GRANT_SCRIPT) that Redis runs atomically: it checks every window counter
// and lease set of a plan and takes, for all of them at once, the permits and concurrency slots the requests
// waiting on this instance need. Two instances can never both take the last permit, and a refused request
// consumes nothing. What makes it cheap is what happens around the script (local-allowance.ts):
//   - requests that arrive together wait for one grant (one round trip for all of them, not one each);
//   - when a window has plenty of room left, a grant also takes a few spare permits, and an instance keeps the
//     slots its finished requests give back, so most requests are admitted from this instance's allowance with no
//     round trip at all. Spares are bounded by 1/64 of what is left in the window (so near a limit every permit
//     is asked for one at a time, exactly as with no batching) and given back after 250 ms unused;
//   - one timer renews all of this instance's slots (in use or spare) every third of the lease, instead of a timer
//     per request; an instance that dies stops renewing, and its slots stop counting after the lease.
// Spare window permits of an instance that dies stay counted until their window ends (they may have been spent:
// counting them is what keeps the limit exact); at most 1/64 of what was left.
//
// Why not rate-limiter-flexible: it counts one limiter per call (a request here meets up to 8 counters that must
// be checked together before any is incremented) and has no lease-with-expiry concurrency counter.
import type { Redis } from 'ioredis';
import { commandFailed, connectRequestRedis } from '../request-redis.js';
import { LocalAllowance, type AllowanceStore, type Grant, type GrantRequest } from './local-allowance.js';
import { LEASE_TTL_MS, type Admission, type Lease, type LimitPlan, type RateLimiter } from './rate-limiter.js';

/**
 * KEYS: the window counters (n of them), then the lease sets (m).
 * ARGV: n, now, demand, permits held, free slots held, spare permits wanted, spare slots wanted, lease expiry,
 * lease-set ttl, slot id prefix, then limit and ttl (ms) of each counter, then the limit of each lease set.
 * Returns {admitted, permits taken, slots taken, refused entry (1-based index in KEYS, 0 if none), room left in the
 * windows after the grant, room left in the lease sets after it}. Slot ids are `<prefix>.<k>`, k = 1…slots taken.
 * Leases are sorted-set members scored by their expiry; expired ones are dropped before counting.
 */
const GRANT_SCRIPT = `
local n = tonumber(ARGV[1])
local now = tonumber(ARGV[2])
local demand = tonumber(ARGV[3])
local heldPermits = tonumber(ARGV[4])
local heldSlots = tonumber(ARGV[5])
local m = #KEYS - n
local huge = 1e15
local roomW = huge
local counts = {}
for i = 1, n do
  counts[i] = tonumber(redis.call('GET', KEYS[i]) or '0')
  local room = tonumber(ARGV[9 + 2 * i]) - counts[i]
  if room < roomW then roomW = room end
end
local sizes = {}
local roomS = huge
for j = 1, m do
  redis.call('ZREMRANGEBYSCORE', KEYS[n + j], '-inf', now)
  sizes[j] = redis.call('ZCARD', KEYS[n + j])
  local room = tonumber(ARGV[10 + 2 * n + j]) - sizes[j]
  if room < roomS then roomS = room end
end
if roomW < 0 then roomW = 0 end
if roomS < 0 then roomS = 0 end
local admitted = demand
if n > 0 then admitted = math.min(admitted, heldPermits + roomW) end
if m > 0 then admitted = math.min(admitted, heldSlots + roomS) end
local permits = 0
local slots = 0
if n > 0 then permits = math.max(0, admitted - heldPermits) end
if m > 0 then slots = math.max(0, admitted - heldSlots) end
if admitted == demand then
  if n > 0 then permits = permits + math.min(tonumber(ARGV[6]), math.floor((roomW - permits) / 64)) end
  if m > 0 then slots = slots + math.min(tonumber(ARGV[7]), math.floor((roomS - slots) / 64)) end
end
local refused = 0
if admitted < demand then
  -- The next request lacks a permit when every permit this grant can use is spent, else a slot.
  if n > 0 and heldPermits + permits <= admitted then
    for i = 1, n do
      if tonumber(ARGV[9 + 2 * i]) - counts[i] - permits < 1 then refused = i break end
    end
  end
  if refused == 0 then
    for j = 1, m do
      if tonumber(ARGV[10 + 2 * n + j]) - sizes[j] - slots < 1 then refused = n + j break end
    end
  end
  if refused == 0 then refused = 1 end
end
if permits > 0 then
  for i = 1, n do
    if redis.call('INCRBY', KEYS[i], permits) == permits then redis.call('PEXPIRE', KEYS[i], ARGV[10 + 2 * i]) end
  end
end
if slots > 0 then
  for j = 1, m do
    local args = {}
    for k = 1, slots do
      args[2 * k - 1] = ARGV[8]
      args[2 * k] = ARGV[10] .. '.' .. k
    end
    redis.call('ZADD', KEYS[n + j], unpack(args))
    redis.call('PEXPIRE', KEYS[n + j], ARGV[9])
  end
end
return {admitted, permits, slots, refused, roomW - permits, roomS - slots}
`;

/** KEYS: the lease sets; ARGV: the slot ids. */
const RELEASE_SCRIPT = `
for i = 1, #KEYS do redis.call('ZREM', KEYS[i], unpack(ARGV)) end
return 0
`;

/**
 * KEYS: window counters; ARGV[1]: spare permits to give back. A counter already expired (its window ended) is
 * left alone: decrementing would create it below zero.
 */
const RETURN_PERMITS_SCRIPT = `
for i = 1, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then redis.call('DECRBY', KEYS[i], ARGV[1]) end
end
return 0
`;

/**
 * KEYS: the lease sets of one pool; ARGV: now, the new expiry, the sets' ttl, then the slot ids. XX: only a slot
 * still held is extended; one expired and swept (Redis was out of reach for a whole lease) stays gone, and its id
 * is returned so the instance stops using it.
 */
const RENEW_SCRIPT = `
local lost = {}
for i = 1, #KEYS do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', ARGV[1])
  for k = 4, #ARGV do
    if redis.call('ZADD', KEYS[i], 'XX', 'CH', ARGV[2], ARGV[k]) == 0 and redis.call('ZSCORE', KEYS[i], ARGV[k]) == false then
      lost[#lost + 1] = ARGV[k]
    end
  end
  if redis.call('EXISTS', KEYS[i]) == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[3]) end
end
return lost
`;

type LimiterRedis = Redis & {
  katavenGrant(...args: (string | number)[]): Promise<number[]>;
  katavenRelease(...args: (string | number)[]): Promise<number>;
  katavenReturnPermits(...args: (string | number)[]): Promise<number>;
  katavenRenew(...args: (string | number)[]): Promise<string[]>;
};

/** The allowance's view of Redis: the four scripts. */
class RedisAllowanceStore implements AllowanceStore {
  constructor(private readonly redis: LimiterRedis) {}

  get ready(): boolean {
    return this.redis.status === 'ready';
  }

  async grant(plan: LimitPlan, request: GrantRequest): Promise<Grant> {
    const keys: string[] = [];
    const args: (string | number)[] = [
      plan.windows.length,
      request.now,
      request.demand,
      request.heldPermits,
      request.heldSlots,
      request.sparePermits,
      request.spareSlots,
      request.leaseExpiresAt,
      request.leaseTtlMs,
      request.slotPrefix,
    ];
    for (const w of plan.windows) {
      keys.push(w.counter);
      args.push(w.limit, Math.max(1, w.resetAt - request.now));
    }
    for (const c of plan.concurrency) {
      keys.push(c.set);
      args.push(c.limit);
    }
    const reply = await this.redis.katavenGrant(keys.length, ...keys, ...args).catch((err: unknown) => this.failed(err));
    const [admitted, permits, slots, refused, windowRoom, slotRoom] = reply.map(Number) as [number, number, number, number, number, number];
    return { admitted, permits, slots, refusedIndex: refused - 1, windowRoom, slotRoom };
  }

  async releaseSlots(sets: readonly string[], ids: readonly string[]): Promise<void> {
    await this.redis.katavenRelease(sets.length, ...sets, ...ids).catch((err: unknown) => this.failed(err));
  }

  async returnPermits(counters: readonly string[], permits: number): Promise<void> {
    await this.redis.katavenReturnPermits(counters.length, ...counters, permits).catch((err: unknown) => this.failed(err));
  }

  async renewSlots(sets: readonly string[], ids: readonly string[], now: number, leaseTtlMs: number): Promise<string[]> {
    return this.redis
      .katavenRenew(sets.length, ...sets, now, now + leaseTtlMs, leaseTtlMs, ...ids)
      .catch((err: unknown) => this.failed(err));
  }

  private failed(err: unknown): never {
    return commandFailed(this.redis, err);
  }
}

export class RedisRateLimiter implements RateLimiter {
  private constructor(
    private readonly redis: LimiterRedis,
    private readonly allowance: LocalAllowance,
    readonly leaseTtlMs: number,
  ) {}

  /** Connects before the hub serves: a misconfigured REDIS_URL fails the start, not the first request. */
  static async connect(
    url: string,
    now: () => number = Date.now,
    options: { commandTimeoutMs?: number; leaseTtlMs?: number; onError?: (err: unknown, what: string) => void } = {},
  ): Promise<RedisRateLimiter> {
    const redis = (await connectRequestRedis(url, {
      connectionName: 'kataven-rate-limits',
      scripts: {
        katavenGrant: { lua: GRANT_SCRIPT },
        katavenRelease: { lua: RELEASE_SCRIPT },
        katavenReturnPermits: { lua: RETURN_PERMITS_SCRIPT },
        katavenRenew: { lua: RENEW_SCRIPT },
      },
      ...(options.commandTimeoutMs !== undefined ? { commandTimeoutMs: options.commandTimeoutMs } : {}),
    })) as LimiterRedis;
    const leaseTtlMs = options.leaseTtlMs ?? LEASE_TTL_MS;
    const allowance = new LocalAllowance(new RedisAllowanceStore(redis), { now, leaseTtlMs, onError: options.onError });
    return new RedisRateLimiter(redis, allowance, leaseTtlMs);
  }

  admit(plan: LimitPlan): Promise<Admission> {
    return this.allowance.admit(plan);
  }

  release(lease: Lease): Promise<void> {
    return this.allowance.release(lease);
  }

  /** Gives the spares back (best effort: they expire or end with their window anyway), then disconnects. */
  async close(): Promise<void> {
    await this.allowance.close();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
