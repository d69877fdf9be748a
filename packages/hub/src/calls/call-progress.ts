// C3a: applying one report of the call processor to a call and its session, in the account's database, in the
// caller's transaction. Reports are idempotent: each event id is recorded (call_events) and a second one changes
// nothing. A call's status only moves forward, queued → ringing → in-progress → terminal, whatever order the
// reports arrive in: a late `ringing` after `ended` changes nothing.
import type { Queryable } from '../tenancy/queryable.js';
import type { CallEvent } from './call-processor.js';
import { TERMINAL_CALL_STATUSES, type CallStatus, type RecordingState } from './call-store.js';
import type { EndedCall } from './call-lifecycle.js';

/** How far along a status is; a report never moves a call to a lower rank. */
function rank(status: CallStatus): number {
  if (TERMINAL_CALL_STATUSES.includes(status)) return 3;
  return { queued: 0, ringing: 1, 'in-progress': 2 }[status as 'queued' | 'ringing' | 'in-progress'];
}

export type ApplyOutcome =
  /** No such call in this account, or the session id is not the call's. */
  | { kind: 'unknown_call' }
  /** This event id was applied before. */
  | { kind: 'duplicate' }
  /** Recorded; `changed` false when the call was already past this stage. `ended` when this report ended the call. */
  | { kind: 'applied'; changed: boolean; ended?: EndedCall };

/** Keeps a reported recording; returns its path relative to the recordings root, or undefined if it could not. */
export type KeepRecording = (data: Buffer) => Promise<string | undefined>;

interface LockedCall {
  status: CallStatus;
  session_id: string;
  answered_at: Date | null;
  cap_slot: unknown;
}

/**
 * Applies `event` (signature already verified) with `db`, which must be inside a transaction: the call row is
 * locked first, so two reports of one call (on two instances) apply one after the other. `keepRecording` runs
 * only for the report that ends the call.
 */
export async function applyCallEvent(
  db: Queryable,
  event: CallEvent,
  recording: { data: Buffer; keep: KeepRecording } | undefined,
): Promise<ApplyOutcome> {
  const { rows } = await db.query<LockedCall>(
    'SELECT status, session_id, answered_at, cap_slot FROM calls WHERE id = $1 FOR UPDATE',
    [event.call_id],
  );
  const call = rows[0];
  if (!call || call.session_id !== event.session_id) return { kind: 'unknown_call' };
  const recorded = await db.query(
    'INSERT INTO call_events (event_id, call_id, type) VALUES ($1, $2, $3) ON CONFLICT (event_id) DO NOTHING',
    [event.event_id, event.call_id, event.type],
  );
  if (recorded.rowCount !== 1) return { kind: 'duplicate' };

  const at = new Date(event.at);
  // A call a processor reports as simulated is simulated, whatever the hub assumed when it placed it (C3a).
  if (event.simulated) {
    await db.query('UPDATE calls SET simulated = true WHERE id = $1 AND NOT simulated', [event.call_id]);
    await db.query('UPDATE sessions SET simulated = true WHERE id = $1 AND NOT simulated', [event.session_id]);
  }

  switch (event.type) {
    case 'ringing': {
      if (rank(call.status) >= 1) return { kind: 'applied', changed: false };
      await db.query("UPDATE calls SET status = 'ringing' WHERE id = $1", [event.call_id]);
      return { kind: 'applied', changed: true };
    }
    case 'answered': {
      if (rank(call.status) >= 2) return { kind: 'applied', changed: false };
      await db.query("UPDATE calls SET status = 'in-progress', answered_at = $2 WHERE id = $1", [event.call_id, at]);
      // A recording is being made from now on: asked for meanwhile, it is "not ready" (C4, 409).
      await db.query(
        "UPDATE sessions SET status = 'in-progress', recording_state = CASE WHEN recording_state = 'none' THEN 'pending' ELSE recording_state END WHERE id = $1",
        [event.session_id],
      );
      return { kind: 'applied', changed: true };
    }
    case 'ended': {
      if (rank(call.status) >= 3) return { kind: 'applied', changed: false };
      const status = event.status!;
      const duration = event.duration_seconds ?? 0;
      await db.query('UPDATE calls SET status = $2, ended_at = $3, duration_seconds = $4 WHERE id = $1', [
        event.call_id,
        status,
        at,
        duration,
      ]);
      const file = recording ? await recording.keep(recording.data) : undefined;
      const state: RecordingState = file !== undefined ? 'ready' : 'none';
      await db.query(
        `UPDATE sessions SET status = $2, ended_at = $3, duration_seconds = $4, transcript = $5::jsonb,
           recording_state = $6, recording_file = $7
         WHERE id = $1`,
        [event.session_id, status, at, duration, JSON.stringify(event.transcript ?? []), state, file ?? null],
      );
      return { kind: 'applied', changed: true, ended: { id: event.call_id, capSlot: call.cap_slot, durationSeconds: duration } };
    }
  }
}
