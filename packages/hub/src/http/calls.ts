// C3: GET /api/v1/calls (newest first, paged by cursor like the audit log: `{data, next_cursor}`) and
// GET /api/v1/calls/{id}. Any credential may read them. Placing a call is POST /calls/originate (its own file).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { getCall, listCalls } from '../calls/call-store.js';
import { HubError } from '../errors.js';
import type { Tenancy } from '../tenancy/tenancy.js';
import { claimsOf } from './authenticate.js';
import { resourceId } from './request-body.js';

const listQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** STYLE 8: a malformed id, a missing row and another tenant's call are one and the same answer. */
function noSuchCall(): HubError {
  return new HubError('not_found', 'no call with that id');
}

export function callRoutes(app: FastifyInstance, deps: { tenancy: Tenancy }): void {
  app.get('/calls', async (request) => {
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

  app.get<{ Params: { id: string } }>('/calls/:id', async (request) => {
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
