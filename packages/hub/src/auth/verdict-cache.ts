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

/** How many recent epoch changes standsSince() can look back over. */
const MAX_CHANGES = 1024;

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
  /**
   * What advanced the epoch recently, newest last: a revocation, or `undefined` for a change of trust (anything
   * may have been missed). Lets a request that began at some epoch ask whether its verdict still stands.
   */
  private readonly changes: { epoch: number; revocation: Revocation | undefined }[] = [];

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

  /** The current epoch: remember it when a verification starts, ask standsSince() before answering. */
  get currentEpoch(): number {
    return this.epoch;
  }

  /**
   * Whether claims verified at epoch `since` still stand (issue 7: a slow handler's answer must not outlive a
   * revocation that arrived while it ran): 'yes' when nothing since concerns them, 'revoked' when a revocation
   * since does, 'unknown' when trust was lost since or the record does not reach back that far.
   */
  standsSince(since: number, claims: Claims): 'yes' | 'revoked' | 'unknown' {
    if (since === this.epoch) return 'yes';
    const oldest = this.changes[0];
    if (oldest === undefined || oldest.epoch > since + 1) return 'unknown';
    let answer: 'yes' | 'revoked' = 'yes';
    for (const { epoch, revocation } of this.changes) {
      if (epoch <= since) continue;
      if (revocation === undefined) return 'unknown';
      if (claims.account !== revocation.account) continue;
      if (revocation.kind === 'account' || claims.key_id === revocation.key_id) answer = 'revoked';
    }
    return answer;
  }

  private recordChange(revocation: Revocation | undefined): void {
    this.epoch++;
    this.changes.push({ epoch: this.epoch, revocation });
    if (this.changes.length > MAX_CHANGES) this.changes.splice(0, this.changes.length - MAX_CHANGES);
  }

  /** T7: drops every verdict the revocation concerns, and invalidates verifications in flight. */
  revoke(revocation: Revocation): void {
    this.recordChange(revocation);
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
    this.recordChange(undefined);
    this.trusted = trusted;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
