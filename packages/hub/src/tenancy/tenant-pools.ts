// Per-account connection pools (SPEC A5): opened lazily, and never holding more connections in all than the
// global budget (KATAVEN_MAX_TENANT_CONNECTIONS), whatever the number of accounts.
//
// The budget counts connections, not pools (issue 14). A cold account gets one connection; its pool grows with
// its own concurrency up to perAccountMax and shrinks as its connections close (idle after idleTimeoutMs, or
// closed to make room). When the budget is full, the
// least recently used IDLE connection of any account is closed to make room, so a request to a cold account pays
// one connection setup and never waits for other accounts' pools to drain (the old design closed a whole LRU
// pool with pool.end(), which waits for every checked-out client, and split the budget into budget/5 pools).
// A pool that is opened for an account whose schema is behind migrates it first (A6).
import pg from 'pg';
import type { AccountRecord, Catalog } from './catalog.js';
import { budgetedClientClass, type BudgetedClient, type ConnectionWork } from './budgeted-client.js';
import { ConnectionBudget } from './connection-budget.js';
import type { DatabaseServer } from './database-server.js';
import { AccountMigrationError, latestSchemaVersion, migrateWithClient } from './migrations.js';

interface Entry {
  pool: pg.Pool;
  ready: Promise<void>;
  /** Callers inside use() or holding a lease: the pool is never ended under them. */
  leases: number;
}

/** A hold on an account's pool: it is not ended until release() (which is idempotent). */
export interface PoolLease {
  readonly pool: pg.Pool;
  release(): void;
}

export interface TenantPoolOptions {
  /**
   * Connections one account may hold at once (default 5): one busy account cannot take the whole budget, and 5
   * connections already keep this machine's two cores busy for a single account (issue 14: ~4,000 req/s).
   */
  perAccountMax?: number;
  /** An idle connection closes after this long, so quiet accounts hold nothing. */
  idleTimeoutMs?: number;
  /** How long a caller may wait for room in the budget before it fails (503): a deadline like any other (issue 7). */
  acquireTimeoutMs?: number;
  /** The clock of the retry backoff of a failed lazy migration (tests move it). */
  now?: () => number;
}

/** A failed lazy migration is tried again after this long at first, then twice as long each time, up to the max. */
const MIGRATION_RETRY_FIRST_MS = 1000;
const MIGRATION_RETRY_MAX_MS = 30_000;

interface MigrationBackoff {
  error: unknown;
  retryAt: number;
  delayMs: number;
}

/**
 * What an account has left to write before its last open connection is closed to make room (its queued audit
 * rows): undefined when nothing. See TenantPools.setLastWords.
 */
export type LastWords = (slug: string) => ConnectionWork | undefined;

export class TenantPools {
  private readonly entries = new Map<string, Entry>();
  /** Every pool holding connections, including ones no longer in `entries` that a pool() caller still uses. */
  private readonly live = new Set<pg.Pool>();
  /** Idle connections of all accounts (→ their account); insertion order is recency: first = least recently used. */
  private readonly idle = new Map<BudgetedClient, string>();
  /** Accounts known to be at the latest schema version, whatever their (possibly cached) record says. */
  private readonly migrated = new Set<string>();
  private readonly connections: ConnectionBudget;
  private readonly perAccountMax: number;
  private readonly idleTimeoutMs: number;
  private readonly acquireTimeoutMs: number;
  private readonly latestVersion = latestSchemaVersion('account');
  private lastWords: LastWords | undefined;
  /**
   * Accounts whose lazy migration failed, until it is tried again: meanwhile their requests answer the same 503
   * without a connection, a lock and a failing DDL each (issue 14: a broken account under load costs its
   * neighbours nothing), unless the catalog says the account was brought up to date (`kataven migrate`).
   */
  private readonly migrationBackoff = new Map<string, MigrationBackoff>();
  private readonly now: () => number;
  /**
   * The connection class of every pool here, made once rather than once per pool opened: cold accounts open and
   * forget pools all the time, and each would otherwise bring a class (and object shapes) of its own.
   */
  private readonly clientClass: ReturnType<typeof budgetedClientClass>;

