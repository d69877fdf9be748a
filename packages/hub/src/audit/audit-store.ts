// AU1/AU3: the audit_log table of one account database. Parameterised SQL only.
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Queryable } from '../tenancy/queryable.js';

export interface AuditEntry {
  at: Date;
  request_id: string;
  actor: string;
  key_id: string | null;
  key_name: string | null;
  sub: string | null;
  method: string;
  route: string;
  status: number;
  ip: string | null;
  user_agent: string | null;
}

export interface AuditRow extends AuditEntry {
  id: string;
}

const COLUMNS = ['at', 'request_id', 'actor', 'key_id', 'key_name', 'sub', 'method', 'route', 'status', 'ip', 'user_agent'] as const;

/**
 * From this many rows a batch goes by COPY (issue 10): PostgreSQL spends about a third less per row than parsing
 * the same rows out of a JSON parameter (13 against 20 µs a row, measured with the table's indexes). Below it, one
 * INSERT: COPY waits for the server's go-ahead before sending its rows, a second round trip a small batch (a cold
 * account's last words, one row) does not pay back.
 */
const COPY_FROM_ROWS = 32;

/** A batch, whole or not at all: one COPY or one INSERT, each a single statement. */
export async function insertAuditEntries(db: pg.Pool, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  if (entries.length < COPY_FROM_ROWS) return insertRows(db, entries);
  const client = await db.connect();
  try {
    await copyRows(client, entries);
  } catch (err) {
    // A COPY that failed part-way leaves nothing written; the connection is not trusted for the next one.
    client.release(err as Error);
    throw err;
  }
  client.release();
}

/** insertAuditEntries() on a connection the caller holds (one closing to make room: see AuditTrail.lastWordsOf). */
export async function insertAuditEntriesOn(client: pg.ClientBase, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  if (entries.length < COPY_FROM_ROWS) return insertRows(client, entries);
  return copyRows(client, entries);
}

/** One row, through `db` as it is: inside a mutation's own transaction, it commits (or not) with the change (AU2). */
export async function insertAuditEntry(db: Queryable, entry: AuditEntry): Promise<void> {
  await insertRows(db, [entry]);
}

const INSERT_ROWS = `INSERT INTO audit_log (${COLUMNS.join(', ')}) SELECT ${COLUMNS.join(', ')} FROM json_populate_recordset(NULL::audit_log, $1::json)`;

type WellFormed = string & { isWellFormed(): boolean; toWellFormed(): string };
const TEXT_COLUMNS = ['request_id', 'actor', 'key_name', 'sub', 'method', 'route', 'ip', 'user_agent'] as const;

/**
 * A text PostgreSQL cannot hold: JSON.stringify writes a lone UTF-16 surrogate (an OIDC `sub` of "\ud800") or a
 * NUL as an escape that json_populate_recordset refuses, which would fail the whole batch. Such a text is stored
 * with U+FFFD in their place, as the pg driver writes a lone surrogate in a text parameter.
 */
function storable(entry: AuditEntry): AuditEntry {
  let fixed: AuditEntry | undefined;
  for (const column of TEXT_COLUMNS) {
    const value = entry[column] as WellFormed | null;
    if (value !== null && (!value.isWellFormed() || value.includes('\0'))) {
      (fixed ??= { ...entry })[column] = value.toWellFormed().replaceAll('\0', '\ufffd');
    }
  }
  return fixed ?? entry;
}

/**
 * The rows travel as one JSON parameter (serialised by V8's JSON.stringify, parsed by PostgreSQL's
 * json_populate_recordset, both native): no JavaScript conversion of eleven values per row.
 */
async function insertRows(db: Queryable, entries: AuditEntry[]): Promise<void> {
  // A Date serialises as its ISO 8601 form (toJSON), which timestamptz reads exactly; the values are data in a
  // parameter, never SQL.
  await db.query(INSERT_ROWS, [JSON.stringify(entries.map(storable))]);
}

const COPY_ROWS = `COPY audit_log (${COLUMNS.join(', ')}) FROM STDIN`;
const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * A text in COPY's text format: backslash, tab, newline and carriage return escaped (so no value can end a field,
 * a row or the data), NULL as \N. Data, never SQL. A NUL or a lone surrogate was made storable() before.
 */
function copyField(value: string | null): string {
  if (value === null) return '\\N';
  return COPY_SPECIAL.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!) : value;
}

function copyText(entries: AuditEntry[]): string {
  let text = '';
  for (const raw of entries) {
    const e = storable(raw);
    text += `${e.at.toISOString()}\t${copyField(e.request_id)}\t${copyField(e.actor)}\t${copyField(e.key_id)}\t${copyField(e.key_name)}\t${copyField(e.sub)}\t${copyField(e.method)}\t${copyField(e.route)}\t${e.status}\t${copyField(e.ip)}\t${copyField(e.user_agent)}\n`;
  }
  return text;
}

/** One COPY: every row or none. Resolves once PostgreSQL has committed them (pg-copy-streams' 'finish'). */
async function copyRows(client: pg.ClientBase, entries: AuditEntry[]): Promise<void> {
  const text = copyText(entries);
  const stream = client.query(copyFrom(COPY_ROWS));
  await new Promise<void>((resolve, reject) => {
    stream.once('finish', resolve);
    stream.once('error', reject);
    stream.end(text);
  });
}

export interface AuditQuery {
  keyId?: string;
  actor?: string;
  since?: Date;
  until?: Date;
  /** Rows strictly older than this (at, id) position: the previous page's last row. */
  before?: { at: Date; id: string };
  limit: number;
}

/** AU3: newest first, filtered, one page (limit + 1 rows fetched to know whether another page exists). */
export async function queryAuditLog(db: Queryable, query: AuditQuery): Promise<AuditRow[]> {
  const conditions: string[] = [];
  const values: unknown[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    values.push(value);
    conditions.push(sql(`$${values.length}`));
  };
  if (query.keyId !== undefined) add((p) => `key_id = ${p}::uuid`, query.keyId);
  if (query.actor !== undefined) add((p) => `actor = ${p}`, query.actor);
  if (query.since !== undefined) add((p) => `at >= ${p}`, query.since);
  if (query.until !== undefined) add((p) => `at < ${p}`, query.until);
  if (query.before !== undefined) {
    values.push(query.before.at, query.before.id);
    conditions.push(`(at, id) < ($${values.length - 1}, $${values.length}::bigint)`);
  }
  values.push(query.limit + 1);
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const { rows } = await db.query<AuditRow>(
    `SELECT id::text AS id, ${COLUMNS.join(', ')} FROM audit_log ${where} ORDER BY at DESC, id DESC LIMIT $${values.length}`,
    values,
  );
  return rows;
}
