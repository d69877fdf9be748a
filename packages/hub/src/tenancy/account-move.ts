// A8 `kataven accounts move <slug> --to <cluster>`: an account's database moves to another PostgreSQL server
// with a short write freeze, losing nothing.
//
//   1. Both databases at the latest schema version (the old one migrated, the new one created and migrated).
//   2. Freeze: the catalog row gets `frozen_until` (a deadline on the control plane's clock), published on the
//      revocation bus so every instance re-reads the row (acknowledged by each live instance, T7). From then on
//      the account's HTTP writes answer 503 with Retry-After (http/account-freeze.ts); reads continue on the old
//      server. The catalog holds the freeze rather than Redis: it is read with the row every instance already
//      reads to route the account, and it works without Redis too.
//   3. Copy, on the old server inside one REPEATABLE READ transaction that first locks every table against
//      writers (SHARE ROW EXCLUSIVE; reads are not blocked). Taking the locks waits for every write already in
//      flight, so a write that started before the freeze lands before the copy; one that reaches the database
//      later waits for the lock and then meets triggers, created in the same transaction, that refuse every
//      write on the old database until the deadline (it fails, 503). Row counts are compared per table.
//   4. Switch: one statement sets the cluster and ends the freeze, only while the freeze still holds (past the
//      deadline, writes may have resumed on the old server and the copy is stale: the move fails instead).
//      Published again, so every instance routes the account to its new server.
//   5. After a drain (reads in flight on the old server finish), the audit rows reads wrote there since the copy
//      are carried over, and the old database is dropped.
// A mover that dies before the switch leaves a freeze and triggers that lapse at the deadline: the account
// resumes on its old server by itself.
import pg from 'pg';
import { APPEND_ONLY_TABLES, copyAccountTables, copyAppendedRows, quoteIdentifier, tablesInDependencyOrder, type TableCount } from './account-copy.js';
import type { AccountRecord, Catalog } from './catalog.js';
import type { DatabaseClusters } from './database-clusters.js';
import type { DatabaseServer } from './database-server.js';
import { migrateDatabase } from './migrations.js';

/** Why a move was refused before anything changed (bad input): the CLI prints it and exits non-zero. */
export class MoveRefused extends Error {
  override name = 'MoveRefused';
}

export interface MoveDeps {
  catalog: Catalog;
  clusters: DatabaseClusters;
  /**
   * Makes every instance re-read the account's catalog row (freeze, switch): this one at once, the others through
   * the revocation bus, acknowledged (T7). Rejects when an instance may not have heard.
   */
  announce: (slug: string) => Promise<void>;
  log?: (message: string) => void;
}

export interface MoveOptions {
  /** How long the freeze may last at most (its deadline); the copy must finish well within it. */
  freezeSeconds?: number;
  /**
   * Extra wait after each publication, for instances the bus cannot reach: without Redis a hub in another process
   * keeps its cached account row up to 30 s (ActiveAccountCache), so the CLI waits that out. 0 with Redis.
   */
  settleMs?: number;
  /** After the switch, how long reads in flight on the old server get before its database is dropped. */
  drainMs?: number;
  /** Called once the freeze is in force everywhere, before the copy (tests hold the move here). */
  onFrozen?: () => Promise<void>;
}

export interface MoveResult {
  slug: string;
  from: string;
  to: string;
  counts: TableCount[];
  /** Audit rows that reads wrote on the old server during the move, carried over after the switch. */
  appendedRows: number;
  frozenMs: number;
  /** Set when the move succeeded but its cleanup did not (the old database is still there, and why). */
  leftOver?: string;
}

const TRIGGER_NAME = 'kataven_moving';
/** The advisory lock class of moves (the second key is the slug's hash). */
const MOVE_LOCK_CLASS = 0x4b4d; // "KM"
/** How long an instance may keep an account's row cached without hearing of a change (ActiveAccountCache). */
export const ACCOUNT_CACHE_TTL_MS = 30_000;
const TRIGGER_FUNCTION = 'kataven_refuse_writes_while_moving';

