// C4: GET /api/v1/sessions/{id} (status, duration, transcript), GET /api/v1/sessions/{id}/recording (a URL signed
// for five minutes), and the admin-only DELETE /api/v1/sessions/{id}/recording (O2), which deletes the file; its
// audit row commits with the change (AU2).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { TranscriptLine } from '../calls/call-processor.js';
import { getSession, type SessionRecord } from '../calls/call-store.js';
import type { RecordingStore } from '../calls/recording-store.js';
import type { RecordingUrls } from '../calls/recording-urls.js';
import { HubError } from '../errors.js';
import type { Tenancy } from '../tenancy/tenancy.js';
import { claimsOf, requireAdmin } from './authenticate.js';
import { inTransaction } from './mutation-transaction.js';
import { operation, timestamp, type Operation } from './operations.js';
import { resourceId } from './request-body.js';

export interface SessionDeps {
  tenancy: Tenancy;
  recordings: RecordingStore;
  recordingUrls: RecordingUrls;
  /** The hub's public base URL, when known: recording URLs are then absolute, else root-relative. */
  publicUrl(): string | undefined;
}

/** STYLE 8: a malformed id, a missing row and another tenant's session are one and the same answer. */
function noSuchSession(): HubError {
  return new HubError('not_found', 'no session with that id');
}
function noRecording(): HubError {
  return new HubError('not_found', 'no recording for that session');
}

function sessionIdParam(value: string): string {
  try {
    return resourceId(value);
  } catch {
    throw noSuchSession();
  }
}

const sessionSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(['call', 'web']),
    call_id: z.uuid().nullable(),
    agent_id: z.string(),
    status: z.string(),
    duration_seconds: z.int().nullable(),
    transcript: z.array(z.object({ speaker: z.enum(['agent', 'caller']), text: z.string(), at: z.string() })),
    recording: z.object({ state: z.enum(['none', 'pending', 'ready', 'deleted']) }),
    created_at: timestamp,
    ended_at: timestamp.nullable(),
    simulated: z.boolean(),
  })
  .meta({ id: 'Session' });

const recordingUrlSchema = z.object({ url: z.string(), expires_at: timestamp }).meta({ id: 'RecordingUrl' });

const TAG = 'sessions';
const sessionId = { id: 'the session id (UUID)' };
const getSessionOp: Operation = { id: 'getSession', summary: 'Read a session (status, duration, transcript)', tag: TAG, access: 'any', params: sessionId, responses: { 200: sessionSchema } };
const getRecordingOp: Operation = {
  id: 'getSessionRecording',
  summary: "A URL of the session's recording, signed for 5 minutes",
  tag: TAG,
  access: 'any',
  params: sessionId,
  responses: { 200: recordingUrlSchema },
  errors: ['recording_not_ready', 'storage_not_configured'],
};
const deleteRecordingOp: Operation = {
  id: 'deleteSessionRecording',
  summary: "Delete the session's recording (admin-only, O2)",
  tag: TAG,
  access: 'admin',
  params: sessionId,
  responses: { 204: null },
  errors: ['recording_not_ready'],
};

/** A session as the API shows it (C4). */
function sessionView(session: SessionRecord): z.output<typeof sessionSchema> {
  return {
    id: session.id,
    kind: session.kind,
    call_id: session.call_id,
    agent_id: session.agent_id,
    status: session.status,
    duration_seconds: session.duration_seconds,
    // Stored from reports validated by callEventSchema (C3a): lines of that shape.
    transcript: session.transcript as TranscriptLine[],
    recording: { state: session.recording_state },
    created_at: session.created_at,
    ended_at: session.ended_at,
    simulated: session.simulated,
  };
}

export function sessionRoutes(app: FastifyInstance, deps: SessionDeps): void {
  app.get<{ Params: { id: string } }>('/sessions/:id', operation(getSessionOp), async (request) => {
    const id = sessionIdParam(request.params.id);
    const session = await deps.tenancy.withDatabase(claimsOf(request).account, (db) => getSession(db, id));
    if (!session) throw noSuchSession();
    return sessionView(session);
  });

  app.get<{ Params: { id: string }; Reply: z.output<typeof recordingUrlSchema> }>('/sessions/:id/recording', operation(getRecordingOp), async (request) => {
    const { account } = claimsOf(request);
    const id = sessionIdParam(request.params.id);
    const session = await deps.tenancy.withDatabase(account, (db) => getSession(db, id));
    if (!session) throw noSuchSession();
    if (session.recording_state === 'pending') throw new HubError('recording_not_ready');
    if (session.recording_state !== 'ready') throw noRecording();
    if (!(await deps.recordings.writable())) throw new HubError('storage_not_configured');
    if ((await deps.recordings.size(account, id)) === undefined) throw noRecording();
    const { pathAndQuery, expiresAt } = deps.recordingUrls.sign(account, id);
    return { url: `${deps.publicUrl() ?? ''}${pathAndQuery}`, expires_at: expiresAt };
  });

  // O2: an admin's deliberate act. The file goes before the commit, so a recording is never reported deleted
  // while it is still on disk; if the audit row then fails, the row says `ready` with no file, which reads as
  // "no recording" (404) and a repeated DELETE completes it.
  app.delete<{ Params: { id: string } }>('/sessions/:id/recording', operation(deleteRecordingOp), async (request, reply) => {
    const { account } = requireAdmin(request);
    const id = sessionIdParam(request.params.id);
    await inTransaction(request, deps.tenancy, async (db) => {
      const { rows } = await db.query<{ recording_state: string }>(
        'SELECT recording_state FROM sessions WHERE id = $1 FOR UPDATE',
        [id],
      );
      const state = rows[0]?.recording_state;
      if (state === undefined) throw noSuchSession();
      if (state === 'pending') throw new HubError('recording_not_ready');
      if (state !== 'ready') throw noRecording();
      await deps.recordings.delete(account, id);
      await db.query("UPDATE sessions SET recording_state = 'deleted', recording_file = NULL WHERE id = $1", [id]);
    });
    request.log.info({ session_id: id }, 'recording deleted by an admin (O2)');
    return reply.code(204).send();
  });
}