  constructor(
    private readonly server: DatabaseServer,
    private readonly catalog: Catalog,
    readonly budget: number,
    options: TenantPoolOptions = {},
  ) {
    this.perAccountMax = Math.max(1, Math.min(options.perAccountMax ?? 5, budget));
    this.idleTimeoutMs = options.idleTimeoutMs ?? 10_000;
    this.acquireTimeoutMs = options.acquireTimeoutMs ?? 3000;
    this.now = options.now ?? Date.now;
    this.connections = new ConnectionBudget(budget, () => this.closeLeastRecentlyUsedIdle());
    this.clientClass = budgetedClientClass(this.connections, this.acquireTimeoutMs, (client) => this.idle.delete(client));
  }

  /**
   * Runs `fn` with the account's pool, opened (and its schema brought up to date) on first use. The pool stays
   * open until `fn` settles; a connection it needs beyond the budget waits for another account's idle one to close.
   */
  async use<T>(account: AccountRecord, fn: (db: pg.Pool) => Promise<T>): Promise<T> {
    const entry = await this.acquire(account);
    try {
      return await fn(entry.pool);
    } finally {
      this.release(account.slug, entry);
    }
  }

  /**
   * use() for work that does not fit in one callback (a request's transaction, held from its handler until its
   * response is sent): the pool stays open until the lease is released. The holder must release it on every
   * path; releasing twice is harmless.
   */
  async lease(account: AccountRecord): Promise<PoolLease> {
    const entry = await this.acquire(account);
    let held = true;
    return {
      pool: entry.pool,
      release: () => {
        if (!held) return;
        held = false;
        this.release(account.slug, entry);
      },
    };
  }

  /**
   * The account's pool without holding it: for one-shot work outside request handling (the CLI, tests). Its
   * connections still count in the budget; only its pool may be forgotten (never ended) once it holds none.
   */
  async pool(account: AccountRecord): Promise<pg.Pool> {
    const entry = await this.acquire(account);
    this.release(account.slug, entry);
    return entry.pool;
  }

  /**
   * Issue 14: before an idle connection is closed to make room for another account, the account's pending writes
   * go through it (the audit trail's queued rows): otherwise a cold account served once would open a second
   * connection a moment later just to write its row. The account waiting for room waits for that write too (a
   * fraction of a millisecond, against a connection setup of several).
   */
  setLastWords(lastWords: LastWords): void {
    this.lastWords = lastWords;
  }

  /** Connections to account databases: opened, open or being closed. Never above the budget. */
  get connectionCount(): number {
    return this.connections.inUse;
  }

  /** Accounts with a pool: holding connections, or in use. */
  get poolCount(): number {
    return this.entries.size;
  }

  /** Ends an account's pool, e.g. before its database is dropped. */
  async close(slug: string): Promise<void> {
    const entry = this.entries.get(slug);
    if (!entry) return;
    this.entries.delete(slug);
    await this.end(entry.pool);
  }

  async closeAll(): Promise<void> {
    const pools = new Set([...this.live, ...[...this.entries.values()].map((e) => e.pool)]);
    this.entries.clear();
    await Promise.all([...pools].map((pool) => this.end(pool)));
  }

  private async acquire(account: AccountRecord): Promise<Entry> {
    let entry = this.entries.get(account.slug);
    if (!entry && this.migrationBackoff.has(account.slug)) {
      await this.checkBackoff(account.slug);
      entry = this.entries.get(account.slug);
    }
    if (!entry) {
      entry = this.openPool(account);
      this.entries.set(account.slug, entry);
    }
    entry.leases++;
    this.growIfContended(entry.pool);
    try {
      await entry.ready;
    } catch (err) {
      this.release(account.slug, entry);
      // The next use tries the migration again.
      if (this.entries.get(account.slug) === entry) this.entries.delete(account.slug);
      throw err;
    }
    return entry;
  }

  /**
   * A pool grows with its account's concurrency: one connection more (up to perAccountMax) once a caller is
   * already queued behind the busy ones when the next arrives. A request's own overlapping uses (its query and
   * the key's last-used write) then share one connection instead of each paying a connection setup.
   */
  private growIfContended(pool: pg.Pool): void {
    const max = pool.options.max ?? 1;
    if (pool.waitingCount > 0 && max < this.perAccountMax) pool.options.max = max + 1;
  }

  private release(slug: string, entry: Entry): void {
    entry.leases--;
    this.forgetIfEmpty(slug, entry);
  }

  /** An account that holds no connection and that nobody uses has no pool: memory follows the active set. */
  private forgetIfEmpty(slug: string, entry: Entry): void {
    if (entry.leases === 0 && entry.pool.totalCount === 0 && this.entries.get(slug) === entry) this.entries.delete(slug);
  }

