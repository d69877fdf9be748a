// T6: each hub instance caches positive verdicts for 30 s per token, keyed by the token's HMAC (never the
// plaintext), bounded in size, never past the credential's own expiry. Revocation wins every race: the cache
// has an epoch that every revocation (and every loss of the revocation subscription) advances, and a verdict
// is stored only if no epoch change happened while it was being computed.
import type { Claims } from './claims.js';
import type { Revocation } from './revocation-bus.js';

interface Entry {
  claims: Claims;
  expiresAt: number;
}

export interface VerdictCacheOptions {
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

export class VerdictCache {
  private readonly entries = new Map<string, Entry>(); // insertion order: oldest first
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private epoch = 0;
  private trusted = true;

  constructor(options: VerdictCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 30_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** The cached claims for a token hash, if fresh and the cache is trusted. */
  get(tokenHash: string): Claims | undefined {
    if (!this.trusted) return undefined;
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return entry.claims;
  }

  /** Marks the start of a verification; pass the result to set(). */
  begin(): number {
    return this.epoch;
  }

  /** Stores a positive verdict computed since `startedAt` (from begin()), unless a revocation intervened. */
  set(tokenHash: string, claims: Claims, startedAt: number): void {
    if (!this.trusted || startedAt !== this.epoch) return;
    const now = this.now();
    const credentialExpiry = claims.expires_at === undefined ? Infinity : Date.parse(claims.expires_at);
    const expiresAt = Math.min(now + this.ttlMs, credentialExpiry);
    if (!(expiresAt > now)) return;
    this.entries.delete(tokenHash);
    this.entries.set(tokenHash, { claims, expiresAt });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  /** T7: drops every verdict the revocation concerns, and invalidates verifications in flight. */
  revoke(revocation: Revocation): void {
    this.epoch++;
    for (const [hash, { claims }] of this.entries) {
      if (claims.account !== revocation.account) continue;
      if (revocation.kind === 'account' || claims.key_id === revocation.key_id) this.entries.delete(hash);
    }
  }

  /**
   * Fail closed: while the revocation subscription is down nothing cached is trusted and nothing is stored;
   * on the way back the cache starts empty, since revocations may have been missed.
   */
  setTrusted(trusted: boolean): void {
    this.epoch++;
    this.trusted = trusted;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
