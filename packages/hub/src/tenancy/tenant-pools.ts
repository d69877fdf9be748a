// Per-account connection pools (SPEC A5): opened lazily, kept in an LRU, and never holding more connections
// in all than the global budget (KATAVEN_MAX_TENANT_CONNECTIONS), whatever the number of accounts.
// A pool that is opened for an account whose schema is behind migrates it first (A6).
import pg from 'pg';
import type { AccountRecord, Catalog } from './catalog.js';
import { HubError } from '../errors.js';
import type { DatabaseServer } from './database-server.js';
import { AccountMigrationError, latestSchemaVersion, migrateWithClient } from './migrations.js';

interface Entry {
  pool: pg.Pool;
  ready: Promise<void>;
  /** Callers inside use(); a leased pool is never closed to make room. */
  leases: number;
}

/** A hold on an account's pool: it is not closed to make room until release() (which is idempotent). */
export interface PoolLease {
  readonly pool: pg.Pool;
  release(): void;
}

export interface TenantPoolOptions {
  /** Connections one account may hold at once; the budget is split into pools of this size. */
  perPoolMax?: number;
  /** An idle connection closes after this long, so quiet accounts hold nothing. */
  idleTimeoutMs?: number;
  /** How long a caller may wait for room in the budget before it fails (503): a deadline like any other (issue 7). */
  acquireTimeoutMs?: number;
}

export class TenantPools {
  private readonly open = new Map<string, Entry>(); // insertion order is recency: first = least recently used
  private readonly closing = new Set<Promise<void>>();
  private waiters: (() => void)[] = [];
  private readonly perPoolMax: number;
  private readonly maxPools: number;
  private readonly idleTimeoutMs: number;
  private readonly acquireTimeoutMs: number;
  private readonly latestVersion = latestSchemaVersion('account');

  constructor(
    private readonly server: DatabaseServer,
    private readonly catalog: Catalog,
    readonly budget: number,
    options: TenantPoolOptions = {},
  ) {
    this.perPoolMax = Math.max(1, Math.min(options.perPoolMax ?? 5, budget));
    this.maxPools = Math.max(1, Math.floor(budget / this.perPoolMax));
    this.idleTimeoutMs = options.idleTimeoutMs ?? 10_000;
    this.acquireTimeoutMs = options.acquireTimeoutMs ?? 3000;
  }

  /**
   * Runs `fn` with the account's pool, opened (and its schema brought up to date) on first use. The pool stays
   * open until `fn` settles; when the budget is full, callers wait for a pool to become free.
   */
  async use<T>(account: AccountRecord, fn: (db: pg.Pool) => Promise<T>): Promise<T> {
    const entry = await this.acquire(account);
    try {
      return await fn(entry.pool);
    } finally {
      this.release(entry);
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
        this.release(entry);
      },
    };
  }

  /**
   * The account's pool without holding it open: for one-shot work outside request handling (the CLI, tests),
   * where nothing else competes for the budget. Request paths use use().
   */
  async pool(account: AccountRecord): Promise<pg.Pool> {
    const entry = await this.acquire(account);
    this.release(entry);
    return entry.pool;
  }

  private async acquire(account: AccountRecord): Promise<Entry> {
    const deadline = performance.now() + this.acquireTimeoutMs;
    for (;;) {
      let entry = this.open.get(account.slug);
      if (entry) {
        this.open.delete(account.slug); // re-insert: most recently used
        this.open.set(account.slug, entry);
      } else if (this.open.size + this.closing.size < this.maxPools) {
        entry = this.openPool(account);
      } else {
        await this.waitForRoom(deadline);
        continue;
      }
      entry.leases++;
      try {
        await entry.ready;
      } catch (err) {
        this.release(entry);
        if (this.open.get(account.slug) === entry) void this.evict(account.slug);
        throw err;
      }
      return entry;
    }
  }

  private release(entry: Entry): void {
    entry.leases--;
    if (entry.leases === 0 && this.waiters.length > 0) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const wake of waiters) wake();
    }
  }

  /** Closes the least recently used pool nobody holds, or waits for one to close or be released. */
  private async waitForRoom(deadline: number): Promise<void> {
    for (const [slug, entry] of this.open) {
      if (entry.leases === 0) return this.evict(slug);
    }
    const remaining = deadline - performance.now();
    if (remaining <= 0) {
      throw new HubError('service_unavailable', 'no database connection became free within its deadline; retry shortly');
    }
    let timer: NodeJS.Timeout | undefined;
    let wake: (() => void) | undefined;
    const room =
      this.closing.size > 0 ? Promise.race(this.closing) : new Promise<void>((resolve) => this.waiters.push((wake = resolve)));
    // Woken by the timer: the loop in acquire() then finds the deadline passed (or room).
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, remaining)));
    try {
      await Promise.race([room, timeout]);
    } finally {
      clearTimeout(timer);
      if (wake !== undefined) this.waiters = this.waiters.filter((w) => w !== wake);
    }
  }

  /** Connections held by the open pools. */
  get connectionCount(): number {
    let n = 0;
    for (const { pool } of this.open.values()) n += pool.totalCount;
    return n;
  }

  get poolCount(): number {
    return this.open.size;
  }

  /** Closes an account's pool, e.g. before its database is dropped. */
  async close(slug: string): Promise<void> {
    await this.evict(slug);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.open.keys()].map((slug) => this.evict(slug)));
    await Promise.all(this.closing);
  }

  private openPool(account: AccountRecord): Entry {
    const pool = new pg.Pool({
      ...this.server.pooledConnection(account.databaseName),
      max: this.perPoolMax,
      idleTimeoutMillis: this.idleTimeoutMs,
    });
    // An idle client's connection can drop (server restart); the pool replaces it on next use.
    pool.on('error', () => undefined);
    // A6: an account behind is migrated before first use, through one of its own pool's connections so the
    // budget holds during migrations too.
    const ready = account.schemaVersion >= this.latestVersion ? Promise.resolve() : this.migrate(account, pool);
    const entry: Entry = { pool, ready, leases: 0 };
    this.open.set(account.slug, entry);
    return entry;
  }

  private async migrate(account: AccountRecord, pool: pg.Pool): Promise<void> {
    const client = await pool.connect();
    try {
      await this.catalog.recordSchemaVersion(account.slug, await migrateWithClient(client, 'account'));
    } catch (err) {
      // Issue 14: the failure is kept in the catalog for the operator, as `kataven migrate` keeps its own; this
      // account answers 503 (AccountMigrationError) and the next use retries.
      if (err instanceof AccountMigrationError) void this.catalog.recordMigrationFailure(account.slug, err.reason).catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  private evict(slug: string): Promise<void> {
    const entry = this.open.get(slug);
    if (!entry) return Promise.resolve();
    this.open.delete(slug);
    // pool.end() waits for checked-out clients to come back, so connections still count until it resolves.
    const done: Promise<void> = entry.pool
      .end()
      .catch(() => undefined)
      .finally(() => this.closing.delete(done));
    this.closing.add(done);
    return done;
  }
}
