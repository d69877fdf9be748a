// Issue 10: the part of a shared rate limiter that lives in one instance. Redis (or any AllowanceStore) stays the
// only place where permits and concurrency slots are counted; this class decides how often it has to be asked.
//
//   - Requests of one plan that arrive while nothing is spare locally wait together and are granted by one call
//     to the store: one round trip for all of them, and the store admits exactly as many as it has room for.
//   - A grant may reserve a few spare permits and slots for this instance (the store caps them at 1/64 of the room
//     it has left, so close to a limit nothing is spare and every request is decided by the store alone). The next
//     requests spend them here without a round trip of their own: the spends of one turn of the event loop are
//     reported together (one settle for all of them), and those requests go on once it is acknowledged, so a spend
//     is in the store before its request runs, and a store that cannot be reached still answers 503 at once.
//     Spares unused for IDLE_MS go back to the store.
//   - A finished request's slot stays with the instance (still counted in the store) when the pool may keep one,
//     and is handed to the next request; otherwise it goes back to the store, many ids in one call.
//   - One timer renews every slot and reservation this instance holds every third of the lease: an instance that
//     dies stops renewing, and its slots and unspent permits stop counting one lease later (R2).
//
// A reserved permit is counted in the store, so it can never admit one request too many; what it costs is that,
// for at most IDLE_MS, another instance may be refused while this one still holds a permit or a slot it is not
// using (at most 1/64 of what was left). Without the store (Redis down), nothing is admitted, spares or not: the
// limits cannot be counted across instances, so the answer stays 503 (fail closed), and spares held through an
// outage are dropped rather than trusted.
import { newLeaseId, refusal, type Admission, type Lease, type LimitPlan } from './rate-limiter.js';

export interface GrantRequest {
  now: number;
  /** Requests waiting: the store admits up to this many. */
  demand: number;
  /** Spare permits (reserved) and free slots this instance puts towards the demand (both counted in the store). */
  heldPermits: number;
  heldSlots: number;
  /** This instance's reservation for the plan, and the permits spent from it not yet reported. */
  reservation: string;
  spent: number;
  /** Extra permits and slots wanted beyond the demand, if the store has plenty of room. */
  sparePermits: number;
  spareSlots: number;
  leaseExpiresAt: number;
  leaseTtlMs: number;
  /** New slot ids are `<slotPrefix>.<k>`, k = 1…slots. */
  slotPrefix: string;
}

export interface Grant {
  /** How many of the demand are admitted. */
  admitted: number;
  /** Slots taken from the store (for the admitted requests beyond the held ones, then spares). */
  slots: number;
  /** When admitted < demand, the plan entry that refused (windows first, then sets); -1 otherwise. */
  refusedIndex: number;
  /** Room left in the tightest lease set after the grant (how many free slots the pool may keep). */
  slotRoom: number;
  /** What the caller's reservation holds now: its spare permits. */
  reserved: number;
  /** False when the reservation no longer held the spends reported with the grant: they were not made. */
  spentAccepted: boolean;
}

export interface Settlement {
  now: number;
  reservation: string;
  /** Permits spent from the reservation since the last report. */
  spent: number;
  /** Give the rest of the reservation back, or else keep it until expiresAt. */
  giveBack: boolean;
  expiresAt: number;
}

export interface AllowanceStore {
  /** False while the store cannot be reached: nothing is admitted then. */
  readonly ready: boolean;
  grant(plan: LimitPlan, request: GrantRequest): Promise<Grant>;
  releaseSlots(sets: readonly string[], ids: readonly string[]): Promise<void>;
  /**
   * Reports spent permits and renews or gives back the reservation; returns what it still holds, or -1 (and
   * changes nothing) when it no longer holds the spent permits: it expired, and they must not be spent.
   */
  settle(plan: LimitPlan, settlement: Settlement): Promise<number>;
  /** Extends the slots' expiry; returns the ids that were no longer held (expired and swept). */
  renewSlots(sets: readonly string[], ids: readonly string[], now: number, leaseTtlMs: number): Promise<string[]>;
}

/** Reports of one plan's spends are at least this far apart (real time). */
const REPORT_SPACING_MS = 1;
/** Spares unused this long (real time) go back to the store. */
const IDLE_MS = 250;
/** How often the maintenance timer looks at spares and renewals. */
const TICK_MS = 100;
/** Most spare permits one grant asks for, and most free slots a pool keeps. */
const MAX_SPARE_PERMITS = 512;
const MAX_FREE_SLOTS = 1024;
/** Ids per release or renewal call, so one script never runs long. */
const CHUNK = 1000;

