// A5 × A8: one TenantPools per cluster, each with its own connection budget (each PostgreSQL server has its own
// max_connections), behind the TenantPools interface. A request's account record says which cluster serves it.
//
// After `kataven accounts move`, an instance learns the account's new cluster when its cached record is evicted
// (revocation bus) and re-read; its next use is routed to the new cluster. The pool left on the old cluster is
// closed a grace period later rather than at once: a read that started there just before the switch finishes
// on it (the old database is kept readable until the mover drops it).
import type pg from 'pg';
import { DEFAULT_CLUSTER } from '../config.js';
import type { AccountRecord, Catalog } from './catalog.js';
import { unconfiguredCluster, type DatabaseClusters } from './database-clusters.js';
import { TenantPools, type LastWords, type PoolLease, type TenantPoolOptions } from './tenant-pools.js';

/** What handlers and the verifier need of the account pools, whatever the number of clusters. */
export interface AccountPools {
  use<T>(account: AccountRecord, fn: (db: pg.Pool) => Promise<T>): Promise<T>;
  lease(account: AccountRecord): Promise<PoolLease>;
  pool(account: AccountRecord): Promise<pg.Pool>;
  close(slug: string): Promise<void>;
  closeAll(): Promise<void>;
  readonly connectionCount: number;
  readonly poolCount: number;
}

export interface ClusterPoolOptions extends TenantPoolOptions {
  /** How long a pool left on an account's previous cluster stays open after the account moved (ms). */
  movedPoolGraceMs?: number;
}

export class ClusterPools implements AccountPools {
  private readonly byCluster = new Map<string, TenantPools>();
  /** slug → the cluster its last pool was opened on; only tracked with more than one cluster. */
  private readonly lastCluster = new Map<string, string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly movedPoolGraceMs: number;

  constructor(
    private readonly clusters: DatabaseClusters,
    catalog: Catalog,
    /** The budget of each cluster (KATAVEN_MAX_TENANT_CONNECTIONS, lowered where a server holds fewer). */
    budgets: ReadonlyMap<string, number>,
    options: ClusterPoolOptions = {},
  ) {
    const { movedPoolGraceMs, ...poolOptions } = options;
    this.movedPoolGraceMs = movedPoolGraceMs ?? 30_000;
    for (const name of clusters.names) {
      const budget = budgets.get(name);
      if (budget === undefined) throw new Error(`no connection budget for cluster ${name}`);
      this.byCluster.set(name, new TenantPools(clusters.server(name), catalog, budget, poolOptions));
    }
  }

  /** The default cluster's budget (each cluster's is its TenantPools' `budget`). */
  get budget(): number {
    return this.byCluster.get(DEFAULT_CLUSTER)!.budget;
  }

  /** See TenantPools.setLastWords: the same on every cluster. */
  setLastWords(lastWords: LastWords): void {
    for (const pools of this.byCluster.values()) pools.setLastWords(lastWords);
  }

  /** One cluster's pools (its budget, its counts). */
  of(cluster: string): TenantPools | undefined {
    return this.byCluster.get(cluster);
  }

  use<T>(account: AccountRecord, fn: (db: pg.Pool) => Promise<T>): Promise<T> {
    return this.route(account).use(account, fn);
  }

  lease(account: AccountRecord): Promise<PoolLease> {
    return this.route(account).lease(account);
  }

  pool(account: AccountRecord): Promise<pg.Pool> {
    return this.route(account).pool(account);
  }

  /** Closes the account's pool on every cluster (its database is about to be dropped, or it moved). */
  async close(slug: string): Promise<void> {
    this.lastCluster.delete(slug);
    await Promise.all([...this.byCluster.values()].map((pools) => pools.close(slug)));
  }

  async closeAll(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.lastCluster.clear();
    await Promise.all([...this.byCluster.values()].map((pools) => pools.closeAll()));
  }

  get connectionCount(): number {
    let n = 0;
    for (const pools of this.byCluster.values()) n += pools.connectionCount;
    return n;
  }

  get poolCount(): number {
    let n = 0;
    for (const pools of this.byCluster.values()) n += pools.poolCount;
    return n;
  }

  private route(account: AccountRecord): TenantPools {
    const pools = this.byCluster.get(account.cluster);
    if (!pools) throw unconfiguredCluster(account.cluster);
    if (this.byCluster.size > 1) {
      const previous = this.lastCluster.get(account.slug);
      if (previous !== account.cluster) {
        this.lastCluster.set(account.slug, account.cluster);
        if (previous !== undefined) this.closeLater(account.slug, previous);
      }
    }
    return pools;
  }

  /** The account moved off `cluster`: its pool there closes after the grace, unless it has moved back since. */
  private closeLater(slug: string, cluster: string): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.lastCluster.get(slug) !== cluster) void this.byCluster.get(cluster)?.close(slug);
    }, this.movedPoolGraceMs);
    timer.unref();
    this.timers.add(timer);
  }
}
