// R1–R2 at the edge: the hook that runs right after authentication in every protected scope. Over a limit the
// request ends here with 429 `rate_limited: per-minute (60) exceeded` and `Retry-After`. An admitted request
// holds a concurrent slot until its response ends, whatever happened: sent (onResponse), client gone
// (onRequestAbort, and the raw response's 'close', which also covers a disconnect after the body was read),
// or an error (the error handler answers, so onResponse runs). Release is idempotent; the limiter keeps held
// slots alive (one renewal for all of them), and a slot never released because its instance died expires after
// LEASE_TTL_MS.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Surface } from '../auth/claims.js';
import { HubError } from '../errors.js';
import type { Lease } from '../limits/rate-limiter.js';
import type { RequestLimits } from '../limits/request-limits.js';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * Gives the request's concurrent slot back (idempotent), while it holds one. A property, not a WeakMap keyed
     * by every request: such a map costs the garbage collector more than it saves (issue 10).
     */
    rateRelease: (() => void) | null;
  }
}

function releaseOf(request: FastifyRequest): void {
  request.rateRelease?.();
}

function holdLease(request: FastifyRequest, reply: FastifyReply, limits: RequestLimits, lease: Lease): void {
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    request.rateRelease = null;
    reply.raw.removeListener('close', release);
    limits.release(lease).catch((err: unknown) => {
      // The lease expires on its own; until then the slot counts.
      request.log.warn({ err }, 'releasing a concurrent rate-limit slot failed');
    });
  };
  request.rateRelease = release;
  // The client may have gone while the slot was being taken: no hook will follow, so give it back now.
  if (request.raw.destroyed || reply.raw.destroyed) return release();
  reply.raw.once('close', release);
}

/** `rate_limited: <window> (<limit>) exceeded`, with Retry-After in whole seconds (R2). */
export function rateLimited(reply: FastifyReply, window: string, limit: number, retryAfterSeconds: number): HubError {
  reply.header('retry-after', String(retryAfterSeconds));
  return new HubError('rate_limited', `${window} (${limit}) exceeded`);
}

/**
 * Adds the rate-limit hooks to a protected scope; call after the authentication hook. `surface` is the scope's
 * (R1 counts api and hub apart), decided where its prefix is registered.
 */
export function enforceRateLimits(scope: FastifyInstance, limits: RequestLimits, surface: Surface): void {
  scope.addHook('onRequest', function rateLimitRequest(request, reply, done) {
    const claims = request.claims;
    if (!claims) return done(new HubError('missing_token')); // not behind authenticate: refuse rather than skip
    limits.admitRequest(claims, surface).then(
      (admission) => {
        // The account was disabled between its verification and now.
        if (!admission) return done(new HubError('not_found'));
        if (!admission.ok) return done(rateLimited(reply, admission.window, admission.limit, admission.retryAfterSeconds));
        if (admission.lease) holdLease(request, reply, limits, admission.lease);
        done();
      },
      (err: unknown) => {
        // Redis unreachable: the limits cannot be counted, so the request is not admitted (fail closed).
        request.log.error({ err }, 'rate limiter unavailable');
        done(new HubError('service_unavailable'));
      },
    );
  });
  scope.addHook('onResponse', (request, _reply, done) => {
    releaseOf(request);
    done();
  });
  scope.addHook('onRequestAbort', (request, done) => {
    releaseOf(request);
    done();
  });
}
