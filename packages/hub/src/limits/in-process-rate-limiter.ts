// R1 for the embedded default (no REDIS_URL, one instance): the same plan, counters and leases as the Redis
// limiter, held in this process. JavaScript runs admit() to completion without yielding, so check-then-increment
// is as atomic here as the Lua script is in Redis.
import { LEASE_TTL_MS, newLeaseId, refusal, type Admission, type Lease, type LimitPlan, type RateLimiter } from './rate-limiter.js';

/** Expired counters and empty lease sets are swept at most this often. */
const SWEEP_EVERY_MS = 10_000;

export class InProcessRateLimiter implements RateLimiter {
  private readonly counters = new Map<string, { count: number; expiresAt: number }>();
  /** Lease set → lease id → expiry. */
  private readonly leases = new Map<string, Map<string, number>>();
  private nextSweep = 0;
  /** Held leases are kept alive together (rate-limiter.ts), as the Redis limiter does. */
  private readonly keepAlive: NodeJS.Timeout;

  constructor(
    private readonly now: () => number = Date.now,
    readonly leaseTtlMs: number = LEASE_TTL_MS,
  ) {
    this.keepAlive = setInterval(() => this.renewAll(), leaseTtlMs / 3);
    this.keepAlive.unref();
  }

  async admit(plan: LimitPlan): Promise<Admission> {
    const now = this.now();
    this.sweep(now);
    for (const [i, w] of plan.windows.entries()) {
      if (this.count(w.counter, now) >= w.limit) return refusal(plan, i, now);
    }
    for (const [j, c] of plan.concurrency.entries()) {
      if (this.inFlight(c.set, now) >= c.limit) return refusal(plan, plan.windows.length + j, now);
    }
    for (const w of plan.windows) {
      const entry = this.counters.get(w.counter);
      if (entry && entry.expiresAt > now) entry.count++;
      else this.counters.set(w.counter, { count: 1, expiresAt: w.resetAt });
    }
    if (plan.concurrency.length === 0) return { ok: true, lease: undefined };
    const lease = { id: newLeaseId(), sets: plan.concurrency.map((c) => c.set) };
    for (const set of lease.sets) {
      let members = this.leases.get(set);
      if (!members) this.leases.set(set, (members = new Map<string, number>()));
      members.set(lease.id, now + this.leaseTtlMs);
    }
    return { ok: true, lease };
  }

  async release(lease: Lease): Promise<void> {
    for (const set of lease.sets) {
      const members = this.leases.get(set);
      if (!members) continue;
      members.delete(lease.id);
      if (members.size === 0) this.leases.delete(set);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.keepAlive);
    this.counters.clear();
    this.leases.clear();
  }

  /** Extends every lease still held; one already expired is not brought back. */
  private renewAll(): void {
    const now = this.now();
    for (const members of this.leases.values()) {
      for (const [id, expiresAt] of members) if (expiresAt > now) members.set(id, now + this.leaseTtlMs);
    }
  }

  private count(counter: string, now: number): number {
    const entry = this.counters.get(counter);
    return entry && entry.expiresAt > now ? entry.count : 0;
  }

  private inFlight(set: string, now: number): number {
    const members = this.leases.get(set);
    if (!members) return 0;
    for (const [id, expiresAt] of members) if (expiresAt <= now) members.delete(id);
    return members.size;
  }

  private sweep(now: number): void {
    if (now < this.nextSweep) return;
    this.nextSweep = now + SWEEP_EVERY_MS;
    for (const [key, entry] of this.counters) if (entry.expiresAt <= now) this.counters.delete(key);
    for (const [set, members] of this.leases) {
      for (const [id, expiresAt] of members) if (expiresAt <= now) members.delete(id);
      if (members.size === 0) this.leases.delete(set);
    }
  }
}
