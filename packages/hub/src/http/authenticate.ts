// The auth middleware (SPEC T4–T7): bearer token → gate (cache, auth-service) → `request.claims`, or the T4 error.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Claims, Surface, Verdict } from '../auth/claims.js';
import type { AuthGate } from '../auth/auth-gate.js';
import type { VerifyRequest } from '../auth/auth-service.js';
import { HubError } from '../errors.js';
import type { FailedAuthBudget } from './failed-auth-budget.js';

declare module 'fastify' {
  interface FastifyRequest {
    claims: Claims | null;
    /** The verdict cache's epoch when this request's credential was verified (verdict-recheck.ts). */
    authEpoch: number;
  }
}

const BEARER = /^Bearer +([^\s]+) *$/i;

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  return BEARER.exec(header)?.[1];
}

/**
 * The onRequest hook of a protected scope. The scope's surface is fixed where its prefix is registered
 * (server.ts), never read from the raw URL: `//v1/agents` is served by the api routes, so it is the api surface
 * (R1 counts per surface; the verdict cache keys on it) — issue 7 item 5. `operator` scopes (O1) ignore
 * X-Account-ID: their account is always kataven-admin. With a `budget`, refusals after verification work spend
 * the client IP's budget of failed verifications, and an IP over it is not verified at all (issue 7 item 4).
 */
export function authenticate(gate: AuthGate, surface: Surface, budget?: FailedAuthBudget) {
  // Callback style rather than async: a cached verdict then completes the hook without a promise.
  // One function for every request (the gate passes it the request), so the cached path allocates nothing for it.
  const admitsClient = budget && ((request: FastifyRequest) => !budget.isBlocked(request.ip));
  return function authenticateRequest(request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) {
    const verifyRequest = verifyRequestOf(request, surface);
    if (verifyRequest === undefined) return done(new HubError('missing_token'));
    request.authEpoch = gate.epoch;
    const verdict = gate.verify(
      verifyRequest,
      // The connection, so a keep-alive client's repeated bearer is hashed once per connection (AuthGate).
      request.raw.socket ?? undefined,
      // Asked only on a verdict-cache miss of a well-formed credential: a cached one is never refused here.
      admitsClient,
      request,
    );
    if (verdict instanceof Promise) verdict.then((result) => applyVerdict(request, reply, result, done, budget), done);
    else applyVerdict(request, reply, verdict, done, budget);
  };
}

/** What the auth-service is asked about a request: its bearer, X-Account-ID and surface; undefined without a bearer. */
export function verifyRequestOf(request: FastifyRequest, surface: Surface): VerifyRequest | undefined {
  const token = bearerToken(request);
  if (token === undefined) return undefined;
  if (surface === 'operator') return { token, accountHeader: undefined, surface };
  const header = request.headers['x-account-id'];
  return { token, accountHeader: Array.isArray(header) ? header.join(',') : header, surface };
}

function applyVerdict(
  request: FastifyRequest,
  reply: FastifyReply,
  verdict: Verdict,
  done: (err?: Error) => void,
  budget: FailedAuthBudget | undefined,
): void {
  if (verdict.ok) {
    request.claims = verdict.claims;
    return done();
  }
  if (budget === undefined) return done(new HubError(verdict.code));
  // The gate refused to verify: this IP is over its budget (request.ip: the socket's peer, or what the
  // trusted proxies say, KATAVEN_TRUSTED_PROXIES).
  if (verdict.code === 'rate_limited') return done(budget.refusal(request.ip, reply));
  if (!budget.spends(verdict.code)) return done(new HubError(verdict.code));
  budget.spend(request.ip, reply).then(
    (overBudget) => done(overBudget ?? new HubError(verdict.code)),
    (err: unknown) => {
      // The counter is unreachable: the failure cannot be counted, so nothing more is said (fail closed, as R1).
      request.log.error({ err }, 'failed-authentication budget unavailable');
      done(new HubError('service_unavailable'));
    },
  );
}

/** The verified claims of a route behind `authenticate`. */
export function claimsOf(request: FastifyRequest): Claims {
  if (!request.claims) throw new Error('route is not behind authenticate');
  return request.claims;
}

/** K5/O2: some actions need a signed-in Hub user; an API key gets 403 requires_hub_ui_auth. */
export function requireUser(request: FastifyRequest): Claims {
  const claims = claimsOf(request);
  if (claims.actor !== 'user') throw new HubError('requires_hub_ui_auth');
  return claims;
}

/**
 * O2: admin-only endpoints need a Hub user with the admin role who also sends `X-Admin: true` (a deliberate
 * second step, so an admin's ordinary session cannot trigger them by accident).
 */
export function requireAdmin(request: FastifyRequest): Claims {
  const claims = requireUser(request);
  if (!claims.roles.includes('admin')) throw new HubError('admin_role_required');
  if (request.headers['x-admin'] !== 'true') throw new HubError('admin_header_required');
  return claims;
}

/** O1: the operator console needs the operator role (on top of membership of kataven-admin). */
export function requireOperator(request: FastifyRequest): Claims {
  const claims = requireUser(request);
  if (!claims.roles.includes('operator')) throw new HubError('operator_role_required');
  return claims;
}
