// A8: the PostgreSQL servers account databases live on. DATABASE_URL's server is the cluster `default` (it also
// holds the catalog); KATAVEN_DB_CLUSTERS names the others. An account's catalog row says which one is its
// (AccountRecord.cluster), and everything that opens an account's database asks here for that server.
import { DEFAULT_CLUSTER } from '../config.js';
import { HubError } from '../errors.js';
import type { AccountRecord } from './catalog.js';
import { DatabaseServer } from './database-server.js';

export class DatabaseClusters {
  private readonly servers = new Map<string, DatabaseServer>();

  constructor(
    readonly defaultServer: DatabaseServer,
    others: readonly { name: string; url: string }[] = [],
    timeoutMs?: number,
  ) {
    this.servers.set(DEFAULT_CLUSTER, defaultServer);
    for (const { name, url } of others) this.servers.set(name, new DatabaseServer(url, timeoutMs));
  }

  /** Every cluster's name, the default first (placement breaks ties in this order). */
  get names(): string[] {
    return [...this.servers.keys()];
  }

  has(name: string): boolean {
    return this.servers.has(name);
  }

  /** The server of a cluster; unknown → 503 (see unconfiguredCluster). */
  server(name: string): DatabaseServer {
    const server = this.servers.get(name);
    if (!server) throw unconfiguredCluster(name);
    return server;
  }
}

/**
 * An account on a cluster this instance was not given (KATAVEN_DB_CLUSTERS differs between instances, or a
 * cluster was removed with accounts still on it) cannot be served: 503, and the message says why, rather than a
 * connection attempt to the wrong server.
 */
export function unconfiguredCluster(name: string): HubError {
  return new HubError('service_unavailable', `the account's database cluster "${name}" is not configured here (KATAVEN_DB_CLUSTERS)`);
}

/** Where an account's database is: one server (the whole deployment on it), or its cluster among several. */
export type AccountServers = DatabaseServer | DatabaseClusters;

export function accountServer(servers: AccountServers, account: Pick<AccountRecord, 'cluster'>): DatabaseServer {
  if (servers instanceof DatabaseClusters) return servers.server(account.cluster);
  if (account.cluster !== DEFAULT_CLUSTER) throw unconfiguredCluster(account.cluster);
  return servers;
}

/** The names placement may choose from. */
export function clusterNames(servers: AccountServers): string[] {
  return servers instanceof DatabaseClusters ? servers.names : [DEFAULT_CLUSTER];
}
