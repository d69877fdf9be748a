// R1: rate limits counted in Redis, shared by every hub instance, with permits taken in batches (issue 10).
//
// Exactness comes from one Lua script (GRANT_SCRIPT) that Redis runs atomically: it checks every window counter
// and lease set of a plan and takes, for all of them at once, the permits and concurrency slots the requests
// waiting on this instance need. Two instances can never both take the last permit, and a refused request
// consumes nothing. What makes it cheap is what happens around the script (local-allowance.ts):
//   - requests that arrive together wait for one grant (one round trip for all of them, not one each);
//   - when a window has plenty of room left, a grant also reserves a few spare permits for this instance, and an
//     instance keeps the slots its finished requests give back, so most requests are admitted from this
//     instance's allowance with no round trip at all. Spares are bounded by 1/64 of the room left (so near a
//     limit every permit is asked for as it is needed, exactly as with no batching) and given back after 250 ms
//     unused;
//   - one timer renews all of this instance's slots and reservations every third of the lease, instead of a timer
//     per request.
// A window's count is its counter (permits spent) plus the live reservations of every instance. A permit spent
// from a reservation is reported in the same turn of the event loop (SETTLE_SCRIPT: the counter goes up, the
// reservation down), before the request's handler can have done any I/O; a reservation lives for one lease unless
// renewed. So an instance that dies loses neither its spares (its reservation stops counting one lease later) nor
// its spends (already reported): never one request more than a limit, and nothing held longer than a lease.
//
// Keys: a window counter C has its reservations in the hash `C:rsv` (reservation id → permits) and their expiries
// in the sorted set `C:rsx`; all share C's hash tag, so a script's keys stay on one cluster slot.
//
// Why not rate-limiter-flexible: it counts one limiter per call (a request here meets up to 8 counters that must
// be checked together before any is incremented) and has no lease-with-expiry concurrency counter.
import type { Redis } from 'ioredis';
import { commandFailed, connectRequestRedis } from '../request-redis.js';
import { LocalAllowance, type AllowanceStore, type Grant, type GrantRequest, type Settlement } from './local-allowance.js';
import { LEASE_TTL_MS, type Admission, type Lease, type LimitPlan, type RateLimiter } from './rate-limiter.js';

/**
 * KEYS: the window counters (n), their reservation hashes (n), their reservation expiries (n), the lease sets (m).
 * ARGV: n, now, demand, permits reserved by the caller (its spares), free slots it holds, spare permits wanted,
 * spare slots wanted, lease expiry, lease ttl, slot id prefix, reservation id, permits spent from the reservation
 * and not yet reported, then limit and ttl (ms) of each counter, then the limit of each lease set.
 * Returns {admitted, of them from the reservation, permits spent beyond it, spare permits reserved, slots taken,
 * refused entry (1-based index among counters then sets, 0 if none), room left in the windows, room left in the
 * sets, the reservation the caller still holds, 1 if the reported spends were accepted}. Slot ids are `<prefix>.<k>`, k = 1…slots taken.
 * Leases are sorted-set members scored by their expiry; expired ones are dropped before counting.
 */
