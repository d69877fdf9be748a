// AU1/AU2 at the HTTP edge: after a protected route has produced its response, and before it is sent.
// A mutation that ran in the request's transaction (mutation-transaction.ts) has its row inserted in that
// transaction, which then commits: the change and its row are written together or not at all.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { insertAuditEntry, type AuditEntry } from '../audit/audit-store.js';
import type { AuditTrail } from '../audit/audit-trail.js';
import { HubError, type ErrorCode } from '../errors.js';
import { RESERVED_ACCOUNT } from '../tenancy/account-slug.js';
import { errorReply } from './error-replies.js';
import { redactCredentials } from './log-redaction.js';
import { NOT_COMMITTED, type MutationTransaction } from './mutation-transaction.js';

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

/** Answers `code` instead of the handler's success, and queues the row of that answer. */
function answerInstead(
  request: FastifyRequest,
  reply: FastifyReply,
  trail: AuditTrail,
  account: string,
  entry: AuditEntry,
  code: ErrorCode,
  message?: string,
): string {
  const failure = errorReply(request, code, message);
  reply.code(failure.status).header('content-type', failure.contentType);
  trail.record(account, { ...entry, status: failure.status });
  return failure.body;
}

/** Ends the request's transaction: committed with its row when the answer is a success, else rolled back. */
async function endTransaction(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  trail: AuditTrail,
  account: string,
  entry: AuditEntry,
  transaction: MutationTransaction,
): Promise<unknown> {
  if (reply.statusCode >= 400) {
    await transaction.rollback();
    trail.record(account, entry);
    return payload;
  }
  let committed: boolean;
  try {
    committed = await transaction.commit((db) => insertAuditEntry(db, entry));
  } catch (err) {
    request.log.error({ err }, 'audit write failed; the mutation was rolled back');
    return answerInstead(request, reply, trail, account, entry, 'audit_unavailable');
  }
  // Rolled back before it could commit (the client went away): nothing changed, so this is no success.
  if (!committed) return answerInstead(request, reply, trail, account, entry, 'service_unavailable', NOT_COMMITTED);
  const failure = await transaction.runAfterCommit();
  if (failure !== undefined) {
    // E.g. a revocation that could not be published (T7): the change and its row are committed, and the
    // answer says what is left to do, as the action's error tells it.
    request.log.error({ err: failure }, 'an action after the commit failed');
    const answer = failure instanceof HubError ? errorReply(request, failure.code, failure.message) : errorReply(request, 'service_unavailable');
    reply.code(answer.status).header('content-type', answer.contentType);
    return answer.body;
  }
  return payload;
}

/** The hook's work when it must wait (a transaction to end, a row to write first); else see auditRequests. */
async function auditAndWait(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  trail: AuditTrail,
  account: string,
  entry: AuditEntry,
): Promise<unknown> {
  const transaction = request.mutationTransaction;
  if (transaction) return endTransaction(request, reply, payload, trail, account, entry, transaction);
  try {
    await trail.recordDurably(account, entry);
    return payload;
  } catch (err) {
    request.log.error({ err }, 'audit write failed; the mutation is not reported as successful');
    return answerInstead(request, reply, trail, account, entry, 'audit_unavailable');
  }
}

export function auditRequests(trail: AuditTrail) {
  // Callback style: a read (most requests) only queues its row, and an async hook would cost it a promise and
  // a turn of the microtask queue (issue 10).
  return function auditRequest(request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: Error | null, payload?: unknown) => void) {
    const claims = request.claims;
    const transaction = request.mutationTransaction;
    // Unauthenticated requests have no account; the operator console's account has no database.
    if (!claims || claims.account === RESERVED_ACCOUNT) {
      if (!transaction) return done(null, payload);
      // None is ever opened without an account: defensive.
      transaction.rollback().then(() => done(null, payload), done);
      return;
    }
    const entry = entryOf(request, reply);
    // No transaction: reads, failures, and a mutation that touched no account database (whose row is written
    // before its answer).
    if (!transaction && (!MUTATIONS.has(request.method) || reply.statusCode >= 400)) {
      trail.record(claims.account, entry);
      return done(null, payload);
    }
    auditAndWait(request, reply, payload, trail, claims.account, entry).then((answer) => done(null, answer), done);
  };
}
