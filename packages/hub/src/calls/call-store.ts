// C3/C4: calls and their sessions in one account database. Parameterised SQL only. The database is the account's
// own, so another tenant's call or session id finds no row here, exactly like an id that never existed (STYLE 8).
import { HubError } from '../errors.js';
import type { Queryable } from '../tenancy/queryable.js';

export const CALL_STATUSES = ['queued', 'ringing', 'in-progress', 'completed', 'failed', 'no-answer', 'refused'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];
/** The statuses a call never leaves. */
export const TERMINAL_CALL_STATUSES: readonly CallStatus[] = ['completed', 'failed', 'no-answer', 'refused'];

export type RecordingState = 'none' | 'pending' | 'ready' | 'deleted';

/** What the originate code hands over once the caps have admitted a call (C3). */
export interface NewCall {
  id: string;
  sessionId: string;
  agentId: string;
  fromNumber: string;
  toNumber: string;
  simulated: boolean;
  createdBy: string;
  /** The cost-cap slot (L2), opaque here; given back when the call ends (CallLifecycle.onCallEnded). */
  capSlot: unknown;
  /** The provider that carries a real call (twilio|plivo|vobiz); ignored for a simulated call. */
  carrier?: string;
}

/** A call as the API shows it (C3). Never its cost-cap slot. */
export interface CallRecord {
  id: string;
  session_id: string;
  agent_id: string;
  from_number: string;
  to_number: string;
  direction: 'outbound';
  status: CallStatus;
  simulated: boolean;
  /** `simulated` for a call of the simulated carrier (C3a: named so in every answer), else the provider. */
  carrier: string;
  created_at: Date;
  answered_at: Date | null;
  ended_at: Date | null;
  duration_seconds: number | null;
  error: string | null;
}

/** A session as stored (C4). */
export interface SessionRecord {
  id: string;
  kind: 'call' | 'web';
  call_id: string | null;
  agent_id: string;
  status: string;
  simulated: boolean;
  transcript: unknown[];
  duration_seconds: number | null;
  recording_state: RecordingState;
  recording_file: string | null;
  created_at: Date;
  ended_at: Date | null;
}

// `carrier` is derived so that a simulated call can never be shown as carried by a provider (C3a).
const CALL_COLUMNS = `id, session_id, agent_id, from_number, to_number, direction, status, simulated,
  CASE WHEN simulated THEN 'simulated' ELSE coalesce(carrier, 'unknown') END AS carrier,
  created_at, answered_at, ended_at, duration_seconds, error`;

const SESSION_COLUMNS = `id, kind, call_id, agent_id, status, simulated, transcript, duration_seconds, recording_state,
  recording_file, created_at, ended_at`;

/**
 * The call (status `queued`) and its session (kind `call`, no recording yet), in one statement: both rows exist or
 * neither. Run it inside the caller's transaction to tie it to more (the audit row, AU2).
 */
export async function insertCall(db: Queryable, call: NewCall): Promise<CallRecord> {
  const { rows } = await db.query<CallRecord>(
    `WITH call AS (
       INSERT INTO calls (id, session_id, agent_id, from_number, to_number, simulated, carrier, cap_slot, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9)
       RETURNING *
     ), session AS (
       INSERT INTO sessions (id, kind, call_id, agent_id, simulated, created_at)
       SELECT session_id, 'call', id, agent_id, simulated, created_at FROM call
     )
     SELECT ${CALL_COLUMNS} FROM call`,
    [
      call.id,
      call.sessionId,
      call.agentId,
      call.fromNumber,
      call.toNumber,
      call.simulated,
      call.simulated ? null : (call.carrier ?? null),
      call.capSlot === undefined ? null : JSON.stringify(call.capSlot),
      call.createdBy,
    ],
  );
  return rows[0]!;
}

/** The processor refused the call or could not be reached (C3): it never started. A call already over stays so. */
export async function markCallRefused(db: Queryable, id: string, error: string): Promise<void> {
  await db.query(
    `WITH call AS (
       UPDATE calls SET status = 'refused', error = $2, ended_at = date_trunc('milliseconds', now())
       WHERE id = $1 AND status NOT IN ('completed', 'failed', 'no-answer', 'refused')
       RETURNING id, ended_at
     )
     UPDATE sessions SET status = 'refused', ended_at = call.ended_at FROM call WHERE sessions.call_id = call.id`,
    [id, error.slice(0, 500)],
  );
}

export async function getCall(db: Queryable, id: string): Promise<CallRecord | undefined> {
  const { rows } = await db.query<CallRecord>(`SELECT ${CALL_COLUMNS} FROM calls WHERE id = $1`, [id]);
  return rows[0];
}

/** The cursor names the last row of the previous page: base64url of `<ISO time>|<call id>`. */
function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Calls are written by this hub: no cursor it returned points outside these. */
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(9999, 11, 31);

function decodeCursor(cursor: string): { at: Date; id: string } {
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const when = new Date(at ?? '');
  const time = when.getTime();
  if (rest.length > 0 || Number.isNaN(time) || time < EARLIEST || time > LATEST || id === undefined || !UUID.test(id)) {
    throw new HubError('invalid_query', 'cursor: not a cursor this API returned');
  }
  return { at: when, id };
}

/** GET /v1/calls: newest first, keyset pages like the audit log (AU3). A bad cursor is 400 invalid_query. */
export async function listCalls(
  db: Queryable,
  page: { cursor?: string; limit: number },
): Promise<{ data: CallRecord[]; next_cursor: string | null }> {
  const before = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
  const { rows } = await db.query<CallRecord>(
    `SELECT ${CALL_COLUMNS} FROM calls
     WHERE $1::timestamptz IS NULL OR (created_at, id) < ($1::timestamptz, $2::uuid)
     ORDER BY created_at DESC, id DESC
     LIMIT $3`,
    [before?.at ?? null, before?.id ?? null, page.limit + 1],
  );
  const data = rows.slice(0, page.limit);
  const last = data[data.length - 1];
  return { data, next_cursor: rows.length > page.limit && last ? encodeCursor(last.created_at, last.id) : null };
}

export async function getSession(db: Queryable, id: string): Promise<SessionRecord | undefined> {
  const { rows } = await db.query<SessionRecord>(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = $1`, [id]);
  return rows[0];
}
