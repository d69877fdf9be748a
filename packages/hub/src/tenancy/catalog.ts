// The control-plane catalog of accounts (SPEC A4). Parameterised SQL only.
import pg from 'pg';
import { RESERVED_ACCOUNT } from './account-slug.js';

export type AccountStatus = 'provisioning' | 'active' | 'disabled';

/** R1: requests per window, and in flight at once. */
export interface RateLimits {
  per_minute: number;
  per_hour: number;
  per_day: number;
  concurrent: number;
}

/** L1: the plan's ceilings for the cost caps. */
export interface CostCaps {
  concurrent_max: number;
  calls_per_minute: number;
  daily_calls_max: number;
  daily_minutes_max: number;
}

export interface AccountPatch {
  status?: 'active' | 'disabled';
  plan?: string;
  discoverable?: boolean;
  maxKeyExpiryDays?: number | null;
  rateLimits?: Partial<RateLimits>;
  costCapCeilings?: Partial<CostCaps>;
}

export interface AccountRecord {
  slug: string;
  databaseName: string;
  cluster: string;
  plan: string;
  status: AccountStatus;
  createdAt: Date;
  maxKeyExpiryDays: number | null;
  discoverable: boolean;
  schemaVersion: number;
  rateLimits: RateLimits;
  costCapCeilings: CostCaps;
  /** A8: the account's writes are refused until this instant while its database moves; null = not frozen. */
  frozenUntil: Date | null;
}

interface AccountRow {
  slug: string;
  database_name: string;
  cluster: string;
  plan: string;
  status: AccountStatus;
  created_at: Date;
  max_key_expiry_days: number | null;
  discoverable: boolean;
  schema_version: number;
  rate_per_minute: number;
  rate_per_hour: number;
  rate_per_day: number;
  rate_concurrent: number;
  cap_concurrent_max: number;
  cap_calls_per_minute: number;
  cap_daily_calls_max: number;
  cap_daily_minutes_max: number;
  frozen_until: Date | null;
}

const columns = `slug, database_name, cluster, plan, status, created_at, max_key_expiry_days, discoverable, schema_version,
  rate_per_minute, rate_per_hour, rate_per_day, rate_concurrent,
  cap_concurrent_max, cap_calls_per_minute, cap_daily_calls_max, cap_daily_minutes_max, frozen_until`;

function toRecord(row: AccountRow): AccountRecord {
  return {
    slug: row.slug,
    databaseName: row.database_name,
    cluster: row.cluster,
    plan: row.plan,
    status: row.status,
    createdAt: row.created_at,
    maxKeyExpiryDays: row.max_key_expiry_days,
    discoverable: row.discoverable,
    schemaVersion: row.schema_version,
    rateLimits: {
      per_minute: row.rate_per_minute,
      per_hour: row.rate_per_hour,
      per_day: row.rate_per_day,
      concurrent: row.rate_concurrent,
    },
    costCapCeilings: {
      concurrent_max: row.cap_concurrent_max,
      calls_per_minute: row.cap_calls_per_minute,
      daily_calls_max: row.cap_daily_calls_max,
      daily_minutes_max: row.cap_daily_minutes_max,
    },
    frozenUntil: row.frozen_until,
  };
}

export class Catalog {
  constructor(private readonly pool: pg.Pool) {}

  async find(slug: string): Promise<AccountRecord | undefined> {
    const { rows } = await this.pool.query<AccountRow>(`SELECT ${columns} FROM accounts WHERE slug = $1`, [slug]);
    return rows[0] && toRecord(rows[0]);
  }

  async list(): Promise<AccountRecord[]> {
    const { rows } = await this.pool.query<AccountRow>(`SELECT ${columns} FROM accounts ORDER BY slug`);
    return rows.map(toRecord);
  }