/** A report of spends refused by the store: the reservation they came from had expired. */
class ReservationLost extends Error {
  constructor() {
    super('the reservation of spare rate-limit permits expired');
  }
}

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined); // every waiter handles it; this only keeps an unawaited one quiet
  return { promise, resolve, reject };
}

interface Waiter {
  resolve: (admission: Admission) => void;
  reject: (err: unknown) => void;
}

/** The slots one set of lease sets (with their limits) holds on this instance. */
class SlotPool {
  readonly free: string[] = [];
  readonly held = new Set<string>();
  /** How many free slots the pool may keep instead of giving them back (1/64 of the room at the last grant). */
  keep = 0;
  /** Grants in flight that will hand out this pool's slots: it is not dropped meanwhile. */
  granting = 0;
  lastUsed = 0;
  renewedAt: number;
  dropped = false;

  constructor(
    readonly key: string,
    readonly sets: readonly string[],
    realNow: number,
  ) {
    this.renewedAt = realNow;
  }
}

/** The spare permits and waiting requests of one plan (its counters and sets, with their limits). */
class PlanState {
  /** Spare permits reserved in the store for this instance. */
  permits = 0;
  /** Permits spent from the reservation since the last report. */
  unreported = 0;
  /** The report of spends not yet sent; the requests that spent wait for it. */
  report: Deferred | undefined;
  /** One report in flight at a time: spends made meanwhile go together in the next (issue 10: under load, one
   * round trip carries many requests' spends; unloaded, each goes at once). */
  reporting = false;
  reportScheduled = false;
  /** When the last report was sent (real time, performance.now()). */
  lastReportAt = -Infinity;
  /** Reports in flight: a failed one puts its spends back, so the state is kept meanwhile. */
  settling = 0;
  readonly reservation = newLeaseId();
  renewedAt = 0;
  readonly waiters: Waiter[] = [];
  granting = false;
  scheduled = false;
  /** Requests admitted since the last grant: the next grant asks for about twice that many spares. */
  served = 0;
  lastUsed = 0;
  dropped = false;

  constructor(
    readonly key: string,
    readonly plan: LimitPlan,
    public pool: SlotPool | undefined,
    /** The earliest end of the plan's windows: its counters and spare permits are void after it. */
    readonly resetAt: number,
  ) {}
}

const planKey = (plan: LimitPlan): string => {
  let key = '';
  for (const w of plan.windows) key += `${w.counter}=${w.limit}\n`;
  return key + poolKey(plan);
};

const poolKey = (plan: LimitPlan): string => {
  let key = '';
  for (const c of plan.concurrency) key += `${c.set}=${c.limit}\n`;
  return key;
};