const GRANT_SCRIPT = `
local n = tonumber(ARGV[1])
local now = tonumber(ARGV[2])
local demand = tonumber(ARGV[3])
local held = tonumber(ARGV[4])
local heldSlots = tonumber(ARGV[5])
local expiry = ARGV[8]
local rid = ARGV[11]
local spent = tonumber(ARGV[12])
local m = #KEYS - 3 * n
local huge = 1e15
local roomW = huge
local counts = {}
-- Spends reported with the grant count only if the reservation still holds them all (as in SETTLE_SCRIPT).
local spentOk = 1
for i = 1, n do
  if tonumber(redis.call('HGET', KEYS[n + i], rid) or '0') < spent then spentOk = 0 end
end
for i = 1, n do
  local c, h, z = KEYS[i], KEYS[n + i], KEYS[2 * n + i]
  if spent > 0 and spentOk == 1 then
    if redis.call('INCRBY', c, spent) == spent then redis.call('PEXPIRE', c, ARGV[12 + 2 * i]) end
    redis.call('HINCRBY', h, rid, -spent)
  end
  local expired = redis.call('ZRANGEBYSCORE', z, '-inf', now)
  if #expired > 0 then
    redis.call('HDEL', h, unpack(expired))
    redis.call('ZREMRANGEBYSCORE', z, '-inf', now)
  end
  local count = tonumber(redis.call('GET', c) or '0')
  for _, v in ipairs(redis.call('HVALS', h)) do count = count + tonumber(v) end
  counts[i] = count
  -- What the caller believes it holds counts only as far as its reservation still exists.
  local own = tonumber(redis.call('HGET', h, rid) or '0')
  if own < held then held = own end
  local room = tonumber(ARGV[11 + 2 * i]) - count
  if room < roomW then roomW = room end
end
if n == 0 then held = 0 end
local sizes = {}
local roomS = huge
for j = 1, m do
  local set = KEYS[3 * n + j]
  redis.call('ZREMRANGEBYSCORE', set, '-inf', now)
  sizes[j] = redis.call('ZCARD', set)
  local room = tonumber(ARGV[12 + 2 * n + j]) - sizes[j]
  if room < roomS then roomS = room end
end
if roomW < 0 then roomW = 0 end
if roomS < 0 then roomS = 0 end
local admitted = demand
if n > 0 then admitted = math.min(admitted, held + roomW) end
if m > 0 then admitted = math.min(admitted, heldSlots + roomS) end
local fromHeld = 0
local permits = 0
local spares = 0
local slots = 0
if n > 0 then
  fromHeld = math.min(admitted, held)
  permits = admitted - fromHeld
end
if m > 0 then slots = math.max(0, admitted - heldSlots) end
if admitted == demand then
  if n > 0 then spares = math.min(tonumber(ARGV[6]), math.floor((roomW - permits) / 64)) end
  if m > 0 then slots = slots + math.min(tonumber(ARGV[7]), math.floor((roomS - slots) / 64)) end
end
local refused = 0
if admitted < demand then
  -- The next request lacks a permit when every permit this grant can use is spent, else a slot.
  if n > 0 and held + permits <= admitted then
    for i = 1, n do
      if tonumber(ARGV[11 + 2 * i]) - counts[i] - permits < 1 then refused = i break end
    end
  end
  if refused == 0 then
    for j = 1, m do
      if tonumber(ARGV[12 + 2 * n + j]) - sizes[j] - slots < 1 then refused = n + j break end
    end
  end
  if refused == 0 then refused = 1 end
end
local reserved = held - fromHeld + spares
for i = 1, n do
  local c, h, z = KEYS[i], KEYS[n + i], KEYS[2 * n + i]
  local ttl = ARGV[12 + 2 * i]
  local used = fromHeld + permits
  if used > 0 and redis.call('INCRBY', c, used) == used then redis.call('PEXPIRE', c, ttl) end
  if reserved > 0 then
    redis.call('HSET', h, rid, reserved)
    redis.call('ZADD', z, expiry, rid)
    redis.call('PEXPIRE', h, ttl)
    redis.call('PEXPIRE', z, ttl)
  else
    redis.call('HDEL', h, rid)
    redis.call('ZREM', z, rid)
  end
end
if slots > 0 then
  for j = 1, m do
    local args = {}
    for k = 1, slots do
      args[2 * k - 1] = expiry
      args[2 * k] = ARGV[10] .. '.' .. k
    end
    redis.call('ZADD', KEYS[3 * n + j], unpack(args))
    redis.call('PEXPIRE', KEYS[3 * n + j], ARGV[9])
  end
end
return {admitted, fromHeld, permits, spares, slots, refused, roomW - permits - spares, roomS - slots, reserved, spentOk}
`;

/** KEYS: the lease sets; ARGV: the slot ids. */
const RELEASE_SCRIPT = `
for i = 1, #KEYS do redis.call('ZREM', KEYS[i], unpack(ARGV)) end
return 0
`;

/**
 * KEYS: window counters (n), their reservation hashes (n) and expiries (n). ARGV: reservation id, permits spent
 * from it since the last report, '1' to give the rest back (else renew it), the new expiry, then each counter's
 * ttl. The spent permits move from the reservation to the counter, but only if the reservation still holds them
 * all (it may have expired while Redis was out of reach and been counted as free by another instance): else
 * nothing changes and the answer is -1. Returns what is left reserved.
 */
