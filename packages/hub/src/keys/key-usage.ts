// K6 for verdicts served from the cache: last_used_at is refreshed at most once a minute per key and
// instance, off the request path (the SQL itself also refuses to move it more than once a minute).
import type { Claims } from '../auth/claims.js';
import type { Tenancy } from '../tenancy/tenancy.js';
import { recordApiKeyUse } from './api-key-store.js';

const INTERVAL_MS = 60_000;

export class KeyUsageRecorder {
  private readonly lastWrite = new Map<string, number>();

  constructor(
    private readonly tenancy: Tenancy,
    private readonly now: () => number = Date.now,
  ) {}

  touch(claims: Claims): void {
    if (claims.actor !== 'api_key' || claims.key_id === undefined) return;
    const id = claims.key_id; // a random UUID: unique across accounts too
    const now = this.now();
    if (now - (this.lastWrite.get(id) ?? -Infinity) < INTERVAL_MS) return;
    this.lastWrite.set(id, now);
    if (this.lastWrite.size > 50_000) this.forgetOlderThan(now - INTERVAL_MS);
    const keyId = claims.key_id;
    void this.tenancy.withDatabase(claims.account, (db) => recordApiKeyUse(db, keyId)).catch(() => undefined);
  }

  private forgetOlderThan(cutoff: number): void {
    for (const [id, at] of this.lastWrite) if (at < cutoff) this.lastWrite.delete(id);
  }
}
