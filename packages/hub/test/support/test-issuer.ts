// A real OIDC-shaped issuer for tests: an HTTP server on loopback serving a discovery document and a JWKS,
// and signing JWTs with its private key. The hub finds its keys exactly as it would Zitadel's.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as jose from 'jose';

export interface TestIssuer {
  /** The issuer URL (`iss`), e.g. http://127.0.0.1:40123 */
  issuer: string;
  audience: string;
  /** Signs a token with the issuer's key; `claims` override the defaults (sub, aud, iss, iat, exp). */
  sign(
    claims?: jose.JWTPayload,
    options?: { alg?: 'RS256' | 'ES256'; kid?: string; expiresIn?: string | number; withoutExp?: boolean },
  ): Promise<string>;
  /** The RSA public key in PEM, for the HS256-with-public-key-as-secret attack. */
  publicKeyPem: string;
  /** Hub environment for trusting this issuer. */
  env: Record<string, string>;
  /** How many times the JWKS was fetched. */
  jwksFetches(): number;
  close(): Promise<void>;
}

export async function startTestIssuer(audience = 'kataven-test'): Promise<TestIssuer> {
  const rsa = await jose.generateKeyPair('RS256', { extractable: true });
  const ec = await jose.generateKeyPair('ES256', { extractable: true });
  const rsaJwk = { ...(await jose.exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' };
  const ecJwk = { ...(await jose.exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' };
  const publicKeyPem = await jose.exportSPKI(rsa.publicKey);
  let fetches = 0;
  let issuer = '';

  const server = http.createServer((req, res) => {
    if (req.url === '/.well-known/openid-configuration') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks`, id_token_signing_alg_values_supported: ['RS256', 'ES256'] }));
    } else if (req.url === '/jwks') {
      fetches++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [rsaJwk, ecJwk] }));
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    issuer,
    audience,
    publicKeyPem,
    env: { KATAVEN_OIDC_ISSUER: issuer, KATAVEN_OIDC_AUDIENCE: audience },
    jwksFetches: () => fetches,
    async sign(claims = {}, options = {}) {
      const alg = options.alg ?? 'RS256';
      const key = alg === 'RS256' ? rsa.privateKey : ec.privateKey;
      const jwt = new jose.SignJWT({ sub: 'user-1', ...claims })
        .setProtectedHeader({ alg, kid: options.kid ?? (alg === 'RS256' ? 'rsa-1' : 'ec-1'), typ: 'JWT' });
      if (claims.iat === undefined) jwt.setIssuedAt();
      if (claims.iss === undefined) jwt.setIssuer(issuer);
      if (claims.aud === undefined) jwt.setAudience(audience);
      if (claims.exp === undefined && !options.withoutExp) jwt.setExpirationTime(options.expiresIn ?? '10m');
      return jwt.sign(key);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