  /**
   * Claims the slug for A7; false when it is taken (by a live account or a creation in progress). A new account
   * has no keys, and every key it gets is entered in the key directory as it is minted: it starts indexed.
   */
  async claim(slug: string, databaseName: string, cluster: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `INSERT INTO accounts (slug, database_name, cluster, status, keys_indexed) VALUES ($1, $2, $3, 'provisioning', true)
       ON CONFLICT (slug) DO NOTHING`,
      [slug, databaseName, cluster],
    );
    return rowCount === 1;
  }

  /**
   * claim() on the least-loaded of `clusters` (A8), in one statement, returning the cluster chosen; undefined when
   * the slug is taken. Load = the accounts on a cluster that are not disabled (active, or being created): a
   * disabled account holds no connections. Ties go to the earlier name (the default first). Two creations at
   * the same instant may pick the same cluster; the next ones even it out.
   */
  async claimOnLeastLoaded(slug: string, databaseName: string, clusters: readonly string[]): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ cluster: string }>(
      `INSERT INTO accounts (slug, database_name, cluster, status, keys_indexed)
       SELECT $1, $2, c.name, 'provisioning', true
         FROM unnest($3::text[]) WITH ORDINALITY AS c(name, position)
        ORDER BY (SELECT count(*) FROM accounts a WHERE a.cluster = c.name AND a.status <> 'disabled'), c.position
        LIMIT 1
       ON CONFLICT (slug) DO NOTHING
       RETURNING cluster`,
      [slug, databaseName, clusters],
    );
    return rows[0]?.cluster;
  }

  /** A8: accounts (not disabled) per cluster, the load placement compares; clusters without any are absent. */
  async clusterLoads(): Promise<Map<string, number>> {
    const { rows } = await this.pool.query<{ cluster: string; n: number }>(
      `SELECT cluster, count(*)::int AS n FROM accounts WHERE status <> 'disabled' GROUP BY cluster`,
    );
    return new Map(rows.map((r) => [r.cluster, r.n]));
  }

  /** The clusters the catalog places accounts on: the hub refuses to start without a server for each. */
  async clustersInUse(): Promise<string[]> {
    const { rows } = await this.pool.query<{ cluster: string }>('SELECT DISTINCT cluster FROM accounts ORDER BY cluster');
    return rows.map((r) => r.cluster);
  }

  /**
   * A8 move, step one: freezes the account's writes for `seconds` (the control plane's clock) unless another
   * move holds it. Returns the deadline, or undefined (unknown, being created, not on `from`, or already frozen).
   */
  async freeze(slug: string, from: string, to: string, seconds: number): Promise<Date | undefined> {
    const { rows } = await this.pool.query<{ frozen_until: Date }>(
      `UPDATE accounts SET frozen_until = now() + make_interval(secs => $4), moving_to = $3
        WHERE slug = $1 AND cluster = $2 AND status <> 'provisioning' AND (frozen_until IS NULL OR frozen_until <= now())
        RETURNING frozen_until`,
      [slug, from, to, seconds],
    );
    return rows[0]?.frozen_until;
  }

  /**
   * A8 move, the switch: the account's cluster becomes `to` and its freeze ends, in one statement, only if the
   * freeze this move took still holds. false = the deadline passed (writes may have resumed on `from`): the
   * copy is stale and the account stays where it was.
   */
  async completeMove(slug: string, from: string, to: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE accounts SET cluster = $3, frozen_until = NULL, moving_to = NULL
        WHERE slug = $1 AND cluster = $2 AND moving_to = $3 AND frozen_until > now()`,
      [slug, from, to],
    );
    return rowCount === 1;
  }

  /** Ends a freeze that a failed move took (the account stays on its cluster). */
  async thaw(slug: string, to: string): Promise<void> {
    await this.pool.query('UPDATE accounts SET frozen_until = NULL, moving_to = NULL WHERE slug = $1 AND moving_to = $2', [slug, to]);
  }

  async activate(slug: string, schemaVersion: number): Promise<void> {
    await this.pool.query(`UPDATE accounts SET status = 'active', schema_version = $2 WHERE slug = $1`, [
      slug,
      schemaVersion,
    ]);
  }

  async release(slug: string): Promise<void> {
    await this.pool.query(`DELETE FROM accounts WHERE slug = $1 AND status = 'provisioning'`, [slug]);
  }

  /** A6: the account's database is at `schemaVersion`; a failure recorded by an earlier migration is cleared. */
  async recordSchemaVersion(slug: string, schemaVersion: number): Promise<void> {
    await this.pool.query(
      'UPDATE accounts SET schema_version = $2, migration_error = NULL, migration_failed_at = NULL WHERE slug = $1',
      [slug, schemaVersion],
    );
  }

  /**
   * A6 (issue 14): why the account's last migration failed, kept until one succeeds (control migration 0005). Its
   * schema_version is left as it was: the account stays behind, and the next `kataven migrate` retries it.
   */
  async recordMigrationFailure(slug: string, error: string): Promise<void> {
    await this.pool.query('UPDATE accounts SET migration_error = $2, migration_failed_at = now() WHERE slug = $1', [
      slug,
      error,
    ]);
  }

  /** The accounts whose last migration failed, by slug, with the error it failed with. */
  async migrationFailures(): Promise<{ slug: string; error: string; failedAt: Date }[]> {
    const { rows } = await this.pool.query<{ slug: string; migration_error: string; migration_failed_at: Date }>(
      'SELECT slug, migration_error, migration_failed_at FROM accounts WHERE migration_error IS NOT NULL ORDER BY slug',
    );
    return rows.map((r) => ({ slug: r.slug, error: r.migration_error, failedAt: r.migration_failed_at }));
  }

  /**
   * O1: the operator's settings of one account, applied together. Columns come from a fixed list, values are
   * parameters. Undefined = unchanged. Returns the updated record, or undefined for an unknown account.
   */
  async update(slug: string, patch: AccountPatch): Promise<AccountRecord | undefined> {
    const sets: string[] = [];
    const values: unknown[] = [slug];
    const set = (column: string, value: unknown) => {
      if (value === undefined) return;
      values.push(value);
      sets.push(`${column} = $${values.length}`);
    };
    set('status', patch.status);
    set('plan', patch.plan);
    set('discoverable', patch.discoverable);
    set('max_key_expiry_days', patch.maxKeyExpiryDays);
    set('rate_per_minute', patch.rateLimits?.per_minute);
    set('rate_per_hour', patch.rateLimits?.per_hour);
    set('rate_per_day', patch.rateLimits?.per_day);
    set('rate_concurrent', patch.rateLimits?.concurrent);
    set('cap_concurrent_max', patch.costCapCeilings?.concurrent_max);
    set('cap_calls_per_minute', patch.costCapCeilings?.calls_per_minute);
    set('cap_daily_calls_max', patch.costCapCeilings?.daily_calls_max);
    set('cap_daily_minutes_max', patch.costCapCeilings?.daily_minutes_max);
    if (sets.length === 0) return this.find(slug);
    const { rows } = await this.pool.query<AccountRow>(
      `UPDATE accounts SET ${sets.join(', ')} WHERE slug = $1 AND status <> 'provisioning' RETURNING ${columns}`,
      values,
    );
    return rows[0] && toRecord(rows[0]);
  }

  async setMaxKeyExpiryDays(slug: string, days: number | null): Promise<void> {
    await this.pool.query('UPDATE accounts SET max_key_expiry_days = $2 WHERE slug = $1', [slug, days]);
  }

  /**
   * P0 `GET /api/accounts`: the slugs of accounts that are both discoverable and active (A4), by slug. Never the
   * operator console's account (A2), whatever its flag says: a public list does not advertise it.
   */
  async listDiscoverable(): Promise<string[]> {
    const { rows } = await this.pool.query<{ slug: string }>(
      `SELECT slug FROM accounts WHERE discoverable AND status = 'active' AND slug <> $1 ORDER BY slug`,
      [RESERVED_ACCOUNT],
    );
    return rows.map((r) => r.slug);
  }

  /** A4: whether the login page may list the account (the operator API sets it). */
  async setDiscoverable(slug: string, discoverable: boolean): Promise<void> {
    await this.pool.query('UPDATE accounts SET discoverable = $2 WHERE slug = $1', [slug, discoverable]);
  }

  /** The active accounts, by slug: all of them, or only those among `slugs`. */
  async listActiveSlugs(among?: readonly string[]): Promise<string[]> {
    const { rows } = await this.pool.query<{ slug: string }>(
      `SELECT slug FROM accounts WHERE status = 'active' AND ($1::text[] IS NULL OR slug = ANY($1::text[])) ORDER BY slug`,
      [among ?? null],
    );
    return rows.map((r) => r.slug);
  }

  /** This deployment's id (control migration 0003): what its instances name their Redis channels after (T7). */
  async deploymentId(): Promise<string> {
    const { rows } = await this.pool.query<{ id: string }>('SELECT id::text AS id FROM deployment');
    if (!rows[0]) throw new Error('the control plane has no deployment row: run kataven migrate');
    return rows[0].id;
  }
}
