// K6 for verdicts served from the cache: last_used_at is refreshed at most once a minute per key and
// instance, off the request path (the SQL itself also refuses to move it more than once a minute). The write is
// handed to the account's write-behind (AuditTrail.recordKeyUse), which makes it with the account's next audit
// batch, through the same connection: a use of its own would take a second connection for a cold account while
// its request holds the first (issue 14: a statement log of P4's round-robin counted 1.19 connections per request
// with such writes, 1.00 without).
import type { Claims } from '../auth/claims.js';

/** Where a key's use goes to be written: AuditTrail.recordKeyUse. */
export type KeyUseSink = (account: string, keyId: string) => void;

const INTERVAL_MS = 60_000;

export class KeyUsageRecorder {
  private readonly lastWrite = new Map<string, number>();

  constructor(
    private readonly sink: KeyUseSink,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * A successful verdict of `claims`. One fresh from the auth-service needs no write: the verifier has just
   * recorded the use, or found it recorded less than a minute ago (K6), so the next write is due a minute from
   * now; without this every key would be written again on its first cached use after each verification.
   */
  touch(claims: Claims, cached = true): void {
    if (claims.actor !== 'api_key' || claims.key_id === undefined) return;
    const id = claims.key_id; // a random UUID: unique across accounts too
    const now = this.now();
    if (cached && now - (this.lastWrite.get(id) ?? -Infinity) < INTERVAL_MS) return;
    this.lastWrite.set(id, now);
    if (this.lastWrite.size > 50_000) this.forgetOlderThan(now - INTERVAL_MS);
    if (cached) this.sink(claims.account, id);
  }

  private forgetOlderThan(cutoff: number): void {
    for (const [id, at] of this.lastWrite) if (at < cutoff) this.lastWrite.delete(id);
  }
}
