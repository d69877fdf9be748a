// C2 phone numbers in one account database. Parameterised SQL only; column names come from this file, never
// from a request. Another tenant's number is absent from this database, exactly like one that never existed
// (STYLE 8).
import type { Queryable } from '../tenancy/queryable.js';

export interface PhoneNumber {
  id: string;
  number: string;
  name: string | null;
  provider_id: string;
  agent_id: string | null;
  inbound_enabled: boolean;
  outbound_enabled: boolean;
  created_at: Date;
  updated_at: Date;
}

/** C2: E.164, `+` then 7 to 15 digits, the first 1-9 (the table's CHECK says the same). */
export const E164 = /^\+[1-9][0-9]{6,14}$/;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const columns = 'id, number, name, provider_id, agent_id, inbound_enabled, outbound_enabled, created_at, updated_at';

/** Newest first; `agentId` keeps the numbers pinned to that agent. */
export async function listNumbers(db: Queryable, filter: { agentId?: string } = {}): Promise<PhoneNumber[]> {
  if (filter.agentId !== undefined) {
    const { rows } = await db.query<PhoneNumber>(
      `SELECT ${columns} FROM phone_numbers WHERE agent_id = $1 ORDER BY created_at DESC, id DESC`,
      [filter.agentId],
    );
    return rows;
  }
  const { rows } = await db.query<PhoneNumber>(`SELECT ${columns} FROM phone_numbers ORDER BY created_at DESC, id DESC`);
  return rows;
}

/** Undefined for an id that is not a UUID (no SQL) or that no row of this account has. */
export async function findNumber(db: Queryable, id: string): Promise<PhoneNumber | undefined> {
  if (!UUID.test(id)) return undefined;
  const { rows } = await db.query<PhoneNumber>(`SELECT ${columns} FROM phone_numbers WHERE id = $1`, [id]);
  return rows[0];
}

/**
 * C3: the account's number `number` (E.164, exactly as stored), for caller-ID ownership on originate; undefined
 * when the account does not own it. The caller checks `outbound_enabled`.
 */
export async function findNumberByE164(db: Queryable, number: string): Promise<PhoneNumber | undefined> {
  if (!E164.test(number)) return undefined;
  const { rows } = await db.query<PhoneNumber>(`SELECT ${columns} FROM phone_numbers WHERE number = $1`, [number]);
  return rows[0];
}

/**
 * Whether `agentId` is an agent of this account, locked until the caller's transaction ends so that a pin and
 * a concurrent delete of the agent cannot cross (the foreign key would otherwise fail the insert).
 */
export async function lockAgentForPin(db: Queryable, agentId: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM agents WHERE id = $1 FOR KEY SHARE', [agentId]);
  return rowCount === 1;
}

export interface NewNumber {
  number: string;
  provider_id: string;
  agent_id: string | null;
  name: string | null;
  inbound_enabled: boolean;
  outbound_enabled: boolean;
}

/**
 * Inserts the number; undefined when the account already has it (C2: duplicate → 400). ON CONFLICT keeps the
 * request's transaction usable, where a unique violation would abort it.
 */
export async function insertNumber(db: Queryable, fields: NewNumber): Promise<PhoneNumber | undefined> {
  const { rows } = await db.query<PhoneNumber>(
    `INSERT INTO phone_numbers (number, provider_id, agent_id, name, inbound_enabled, outbound_enabled)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (number) DO NOTHING
     RETURNING ${columns}`,
    [fields.number, fields.provider_id, fields.agent_id, fields.name, fields.inbound_enabled, fields.outbound_enabled],
  );
  return rows[0];
}

/** What PATCH may change; `null` clears name and unpins agent_id; absent keeps the value. */
export interface NumberChanges {
  name?: string | null;
  agent_id?: string | null;
  provider_id?: string;
  inbound_enabled?: boolean;
  outbound_enabled?: boolean;
}

const CHANGEABLE = ['name', 'agent_id', 'provider_id', 'inbound_enabled', 'outbound_enabled'] as const;

/**
 * A partial update in one statement. A change that names nothing leaves the row (updated_at included) alone and
 * reads it. Undefined when there is no such row.
 */
export async function updateNumber(db: Queryable, id: string, changes: NumberChanges): Promise<PhoneNumber | undefined> {
  if (!UUID.test(id)) return undefined;
  const values: unknown[] = [id];
  const sets: string[] = [];
  for (const column of CHANGEABLE) {
    if (changes[column] === undefined) continue;
    values.push(changes[column]);
    sets.push(`${column} = $${values.length}`);
  }
  if (sets.length === 0) return findNumber(db, id);
  const { rows } = await db.query<PhoneNumber>(
    `UPDATE phone_numbers SET ${sets.join(', ')}, updated_at = now() WHERE id = $1 RETURNING ${columns}`,
    values,
  );
  return rows[0];
}

/** True when the row existed and is gone. */
export async function deleteNumber(db: Queryable, id: string): Promise<boolean> {
  if (!UUID.test(id)) return false;
  const { rowCount } = await db.query('DELETE FROM phone_numbers WHERE id = $1', [id]);
  return rowCount === 1;
}
