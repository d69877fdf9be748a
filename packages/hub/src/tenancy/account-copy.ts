// A8 `kataven accounts move`: copies every row of an account database into an empty one of the same schema
// version on another server, through two ordinary connections (no pg_dump, whose version must match the
// server's, and nothing to install): rows are read as JSON under one snapshot and inserted with
// json_populate_recordset, which keeps every type exact (timestamps to the microsecond, bytea, arrays, jsonb).
// Tables are filled parents first (foreign keys), sequences are carried over, and each table's count is compared.
import type pg from 'pg';

/** Rows per round trip. */
const BATCH_ROWS = 500;

/**
 * Tables that reads write to (AU1: every request appends an audit row, read or not). They are not refused during
 * a move; their rows added on the old server after the copy are carried over after the switch (copyAppendedRows),
 * keyed by their bigserial column.
 */
export const APPEND_ONLY_TABLES: Readonly<Record<string, string>> = { audit_log: 'id' };

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The account's tables (not the migrations' own), parents before the tables whose foreign keys name them. */
export async function tablesInDependencyOrder(client: pg.ClientBase): Promise<string[]> {
  const { rows: tables } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND NOT c.relispartition AND c.relname <> 'schema_migrations'
      ORDER BY c.relname`,
  );
  const { rows: edges } = await client.query<{ child: string; parent: string }>(
    `SELECT ch.relname AS child, pa.relname AS parent FROM pg_constraint k
       JOIN pg_class ch ON ch.oid = k.conrelid JOIN pg_class pa ON pa.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = ch.relnamespace
      WHERE k.contype = 'f' AND n.nspname = 'public' AND k.conrelid <> k.confrelid`,
  );
  const ordered: string[] = [];
  const placed = new Set<string>();
  const visit = (table: string, path: Set<string>) => {
    if (placed.has(table) || path.has(table)) return; // a cycle is left to the database to refuse
    path.add(table);
    for (const { parent } of edges.filter((e) => e.child === table)) visit(parent, path);
    placed.add(table);
    ordered.push(table);
  };
  for (const { name } of tables) visit(name, new Set());
  return ordered;
}

async function insertableColumns(client: pg.ClientBase, table: string): Promise<string> {
  // Generated columns are computed again by the target; dropped ones are gone.
  const { rows } = await client.query<{ name: string }>(
    `SELECT attname AS name FROM pg_attribute
      WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum`,
    [quoteIdentifier(table)],
  );
  return rows.map((r) => quoteIdentifier(r.name)).join(', ');
}

/** Copies the rows `select` yields (one JSON text column `row`) into `table` of the target, in batches. */
async function copyRows(source: pg.ClientBase, target: pg.ClientBase, table: string, select: string, columns: string): Promise<number> {
  const cursor = 'kataven_copy';
  const q = quoteIdentifier(table);
  await source.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${select}`);
  let copied = 0;
  try {
    for (;;) {
      const { rows } = await source.query<{ row: string }>(`FETCH ${BATCH_ROWS} FROM ${cursor}`);
      if (rows.length === 0) return copied;
      await target.query(
        `INSERT INTO ${q} (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::${q}, $1::json)`,
        [`[${rows.map((r) => r.row).join(',')}]`],
      );
      copied += rows.length;
    }
  } finally {
    await source.query(`CLOSE ${cursor}`);
  }
}

export interface TableCount {
  table: string;
  source: number;
  target: number;
}

export interface CopyResult {
  counts: TableCount[];
  /** For each append-only table, the last value of its key's sequence when it was copied. */
  appendedAfter: Record<string, number>;
}

/**
 * Copies every table. `source` must be inside a REPEATABLE READ transaction that holds locks keeping writers
 * out (the counts and sequences read here are then those of the copy); `target` inside a transaction on an
 * empty, migrated database of the same version. Throws when any table's count differs.
 */
export async function copyAccountTables(source: pg.ClientBase, target: pg.ClientBase, tables: string[]): Promise<CopyResult> {
  // Migrations may seed rows (singletons): the copy replaces them.
  if (tables.length > 0) await target.query(`TRUNCATE ${tables.map(quoteIdentifier).join(', ')} CASCADE`);
  const counts: TableCount[] = [];
  for (const table of tables) {
    const q = quoteIdentifier(table);
    await copyRows(source, target, table, `SELECT row_to_json(t)::text AS row FROM ${q} t`, await insertableColumns(target, table));
    const sourceCount = (await source.query<{ n: string }>(`SELECT count(*) AS n FROM ${q}`)).rows[0]!.n;
    const targetCount = (await target.query<{ n: string }>(`SELECT count(*) AS n FROM ${q}`)).rows[0]!.n;
    counts.push({ table, source: Number(sourceCount), target: Number(targetCount) });
  }
  const wrong = counts.filter((c) => c.source !== c.target);
  if (wrong.length > 0) {
    throw new Error(`row counts differ after the copy: ${wrong.map((c) => `${c.table} ${c.source} → ${c.target}`).join(', ')}`);
  }
  const appendedAfter: Record<string, number> = {};
  const { rows: sequences } = await source.query<{ name: string; table: string; column: string; last_value: string | null }>(
    `SELECT s.relname AS name, t.relname AS table, a.attname AS column, ps.last_value::text AS last_value
       FROM pg_class s JOIN pg_depend d ON d.objid = s.oid AND d.deptype = 'a'
       JOIN pg_class t ON t.oid = d.refobjid JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
       JOIN pg_namespace n ON n.oid = s.relnamespace JOIN pg_sequences ps ON ps.schemaname = n.nspname AND ps.sequencename = s.relname
      WHERE s.relkind = 'S' AND n.nspname = 'public'`,
  );
  for (const seq of sequences) {
    const last = seq.last_value === null ? null : Number(seq.last_value);
    await target.query(last === null ? 'SELECT setval($1::regclass, 1, false)' : 'SELECT setval($1::regclass, $2, true)', [
      quoteIdentifier(seq.name),
      ...(last === null ? [] : [last]),
    ]);
    if (APPEND_ONLY_TABLES[seq.table] === seq.column) appendedAfter[seq.table] = last ?? 0;
  }
  return { counts, appendedAfter };
}

/**
 * After the switch: the rows reads appended to an append-only table on the old server since the copy (keys
 * above `after`) are added on the new one, under new keys from its own sequence (their order in time is kept
 * by their timestamps, which are copied). Returns how many.
 */
export async function copyAppendedRows(source: pg.ClientBase, target: pg.ClientBase, table: string, after: number): Promise<number> {
  const key = APPEND_ONLY_TABLES[table];
  if (key === undefined) throw new Error(`${table} is not an append-only table`);
  // Inlined, not a parameter (a cursor's query takes none): a whole number of ours.
  if (!Number.isSafeInteger(after)) throw new Error('copyAppendedRows: the key bound must be a whole number');
  const columns = (await insertableColumns(target, table))
    .split(', ')
    .filter((c) => c !== quoteIdentifier(key))
    .join(', ');
  await source.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
  await target.query('BEGIN');
  try {
    const copied = await copyRows(
      source,
      target,
      table,
      `SELECT row_to_json(t)::text AS row FROM ${quoteIdentifier(table)} t WHERE ${quoteIdentifier(key)} > ${after} ORDER BY ${quoteIdentifier(key)}`,
      columns,
    );
    await target.query('COMMIT');
    await source.query('COMMIT');
    return copied;
  } catch (err) {
    await target.query('ROLLBACK').catch(() => undefined);
    await source.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
