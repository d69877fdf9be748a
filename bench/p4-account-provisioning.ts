// Issue 14, 10,000 accounts on one server: accounts created the way the product creates them (A7, hub.createAccount:
// CREATE DATABASE, migrate, register), a few at a time, then `kataven migrate` over all of them (A6): the skip path
// (every account current: one catalog read, no connection) and the forced re-check (--recheck: every account
// opened, the migrator finds nothing to do). Reported: time per account (p50/p99 and total), peak connections
// (pg_stat_activity, sampled), each migrate fan-out's time, disk per account, and what the requested number would
// need on this machine. Every database made is dropped at the end, also on failure.
//   node --import tsx bench/p4-account-provisioning.ts [--accounts 10000] [--concurrency 4] [--migrate-concurrency 4] [--disk-per-account-mb N] [--from-template]
// The default is the real figure (10,000 accounts); each account database costs ~8 MB of disk, so the run first
// checks that the disk holds them and refuses otherwise. The disk is the one under the server's data directory
// (when the server runs on this machine). On a compressing file system (how 10,000 accounts fit on a machine with
// 80 GB free, docs/scaling.md) an account takes less than pg_database_size: --disk-per-account-mb gives what it
// really takes there.
import { existsSync, statfsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { accountDatabaseName } from '../packages/hub/src/tenancy/account-slug.js';
import { migrateAllAccounts } from '../packages/hub/src/tenancy/migrate-accounts.js';
import { POSTGRES_URL, startTestHub, uniqueSlug } from '../packages/hub/test/support/test-hub.js';
import { copyAccount } from './account-copies.js';
import { percentile, round3 } from './percentiles.js';

export interface AccountProvisioningOptions {
  accounts: number;
  /** Accounts created at once (CREATE DATABASE is serialised by PostgreSQL anyway; ≤ 4 on a shared server). */
  concurrency?: number;
  /** `kataven migrate --concurrency`. */
  migrateConcurrency?: number;
  /** What one account takes on the data directory's disk, when that is not pg_database_size (compression). */
  diskPerAccountMb?: number;
  /**
   * Accounts after the first are copies of its database (CREATE DATABASE … TEMPLATE, as bench/p4-server.ts makes
   * them), registered in the catalog as A7 does: for the migrate phases at a scale whose creation through the
   * product's path was measured in another run (10,000 accounts take hours that way on a compressing disk). The
   * creation figures are then the copy's, not A7's.
   */
  fromTemplate?: boolean;
  /** Progress on stderr. */
  log?: (message: string) => void;
}

export interface AccountProvisioningResult {
  accounts: number;
  concurrency: number;
  create: {
    by: 'A7' | 'template copy';
    total_s: number;
    accounts_per_s: number;
    per_account_p50_ms: number;
    per_account_p99_ms: number;
    per_account_max_ms: number;
    /** Wall time divided by accounts: what one more account costs at this concurrency. */
    wall_per_account_ms: number;
    peak_connections_run: number;
    peak_connections_server: number;
  };
  migrate_skip: { total_ms: number; per_account_us: number; connections_opened: number; peak_connections_run: number };
  migrate_recheck: {
    concurrency: number;
    total_s: number;
    per_account_wall_ms: number;
    peak_connections_run: number;
    peak_connections_server: number;
  };
  drop: { total_s: number; wall_per_account_ms: number };
  disk: { per_account_mb: number; per_account_on_disk_mb: number; free_gb_before: number; data_directory: string };
  max_connections: number;
}

/**
 * Connections sampled from pg_stat_activity until stopped: this run's to account databases (the control plane's
 * pools excluded; the maintenance connection of CREATE DATABASE is on `postgres` and counted only in the server's
 * figure) and every client backend of the server (other users of the shared server included).
 */
class ConnectionSampler {
  peakRun = 0;
  peakServer = 0;
  private running = true;
  private readonly loop: Promise<void>;

  constructor(admin: pg.Client, prefix: string) {
    this.loop = (async () => {
      while (this.running) {
        const { rows } = await admin.query<{ run: number; server: number }>(
          `SELECT count(*) FILTER (WHERE left(datname, length($1)) = $1 AND datname <> $1 || 'control')::int AS run,
                  count(*) FILTER (WHERE backend_type = 'client backend')::int AS server
           FROM pg_stat_activity`,
          [prefix],
        );
        this.peakRun = Math.max(this.peakRun, rows[0]!.run);
        this.peakServer = Math.max(this.peakServer, rows[0]!.server);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
  }

  async stop(): Promise<{ run: number; server: number }> {
    this.running = false;
    await this.loop;
    return { run: this.peakRun, server: this.peakServer };
  }
}

/** Runs `fn` over `items`, `limit` at a time; `worker` (0 … limit − 1) says which of the parallel loops runs it. */
async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T, worker: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (_: unknown, id: number) => {
    while (next < items.length) await fn(items[next++]!, id);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

const seconds = (ms: number) => Math.round(ms) / 1000;
/** Free bytes of the file system holding `directory`. */
const freeBytes = (directory: string) => {
  const fs = statfsSync(directory);
  return fs.bavail * fs.bsize;
};

/** The measurement itself; bench/p4-many-accounts.ts calls it too. */
export async function measureAccountProvisioning(options: AccountProvisioningOptions): Promise<AccountProvisioningResult> {
  const { accounts, log = () => undefined } = options;
  const concurrency = options.concurrency ?? 4;
  const migrateConcurrency = options.migrateConcurrency ?? 4;
  const admin = new pg.Client({ connectionString: `${POSTGRES_URL}/postgres` });
  await admin.connect();
  const t = await startTestHub({ KATAVEN_MAX_TENANT_CONNECTIONS: '10' });
  let created: string[] = [];
  try {
    const maxConnections = Number((await admin.query<{ max_connections: string }>('SHOW max_connections')).rows[0]!.max_connections);
    const reported = (await admin.query<{ data_directory: string }>('SHOW data_directory')).rows[0]!.data_directory;
    // A server on another machine: this machine's root is all there is to look at.
    const dataDirectory = existsSync(reported) ? reported : '/';
    const freeBefore = freeBytes(dataDirectory);

    // One account first, for its size: refuse a run the disk cannot hold (with 10% to spare). On a compressing file
    // system an account takes less than pg_database_size says: the caller then gives what it measured (df before
    // and after a smaller run), since a free-space delta over a few accounts is lost in WAL being recycled.
    const run = uniqueSlug('bench');
    // One random part per run and a counter: 10,000 slugs of 32 random bits each collide in about one run of 90
    // (A7 then refuses the second with account_exists, and the run fails).
    const slugOf = (i: number) => `${run}-${i}`;
    await t.hub.createAccount(slugOf(0));
    created.push(slugOf(0));
    const firstRecord = (await t.hub.catalog.find(slugOf(0)))!;
    const sizeOf = async (database: string) =>
      Number((await admin.query<{ size: string }>('SELECT pg_database_size($1) AS size', [database])).rows[0]!.size);
    const perAccountBytes = await sizeOf(firstRecord.databaseName);
    const perAccountOnDisk = options.diskPerAccountMb === undefined ? perAccountBytes : options.diskPerAccountMb * 1e6;
    if (perAccountOnDisk * accounts * 1.1 > freeBefore) {
      throw new Error(
        `${accounts} accounts need about ${((perAccountOnDisk * accounts) / 1e9).toFixed(1)} GB ` +
          `(${(perAccountOnDisk / 1e6).toFixed(1)} MB each) and ${dataDirectory} has ${(freeBefore / 1e9).toFixed(1)} GB free: run fewer (--accounts)`,
      );
    }

    // A7, as `kataven accounts create` and the operator API do it.
    const slugs = Array.from({ length: accounts - 1 }, (_, i) => slugOf(i + 1));
    const latencies: number[] = [];
    let sampler = new ConnectionSampler(admin, t.prefix);
    const copiers: pg.Client[] = [];
    if (options.fromTemplate) {
      await t.hub.pools.close(slugOf(0)); // a template has no session while it is copied
      for (let i = 0; i < concurrency; i++) copiers.push(new pg.Client({ connectionString: `${POSTGRES_URL}/postgres` }));
      await Promise.all(copiers.map((c) => c.connect()));
    }
    const createStarted = performance.now();
    let lastLog = createStarted;
    await eachLimited(slugs, concurrency, async (slug, worker) => {
      const started = performance.now();
      if (options.fromTemplate) await copyAccount(t.hub.catalog, copiers[worker]!, slug, accountDatabaseName(slug, t.prefix), firstRecord);
      else await t.hub.createAccount(slug);
      latencies.push(performance.now() - started);
      created.push(slug);
      if (performance.now() - lastLog > 5000) {
        lastLog = performance.now();
        log(`created ${created.length}/${accounts} accounts (${seconds(lastLog - createStarted)} s)`);
      }
    });
    const createMs = performance.now() - createStarted;
    await Promise.all(copiers.map((c) => c.end()));
    const createPeak = await sampler.stop();
    // Said now: a later phase's failure (or an interruption during the long teardown) must not lose it.
    log(`created ${accounts} accounts: ${seconds(createMs)} s for the last ${slugs.length}, peak ${createPeak.run} connections of the run (${createPeak.server} of the server)`);

    // `kataven migrate`, every account current: the catalog alone decides, no account database is opened.
    sampler = new ConnectionSampler(admin, t.prefix);
    const sessionsBefore = await sessionsOf(admin, t.prefix);
    const skipStarted = performance.now();
    const skip = await migrateAllAccounts(t.hub.server, t.hub.catalog, { concurrency: migrateConcurrency, directory: t.hub.directory });
    const skipMs = performance.now() - skipStarted;
    const skipPeak = await sampler.stop();
    if (skip.length !== accounts || skip.some((r) => r.outcome !== 'current')) throw new Error('migrate: not every account was current');
    // Counted once every session's statistics have reached pg_stat_database (they do as each backend exits).
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const opened = (await sessionsOf(admin, t.prefix)) - sessionsBefore;
    log(`migrate over ${accounts} current accounts: ${round3(skipMs)} ms, ${opened} connections opened`);

    // `kataven migrate --recheck`: every account opened, its migrations confirmed, its keys re-entered.
    sampler = new ConnectionSampler(admin, t.prefix);
    const recheckStarted = performance.now();
    const recheck = await migrateAllAccounts(t.hub.server, t.hub.catalog, {
      concurrency: migrateConcurrency,
      directory: t.hub.directory,
      recheck: true,
    });
    const recheckMs = performance.now() - recheckStarted;
    const recheckPeak = await sampler.stop();
    log(`migrate --recheck over ${accounts} accounts: ${seconds(recheckMs)} s, peak ${recheckPeak.run} connections of the run`);
    const failed = recheck.filter((r) => r.outcome === 'failed');
    if (failed.length > 0) throw new Error(`migrate --recheck: ${failed.length} failed, e.g. ${failed[0]!.error}`);

    const dropStarted = performance.now();
    await dropAll(t.hub.server, t.hub.catalog, created, log);
    created = [];
    const dropMs = performance.now() - dropStarted;

    return {
      accounts,
      concurrency,
      create: {
        /** Copies of the first account's database (--from-template), or A7's whole path. */
        by: options.fromTemplate ? 'template copy' : 'A7',
        total_s: seconds(createMs),
        accounts_per_s: Math.round((slugs.length / createMs) * 1000 * 10) / 10,
        per_account_p50_ms: round3(percentile(latencies, 50)),
        per_account_p99_ms: round3(percentile(latencies, 99)),
        per_account_max_ms: round3(Math.max(...latencies)),
        wall_per_account_ms: round3(createMs / slugs.length),
        peak_connections_run: createPeak.run,
        peak_connections_server: createPeak.server,
      },
      migrate_skip: {
        total_ms: round3(skipMs),
        per_account_us: Math.round((skipMs / accounts) * 1000),
        connections_opened: opened,
        peak_connections_run: skipPeak.run,
      },
      migrate_recheck: {
        concurrency: migrateConcurrency,
        total_s: seconds(recheckMs),
        per_account_wall_ms: round3(recheckMs / accounts),
        peak_connections_run: recheckPeak.run,
        peak_connections_server: recheckPeak.server,
      },
      drop: { total_s: seconds(dropMs), wall_per_account_ms: round3(dropMs / accounts) },
      disk: {
        per_account_mb: Math.round(perAccountBytes / 1e5) / 10,
        per_account_on_disk_mb: Math.round(perAccountOnDisk / 1e5) / 10,
        free_gb_before: Math.round(freeBefore / 1e8) / 10,
        data_directory: dataDirectory,
      },
      max_connections: maxConnections,
    };
  } catch (err) {
    // Said before the teardown, which can take long (each DROP DATABASE waits for a checkpoint).
    log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    throw err;
  } finally {
    // Whatever happened, nothing stays: the accounts made so far, then (t.close) the control plane and any leftover.
    if (created.length > 0) await dropAll(t.hub.server, t.hub.catalog, created, log).catch(() => undefined);
    await t.close();
    await admin.end();
  }
}

/** Client sessions ever opened on this run's databases (pg_stat_database.sessions, PostgreSQL 14+). */
async function sessionsOf(admin: pg.Client, prefix: string): Promise<number> {
  const { rows } = await admin.query<{ n: string }>(
    `SELECT coalesce(sum(sessions), 0) AS n FROM pg_stat_database
     WHERE left(datname, length($1)) = $1 AND datname <> $1 || 'control'`,
    [prefix],
  );
  return Number(rows[0]!.n);
}

/** Drops the accounts' databases, 4 at a time (t.close() would drop them one by one). */
async function dropAll(
  server: { dropDatabase(name: string): Promise<void> },
  catalog: { list(): Promise<{ slug: string; databaseName: string }[]> },
  slugs: string[],
  log: (message: string) => void,
): Promise<void> {
  const wanted = new Set(slugs);
  const databases = (await catalog.list()).filter((a) => wanted.has(a.slug)).map((a) => a.databaseName);
  log(`dropping ${databases.length} databases`);
  await eachLimited(databases, 4, (name) => server.dropDatabase(name));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      accounts: { type: 'string', default: '10000' },
      concurrency: { type: 'string', default: '4' },
      'migrate-concurrency': { type: 'string', default: '4' },
      'disk-per-account-mb': { type: 'string' },
      'from-template': { type: 'boolean', default: false },
    },
  });
  const result = await measureAccountProvisioning({
    accounts: Number(values.accounts),
    concurrency: Number(values.concurrency),
    migrateConcurrency: Number(values['migrate-concurrency']),
    fromTemplate: values['from-template'],
    ...(values['disk-per-account-mb'] === undefined ? {} : { diskPerAccountMb: Number(values['disk-per-account-mb']) }),
    log: (message) => process.stderr.write(`${message}\n`),
  });
  // What the real figure (10,000 accounts) needs on this machine, from this run's rates.
  const target = 10_000;
  const extrapolated = {
    accounts: target,
    disk_gb: Math.round((result.disk.per_account_mb * target) / 100) / 10,
    create_minutes: Math.round((result.create.wall_per_account_ms * target) / 6000) / 10,
    migrate_skip_ms: Math.round((result.migrate_skip.per_account_us * target) / 1000),
    migrate_recheck_minutes: Math.round((result.migrate_recheck.per_account_wall_ms * target) / 6000) / 10,
    drop_minutes: Math.round((result.drop.wall_per_account_ms * target) / 6000) / 10,
  };
  console.log(
    JSON.stringify(
      { benchmark: 'P4 account provisioning and kataven migrate (issue 14)', ...result, extrapolated_to_10000: extrapolated },
      null,
      2,
    ),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
