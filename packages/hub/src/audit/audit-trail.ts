// AU1/AU2: every authenticated request leaves a row in its account's audit log. A successful mutation's row
// is written before its response is sent (and if it cannot be, the response is not a success): in the
// mutation's own transaction (http/mutation-transaction.ts), or with recordDurably() when it opened none; reads
// and failures are batched per account and flushed within a second, and on shutdown. An account whose last idle
// connection is closed to make room for another writes its queued rows through it first (issue 14, lastWordsOf).
import type { ConnectionWork } from '../tenancy/budgeted-client.js';
import type { Tenancy } from '../tenancy/tenancy.js';
import { insertAuditEntries, insertAuditEntriesOn, type AuditEntry } from './audit-store.js';

const FLUSH_INTERVAL_MS = 1000;
const MAX_BATCH = 500;
/** Rows kept for a retry while an account database is unreachable; beyond this they are dropped (and said so). */
const MAX_QUEUED = 10_000;

export class AuditTrail {
  private readonly pending = new Map<string, AuditEntry[]>();
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly tenancy: Tenancy,
    private readonly onError: (err: unknown, account: string, lost: number) => void = () => undefined,
  ) {
    this.timer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  /** Written now; the caller answers only once this resolves. */
  async recordDurably(account: string, entry: AuditEntry): Promise<void> {
    await this.tenancy.withDatabase(account, (db) => insertAuditEntries(db, [entry]));
  }

  /** Queued; written with the account's next batch. */
  record(account: string, entry: AuditEntry): void {
    const queue = this.pending.get(account);
    if (queue) queue.push(entry);
    else this.pending.set(account, [entry]);
    if ((queue?.length ?? 1) >= MAX_BATCH) void this.flush();
  }

  /**
   * The account's queued rows, to be written through `client` (a connection of its own database that is about to
   * close: TenantPools.setLastWords), or undefined when none are queued. Taken out of the queue now, so the next
   * flush does not write them again; put back (ahead of newer rows) if that write fails.
   */
  lastWordsOf(account: string): ConnectionWork | undefined {
    const entries = this.pending.get(account);
    if (!entries) return undefined;
    this.pending.delete(account);
    return (client) => insertAuditEntriesOn(client, entries).catch((err: unknown) => this.requeue(account, entries, err));
  }

  /** Writes every queued row; concurrent calls share one pass at a time. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writePending());
    return this.flushing;
  }

  /** Final flush on graceful shutdown (SIGTERM → app.close()): nothing answered is lost. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private async writePending(): Promise<void> {
    const batches = [...this.pending];
    this.pending.clear();
    await Promise.all(
      batches.map(([account, entries]) =>
        this.tenancy.withDatabase(account, (db) => insertAuditEntries(db, entries)).catch((err: unknown) => this.requeue(account, entries, err)),
      ),
    );
  }

  /** Rows whose write failed: kept for the next pass, ahead of newer rows, up to a bound. */
  private requeue(account: string, entries: AuditEntry[], err: unknown): void {
    const queue = [...entries, ...(this.pending.get(account) ?? [])];
    const lost = Math.max(0, queue.length - MAX_QUEUED);
    this.pending.set(account, queue.slice(lost));
    this.onError(err, account, lost);
  }
}
