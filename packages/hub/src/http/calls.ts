// C3: GET /api/v1/calls (newest first, paged by cursor like the audit log: `{data, next_cursor}`) and
// GET /api/v1/calls/{id}. Any credential may read them. Placing a call is POST /calls/originate (its own file).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CALL_STATUSES, getCall, listCalls } from '../calls/call-store.js';
import { HubError } from '../errors.js';
import type { Tenancy } from '../tenancy/tenancy.js';
import { claimsOf } from './authenticate.js';
import { operation, timestamp, type Operation } from './operations.js';
import { resourceId } from './request-body.js';

const listQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** C3: a call as the API shows it. */
export const callSchema = z
  .object({
    id: z.uuid(),
    session_id: z.uuid(),
    agent_id: z.string(),
    from_number: z.string(),
    to_number: z.string(),
    direction: z.literal('outbound'),
    status: z.enum(CALL_STATUSES),
    simulated: z.boolean().describe('True for a call of the built-in simulated carrier (no phone is dialled).'),
    carrier: z.string().describe('`simulated`, or the provider (twilio, plivo, vobiz).'),
    created_at: timestamp,
    answered_at: timestamp.nullable(),
    ended_at: timestamp.nullable(),
    duration_seconds: z.int().nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: 'Call' });

const callPageSchema = z.object({ data: z.array(callSchema), next_cursor: z.string().nullable() });

const listCallsOp: Operation = {
  id: 'listCalls',
  summary: 'List calls, newest first, paged by cursor',
  tag: 'calls',
  access: 'any',
  query: listQuery,
  responses: { 200: callPageSchema },
};
const getCallOp: Operation = { id: 'getCall', summary: 'Read a call', tag: 'calls', access: 'any', params: { id: 'the call id (UUID)' }, responses: { 200: callSchema } };

/** STYLE 8: a malformed id, a missing row and another tenant's call are one and the same answer. */
function noSuchCall(): HubError {
  return new HubError('not_found', 'no call with that id');
}

export function callRoutes(app: FastifyInstance, deps: { tenancy: Tenancy }): void {
  app.get<{ Reply: z.output<typeof callPageSchema> }>('/calls', operation(listCallsOp), async (request) => {
    const parsed = listQuery.safeParse(request.query);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new HubError('invalid_query', `${issue?.path.join('.') ?? 'query'}: ${issue?.message ?? 'invalid'}`);
    }
    const { cursor, limit } = parsed.data;
    return deps.tenancy.withDatabase(claimsOf(request).account, (db) =>
      listCalls(db, { ...(cursor !== undefined ? { cursor } : {}), limit }),
    );
  });

  app.get<{ Params: { id: string }; Reply: z.output<typeof callSchema> }>('/calls/:id', operation(getCallOp), async (request) => {
    let id: string;
    try {
      id = resourceId(request.params.id);
    } catch {
      throw noSuchCall();
    }
    const call = await deps.tenancy.withDatabase(claimsOf(request).account, (db) => getCall(db, id));
    if (!call) throw noSuchCall();
    return call;
  });
}
