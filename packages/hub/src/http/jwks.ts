// W5/T9: /.well-known/jwks.json, in every mode (production included): the public halves of the widget issuer's
// keys (the current one and every retired one still in its window, signing-keys.ts) and, outside production, the
// dev issuer's key. One route for both, since one path serves one document; each issuer's tokens name their key
// by `kid`, and the hub itself verifies each issuer with its own keys only, never with this merged set.
import type { FastifyInstance } from 'fastify';
import type * as jose from 'jose';
import type { DevIssuer } from '../auth/dev-issuer.js';
import type { VisitorTokens } from '../widget/visitor-tokens.js';
import { operation, type Operation } from './operations.js';

export const JWKS_PATH = '/.well-known/jwks.json';
/**
 * Readers may cache the set for 5 minutes. A rotation's new key is trusted by every instance at once (they reload
 * on an unknown kid); a reader holding a stale set finds the new kid missing and refetches (jose's remote JWK
 * sets do so on an unknown kid), and a retired key stays in the set for a day, far longer than any cache.
 */
const CACHE_CONTROL = 'public, max-age=300';

const jwksOp: Operation = {
  id: 'getJwks',
  summary: "The public keys of the hub's token issuers (widget tokens; the dev issuer outside production)",
  tag: 'meta',
  access: 'public',
  responses: { 200: { contentType: 'application/json', description: 'A JSON Web Key Set (RFC 7517)' } },
};

export interface JwksDeps {
  visitorTokens: Pick<VisitorTokens, 'jwks'>;
  /** Present outside production only (T9). */
  devIssuer?: DevIssuer | undefined;
}

export function jwksRoutes(app: FastifyInstance, deps: JwksDeps): void {
  app.get(JWKS_PATH, operation(jwksOp), async (_request, reply) => {
    const widget = await deps.visitorTokens.jwks();
    const keys: jose.JWK[] = [...widget.keys, ...(deps.devIssuer?.jwks.keys ?? [])];
    reply.header('cache-control', CACHE_CONTROL);
    return { keys };
  });
}
