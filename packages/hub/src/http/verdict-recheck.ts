// Issue 7: a verdict is re-checked against the revocation epoch before a request's answer is sent. A handler
// that waited (on a database gone silent, say) while its key was revoked, or while this instance's revocation
// subscription lapsed, must not answer 200 once the network heals: the answer is then the credential's fresh
// verdict (403 key_revoked, 401 invalid_token…), and a mutation's transaction rolls back with it (the audit hook,
// which runs after this one, sees the error status). Nothing happened since (the hot path): no allocation, no I/O.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthGate } from '../auth/auth-gate.js';
import type { Surface } from '../auth/claims.js';
import { verifyRequestOf } from './authenticate.js';
import { errorReply } from './error-replies.js';

function answerInstead(request: FastifyRequest, reply: FastifyReply, code: Parameters<typeof errorReply>[1]): string {
  const failure = errorReply(request, code);
  reply.code(failure.status).header('content-type', failure.contentType);
  if (failure.status === 401) reply.header('www-authenticate', 'Bearer error="invalid_token"');
  return failure.body;
}

/** The onSend hook of a protected scope; register it before the audit hook. */
export function recheckVerdicts(gate: AuthGate, surface: Surface) {
  return function recheckVerdict(
    request: FastifyRequest,
    reply: FastifyReply,
    payload: unknown,
    done: (err: Error | null, payload?: unknown) => void,
  ): void {
    const claims = request.claims;
    const fresh = claims ? gate.recheck(() => verifyRequestOf(request, surface), claims, request.authEpoch) : undefined;
    if (fresh === undefined) return done(null, payload);
    fresh.then(
      (verdict) => {
        if (verdict.ok) return done(null, payload);
        request.log.warn({ code: verdict.code }, 'the credential was revoked while the request ran; its answer is withheld');
        done(null, answerInstead(request, reply, verdict.code));
      },
      (err: unknown) => {
        request.log.error({ err }, 'the credential could not be verified again before answering');
        done(null, answerInstead(request, reply, 'service_unavailable'));
      },
    );
  };
}