export async function moveAccount(deps: MoveDeps, slug: string, to: string, options: MoveOptions = {}): Promise<MoveResult> {
  if (!deps.clusters.has(to)) {
    throw new MoveRefused(`unknown cluster "${to}" (configured: ${deps.clusters.names.join(', ')}; see KATAVEN_DB_CLUSTERS)`);
  }
  // One mover per account at a time, across machines: a session lock on the control plane, released by
  // PostgreSQL if this process dies. Everything below (the target database included) is this mover's alone.
  const control = new pg.Client(deps.clusters.defaultServer.connection(deps.clusters.defaultServer.controlDatabase));
  await control.connect();
  try {
    const { rows } = await control.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [MOVE_LOCK_CLASS, slug]);
    if (!rows[0]?.ok) throw new MoveRefused(`account "${slug}" is being moved already`);
    // Read under the lock: an earlier mover may have just moved it.
    const account = await deps.catalog.find(slug);
    if (!account || account.status === 'provisioning') throw new MoveRefused(`unknown account "${slug}"`);
    if (account.cluster === to) throw new MoveRefused(`account "${slug}" is already on cluster "${to}"`);
    return await moveLocked(deps, account, to, options);
  } finally {
    await control.end().catch(() => undefined); // ends the session, and the lock with it
  }
}

async function moveLocked(deps: MoveDeps, account: AccountRecord, to: string, options: MoveOptions): Promise<MoveResult> {
  const log = deps.log ?? (() => undefined);
  const freezeSeconds = options.freezeSeconds ?? 120;
  const { slug, cluster: from } = account;
  const source = deps.clusters.server(from);
  const target = deps.clusters.server(to);

  // 1. Same schema on both sides. A database of this name already on the target can only be what a failed move
  //    left (the catalog says the account is elsewhere, and no other mover runs): made afresh.
  const version = await migrateDatabase(source.connection(account.databaseName), 'account');
  if (!(await target.createDatabase(account.databaseName))) {
    await target.dropDatabase(account.databaseName);
    await target.createDatabase(account.databaseName);
  }
  let switched = false;
  try {
    const targetVersion = await migrateDatabase(target.connection(account.databaseName), 'account');
    if (targetVersion !== version) throw new Error(`schema versions differ: ${from} has ${version}, ${to} has ${targetVersion}`);

    // 2. Freeze, everywhere.
    const deadline = await deps.catalog.freeze(slug, from, to, freezeSeconds);
    if (!deadline) throw new MoveRefused(`account "${slug}" changed while the move was prepared; retry`);
    const frozenAt = performance.now();
    try {
      await publish(deps, slug, options.settleMs);
      log(`${slug}: writes frozen (until ${deadline.toISOString()} at the latest)`);
      await options.onFrozen?.();

      // 3. Copy under locks, with the old database refusing writes from its commit on (until the deadline).
      const { counts, appendedAfter } = await copyLocked(source, target, account, deadline, freezeSeconds);
      log(`${slug}: ${counts.length} tables copied, ${counts.reduce((n, c) => n + c.target, 0)} rows, counts equal`);

      // 4. Switch.
      if (!(await deps.catalog.completeMove(slug, from, to))) {
        throw new Error(`the freeze's deadline (${deadline.toISOString()}) passed before the switch; the account stays on ${from}`);
      }
      switched = true;
      const frozenMs = performance.now() - frozenAt;
      log(`${slug}: now on ${to} (writes were frozen ${Math.round(frozenMs)} ms)`);
      await publish(deps, slug, options.settleMs).catch((err: unknown) => {
        // The row is switched; an instance that missed this drops its cached row within 30 s, answering this
        // account's writes 503 (the cached freeze) and its reads from the old database meanwhile.
        log(`${slug}: publishing the switch failed (${err instanceof Error ? err.message : String(err)}); waiting out the caches`);
        return sleep(ACCOUNT_CACHE_TTL_MS);
      });

      // 5. Drain, carry over what reads appended, drop the old database. The account has moved whatever happens
      //    here: a failure is reported (the old database is then left on its server, its rows already copied but
      //    for audit rows of the last seconds) rather than thrown as if the move had failed.
      await sleep(options.drainMs ?? 5000);
      let appendedRows = 0;
      let leftOver: string | undefined;
      try {
        appendedRows = await carryOverAppended(source, target, account.databaseName, appendedAfter);
        await source.dropDatabase(account.databaseName);
        log(`${slug}: ${appendedRows} audit rows written during the move carried over; old database on ${from} dropped`);
      } catch (err) {
        leftOver = `the old database ${account.databaseName} on ${from} was kept: ${err instanceof Error ? err.message : String(err)}`;
        log(`${slug}: ${leftOver}`);
      }
      return { slug, from, to, counts, appendedRows, frozenMs, ...(leftOver === undefined ? {} : { leftOver }) };
    } finally {
      if (!switched) {
        await deps.catalog.thaw(slug, to).catch(() => undefined);
        await publish(deps, slug, 0).catch(() => undefined);
        await removeWriteGuards(source, account.databaseName).catch(() => undefined);
      }
    }
  } finally {
    if (!switched) await target.dropDatabase(account.databaseName).catch(() => undefined);
  }
}

