// Issue 7 item 4: a small negative cache beside the verdict cache (T6). A forged sk_live_ key refused as
// `invalid_token` is remembered for a minute, keyed like a verdict by the process-local fingerprint of the token
// and what it was asked with (never the plaintext), so presenting it again costs no I/O at all: not the key
// directory, not the auth-service (in-process or gRPC).
//
// Only `invalid_token` of an sk_live_ key is remembered: such a key is unknown (to the directory, or to its
// account's database) and nothing but an account coming back to life can make it valid (a minted key is random;
// it was never presented before it existed). So disabling or re-enabling an account (an account revocation on
// the bus, T7) forgets that account's refusals, and a refusal computed while such a revocation arrived is not
// stored. Transient failures (`service_unavailable`) are never remembered.
import type { Revocation } from './revocation-bus.js';

export interface RefusalCacheOptions {
  /** How long a refusal is remembered. */
  ttlMs?: number;
  /** At most this many refusals; the oldest goes first. */
  maxEntries?: number;
  now?: () => number;
}

/**
 * 60 s: long enough that a client repeating a bad key (a misconfigured job retrying, a scanner replaying its list)
 * costs nothing after the first try; short enough that memory of a key stays bounded in time too.
 */
export const REFUSAL_TTL_MS = 60_000;
/** 10,000 × (a 44-character key + an account slug + the expiry) stays well under 2 MB. */
export const REFUSAL_MAX_ENTRIES = 10_000;

export class RefusalCache {
  private readonly entries = new Map<string, { account: string; expiresAt: number }>(); // oldest first
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private epoch = 0;

  constructor(options: RefusalCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? REFUSAL_TTL_MS;
    this.maxEntries = options.maxEntries ?? REFUSAL_MAX_ENTRIES;
    this.now = options.now ?? Date.now;
  }

  /** Whether the fingerprint was refused within the TTL. */
  has(fingerprint: string): boolean {
    const entry = this.entries.get(fingerprint);
    if (!entry) return false;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(fingerprint);
      return false;
    }
    return true;
  }

  /** Marks the start of a verification; pass the result to add(). */
  begin(): number {
    return this.epoch;
  }

  /** Remembers a refusal computed since `startedAt` (from begin()), unless an account revocation intervened. */
  add(fingerprint: string, account: string, startedAt: number): void {
    if (startedAt !== this.epoch) return;
    this.entries.delete(fingerprint);
    this.entries.set(fingerprint, { account, expiresAt: this.now() + this.ttlMs });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  /** An account's status changed (T7): its refusals may no longer hold. Key revocations change no refusal. */
  revoke(revocation: Revocation): void {
    if (revocation.kind !== 'account') return;
    this.epoch++;
    for (const [fingerprint, entry] of this.entries) if (entry.account === revocation.account) this.entries.delete(fingerprint);
  }

  /** The revocation subscription came back (or went): account changes may have been missed, so start afresh. */
  clear(): void {
    this.epoch++;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
