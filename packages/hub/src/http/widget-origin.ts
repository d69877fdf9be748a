// W3: the origin check and CORS of every public widget endpoint.
//
// - The request's origin is its `Origin` header, else the origin of its `Referer` (a same-origin GET or a
//   navigation may carry no Origin). Neither: 403 origin_required, before any I/O.
// - It must match the key's allowlist (W2, src/widget/allowlist.ts), else 403 origin_not_allowed. `Origin: null`
//   and anything malformed match nothing.
// - CORS (Fetch standard §3.2): an answer carries `Access-Control-Allow-Origin: <that origin>` only once the
//   origin is known to be allowed, never `*` and never an origin that is not; every answer, allowed or not,
//   carries `Vary: Origin`, so a shared cache never hands one origin's answer to another.
// - Preflights (OPTIONS) are answered per route: 204 with the methods, headers and max-age for an allowed
//   origin, 403 origin_not_allowed otherwise. A preflight carries no body and no header values, only the URL: so
//   every public widget endpoint takes its client key in the query string (`?client_key=pk_live_…`), GET config
//   and, later, the POST endpoints alike (they may repeat it in the body), and the preflight checks that key.
//
// W8: this stops other websites' pages from using a key in their visitors' browsers. It does not stop a script
// outside a browser, which may send any Origin it likes; W6's per-key and per-IP limits bound what that costs.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HubError } from '../errors.js';
import { allowlistAdmits, originOfReferer, parseOrigin } from '../widget/allowlist.js';

/** How long a browser may cache an allowed preflight (seconds). Short: a revoked key's preflight goes soon. */
export const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * The origin a public widget request comes from (its Origin header, else the origin of its Referer), exactly as
 * it will be echoed; throws 403 origin_required when it carries neither header. A Referer that has no usable
 * origin yields `null`, which no allowlist admits.
 */
export function widgetRequestOrigin(request: FastifyRequest): string {
  const origin = request.headers.origin;
  if (typeof origin === 'string' && origin.length > 0) return origin;
  const referer = request.headers.referer;
  if (typeof referer === 'string' && referer.length > 0) return originOfReferer(referer) ?? 'null';
  throw new HubError('origin_required');
}

/**
 * Whether the key's allowlist admits `origin`; when it does, the answer says so to the browser (ACAO echo).
 * Callers refuse with origin_not_allowed when it does not, so no disallowed origin ever reads an answer.
 */
export function admitOrigin(reply: FastifyReply, origin: string, allowlist: readonly string[]): boolean {
  const parsed = parseOrigin(origin);
  if (parsed === undefined || !allowlistAdmits(allowlist, parsed)) return false;
  reply.header('access-control-allow-origin', origin);
  return true;
}

/** Every answer of a public widget scope, errors included, varies by Origin. */
export function varyByOrigin(scope: FastifyInstance): void {
  scope.addHook('onRequest', (_request, reply, done) => {
    reply.header('vary', 'Origin');
    done();
  });
}

/** The CORS headers of an allowed preflight (the ACAO is set by admitOrigin). */
export function allowPreflight(reply: FastifyReply, methods: string, headers: string): FastifyReply {
  return reply
    .code(204)
    .header('access-control-allow-methods', methods)
    .header('access-control-allow-headers', headers)
    .header('access-control-max-age', String(PREFLIGHT_MAX_AGE_SECONDS))
    .send();
}