const SETTLE_SCRIPT = `
local n = #KEYS / 3
local rid = ARGV[1]
local spent = tonumber(ARGV[2])
local left = 1e15
for i = 1, n do
  local own = tonumber(redis.call('HGET', KEYS[n + i], rid) or '0')
  if own < spent then return -1 end
  if own - spent < left then left = own - spent end
end
for i = 1, n do
  local c, h, z = KEYS[i], KEYS[n + i], KEYS[2 * n + i]
  if spent > 0 then
    if redis.call('INCRBY', c, spent) == spent then redis.call('PEXPIRE', c, ARGV[4 + i]) end
    redis.call('HINCRBY', h, rid, -spent)
  end
  if ARGV[3] == '1' or left == 0 then
    redis.call('HDEL', h, rid)
    redis.call('ZREM', z, rid)
  else
    redis.call('ZADD', z, ARGV[4], rid)
  end
end
if ARGV[3] == '1' or left == 1e15 then left = 0 end
return left
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
  katavenSettle(...args: (string | number)[]): Promise<number>;
  katavenRenew(...args: (string | number)[]): Promise<string[]>;
};

/** Plans are built once and reused (request-limits.ts), so their keys are too: a report builds no strings. */
const windowKeysOf = new WeakMap<LimitPlan, string[]>();

/** Each window's counter, then their reservation hashes, then their reservation expiries (see the header). */
function windowKeys(plan: LimitPlan): string[] {
  let keys = windowKeysOf.get(plan);
  if (!keys) {
    const counters = plan.windows.map((w) => w.counter);
    keys = [...counters, ...counters.map((c) => `${c}:rsv`), ...counters.map((c) => `${c}:rsx`)];
    windowKeysOf.set(plan, keys);
  }
  return keys;
}

/** The allowance's view of Redis: the four scripts. */
class RedisAllowanceStore implements AllowanceStore {
  constructor(private readonly redis: LimiterRedis) {}

  get ready(): boolean {
    return this.redis.status === 'ready';
  }

  async grant(plan: LimitPlan, request: GrantRequest): Promise<Grant> {
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
      request.reservation,
      request.spent,
    ];
    for (const w of plan.windows) args.push(w.limit, Math.max(1, w.resetAt - request.now));
    for (const c of plan.concurrency) args.push(c.limit);
    const keys = [...windowKeys(plan), ...plan.concurrency.map((c) => c.set)];
    const reply = await this.redis.katavenGrant(keys.length, ...keys, ...args).catch((err: unknown) => this.failed(err));
    // The script's whole answer is documented above; the allowance needs these of it.
    const [admitted, , , , slots, refused, , slotRoom, reserved, spentOk] = reply.map(Number);
    return {
      admitted: admitted!,
      slots: slots!,
      refusedIndex: refused! - 1,
      slotRoom: slotRoom!,
      reserved: reserved!,
      spentAccepted: spentOk === 1,
    };
  }

  async releaseSlots(sets: readonly string[], ids: readonly string[]): Promise<void> {
    await this.redis.katavenRelease(sets.length, ...sets, ...ids).catch((err: unknown) => this.failed(err));
  }

  async settle(plan: LimitPlan, settlement: Settlement): Promise<number> {
    const keys = windowKeys(plan);
    const ttls = plan.windows.map((w) => Math.max(1, w.resetAt - settlement.now));
    return this.redis
      .katavenSettle(keys.length, ...keys, settlement.reservation, settlement.spent, settlement.giveBack ? '1' : '0', settlement.expiresAt, ...ttls)
      .then(Number)
      .catch((err: unknown) => this.failed(err));
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
      // The allowance already sends one grant or report per plan at a time, for many requests.
      autoPipelining: false,
      scripts: {
        katavenGrant: { lua: GRANT_SCRIPT },
        katavenRelease: { lua: RELEASE_SCRIPT },
        katavenSettle: { lua: SETTLE_SCRIPT },
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
