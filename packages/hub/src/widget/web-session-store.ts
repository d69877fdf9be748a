// W5 web sessions in one account database: rows of `sessions` with kind 'web' (C4 shows them like a call's),
// started by POST /widget/connect. Parameterised SQL only. Times come from the hub's clock (`now`), so a test
// that moves the clock moves durations too.
import type { Queryable } from '../tenancy/queryable.js';

/** A web session as the widget's own endpoints show it. */
export interface WebSessionRow {
  id: string;
  status: string;
  duration_seconds: number | null;
  created_at: Date;
  ended_at: Date | null;
}

const COLUMNS = 'id, status, duration_seconds, created_at, ended_at';

export interface NewWebSession {
  id: string;
  agentId: string;
  widgetKeyId: string;
  visitorSub: string;
  /** The cost-cap slot it holds (L2); opaque here, never shown by the API. */
  capSlot: unknown;
  createdAt: Date;
}

export async function insertWebSession(db: Queryable, session: NewWebSession): Promise<WebSessionRow> {
  const { rows } = await db.query<WebSessionRow>(
    `INSERT INTO sessions (id, kind, agent_id, status, widget_key_id, visitor_sub, cap_slot, created_at)
     VALUES ($1, 'web', $2, 'in-progress', $3, $4, $5::jsonb, date_trunc('milliseconds', $6::timestamptz))
     RETURNING ${COLUMNS}`,
    [session.id, session.agentId, session.widgetKeyId, session.visitorSub, JSON.stringify(session.capSlot), session.createdAt],
  );
  return rows[0]!;
}

/** The visitor's own web session: another visitor's, another key's or a call's session is not found alike. */
export async function findVisitorSession(
  db: Queryable,
  id: string,
  visitor: { widgetKeyId: string; sub: string },
): Promise<WebSessionRow | undefined> {
  const { rows } = await db.query<WebSessionRow>(
    `SELECT ${COLUMNS} FROM sessions WHERE id = $1 AND kind = 'web' AND widget_key_id = $2 AND visitor_sub = $3`,
    [id, visitor.widgetKeyId, visitor.sub],
  );
  return rows[0];
}

/** Which live web sessions to end. */
export type WebSessionSelector =
  | { id: string }
  /** Every live session a widget key started (the key was disabled or deleted). */
  | { widgetKeyId: string }
  /** Every live session older than the longest a session may live (its instance died before ending it). */
  | { overdue: true };

export interface EndedWebSession {
  id: string;
  cap_slot: unknown;
  duration_seconds: number;
}

/**
 * Ends live web sessions: `completed`, ended now, or at the latest when they had to end (created_at +
 * maxSeconds: a session found overdue never counts more than that), the duration in whole seconds. Only
 * sessions still in progress change, so ending twice (or on two instances at once) ends once: each returned row
 * is ended by this call alone and its slot is this caller's to give back.
 */
export async function endWebSessions(
  db: Queryable,
  which: WebSessionSelector,
  now: Date,
  maxSeconds: number,
): Promise<EndedWebSession[]> {
  const [condition, value] =
    'id' in which
      ? ['id = $3', which.id]
      : 'widgetKeyId' in which
        ? ['widget_key_id = $3', which.widgetKeyId]
        : ['created_at <= $1::timestamptz - make_interval(secs => $2::double precision) AND $3::text IS NULL', null];
  const endsAt = 'GREATEST(created_at, LEAST($1::timestamptz, created_at + make_interval(secs => $2::double precision)))';
  const { rows } = await db.query<EndedWebSession>(
    `UPDATE sessions SET
       status = 'completed',
       ended_at = ${endsAt},
       duration_seconds = floor(extract(epoch FROM ${endsAt} - created_at))::int
     WHERE kind = 'web' AND status = 'in-progress' AND ${condition}
     RETURNING id, cap_slot, duration_seconds`,
    [now, maxSeconds, value],
  );
  return rows;
}