async function publish(deps: MoveDeps, slug: string, settleMs = 0): Promise<void> {
  await deps.announce(slug);
  if (settleMs > 0) await sleep(settleMs);
}

async function copyLocked(
  source: DatabaseServer,
  target: DatabaseServer,
  account: AccountRecord,
  deadline: Date,
  freezeSeconds: number,
): Promise<Awaited<ReturnType<typeof copyAccountTables>>> {
  const from = new pg.Client(source.connection(account.databaseName));
  const into = new pg.Client(target.connection(account.databaseName));
  await from.connect();
  try {
    await into.connect();
    // Read before the transaction begins: REPEATABLE READ takes its snapshot at the first statement that reads
    // anything, the system catalogs included, and a snapshot taken before the lock would miss the writes that
    // committed while the lock was awaited (found by the racing-writes test).
    const tables = await tablesInDependencyOrder(from);
    await from.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    await into.query('BEGIN');
    try {
      // A writer that holds its transaction open must not keep the account frozen past its deadline.
      await from.query(`SET LOCAL lock_timeout = '${Math.max(1, Math.floor(freezeSeconds / 4))}s'`);
      // Before any snapshot is taken: the copy then sees every write that committed while the locks were awaited.
      await from.query(`LOCK TABLE ${tables.map(quoteIdentifier).join(', ')} IN SHARE ROW EXCLUSIVE MODE`).catch((err: unknown) => {
        const code = (err as { code?: string }).code;
        if (code !== '55P03' && code !== '40P01') throw err;
        // lock_not_available (a transaction of the account held on past lock_timeout) or deadlock_detected (a
        // writer in flight wanted a table the lock had already taken): nothing was copied; the move can be retried.
        throw new Error(`the account's tables could not be locked for the copy (${code === '55P03' ? 'a transaction held them too long' : 'a deadlock with a write in flight'}); retry the move`);
      });
      await installWriteGuards(from, tables, deadline);
      const result = await copyAccountTables(from, into, tables);
      await into.query('COMMIT');
      await from.query('COMMIT');
      return result;
    } catch (err) {
      await into.query('ROLLBACK').catch(() => undefined);
      await from.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  } finally {
    await into.end().catch(() => undefined);
    await from.end().catch(() => undefined);
  }
}

/**
 * Triggers that refuse writes on the old database until the deadline (SQLSTATE 25006, answered 503), on every
 * table but the append-only ones (carried over after the switch). The deadline is ours (toISOString), inlined
 * because a trigger's arguments are literals.
 */
async function installWriteGuards(client: pg.ClientBase, tables: string[], deadline: Date): Promise<void> {
  const until = deadline.toISOString();
  await client.query(`CREATE OR REPLACE FUNCTION ${TRIGGER_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF now() < TG_ARGV[0]::timestamptz THEN
        RAISE EXCEPTION 'this account''s database is being moved to another server; retry shortly'
          USING ERRCODE = 'read_only_sql_transaction';
      END IF;
      RETURN NULL;
    END $$`);
  for (const table of tables.filter((t) => APPEND_ONLY_TABLES[t] === undefined)) {
    const q = quoteIdentifier(table);
    await client.query(`DROP TRIGGER IF EXISTS ${TRIGGER_NAME} ON ${q}`);
    await client.query(
      `CREATE TRIGGER ${TRIGGER_NAME} BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${q}
         FOR EACH STATEMENT EXECUTE FUNCTION ${TRIGGER_FUNCTION}('${until}')`,
    );
  }
}

/** After a failed move: the old database takes writes again at once rather than at the deadline. */
async function removeWriteGuards(server: DatabaseServer, database: string): Promise<void> {
  const client = new pg.Client(server.connection(database));
  await client.connect();
  try {
    await client.query(`DROP FUNCTION IF EXISTS ${TRIGGER_FUNCTION}() CASCADE`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function carryOverAppended(
  source: DatabaseServer,
  target: DatabaseServer,
  database: string,
  appendedAfter: Record<string, number>,
): Promise<number> {
  const from = new pg.Client(source.connection(database));
  const into = new pg.Client(target.connection(database));
  await from.connect();
  try {
    await into.connect();
    let n = 0;
    for (const [table, after] of Object.entries(appendedAfter)) n += await copyAppendedRows(from, into, table, after);
    return n;
  } finally {
    await into.end().catch(() => undefined);
    await from.end().catch(() => undefined);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
