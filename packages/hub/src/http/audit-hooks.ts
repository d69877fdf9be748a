// AU1/AU2 at the HTTP edge: after a protected route has produced its response, and before it is sent.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuditEntry } from '../audit/audit-store.js';
import type { AuditTrail } from '../audit/audit-trail.js';
import { RESERVED_ACCOUNT } from '../tenancy/account-slug.js';
import { errorReply } from './error-replies.js';
import { redactCredentials } from './log-redaction.js';

const MUTATIONS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function entryOf(request: FastifyRequest, reply: FastifyReply): AuditEntry {
  const claims = request.claims!;
  const userAgent = request.headers['user-agent'];
  return {
    at: new Date(),
    request_id: request.id,
    actor: claims.actor,
    key_id: claims.key_id ?? null,
    key_name: claims.key_name ?? null,
    sub: claims.sub ?? null,
    method: request.method,
    // The route's pattern (ids stay out of it), or the path for a request no route matched.
    route: request.routeOptions.url ?? redactCredentials(request.url.split('?')[0]!),
    status: reply.statusCode,
    ip: request.ip,
    user_agent: typeof userAgent === 'string' ? userAgent.slice(0, 512) : null,
  };
}

export function auditRequests(trail: AuditTrail) {
  return async function auditRequest(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
    const claims = request.claims;
    // Unauthenticated requests have no account; the operator console's account has no database.
    if (!claims || claims.account === RESERVED_ACCOUNT) return payload;
    const entry = entryOf(request, reply);
    if (!MUTATIONS.has(request.method) || reply.statusCode >= 400) {
      trail.record(claims.account, entry);
      return payload;
    }
    try {
      await trail.recordDurably(claims.account, entry);
      return payload;
    } catch (err) {
      request.log.error({ err }, 'audit write failed; the mutation is not reported as successful');
      const failure = errorReply(request, 'audit_unavailable');
      reply.code(failure.status).header('content-type', failure.contentType);
      trail.record(claims.account, { ...entry, status: failure.status });
      return failure.body;
    }
  };
}
