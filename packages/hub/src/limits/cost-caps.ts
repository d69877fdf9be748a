// L1–L2: the cost caps (the kill switch) behind one interface (STYLE 5), with a Redis implementation shared by
// every instance (redis-cost-caps.ts) and an in-process one for the embedded default (in-process-cost-caps.ts).
//
// Every originate, campaign dial and widget connect takes a call slot here before the call processor is asked.
// The four dimensions are checked and taken in one atomic step, so no concurrency ever admits one call more than
// a cap (L2), and a refused admission consumes nothing:
//   concurrent      a set of live calls, each a lease scored by its expiry: a live call renews it (LiveCallSlots),
//                   a call of an instance that died stops counting leaseTtlMs after its last renewal
//   per-minute      calls admitted in the UTC minute (a fixed window)
//   daily-calls     calls admitted in the UTC day
//   daily-minutes   minutes of the UTC day's ended calls, plus one minute reserved for each live call
// A call ends (end(): its minutes are counted on its admission day) or never happens (cancel(): its counts are
// given back); both are idempotent per call id, whichever instance reports them.
//
// Redis keys (all of one account share the hash tag `{<account>}`, so a script's keys live on one cluster slot):
//   kataven:cc:{<account>}:live                    live calls, a sorted set of call ids scored by lease expiry
//   kataven:cc:{<account>}:m:<minute index>        calls admitted in that UTC minute; expire a minute after it
//   kataven:cc:{<account>}:d:<YYYY-MM-DD>:calls    calls admitted that UTC day; expire a day after it
//   kataven:cc:{<account>}:d:<YYYY-MM-DD>:minutes  minutes of that day's ended calls; expire a day after it
//   kataven:cc:{<account>}:done:<call id>          `ended` or `cancelled`: makes both idempotent; lives 2 days
//
// A call may also count against a scope inside its account (issue 9 W6: the widget key a web session started
// with), whose own caps sit below the account's: its own live set (the same leases), daily calls and daily
// minutes, checked and taken in the same atomic step as the account's, and freed, renewed, ended and cancelled
// with them. The scope's keys share the account's hash tag, so the one script still touches one cluster slot:
//   kataven:cc:{<account>}:s:<scope id>:live
//   kataven:cc:{<account>}:s:<scope id>:d:<YYYY-MM-DD>:calls
//   kataven:cc:{<account>}:s:<scope id>:d:<YYYY-MM-DD>:minutes
import type { CostCaps } from '../tenancy/catalog.js';

export { LiveCallSlots } from './live-call-slots.js';

export type CapDimension =
  | 'concurrent'
  | 'per-minute'
  | 'daily-calls'
  | 'daily-minutes'
  | 'key-concurrent'
  | 'key-daily-sessions'
  | 'key-daily-minutes';

/**
 * A scope's own caps inside its account (a widget key's, issue 9 W6); an absent cap is no cap of the scope's
 * own there (the account's still binds), 0 blocks.
 */
export interface CapScope {
  /** Names the scope's counters: 1–64 characters of [A-Za-z0-9_-] (a widget key's UUID). */
  id: string;
  caps: { concurrent?: number; daily_calls?: number; daily_minutes?: number };
}

/** A taken call slot; JSON-serialisable (it is stored with the call row so any instance can end it). */
export interface CallSlot {
  /** The call id. */
  id: string;
  account: string;
  /** UTC YYYY-MM-DD of admission: the day whose counters the call counts on. */
  day: string;
  /** UTC minute index (ms since the epoch / 60 000) of admission. */
  minute: number;
  /** The CapScope id the call also counts against; absent when none. */
  scope?: string;
}

export type CapAdmission =
  | { ok: true; slot: CallSlot }
  | { ok: false; dimension: CapDimension; message: string; retryAfterSeconds: number };

