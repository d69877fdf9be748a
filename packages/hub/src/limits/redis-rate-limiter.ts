// R1: rate limits counted in Redis, shared by every hub instance. One Lua script per request checks every window
// and lease set and, only if all have room, increments them all: Redis runs a script atomically, so two instances
// can never both take the last slot, and a refused request consumes nothing. ioredis' defineCommand sends it with
// EVALSHA (falling back to EVAL once per connection if the script cache was flushed): one round trip to admit,
// one to release.
//
// Why not rate-limiter-flexible: it counts one limiter per call (a request here meets up to 8 counters that must
// be checked together before any is incremented) and has no lease-with-expiry concurrency counter.
import type { Redis } from 'ioredis';
import { commandFailed, connectRequestRedis } from '../request-redis.js';
import { LEASE_TTL_MS, newLeaseId, refusal, type Admission, type Lease, type LimitPlan, type RateLimiter } from './rate-limiter.js';

/**
 * KEYS: the window counters (n of them), then the lease sets.
 * ARGV: n, now, lease id, lease expiry, lease-set ttl, then limit and ttl (ms) of each counter, then the limit of
 * each lease set. Returns 0 when admitted, else the 1-based index (in KEYS) of the first entry without room.
 * Leases are sorted-set members scored by their expiry; expired ones are dropped before counting.
 */
const ADMIT_SCRIPT = `
local n = tonumber(ARGV[1])
local now = tonumber(ARGV[2])
for i = 1, n do
  local count = tonumber(redis.call('GET', KEYS[i]) or '0')
  if count >= tonumber(ARGV[4 + 2 * i]) then return i end
end
for j = n + 1, #KEYS do
  redis.call('ZREMRANGEBYSCORE', KEYS[j], '-inf', now)
  if redis.call('ZCARD', KEYS[j]) >= tonumber(ARGV[5 + n + j]) then return j end
end
for i = 1, n do
  if redis.call('INCR', KEYS[i]) == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[5 + 2 * i]) end
end
for j = n + 1, #KEYS do
  redis.call('ZADD', KEYS[j], ARGV[4], ARGV[3])
  redis.call('PEXPIRE', KEYS[j], ARGV[5])
end
return 0
`;

/** KEYS: the lease sets; ARGV[1]: the lease id. */
const RELEASE_SCRIPT = `
for i = 1, #KEYS do redis.call('ZREM', KEYS[i], ARGV[1]) end
return 0
`;

/**
 * KEYS: the lease sets; ARGV: the lease id, now, the new expiry, the sets' ttl. XX: only a lease still held is
 * extended; one released, or expired and swept, stays gone.
 */
const RENEW_SCRIPT = `
for i = 1, #KEYS do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', ARGV[2])
  redis.call('ZADD', KEYS[i], 'XX', ARGV[3], ARGV[1])
  if redis.call('EXISTS', KEYS[i]) == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[4]) end
end
return 0
`;

type LimiterRedis = Redis & {
  katavenRenew(...args: (string | number)[]): Promise<number>;
  katavenAdmit(...args: (string | number)[]): Promise<number>;
  katavenRelease(...args: (string | number)[]): Promise<number>;
};

export class RedisRateLimiter implements RateLimiter {
  private constructor(
    private readonly redis: LimiterRedis,
    private readonly now: () => number,
    readonly leaseTtlMs: number,
  ) {}

  /** Connects before the hub serves: a misconfigured REDIS_URL fails the start, not the first request. */
  static async connect(
    url: string,
    now: () => number = Date.now,
    options: { commandTimeoutMs?: number; leaseTtlMs?: number } = {},
  ): Promise<RedisRateLimiter> {
    const redis = (await connectRequestRedis(url, {
      connectionName: 'kataven-rate-limits',
      scripts: {
        katavenAdmit: { lua: ADMIT_SCRIPT },
        katavenRelease: { lua: RELEASE_SCRIPT },
        katavenRenew: { lua: RENEW_SCRIPT },
      },
      ...(options.commandTimeoutMs !== undefined ? { commandTimeoutMs: options.commandTimeoutMs } : {}),
    })) as LimiterRedis;
    return new RedisRateLimiter(redis, now, options.leaseTtlMs ?? LEASE_TTL_MS);
  }

  async admit(plan: LimitPlan): Promise<Admission> {
    const now = this.now();
    const lease = plan.concurrency.length > 0 ? { id: newLeaseId(), sets: plan.concurrency.map((c) => c.set) } : undefined;
    const keys: string[] = [];
    const args: (string | number)[] = [plan.windows.length, now, lease?.id ?? '', now + this.leaseTtlMs, this.leaseTtlMs];
    for (const w of plan.windows) {
      keys.push(w.counter);
      args.push(w.limit, Math.max(1, w.resetAt - now));
    }
    for (const c of plan.concurrency) {
      keys.push(c.set);
      args.push(c.limit);
    }
    if (keys.length === 0) return { ok: true, lease: undefined };
    const refused = await this.redis.katavenAdmit(keys.length, ...keys, ...args).catch((err: unknown) => this.failed(err));
    return refused === 0 ? { ok: true, lease } : refusal(plan, refused - 1, now);
  }

  async release(lease: Lease): Promise<void> {
    if (lease.sets.length === 0) return;
    await this.redis.katavenRelease(lease.sets.length, ...lease.sets, lease.id).catch((err: unknown) => this.failed(err));
  }

  async renew(lease: Lease): Promise<void> {
    if (lease.sets.length === 0) return;
    const now = this.now();
    await this.redis
      .katavenRenew(lease.sets.length, ...lease.sets, lease.id, now, now + this.leaseTtlMs, this.leaseTtlMs)
      .catch((err: unknown) => this.failed(err));
  }

  private failed(err: unknown): never {
    return commandFailed(this.redis, err);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
