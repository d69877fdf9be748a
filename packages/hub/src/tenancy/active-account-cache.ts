// The verification path's view of the catalog: active accounts, remembered for up to 30 s so that a
// cache-miss verification costs one query (the key lookup in the account's database) instead of two (P2).
// Disabling an account publishes a revocation (T7) that evicts it here; like the verdict cache, a lookup that
// raced a revocation is not remembered, and nothing is trusted while the revocation subscription is down.
import type { Revocation } from '../auth/revocation-bus.js';
import type { AccountRecord, Catalog } from './catalog.js';

export interface ActiveAccountCacheOptions {
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

export class ActiveAccountCache {
  private readonly entries = new Map<string, { record: AccountRecord; expiresAt: number }>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private epoch = 0;
  private trusted: boolean;

  constructor(
    private readonly catalog: Catalog,
    options: ActiveAccountCacheOptions & { trusted?: boolean } = {},
  ) {
    this.ttlMs = options.ttlMs ?? 30_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
    this.trusted = options.trusted ?? true;
  }

  /** find() when the answer is remembered, without a promise (the rate limiter's hot path); else undefined. */
  cached(slug: string): AccountRecord | undefined {
    const entry = this.trusted ? this.entries.get(slug) : undefined;
    return entry && entry.expiresAt > this.now() ? entry.record : undefined;
  }

  /** The account's catalog record if it is active; undefined for unknown, provisioning or disabled ones. */
  async find(slug: string): Promise<AccountRecord | undefined> {
    const remembered = this.cached(slug);
    if (remembered) return remembered;
    const started = this.epoch;
    const record = await this.catalog.find(slug);
    if (record?.status !== 'active') return undefined;
    if (this.trusted && started === this.epoch) {
      this.entries.delete(slug);
      this.entries.set(slug, { record, expiresAt: this.now() + this.ttlMs });
      if (this.entries.size > this.maxEntries) {
        const oldest = this.entries.keys().next();
        if (!oldest.done) this.entries.delete(oldest.value);
      }
    }
    return record;
  }

  revoke(revocation: Revocation): void {
    this.epoch++;
    if (revocation.kind === 'account') this.entries.delete(revocation.account);
  }

  setTrusted(trusted: boolean): void {
    this.epoch++;
    this.trusted = trusted;
    this.entries.clear();
  }
}
