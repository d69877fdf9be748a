// One PostgreSQL server seen from the hub: connection settings for any database on it, and the two
// statements that cannot take parameters (CREATE/DROP DATABASE), which only ever see derived, quoted names.
import pg from 'pg';
import { quoteDatabaseName } from './account-slug.js';

export class DatabaseServer {
  private readonly base: URL;

  /**
   * @param timeoutMs the deadline (issue 7) of a connection of the request path, and of each of its queries:
   * past it the caller gets an error (answered 503) instead of waiting on a server that went silent.
   */
  constructor(
    controlDatabaseUrl: string,
    private readonly timeoutMs = 3000,
  ) {
    this.base = new URL(controlDatabaseUrl);
  }

  /** The control-plane database's name, from DATABASE_URL's path (`kataven` when it names none). */
  get controlDatabase(): string {
    return decodeURIComponent(this.base.pathname.replace(/^\//, '')) || 'kataven';
  }

  connection(database: string): pg.ClientConfig {
    const url = new URL(this.base.href);
    url.pathname = `/${encodeURIComponent(database)}`;
    return { connectionString: url.href, application_name: 'kataven-hub', connectionTimeoutMillis: this.timeoutMs };
  }

  /**
   * connection() for the request path (pools): connecting, waiting for a pooled connection and every query each
   * have a deadline, and TCP keepalive notices a peer that vanished. Migrations and CREATE DATABASE use
   * connection(), whose statements may rightly take longer.
   */
  pooledConnection(database: string): pg.PoolConfig {
    return {
      ...this.connection(database),
      connectionTimeoutMillis: this.timeoutMs,
      query_timeout: this.timeoutMs,
      keepAlive: true,
    };
  }

  /** A one-shot connection to the server's `postgres` database (DDL, settings). */
  async withMaintenanceClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client(this.connection('postgres'));
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  }

  async databaseExists(name: string): Promise<boolean> {
    return this.withMaintenanceClient(async (client) => {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      return rowCount === 1;
    });
  }

  /** Creates the database unless it exists; returns whether this call created it. */
  async createDatabase(name: string): Promise<boolean> {
    return this.withMaintenanceClient(async (client) => {
      try {
        await client.query(`CREATE DATABASE ${quoteDatabaseName(name)}`);
        return true;
      } catch (err) {
        // duplicate_database; or, when two creators race, the catalog's unique index speaks first.
        const code = (err as { code?: string }).code;
        if (code === '42P04' || code === '23505') return false;
        throw err;
      }
    });
  }

  async dropDatabase(name: string): Promise<void> {
    await this.withMaintenanceClient((client) =>
      client.query(`DROP DATABASE IF EXISTS ${quoteDatabaseName(name)} WITH (FORCE)`),
    );
  }
}
