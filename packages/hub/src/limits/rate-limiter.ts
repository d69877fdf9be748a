// R1–R2: the rate limiter behind one interface (STYLE 5), with a Redis implementation shared by every instance
// (redis-rate-limiter.ts) and an in-process one for the embedded default (in-process-rate-limiter.ts).
//
// Both execute the same `LimitPlan`, built here: a list of fixed-window counters and of concurrency lease sets,
// in the order a refusal is reported. The limiter checks every entry, and only when all have room increments
// every counter and takes a lease in every set — one atomic step, so a refused request consumes nothing.

/** The window names of R2's body `rate_limited: <window> (<limit>) exceeded`. */
export type LimitWindow = 'per-minute' | 'per-hour' | 'per-day' | 'concurrent';

/** A fixed window, aligned on UTC minute/hour/day boundaries (epoch milliseconds are UTC, with no leap seconds). */
export interface WindowCheck {
  window: Exclude<LimitWindow, 'concurrent'>;
  limit: number;
  /** The counter's name (a Redis key), unique to the subject, the window and its start. */
  counter: string;
  /** When the window ends (ms since the epoch): the counter expires then, and Retry-After counts to it. */
  resetAt: number;
}

/** A count of requests in flight: a set of leases, each expiring on its own if never released. */
export interface ConcurrencyCheck {
  window: 'concurrent';
  limit: number;
  /** The lease set's name (a Redis key). */
  set: string;
}

export interface LimitPlan {
  /** Checked in order; the first without room is the one reported. */
  windows: WindowCheck[];
  /** Checked after every window, in order. */
  concurrency: ConcurrencyCheck[];
}

/** A held concurrency slot. Releasing it twice is harmless. */
export interface Lease {
  readonly id: string;
  readonly sets: readonly string[];
}

export type Admission =
  | { ok: true; lease: Lease | undefined }
  | { ok: false; window: LimitWindow; limit: number; retryAfterSeconds: number };

export interface RateLimiter {
  /** Admits the request (taking a lease when the plan counts concurrency) or names the limit that refused it. */
  admit(plan: LimitPlan): Promise<Admission>;
  /**
   * Gives the lease's slots back. Idempotent. Until then the limiter keeps the lease alive itself (issue 7: a slow
   * request never stops counting; issue 10: one renewal for all of an instance's leases, not a timer per request),
   * so a lease stops counting on its own only when its instance died: leaseTtlMs after its last renewal.
   */
  release(lease: Lease): Promise<void>;
  /** How long a lease lives unless renewed (LEASE_TTL_MS unless a test shortens it). */
  readonly leaseTtlMs: number;
  close(): Promise<void>;
}

/**
 * R2 "leaks nothing when an instance dies": a slot whose instance never released it (crash, lost connection)
 * stops counting this long after it was taken or last renewed. The limiter renews every lease it holds every third
 * of this, and the request timeout (KATAVEN_REQUEST_TIMEOUT_MS, at most 50 s) ends slow
 * requests well before it.
 */
export const LEASE_TTL_MS = 60_000;

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

const WINDOWS = [
  { window: 'per-minute', length: MINUTE, tag: 'm' },
  { window: 'per-hour', length: HOUR, tag: 'h' },
  { window: 'per-day', length: DAY, tag: 'd' },
] as const;

/** R1: the limits of one subject; undefined = no limit on that window. */
export interface SubjectLimits {
  per_minute?: number | undefined;
  per_hour?: number | undefined;
  per_day?: number | undefined;
  concurrent?: number | undefined;
}

/** One counted subject: the account on a surface, or one key of it. `name` prefixes all its counters. */
export interface LimitSubject {
  name: string;
  limits: SubjectLimits;
}

const limitOf = (limits: SubjectLimits, window: LimitWindow): number | undefined =>
  window === 'per-minute'
    ? limits.per_minute
    : window === 'per-hour'
      ? limits.per_hour
      : window === 'per-day'
        ? limits.per_day
        : limits.concurrent;

/**
 * The plan for a request counted against every subject (the account and, for a key with sub-limits, the key).
 * Order: minute, hour, day, concurrent; within one window the tighter limit first, so when both the key's and
 * the account's are exhausted the reported one is the lower (equal limits: the account's).
 */
export function planFor(subjects: readonly LimitSubject[], now: number): LimitPlan {
  const windows: WindowCheck[] = [];
  for (const { window, length, tag } of WINDOWS) {
    const start = Math.floor(now / length) * length;
    const checks: WindowCheck[] = [];
    for (const subject of subjects) {
      const limit = limitOf(subject.limits, window);
      if (limit === undefined) continue;
      checks.push({ window, limit, counter: `${subject.name}:${tag}:${start / length}`, resetAt: start + length });
    }
    windows.push(...checks.sort((a, b) => a.limit - b.limit));
  }
  const concurrency: ConcurrencyCheck[] = [];
  for (const subject of subjects) {
    const limit = subject.limits.concurrent;
    if (limit !== undefined) concurrency.push({ window: 'concurrent', limit, set: `${subject.name}:inflight` });
  }
  concurrency.sort((a, b) => a.limit - b.limit);
  return { windows, concurrency };
}

/** The refusal for the plan entry at `index` (windows first, then concurrency sets). */
export function refusal(plan: LimitPlan, index: number, now: number): Admission & { ok: false } {
  const window = plan.windows[index];
  if (window) {
    // R2: whole seconds until the window resets, at least 1.
    return { ok: false, window: window.window, limit: window.limit, retryAfterSeconds: Math.max(1, Math.ceil((window.resetAt - now) / 1000)) };
  }
  const set = plan.concurrency[index - plan.windows.length]!;
  // A slot frees when some request in flight ends: no reset time to count to, so "retry in a second".
  return { ok: false, window: 'concurrent', limit: set.limit, retryAfterSeconds: 1 };
}

let leaseSequence = 0;
const leasePrefix = `${process.pid.toString(36)}.${Math.random().toString(36).slice(2, 10)}`;

/** A lease id unique across instances (process id and a random part) without a syscall per request. */
export function newLeaseId(): string {
  return `${leasePrefix}.${(leaseSequence++).toString(36)}`;
}