  private openPool(account: AccountRecord): Entry {
    const slug = account.slug;
    const pool = new pg.Pool({
      ...this.server.pooledConnection(account.databaseName),
      max: 1, // a cold account gets one connection; growIfContended() adds more
      idleTimeoutMillis: this.idleTimeoutMs,
      Client: this.clientClass,
    });
    // An idle client's connection can drop (server restart), or be closed to make room; the pool replaces it
    // on next use.
    pool.on('error', () => undefined);
    pool.on('connect', () => this.live.add(pool));
    // Every client of this pool is a BudgetedClient (the `Client` option above).
    const budgeted = (client: pg.PoolClient) => client as unknown as BudgetedClient;
    pool.on('acquire', (client) => void this.idle.delete(budgeted(client)));
    pool.on('release', (err: Error | undefined, pooled) => {
      const client = budgeted(pooled);
      if (err || client.closing) return;
      this.idle.set(client, slug);
      // Checked out again at once when this account has callers queued (synchronously, before the microtask):
      // only a connection still idle then may go to another account's waiter.
      queueMicrotask(() => this.connections.rebalance());
    });
    pool.on('remove', (client) => {
      this.idle.delete(budgeted(client));
      // And shrinks when its connections close (idle, or closed to make room for another account).
      pool.options.max = Math.max(1, pool.totalCount);
      if (pool.totalCount > 0) return;
      this.live.delete(pool);
      const entry = this.entries.get(slug);
      if (entry?.pool === pool) this.forgetIfEmpty(slug, entry);
    });
    // A6: an account behind is migrated before first use, through one of its own pool's connections so the
    // budget holds during migrations too.
    const current = account.schemaVersion >= this.latestVersion || this.migrated.has(slug);
    const ready = current ? Promise.resolve() : this.migrate(account, pool);
    return { pool, ready, leases: 0 };
  }

  /** Refuses with the last failure while a failed migration's retry is not due, unless the catalog says it is fixed. */
  private async checkBackoff(slug: string): Promise<void> {
    const backoff = this.migrationBackoff.get(slug);
    if (!backoff || this.now() >= backoff.retryAt) return;
    const record = await this.catalog.find(slug);
    if (record && record.schemaVersion >= this.latestVersion) {
      // Migrated meanwhile (by `kataven migrate`, or another instance): served at once.
      this.migrationBackoff.delete(slug);
      this.migrated.add(slug);
      return;
    }
    throw backoff.error;
  }

  private async migrate(account: AccountRecord, pool: pg.Pool): Promise<void> {
    const client = await pool.connect();
    try {
      await this.catalog.recordSchemaVersion(account.slug, await migrateWithClient(client, 'account'));
      this.migrated.add(account.slug);
      this.migrationBackoff.delete(account.slug);
    } catch (err) {
      if (err instanceof AccountMigrationError) {
        // Issue 14: the failure is kept in the catalog for the operator, as `kataven migrate` keeps its own; this
        // account answers 503 (AccountMigrationError), and the migration is tried again after a backoff (not on
        // every request: each try costs a connection, a lock and a failing DDL).
        void this.catalog.recordMigrationFailure(account.slug, err.reason).catch(() => undefined);
        const previous = this.migrationBackoff.get(account.slug);
        const delayMs = previous ? Math.min(previous.delayMs * 2, MIGRATION_RETRY_MAX_MS) : MIGRATION_RETRY_FIRST_MS;
        this.migrationBackoff.set(account.slug, { error: err, retryAt: this.now() + delayMs, delayMs });
      }
      throw err;
    } finally {
      client.release();
    }
  }

  /** Closes the least recently used idle connection of any account; false when none is idle. */
  private closeLeastRecentlyUsedIdle(): boolean {
    const oldest = this.idle.entries().next();
    if (oldest.done) return false;
    const [client, slug] = oldest.value;
    this.idle.delete(client);
    client.markClosing();
    // Its account's last use of it, if the account has writes queued (run by end(), once the pool let go of it).
    client.lastWords = this.lastWords?.(slug);
    // pg-pool's documented path for an idle client that fails: it removes the client from its pool and ends
    // it (the pool's 'error' event, ignored above). The slot frees once the socket is closed.
    client.emit('error', new Error('closed to make room for another account (A5)'));
    return true;
  }

  private async end(pool: pg.Pool): Promise<void> {
    if (pool.ending) return;
    await pool.end().catch(() => undefined);
    this.live.delete(pool);
  }
}
