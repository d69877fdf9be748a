// T3 "never logged": a client may wrongly put a key or a JWT in a URL (a query parameter, a path segment).
// The hub refuses such requests, but its request log would still record the URL; credentials are cut out first.
import type { FastifyRequest } from 'fastify';

const KEY = /\b(sk|pk)_live_[^/?&#\s]*/gi;
const JWT = /\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_.-]*/g;

export function redactCredentials(text: string): string {
  return text.replace(KEY, '$1_live_[redacted]').replace(JWT, '[redacted-jwt]');
}

/** The request as Fastify's logger records it, with no credential in its URL and no headers at all. */
export function requestLogSerializer(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactCredentials(request.url),
    host: request.host,
    remoteAddress: request.ip,
  };
}
