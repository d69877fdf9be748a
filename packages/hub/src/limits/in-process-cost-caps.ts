// L2 for the embedded default (no REDIS_URL, one instance): the same dimensions, counters, leases and `done`
// markers as RedisCostCaps, held in this process. Each method runs to completion without yielding, so
// check-then-take is as atomic here as the Lua script is in Redis.
import type { CostCaps } from '../tenancy/catalog.js';
import {
  CALL_LEASE_TTL_MS,
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

/** Expired counters, markers and empty lease sets are swept at most this often. */
const SWEEP_EVERY_MS = 10_000;

interface Expiring {
  value: number;
  expiresAt: number;
}

export class InProcessCostCaps implements CostCapLimiter {
  /** Counters and `done` markers (value 1), by the Redis implementation's key names. */
  private readonly entries = new Map<string, Expiring>();
  /** Live set → call id → lease expiry. */
  private readonly live = new Map<string, Map<string, number>>();
  private nextSweep = 0;

  constructor(
    private readonly now: () => number = Date.now,
    readonly leaseTtlMs: number = CALL_LEASE_TTL_MS,
  ) {}

  async admit(account: string, caps: CostCaps, callId: string, scope?: CapScope): Promise<CapAdmission> {
    checkCaps(caps);
    if (scope !== undefined) checkScope(scope);
    const now = this.now();
    this.sweep(now);
    const slot = slotAt(account, callId, now, scope);
    checkSlot(slot);
    const keys = capKeys(slot);
    const live = this.liveCalls(keys.live, now);
    if (live.has(callId) || this.get(keys.done, now) > 0) throw new DuplicateCallError(callId);
    // In the order L2 reports them; daily-minutes reserves one minute per live call (see redis-cost-caps.ts).
    if (live.size >= caps.concurrent_max) return capRefusal('concurrent', now);
    if (this.get(keys.minute, now) >= caps.calls_per_minute) return capRefusal('per-minute', now);
    if (this.get(keys.dayCalls, now) >= caps.daily_calls_max) return capRefusal('daily-calls', now);
    if (this.get(keys.dayMinutes, now) + live.size >= caps.daily_minutes_max) return capRefusal('daily-minutes', now);
    // The scope's own caps, after the account's (the same rules, with the scope's own counters).
    const scoped = scopeKeys(slot);
    const scopeLive = scoped ? this.liveCalls(scoped.live, now) : undefined;
    if (scope && scoped && scopeLive) {
      const { concurrent, daily_calls, daily_minutes } = scope.caps;
      if (concurrent !== undefined && scopeLive.size >= concurrent) return capRefusal('key-concurrent', now);
      if (daily_calls !== undefined && this.get(scoped.dayCalls, now) >= daily_calls) return capRefusal('key-daily-sessions', now);
      if (daily_minutes !== undefined && this.get(scoped.dayMinutes, now) + scopeLive.size >= daily_minutes) {
        return capRefusal('key-daily-minutes', now);
      }
    }
    live.set(callId, now + this.leaseTtlMs);
    this.live.set(keys.live, live);
    const ttls = counterTtls(slot, now);
    this.add(keys.minute, 1, now, now + ttls.minute);
    this.add(keys.dayCalls, 1, now, now + ttls.day);
    if (scoped && scopeLive) {
      scopeLive.set(callId, now + this.leaseTtlMs);
      this.live.set(scoped.live, scopeLive);
      this.add(scoped.dayCalls, 1, now, now + ttls.day);
    }
    return { ok: true, slot };
  }

  async renew(slot: CallSlot): Promise<boolean> {
    checkSlot(slot);
    const now = this.now();
    const live = this.liveCalls(capKeys(slot).live, now);
    if (!live.has(slot.id)) return false;
    live.set(slot.id, now + this.leaseTtlMs);
    const scoped = scopeKeys(slot);
    if (scoped) {
      // Renewed together with the account's lease, so the two lapse together (only a lease still held).
      const scopeLive = this.liveCalls(scoped.live, now);
      if (scopeLive.has(slot.id)) scopeLive.set(slot.id, now + this.leaseTtlMs);
    }
    return true;
  }

  async end(slot: CallSlot, seconds: number): Promise<void> {
    checkSlot(slot);
    const minutes = callMinutes(seconds);
    const now = this.now();
    const keys = capKeys(slot);
    if (!this.markDone(keys.done, now)) return;
    this.live.get(keys.live)?.delete(slot.id);
    const scoped = scopeKeys(slot);
    if (scoped) this.live.get(scoped.live)?.delete(slot.id);
    // The day's minutes counter lives until a day after the day ends; a call reported later counts nowhere.
    const expiresAt = dayEnd(slot.day) + 86_400_000;
    if (minutes > 0 && expiresAt > now) {
      this.add(keys.dayMinutes, minutes, now, expiresAt);
      if (scoped) this.add(scoped.dayMinutes, minutes, now, expiresAt);
    }
  }

  async cancel(slot: CallSlot): Promise<void> {
    checkSlot(slot);
    const now = this.now();
    const keys = capKeys(slot);
    if (!this.markDone(keys.done, now)) return;
    this.live.get(keys.live)?.delete(slot.id);
    const scoped = scopeKeys(slot);
    if (scoped) this.live.get(scoped.live)?.delete(slot.id);
    for (const counter of [keys.minute, keys.dayCalls, ...(scoped ? [scoped.dayCalls] : [])]) {
      const entry = this.entries.get(counter);
      if (entry && entry.expiresAt > now && entry.value > 0) entry.value--;
    }
  }

  async close(): Promise<void> {
    this.entries.clear();
    this.live.clear();
  }

  /** SET NX: true for the first end or cancel of a call id. */
  private markDone(key: string, now: number): boolean {
    if (this.get(key, now) > 0) return false;
    this.entries.set(key, { value: 1, expiresAt: now + DONE_MARKER_TTL_MS });
    return true;
  }

  private get(key: string, now: number): number {
    const entry = this.entries.get(key);
    return entry && entry.expiresAt > now ? entry.value : 0;
  }

  /** INCRBY, the expiry set when the counter is created. */
  private add(key: string, amount: number, now: number, expiresAt: number): void {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > now) entry.value += amount;
    else this.entries.set(key, { value: amount, expiresAt });
  }

  /** The live calls of a set, expired leases dropped. */
  private liveCalls(set: string, now: number): Map<string, number> {
    const members = this.live.get(set) ?? new Map<string, number>();
    for (const [id, expiresAt] of members) if (expiresAt <= now) members.delete(id);
    return members;
  }

  private sweep(now: number): void {
    if (now < this.nextSweep) return;
    this.nextSweep = now + SWEEP_EVERY_MS;
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
    for (const [set, members] of this.live) {
      for (const [id, expiresAt] of members) if (expiresAt <= now) members.delete(id);
      if (members.size === 0) this.live.delete(set);
    }
  }
}