export interface CostCapLimiter {
  /**
   * One atomic check-and-take across all instances: never one call more than any cap (L2). Rejects (fail
   * closed) when the count cannot be made, and when `callId` already holds, or held, a slot. With a `scope`,
   * the scope's caps are checked and taken in the same step (the account's reported first), and the slot
   * carries the scope so renew/end/cancel update it too.
   */
  admit(account: string, caps: CostCaps, callId: string, scope?: CapScope): Promise<CapAdmission>;
  /** Extends a live call's concurrency lease; false when the slot is gone (ended, cancelled, expired). */
  renew(slot: CallSlot): Promise<boolean>;
  /**
   * The call ended: frees its slot and adds its minutes (callMinutes(seconds)) to its admission day. Idempotent
   * per call id (a repeated end report changes nothing), whoever calls it; after cancel() it does nothing.
   */
  end(slot: CallSlot, seconds: number): Promise<void>;
  /**
   * The call never happened (the processor refused or failed): frees the slot and gives back its per-minute and
   * daily call counts. Idempotent; after end() it does nothing.
   */
  cancel(slot: CallSlot): Promise<void>;
  /** How long a slot lives unless renewed (CALL_LEASE_TTL_MS unless a test shortens it). */
  readonly leaseTtlMs: number;
  close(): Promise<void>;
}

/** L2's 429 bodies are `cost_cap: <message>`. */
export const COST_CAP_MESSAGES: Record<CapDimension, string> = {
  concurrent: 'Concurrent call limit reached',
  'per-minute': 'Call rate limit',
  'daily-calls': 'Daily call limit reached',
  'daily-minutes': 'Daily minute budget exhausted',
  'key-concurrent': 'Widget key session limit reached',
  'key-daily-sessions': 'Widget key daily session limit reached',
  'key-daily-minutes': 'Widget key daily minute budget exhausted',
};

/**
 * L2 "a slot held by a crashed instance expires": a slot not renewed for this long stops counting. A live call
 * renews every third of it (LiveCallSlots), so two renewals in a row may fail before its slot lapses.
 */
export const CALL_LEASE_TTL_MS = 30_000;

/**
 * Retry-After of a concurrent refusal: a slot frees when some live call ends, which has no known time; a few
 * seconds keeps a polling client from hammering, and is short next to the daily refusals' hours.
 */
export const CONCURRENT_RETRY_AFTER_SECONDS = 5;

/** How long the `done` marker of an ended or cancelled call lives: past its day counters' expiry (day end + a day). */
export const DONE_MARKER_TTL_MS = 2 * 86_400_000;

const MINUTE = 60_000;
const DAY = 86_400_000;
/** A minute counter outlives its minute by this, so cancel() of a call admitted at its very end still finds it. */
const MINUTE_COUNTER_MARGIN_MS = MINUTE;

/** The order refusals are reported in (L2), and the index the Lua script returns (1-based). */
export const DIMENSIONS: readonly CapDimension[] = [
  'concurrent',
  'per-minute',
  'daily-calls',
  'daily-minutes',
  'key-concurrent',
  'key-daily-sessions',
  'key-daily-minutes',
];

/**
 * The minutes an ended call counts: every started minute, as carriers bill (ceil(seconds / 60)), so any call that
 * connected counts at least 1; a call that never connected (0 seconds) counts 0.
 */
export function callMinutes(seconds: number): number {
  if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError(`a call's duration must be ≥ 0 seconds, not ${seconds}`);
  return Math.ceil(seconds / 60);
}

