// C4: GET /recordings/<account>/<session id>.wav?expires=&signature= serves a recording at the URL that
// GET /api/v1/sessions/{id}/recording signed. Public: the signature is the credential (recording-urls.ts). A
// tampered, foreign or expired URL is 403 invalid_signature, decided before anything is read, so the answer says
// nothing of which accounts or sessions exist. The path's account and session are validated (A1, UUID) before
// they name a file.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { RecordingStore } from '../calls/recording-store.js';
import { RecordingUrls } from '../calls/recording-urls.js';
import { HubError } from '../errors.js';
import { isValidAccountSlug } from '../tenancy/account-slug.js';
import { operation, type Operation } from './operations.js';

const recordingFileOp: Operation = {
  id: 'getRecordingFile',
  summary: 'A recording, at the URL GET /sessions/{id}/recording signed (the signature is the credential)',
  tag: 'sessions',
  access: 'public',
  params: { account: 'the account slug', file: '<session id>.wav' },
  query: z.object({ expires: z.string().describe('Unix seconds'), signature: z.string() }),
  responses: { 200: { contentType: 'audio/wav', description: 'The recording' } },
  errors: ['invalid_signature', 'not_found'],
};

const WAV_FILE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.wav$/;

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function recordingFileRoutes(app: FastifyInstance, deps: { recordings: RecordingStore; recordingUrls: RecordingUrls }): void {
  app.get<{ Params: { account: string; file: string } }>('/recordings/:account/:file', operation(recordingFileOp), async (request, reply) => {
    const { account, file } = request.params;
    const query = request.query as Record<string, unknown>;
    const sessionId = WAV_FILE.exec(file)?.[1];
    const valid =
      isValidAccountSlug(account) &&
      sessionId !== undefined &&
      deps.recordingUrls.verify(RecordingUrls.pathOf(account, sessionId), text(query.expires), text(query.signature));
    if (!valid || sessionId === undefined) throw new HubError('invalid_signature');
    // Deleted since the URL was signed (O2): gone.
    const size = await deps.recordings.size(account, sessionId);
    if (size === undefined) throw new HubError('not_found', 'no recording for that session');
    return reply
      .type('audio/wav')
      .header('content-length', size)
      .header('cache-control', 'private, no-store')
      .send(deps.recordings.open(account, sessionId));
  });
}
