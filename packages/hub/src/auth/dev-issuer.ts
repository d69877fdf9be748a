// T9: the hub's own development issuer. Outside production it signs short-lived user JWTs for the dev users
// and publishes its keys at /.well-known/jwks.json; those tokens are then verified by exactly the same path
// as an external issuer's (UserTokenVerifier), only with the keys resolved locally instead of over HTTP.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as jose from 'jose';
import type { TrustedIssuer } from './user-token-verifier.js';

export const DEV_ISSUER = 'kataven-dev';
export const DEV_AUDIENCE = 'kataven-hub';
export const DEV_TOKEN_TTL_SECONDS = 3600;

interface StoredKey {
  kid: string;
  privateJwk: jose.JWK;
}

export class DevIssuer {
  private constructor(
    private readonly kid: string,
    private readonly privateKey: jose.CryptoKey,
    readonly publicJwk: jose.JWK,
    private readonly accountsClaim: string,
  ) {}

  /** Loads the signing key from `home`, creating it on first start so tokens survive restarts. */
  static async load(home: string, accountsClaim: string): Promise<DevIssuer> {
    const file = path.join(home, 'dev-issuer-key.json');
    let stored: StoredKey;
    if (existsSync(file)) {
      stored = JSON.parse(await readFile(file, 'utf8')) as StoredKey;
    } else {
      const { privateKey } = await jose.generateKeyPair('ES256', { extractable: true });
      const privateJwk = await jose.exportJWK(privateKey);
      stored = { kid: await jose.calculateJwkThumbprint(privateJwk), privateJwk };
      await mkdir(home, { recursive: true, mode: 0o711 });
      await writeFile(file, JSON.stringify(stored), { mode: 0o600 });
    }
    const privateKey = (await jose.importJWK(stored.privateJwk, 'ES256')) as jose.CryptoKey;
    const { kty, crv, x, y } = stored.privateJwk;
    return new DevIssuer(
      stored.kid,
      privateKey,
      { kty, crv, x, y, kid: stored.kid, alg: 'ES256', use: 'sig' },
      accountsClaim,
    );
  }

  get jwks(): { keys: jose.JWK[] } {
    return { keys: [this.publicJwk] };
  }

  /** A dev user is an admin member of every account (T9), and an operator, so the console works in development. */
  async sign(username: string): Promise<string> {
    return new jose.SignJWT({ [this.accountsClaim]: ['*'], 'kataven:roles': ['admin', 'operator'], name: username })
      .setProtectedHeader({ alg: 'ES256', kid: this.kid, typ: 'JWT' })
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setSubject(`dev:${username}`)
      .setIssuedAt()
      .setExpirationTime(`${DEV_TOKEN_TTL_SECONDS}s`)
      .sign(this.privateKey);
  }

  trustedIssuer(): TrustedIssuer {
    const keys = jose.createLocalJWKSet(this.jwks);
    return {
      issuer: DEV_ISSUER,
      audience: DEV_AUDIENCE,
      accountsClaim: this.accountsClaim,
      allowWildcardMembership: true,
      keys: () => Promise.resolve(keys),
    };
  }
}