export class LocalAllowance {
  private readonly now: () => number;
  private readonly leaseTtlMs: number;
  private readonly onError: (err: unknown, what: string) => void;
  private readonly states = new Map<string, PlanState>();
  /** Plans built once and reused (request-limits.ts caches them) find their state without building its key. */
  private readonly statesByPlan = new WeakMap<LimitPlan, PlanState>();
  private readonly pools = new Map<string, SlotPool>();
  /** Slot id → its pool, for every slot in use. */
  private readonly heldBy = new Map<string, SlotPool>();
  /** Slots to give back, per pool, flushed together on the next turn of the event loop. */
  private readonly releasing = new Map<SlotPool, { ids: string[]; done: Promise<void> }>();
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly store: AllowanceStore,
    options: { now?: () => number; leaseTtlMs: number; onError?: ((err: unknown, what: string) => void) | undefined },
  ) {
    this.now = options.now ?? Date.now;
    this.leaseTtlMs = options.leaseTtlMs;
    this.onError = options.onError ?? (() => undefined);
    this.timer = setInterval(() => this.maintain(), Math.min(TICK_MS, Math.max(10, this.leaseTtlMs / 6)));
    this.timer.unref();
  }

  admit(plan: LimitPlan): Promise<Admission> {
    if (plan.windows.length === 0 && plan.concurrency.length === 0) return Promise.resolve({ ok: true, lease: undefined });
    if (this.closed) return Promise.reject(new Error('the rate limiter is closed'));
    // Fail closed: spares are not spent while the store cannot be reached.
    if (!this.store.ready) return Promise.reject(new Error('the rate-limit store is unreachable'));
    const state = this.stateFor(plan);
    if (state.waiters.length === 0 && !state.granting) {
      const admission = this.takeLocal(state);
      if (admission) return admission;
    }
    return new Promise<Admission>((resolve, reject) => {
      state.waiters.push({ resolve, reject });
      this.schedule(state);
    });
  }

  async release(lease: Lease): Promise<void> {
    const pool = this.heldBy.get(lease.id);
    if (!pool) return; // released already, or never ours
    this.heldBy.delete(lease.id);
    pool.held.delete(lease.id);
    pool.lastUsed = performance.now();
    if (!pool.dropped && !this.closed && this.store.ready && pool.free.length < pool.keep) {
      pool.free.push(lease.id);
      return;
    }
    return this.giveBack(pool, [lease.id]);
  }

  /** Gives every spare back (best effort: they expire or end with their window anyway) and stops the timer. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    const now = this.now();
    const work: Promise<void>[] = [];
    for (const state of this.states.values()) {
      for (const waiter of state.waiters.splice(0)) waiter.reject(new Error('the rate limiter is closed'));
      if ((state.permits > 0 || state.unreported > 0) && now < state.resetAt) work.push(this.settle(state, true).then(() => undefined));
    }
    for (const pool of this.pools.values()) if (pool.free.length > 0) work.push(this.giveBack(pool, pool.free.splice(0)));
    work.push(...[...this.releasing.values()].map((r) => r.done));
    // Best effort: what is not given back expires with its lease or its window.
    await Promise.allSettled(work);
  }

  private stateFor(plan: LimitPlan): PlanState {
    const cached = this.statesByPlan.get(plan);
    if (cached && !cached.dropped) return this.current(cached);
    const key = planKey(plan);
    let state = this.states.get(key);
    if (!state) {
      let resetAt = Infinity;
      for (const w of plan.windows) resetAt = Math.min(resetAt, w.resetAt);
      state = new PlanState(key, plan, plan.concurrency.length > 0 ? this.poolFor(plan) : undefined, resetAt);
      this.states.set(key, state);
    }
    this.statesByPlan.set(plan, state);
    return this.current(state);
  }

  /** A state's permits are void once its window ended; its pool may have been dropped while idle. */
  private current(state: PlanState): PlanState {
    if (state.permits > 0 && this.now() >= state.resetAt) state.permits = 0;
    if (state.pool?.dropped) state.pool = this.poolFor(state.plan);
    return state;
  }

  private poolFor(plan: LimitPlan): SlotPool {
    const key = poolKey(plan);
    let pool = this.pools.get(key);
    if (!pool) {
      pool = new SlotPool(
        key,
        plan.concurrency.map((c) => c.set),
        performance.now(),
      );
      this.pools.set(key, pool);
    }
    return pool;
  }

  /**
   * Admits from this instance's spares, once the turn's report of spends is acknowledged; undefined when a permit
   * or a slot is missing here. Without a report (no window to count), at once.
   */
  private takeLocal(state: PlanState): Promise<Admission> | undefined {
    const needsPermit = state.plan.windows.length > 0;
    const pool = state.pool;
    if (needsPermit && state.permits === 0) return undefined;
    if (pool && pool.free.length === 0) return undefined;
    const realNow = performance.now();
    state.served++;
    state.lastUsed = realNow;
    let lease: Lease | undefined;
    if (pool) {
      pool.lastUsed = realNow;
      lease = this.hold(pool, pool.free.pop()!);
    }
    const admission: Admission = { ok: true, lease };
    if (!needsPermit) return Promise.resolve(admission);
    state.permits--;
    state.unreported++;
    return this.reported(state).then(
      () => admission,
      async (err: unknown) => {
        // Not admitted this way: the slot goes back. A reservation that expired sends the request to the store
        // like any other; a store out of reach answers 503.
        if (lease) await this.release(lease).catch(() => undefined);
        if (err instanceof ReservationLost) return this.admit(state.plan);
        throw err;
      },
    );
  }

  private hold(pool: SlotPool, id: string): Lease {
    pool.held.add(id);
    this.heldBy.set(id, pool);
    return { id, sets: pool.sets };
  }

  private schedule(state: PlanState): void {
    if (state.granting || state.scheduled) return;
    state.scheduled = true;
    // Requests that arrive in the same turn of the event loop share one grant.
    setImmediate(() => {
      state.scheduled = false;
      void this.grant(state);
    });
  }

  private async grant(state: PlanState): Promise<void> {
    const waiters = state.waiters.splice(0);
    if (waiters.length === 0) return;
    state.granting = true;
    const plan = state.plan;
    const pool = state.pool?.dropped ? (state.pool = this.poolFor(plan)) : state.pool;
    const hasWindows = plan.windows.length > 0;
    // Whatever is spare goes towards this grant, which also reports what was spent; the grant says what is left.
    const heldPermits = hasWindows ? state.permits : 0;
    const spent = state.unreported;
    const report = state.report;
    state.report = undefined;
    state.permits = 0;
    state.unreported = 0;
    const heldSlots = pool ? pool.free.splice(0) : [];
    const demand = waiters.length;
    const now = this.now();
    const slotPrefix = newLeaseId();
    if (pool) pool.granting++;
    try {
      if (!this.store.ready) throw new Error('the rate-limit store is unreachable');
      const g = await this.store.grant(plan, {
        now,
        demand,
        heldPermits,
        heldSlots: heldSlots.length,
        sparePermits: hasWindows ? Math.min(MAX_SPARE_PERMITS, Math.max(demand, 2 * state.served)) : 0,
        spareSlots: pool ? Math.min(MAX_FREE_SLOTS, demand) : 0,
        leaseExpiresAt: now + this.leaseTtlMs,
        leaseTtlMs: this.leaseTtlMs,
        slotPrefix,
        reservation: state.reservation,
        spent,
      });
      const realNow = performance.now();
      const slots = heldSlots;
      for (let k = 1; k <= g.slots; k++) slots.push(`${slotPrefix}.${k}`);
      if (pool) {
        pool.keep = Math.min(MAX_FREE_SLOTS, Math.floor(g.slotRoom / 64));
        pool.lastUsed = realNow;
      }
      state.served = 0;
      state.lastUsed = realNow;
      state.renewedAt = realNow;
      const refused = g.admitted < demand ? refusal(plan, Math.max(0, g.refusedIndex), now) : undefined;
      waiters.forEach((waiter, i) => {
        if (i >= g.admitted) return waiter.resolve(refused!);
        state.served++;
        waiter.resolve({ ok: true, lease: pool ? this.hold(pool, slots.pop()!) : undefined });
      });
      if (g.spentAccepted) report?.resolve();
      else report?.reject(new ReservationLost());
      // The store's word on what is reserved: less than was held when the reservation had expired meanwhile.
      if (hasWindows) state.permits += g.reserved;
      if (pool) {
        if (pool.dropped || this.closed) void this.giveBack(pool, slots);
        else pool.free.push(...slots);
      }
    } catch (err) {
      // A failed grant may or may not have run: its spends are reported again (counting one twice only refuses
      // sooner), and the spares stay (every report is checked against the store).
      state.unreported += spent;
      state.permits += heldPermits;
      report?.reject(err);
      if (pool) pool.free.push(...heldSlots);
      for (const waiter of waiters) waiter.reject(err);
    } finally {
      state.granting = false;
      if (pool) pool.granting--;
    }
    // Requests that arrived meanwhile: served from what was left, or granted next.
    while (state.waiters.length > 0) {
      const admission = this.takeLocal(state);
      if (!admission) break;
      const waiter = state.waiters.shift()!;
      admission.then(waiter.resolve, waiter.reject);
    }
    if (state.waiters.length > 0) this.schedule(state);
  }

  /**
   * The report that will carry a spend made now: sent at the end of this turn, or when the report in flight is
   * answered, or by a grant sent first (which carries the spends and answers for them).
   */
  private reported(state: PlanState): Promise<void> {
    state.report ??= deferred();
    if (!state.reporting) this.scheduleReport(state);
    return state.report.promise;
  }

  private scheduleReport(state: PlanState): void {
    if (state.reportScheduled) return;
    state.reportScheduled = true;
    // At most one report per REPORT_SPACING_MS: under load, each carries more spends (a Redis script costs
    // about as much on both sides for one spend as for fifty); unloaded, a report goes at once.
    const wait = state.lastReportAt + REPORT_SPACING_MS - performance.now();
    if (wait > 0) setTimeout(() => this.sendReport(state), wait);
    else setImmediate(() => this.sendReport(state));
  }


  private sendReport(state: PlanState): void {
    state.reportScheduled = false;
    state.lastReportAt = performance.now();
    const report = state.report;
    if (!report) return; // a grant took these spends
    state.report = undefined;
    state.reporting = true;
    this.settle(state, false)
      .then(report.resolve, report.reject)
      .finally(() => {
        state.reporting = false;
        if (state.report) this.scheduleReport(state);
      });
  }

  /** Reports what was spent, and renews the reservation or gives the rest back. */
  private async settle(state: PlanState, giveBack: boolean): Promise<number> {
    const spent = state.unreported;
    state.unreported = 0;
    if (giveBack) state.permits = 0;
    const now = this.now();
    state.renewedAt = performance.now();
    state.settling++;
    try {
      const left = await this.store.settle(state.plan, { now, reservation: state.reservation, spent, giveBack, expiresAt: now + this.leaseTtlMs });
      // The reservation expired (the store was out of reach for a lease): the spends just reported were not made
      // (their requests go to the store), and what is held here is void. Only the store's refusal says so: what
      // `left` says is already out of date when a grant's answer was handled before this one's.
      if (left < 0) {
        state.permits = 0;
        throw new ReservationLost();
      }
      return left;
    } catch (err) {
      // Out of reach: the spends may or may not have been recorded; reported again, they can only be counted
      // twice (refusing sooner), never missed. The spares stay: every report is checked against the store.
      if (!(err instanceof ReservationLost)) state.unreported += spent;
      throw err;
    } finally {
      state.settling--;
    }
  }

  private giveBack(pool: SlotPool, ids: string[]): Promise<void> {
    if (ids.length === 0) return Promise.resolve();
    const pending = this.releasing.get(pool);
    if (pending) {
      pending.ids.push(...ids);
      return pending.done;
    }
    const batch = { ids: [...ids], done: Promise.resolve() };
    batch.done = new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        this.releasing.delete(pool);
        const calls: Promise<void>[] = [];
        for (let i = 0; i < batch.ids.length; i += CHUNK) calls.push(this.store.releaseSlots(pool.sets, batch.ids.slice(i, i + CHUNK)));
        // A slot whose release failed expires after its lease: it is no longer renewed.
        Promise.all(calls).then(() => resolve(), reject);
      });
    });
    this.releasing.set(pool, batch);
    return batch.done;
  }

  /** Every tick: spares idle too long go back, finished windows are forgotten, slots are renewed. */
  private maintain(): void {
    if (this.closed) return;
    const realNow = performance.now();
    const now = this.now();
    if (!this.store.ready) {
      // Through an outage free slots are not trusted: Redis may come back without them, and a slot is not checked
      // again when it is handed out. Dropped, not given back: they expire after their lease. (Spare permits are
      // checked by every report, so they stay.)
      for (const pool of this.pools.values()) pool.free.length = 0;
      return;
    }
    for (const state of this.states.values()) {
      const busy =
        state.granting || state.scheduled || state.settling > 0 || state.reporting || state.report !== undefined || state.waiters.length > 0;
      if (busy) continue;
      const report = (giveBack: boolean) =>
        this.settle(state, giveBack).catch((err: unknown) => this.onError(err, 'settling spare rate-limit permits'));
      if (now >= state.resetAt) {
        // The window ended: its counts no longer matter.
        state.permits = 0;
        state.unreported = 0;
      } else if ((state.permits > 0 || state.unreported > 0) && realNow - state.lastUsed > IDLE_MS) void report(true);
      else if (state.permits > 0 && realNow - state.renewedAt >= this.leaseTtlMs / 3) void report(false);
      if (state.permits === 0 && state.unreported === 0 && (now >= state.resetAt || realNow - state.lastUsed > IDLE_MS)) {
        state.dropped = true;
        this.states.delete(state.key);
      }
    }
    for (const pool of this.pools.values()) {
      if (pool.free.length > 0 && realNow - pool.lastUsed > IDLE_MS) {
        this.giveBack(pool, pool.free.splice(0)).catch((err: unknown) => this.onError(err, 'releasing spare concurrency slots'));
      }
      if (pool.free.length === 0 && pool.held.size === 0) {
        if (pool.granting === 0 && !this.releasing.has(pool) && realNow - pool.lastUsed > IDLE_MS) {
          pool.dropped = true;
          this.pools.delete(pool.key);
        }
        continue;
      }
      if (realNow - pool.renewedAt >= this.leaseTtlMs / 3) this.renew(pool, now, realNow);
    }
  }

  private renew(pool: SlotPool, now: number, realNow: number): void {
    pool.renewedAt = realNow;
    const ids = [...pool.held, ...pool.free];
    for (let i = 0; i < ids.length; i += CHUNK) {
      this.store.renewSlots(pool.sets, ids.slice(i, i + CHUNK), now, this.leaseTtlMs).then(
        (lost) => {
          if (lost.length === 0) return;
          // Swept in the store (it was out of reach for a whole lease): a free one must not be handed out. One in
          // use stays with its request; releasing it later is harmless.
          const gone = new Set(lost);
          const kept = pool.free.filter((id) => !gone.has(id));
          pool.free.length = 0;
          pool.free.push(...kept);
        },
        (err: unknown) => {
          // Not renewed: free slots may expire before the next try, so none is handed out any more.
          pool.free.length = 0;
          this.onError(err, 'renewing concurrency slots');
        },
      );
    }
  }
}
