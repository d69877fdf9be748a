// C3a: POST /internal/call-events, where the call processor reports a call's progress. Public: no bearer; the
// request is authenticated by its signature (call-signature.ts) and is no request of a tenant, so it passes no
// rate limit and writes no audit row (it is logged instead). Refused, changing nothing:
//   missing, malformed or wrong signature, or a body altered after signing   401 invalid_report_signature
//   a timestamp more than five minutes off                                    401 stale_report
//   an event id received before (a replay, or a retry of an applied report)   409 duplicate_event
//   not a report of the contract, or a recording that is not a WAV            400 invalid_body
//   an account or call this hub does not know                                 404 not_found
// Otherwise the report is applied in the account's database in one transaction (call-progress.ts) and answered
// 200 {event_id, applied, simulated}. The report that ends a call tells the CallLifecycle once, after the commit.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { applyCallEvent, type ApplyOutcome } from '../calls/call-progress.js';
import { CALL_EVENTS_PATH, callEventSchema, MAX_REPORT_BYTES, type CallEvent } from '../calls/call-processor.js';
import type { CallLifecycle } from '../calls/call-lifecycle.js';
import { checkTimestamp, verifySignature } from '../calls/call-signature.js';
import type { RecordingStore } from '../calls/recording-store.js';
import type { ReplayGuard } from '../calls/replay-guard.js';
import { readWavHeader } from '../calls/wav.js';
import { HubError } from '../errors.js';
import { RESERVED_ACCOUNT } from '../tenancy/account-slug.js';
import type { AccountRecord } from '../tenancy/catalog.js';
import { poolTransaction } from '../tenancy/pool-transaction.js';
import { z } from 'zod';
import { operation, type Operation } from './operations.js';

export interface CallEventDeps {
  /** Any account of the catalog, active or not: a call that was placed is recorded as ending. */
  findAccount(slug: string): Promise<AccountRecord | undefined>;
  withPool<T>(account: AccountRecord, fn: (pool: pg.Pool) => Promise<T>): Promise<T>;
  calls: CallLifecycle;
  callReports: { secret: string; replayGuard: ReplayGuard };
  recordings: RecordingStore;
  now: () => number;
}

function parseEvent(raw: Buffer): CallEvent {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HubError('invalid_body', 'the report is not JSON');
  }
  const parsed = callEventSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HubError('invalid_body', `${issue?.path.join('.') || 'report'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

function recordingOf(event: CallEvent): Buffer | undefined {
  if (event.type !== 'ended' || event.recording === undefined) return undefined;
  const data = Buffer.from(event.recording.data_base64, 'base64');
  if (!readWavHeader(data)) throw new HubError('invalid_body', 'recording: not a WAV file (RIFF/WAVE)');
  return data;
}

const callEventOp: Operation = {
  id: 'reportCallEvent',
  summary: "The call processor's report of a call's progress (internal; C3a)",
  description: 'Signed with HMAC-SHA256 (X-Kataven-Timestamp, X-Kataven-Signature) and replay-protected by event_id; a report delivered again changes nothing.',
  tag: 'internal',
  access: 'processor',
  body: callEventSchema,
  responses: { 200: z.object({ event_id: z.string(), applied: z.boolean(), simulated: z.boolean() }) },
  errors: ['duplicate_event', 'not_found', 'invalid_body', 'payload_too_large', 'service_unavailable'],
};

export function callEventRoutes(app: FastifyInstance, deps: CallEventDeps): void {
  // Its own scope: the body is kept raw (the signature covers its exact bytes), and may carry a recording.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: MAX_REPORT_BYTES }, (_request, body, done) =>
      done(null, body),
    );
    // A report without a signature, or dated outside the window, is refused before its body is read.
    scope.addHook('onRequest', (request, _reply, done) => {
      const verdict = checkTimestamp(request.headers, deps.now());
      if (verdict.ok) return done();
      done(new HubError(verdict.reason === 'stale' ? 'stale_report' : 'invalid_report_signature'));
    });

    scope.post(CALL_EVENTS_PATH, { bodyLimit: MAX_REPORT_BYTES, ...operation(callEventOp) }, async (request) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const verdict = verifySignature(deps.callReports.secret, request.headers, raw, deps.now());
      if (!verdict.ok) throw new HubError(verdict.reason === 'stale' ? 'stale_report' : 'invalid_report_signature');
      const event = parseEvent(raw);
      const recording = recordingOf(event);
      if (event.account === RESERVED_ACCOUNT) throw new HubError('not_found', 'no such call');
      const account = await deps.findAccount(event.account);
      if (!account) throw new HubError('not_found', 'no such call');

      // Within the signature's window the guard refuses a replay on every instance; call_events catches the rest.
      const claim = `${event.account}:${event.event_id}`;
      if (!(await deps.callReports.replayGuard.claim(claim))) throw new HubError('duplicate_event');
      let written: string | undefined;
      const keep = async (data: Buffer) => (written = await keepRecordingFile(request, deps, event, data));
      let outcome: ApplyOutcome;
      try {
        outcome = await deps.withPool(account, (pool) =>
          poolTransaction(pool, (db) => applyCallEvent(db, event, recording && { data: recording, keep })),
        );
      } catch (err) {
        // The transaction did not commit: a recording it wrote must not outlive it, and a retry must be accepted.
        if (written !== undefined) await deps.recordings.delete(event.account, event.session_id).catch(() => undefined);
        await deps.callReports.replayGuard.release(claim).catch(() => undefined);
        throw err;
      }

      if (outcome.kind === 'unknown_call') {
        await deps.callReports.replayGuard.release(claim).catch(() => undefined);
        throw new HubError('not_found', 'no such call');
      }
      if (outcome.kind === 'duplicate') throw new HubError('duplicate_event');
      const simulated = event.simulated ? ' (simulated)' : '';
      request.log.info(
        { account: event.account, call_id: event.call_id, event: event.type, applied: outcome.changed, simulated: event.simulated },
        `call ${event.call_id}: ${event.type}${simulated}${outcome.changed ? '' : ', already past that stage: nothing changed'}`,
      );
      if (outcome.ended) {
        try {
          await deps.calls.onCallEnded(event.account, outcome.ended);
        } catch (err) {
          // The end is committed; what the hook failed to do (a cost-cap slot) lapses with its lease (L2).
          request.log.error({ call_id: event.call_id, err: err instanceof Error ? err.message : String(err) }, 'onCallEnded failed');
        }
      }
      return { event_id: event.event_id, applied: outcome.changed, simulated: event.simulated };
    });
  });
}

/** Writes a reported recording; when storage is not writable the call still ends, without a recording (C4). */
async function keepRecordingFile(
  request: FastifyRequest,
  deps: CallEventDeps,
  event: CallEvent,
  data: Buffer,
): Promise<string | undefined> {
  try {
    return await deps.recordings.write(event.account, event.session_id, data);
  } catch (err) {
    request.log.error(
      { call_id: event.call_id, err: err instanceof Error ? err.message : String(err) },
      'the recording could not be written to KATAVEN_HOME/recordings; the session is kept without it',
    );
    return undefined;
  }
}