/** The UTC day (YYYY-MM-DD) of a moment. */
export function utcDay(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

/** When the UTC day `day` ends (ms since the epoch). */
export function dayEnd(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`) + DAY;
}

export function slotAt(account: string, callId: string, now: number, scope?: CapScope): CallSlot {
  const slot: CallSlot = { id: callId, account, day: utcDay(now), minute: Math.floor(now / MINUTE) };
  // Only when there is one: a slot without a scope stays exactly what it was (stored call rows compare equal).
  if (scope !== undefined) slot.scope = scope.id;
  return slot;
}

/** The Redis keys of an account's caps (also the in-process implementation's map keys). */
export function capKeys(slot: CallSlot) {
  const base = `kataven:cc:{${slot.account}}`;
  return {
    live: `${base}:live`,
    minute: `${base}:m:${slot.minute}`,
    dayCalls: `${base}:d:${slot.day}:calls`,
    dayMinutes: `${base}:d:${slot.day}:minutes`,
    done: `${base}:done:${slot.id}`,
  };
}

/** The Redis keys of a slot's scope (also the in-process map keys); undefined when the slot has none. */
export function scopeKeys(slot: CallSlot) {
  if (slot.scope === undefined) return undefined;
  const base = `kataven:cc:{${slot.account}}:s:${slot.scope}`;
  return {
    live: `${base}:live`,
    dayCalls: `${base}:d:${slot.day}:calls`,
    dayMinutes: `${base}:d:${slot.day}:minutes`,
  };
}

/** How long each counter of a slot admitted at `now` lives (ms from now): its window's end plus a margin. */
export function counterTtls(slot: CallSlot, now: number): { minute: number; day: number } {
  return {
    minute: Math.max(1, (slot.minute + 1) * MINUTE + MINUTE_COUNTER_MARGIN_MS - now),
    day: Math.max(1, dayEnd(slot.day) + DAY - now),
  };
}

/** The refusal of `dimension` at `now`; Retry-After counts to the window's end, so a daily one says "not soon". */
export function capRefusal(dimension: CapDimension, now: number): CapAdmission & { ok: false } {
  const resetAt =
    dimension === 'concurrent' || dimension === 'key-concurrent'
      ? now + CONCURRENT_RETRY_AFTER_SECONDS * 1000
      : dimension === 'per-minute'
        ? (Math.floor(now / MINUTE) + 1) * MINUTE
        : dayEnd(utcDay(now));
  return {
    ok: false,
    dimension,
    message: COST_CAP_MESSAGES[dimension],
    retryAfterSeconds: Math.max(1, Math.ceil((resetAt - now) / 1000)),
  };
}

/** The caps come from the catalog (validated); anything else here is a bug, refused before it counts. */
export function checkCaps(caps: CostCaps): void {
  for (const name of ['concurrent_max', 'calls_per_minute', 'daily_calls_max', 'daily_minutes_max'] as const) {
    const value = caps[name];
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`cost cap ${name} must be an integer ≥ 0, not ${String(value)}`);
  }
}

const SCOPE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A scope comes from a widget key row; anything else here is a bug, refused before it counts. */
export function checkScope(scope: CapScope): void {
  if (typeof scope.id !== 'string' || !SCOPE_ID.test(scope.id)) throw new TypeError('a cap scope id must be 1–64 characters of [A-Za-z0-9_-]');
  for (const name of ['concurrent', 'daily_calls', 'daily_minutes'] as const) {
    const value = scope.caps[name];
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
      throw new RangeError(`scope cap ${name} must be an integer ≥ 0, not ${String(value)}`);
    }
  }
}

/** A slot read back from a call row: its fields name Redis keys, so their shape is checked. */
export function checkSlot(slot: CallSlot): void {
  if (
    typeof slot.id !== 'string' ||
    slot.id === '' ||
    typeof slot.account !== 'string' ||
    slot.account === '' ||
    !/^\d{4}-\d{2}-\d{2}$/.test(slot.day) ||
    !Number.isSafeInteger(slot.minute) ||
    (slot.scope !== undefined && (typeof slot.scope !== 'string' || !SCOPE_ID.test(slot.scope)))
  ) {
    throw new TypeError('not a call slot');
  }
}

export class DuplicateCallError extends Error {
  override name = 'DuplicateCallError';
  constructor(callId: string) {
    super(`call ${callId} already holds or held a cost-cap slot`);
  }
}
