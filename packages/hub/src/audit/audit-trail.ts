// AU1/AU2: every authenticated request leaves a row in its account's audit log. A successful mutation's row
// is written before its response is sent (and if it cannot be, the response is not a success): in the
// mutation's own transaction (http/mutation-transaction.ts), or with recordDurably() when it opened none; reads
// and failures are batched per account and flushed within a second, and on shutdown. An account whose last idle
// connection is closed to make room for another writes its queued rows through it first (issue 14, lastWordsOf).
// K6's later last_used_at writes ride along (recordKeyUse): the account's write-behind is here, one connection use
// per account and flush for both.
import { recordApiKeyUses } from '../keys/api-key-store.js';
import type { Queryable } from '../tenancy/queryable.js';
import type { ConnectionWork } from '../tenancy/budgeted-client.js';
import type { Tenancy } from '../tenancy/tenancy.js';
import { insertAuditEntries, insertAuditEntriesOn, type AuditEntry } from './audit-store.js';

const FLUSH_INTERVAL_MS = 1000;
const MAX_BATCH = 500;
/** Rows kept for a retry while an account database is unreachable; beyond this they are dropped (and said so). */
const MAX_QUEUED = 10_000;

export class AuditTrail {
  private readonly pending = new Map<string, AuditEntry[]>();
  /** Keys (by id) whose use is to be written (K6), per account. */
  private readonly keyUses = new Map<string, Set<string>>();
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
   * K6: a key's use, written with the account's next batch (best effort, as before: a failed write is not
   * retried, the next use a minute later writes it).
   */
  recordKeyUse(account: string, keyId: string): void {
    const keys = this.keyUses.get(account);
    if (keys) keys.add(keyId);
    else this.keyUses.set(account, new Set([keyId]));
  }

  /**
   * The account's queued rows (and key uses), to be written through `client` (a connection of its own database
   * that is about to close: TenantPools.setLastWords), or undefined when none are queued. Taken out of the queue
   * now, so the next flush does not write them again; rows are put back (ahead of newer rows) if that write fails.
   */
  lastWordsOf(account: string): ConnectionWork | undefined {
    const entries = this.pending.get(account);
    const keys = this.keyUses.get(account);
    if (!entries && !keys) return undefined;
    this.pending.delete(account);
    this.keyUses.delete(account);
    return async (client) => {
      if (entries) await insertAuditEntriesOn(client, entries).catch((err: unknown) => this.requeue(account, entries, err));
      if (keys) await writeKeyUses(client, keys);
    };
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
    const keyUses = new Map(this.keyUses);
    this.pending.clear();
    this.keyUses.clear();
    const writes = batches.map(([account, entries]) => {
      const keys = keyUses.get(account);
      keyUses.delete(account);
      return this.tenancy
        .withDatabase(account, async (db) => {
          await insertAuditEntries(db, entries);
          if (keys) await writeKeyUses(db, keys);
        })
        .catch((err: unknown) => this.requeue(account, entries, err));
    });
    // Accounts with key uses and no rows queued (their rows went with a mutation's transaction).
    for (const [account, keys] of keyUses) {
      writes.push(this.tenancy.withDatabase(account, (db) => writeKeyUses(db, keys)).catch(() => undefined));
    }
    await Promise.all(writes);
  }

  /** Rows whose write failed: kept for the next pass, ahead of newer rows, up to a bound. */
  private requeue(account: string, entries: AuditEntry[], err: unknown): void {
    const queue = [...entries, ...(this.pending.get(account) ?? [])];
    const lost = Math.max(0, queue.length - MAX_QUEUED);
    this.pending.set(account, queue.slice(lost));
    this.onError(err, account, lost);
  }
}

/** K6's writes are best effort: a failure is not retried (the key's next use a minute later writes it). */
async function writeKeyUses(db: Queryable, keys: Set<string>): Promise<void> {
  await recordApiKeyUses(db, [...keys]).catch(() => undefined);
}
