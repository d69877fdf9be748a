// Tenancy as handlers see it: an authenticated account slug → that account's own database pool.
import type pg from 'pg';
import { HubError } from '../errors.js';
import type { AccountRecord, Catalog } from './catalog.js';
import type { AccountPools } from './cluster-pools.js';
import type { PoolLease } from './tenant-pools.js';

export class Tenancy {
  constructor(
    readonly catalog: Catalog,
    /** The account pools of every cluster (A8): a record's cluster says which server serves it. */
    readonly pools: AccountPools,
    /** Where the database of an active account is: cached, kept current by revocations. */
    private readonly activeAccounts: { find(slug: string): Promise<AccountRecord | undefined> },
  ) {}

  /** The active account's catalog record, read fresh (for its policies); an inactive or unknown one is "not found". */
  async account(slug: string): Promise<AccountRecord> {
    const record = await this.catalog.find(slug);
    if (record?.status !== 'active') throw new HubError('not_found');
    return record;
  }

  /** Runs `fn` with the account's own database; the pool stays open until `fn` settles (A5). */
  async withDatabase<T>(slug: string, fn: (db: pg.Pool) => Promise<T>): Promise<T> {
    const record = await this.activeAccounts.find(slug);
    if (!record) throw new HubError('not_found');
    return this.pools.use(record, fn);
  }

  /** withDatabase() for work that outlives one callback (a request's transaction): release the lease when done. */
  async leaseDatabase(slug: string): Promise<PoolLease> {
    const record = await this.activeAccounts.find(slug);
    if (!record) throw new HubError('not_found');
    return this.pools.lease(record);
  }

  /** The account's pool, not held open: for one-shot work outside request handling (see TenantPools.pool). */
  async database(slug: string): Promise<pg.Pool> {
    return this.pools.pool(await this.account(slug));
  }
}
