// T9: POST /api/login and the dev issuer's discovery document. Registered only outside production, so in
// production these paths are 404 like any unknown route. The dev issuer's key is published with the widget
// issuer's at /.well-known/jwks.json, which every mode serves (jwks.ts).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DEV_ISSUER, DEV_TOKEN_TTL_SECONDS, type DevIssuer } from '../auth/dev-issuer.js';
import { HubError } from '../errors.js';
import { operation, type Operation } from './operations.js';
import { parseBody } from './request-body.js';

const loginBody = z.object({ username: z.string().max(200), password: z.string().max(200) });

/**
 * The dev issuer's discovery document, fixed at start and the same for every request (issue 7 item 6): nothing in
 * it comes from the request, so a forged Host (or X-Forwarded-Host) cannot point a reader, or a shared cache that
 * keys on the path alone, at another server's keys. The issuer is DevIssuer's `iss`, `kataven-dev`, not a URL:
 * no client finds it by URL-based discovery, and the hub resolves its keys locally. `jwks_uri` is therefore a
 * relative reference (RFC 3986 §4.2), resolved against wherever this document was fetched from.
 */
export const DEV_DISCOVERY_DOCUMENT = Object.freeze({
  issuer: DEV_ISSUER,
  jwks_uri: '/.well-known/jwks.json',
  id_token_signing_alg_values_supported: ['ES256'],
  subject_types_supported: ['public'],
  response_types_supported: ['id_token'],
});

const devTokenSchema = z.object({ token: z.string(), expires_in: z.int() }).meta({ id: 'DevLoginToken' });
const loginOp: Operation = {
  id: 'devLogin',
  summary: 'Dev login (T9; outside production only): a JWT of the dev issuer',
  tag: 'login',
  access: 'public',
  body: loginBody,
  responses: { 200: devTokenSchema },
  errors: ['invalid_credentials'],
};
const discoveryOp: Operation = {
  id: 'getDevIssuerDiscovery',
  summary: "The dev issuer's OpenID discovery document (outside production only)",
  tag: 'login',
  access: 'public',
  responses: { 200: { contentType: 'application/json', description: 'OpenID Connect discovery metadata' } },
};

/** Compares digests so that neither the length nor the content of a password leaks through timing. */
function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

export function devLoginRoutes(
  app: FastifyInstance,
  deps: { issuer: DevIssuer; users: { username: string; password: string }[] },
): void {
  app.post<{ Reply: z.output<typeof devTokenSchema> }>('/api/login', operation(loginOp), async (request) => {
    const { username, password } = parseBody(loginBody, request.body);
    let matched = false;
    for (const user of deps.users) {
      // Every user is compared, so the time taken does not tell which usernames exist.
      if (sameSecret(user.username, username) && sameSecret(user.password, password)) matched = true;
    }
    if (!matched) throw new HubError('invalid_credentials');
    return { token: await deps.issuer.sign(username), expires_in: DEV_TOKEN_TTL_SECONDS };
  });

  app.get('/.well-known/openid-configuration', operation(discoveryOp), async () => DEV_DISCOVERY_DOCUMENT);
}
