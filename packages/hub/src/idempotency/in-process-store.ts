// The Idempotency-Key store of the embedded default (no REDIS_URL): this process only, as the in-process rate
// limiter. JavaScript runs one callback at a time, so each method is atomic as the Redis scripts are.
import { randomUUID } from 'node:crypto';
import { IDEMPOTENCY_LEASE_MS, IDEMPOTENCY_TTL_MS, type BeginOutcome, type IdempotencyStore, type StoredAnswer } from './store.js';

interface Entry {
  fingerprint: string;
  token: string;
  answer: StoredAnswer | undefined;
  expiresAt: number;
}

/** A bound on what one process keeps: past it the oldest records go first (the embedded default serves one team). */
export const MAX_IN_PROCESS_RECORDS = 10_000;

export class InProcessIdempotencyStore implements IdempotencyStore {
  private readonly entries = new Map<string, Entry>();
  private lastSweep = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly leaseMs = IDEMPOTENCY_LEASE_MS,
  ) {}

  async begin(key: string, fingerprint: string): Promise<BeginOutcome> {
    const now = this.now();
    this.sweep(now);
    const entry = this.live(key, now);
    if (!entry) {
      const token = randomUUID();
      // Maps iterate in insertion order: the first key is the oldest record.
      if (this.entries.size >= MAX_IN_PROCESS_RECORDS) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { fingerprint, token, answer: undefined, expiresAt: now + this.leaseMs });
      return { kind: 'started', token };
    }
    if (entry.fingerprint !== fingerprint) return { kind: 'mismatch' };
    if (!entry.answer) return { kind: 'in_progress' };
    return { kind: 'replay', answer: entry.answer };
  }

  async complete(key: string, token: string, answer: StoredAnswer): Promise<void> {
    const entry = this.live(key, this.now());
    if (entry?.token !== token) return;
    entry.answer = answer;
    entry.expiresAt = this.now() + IDEMPOTENCY_TTL_MS;
  }

  async release(key: string, token: string): Promise<void> {
    if (this.entries.get(key)?.token === token) this.entries.delete(key);
  }

  async close(): Promise<void> {
    this.entries.clear();
  }

  private live(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Expired entries go at most once a minute. */
  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}
