// W5: the tokens the hub itself signs for the widget: visitor JWTs (what a visitor's browser presents to the
// widget's own endpoints), user tokens (what a customer's backend obtains with an sk_live_ and hands to its page,
// single use, 300 s) and refresh tokens (single use, 24 h, chained). One issuer, ES256 with a `kid`, published
// at /.well-known/jwks.json; the `typ` claim says which of the three a token is, and each endpoint accepts only
// its own (a refresh token is never a visitor JWT, a user token never refreshes).
//
// This module is the contract every widget flow codes against. `EphemeralVisitorTokens` keeps one key in
// memory (a process's tokens die with it); the persistent implementation keeps its keys in the control plane,
// sealed under KATAVEN_SECRETS_KEY, so every instance signs and verifies alike and keys rotate
// (`kataven signing-keys rotate`).
import { randomUUID } from 'node:crypto';
import * as jose from 'jose';

/** `iss` (and `aud`) of every token the hub signs for the widget; the auth gate recognises them by it. */
export const VISITOR_ISSUER = 'kataven-widget';
export const VISITOR_AUDIENCE = 'kataven-widget';

/** W5 lifetimes. */
export const VISITOR_TOKEN_TTL_SECONDS = 15 * 60;
export const USER_TOKEN_TTL_SECONDS = 300;
export const REFRESH_TOKEN_TTL_SECONDS = 24 * 60 * 60;

/** Which of the hub's widget tokens this is (the `typ` claim). */
export type WidgetTokenUse = 'visitor' | 'user_token' | 'refresh';

/** What a token says beyond its use and lifetime (its payload, minus the registered claims the module sets). */
export type WidgetTokenClaims = Record<string, unknown> & { sub: string };

export interface SignedWidgetToken {
  token: string;
  /** `jti`: unique per token (single-use bookkeeping keys on it). */
  id: string;
  expiresAt: Date;
}

export type WidgetTokenVerdict =
  | { ok: true; claims: jose.JWTPayload & WidgetTokenClaims & { jti: string; exp: number }; expiresAt: Date }
  | { ok: false; reason: 'invalid' | 'expired' };

export interface VisitorTokens {
  /** Signs a token of `use` that lives `ttlSeconds` from now (the injected clock). */
  sign(use: WidgetTokenUse, claims: WidgetTokenClaims, ttlSeconds: number): Promise<SignedWidgetToken>;
  /**
   * Verifies signature (any published key), issuer, audience, ES256, expiry against the injected clock, and that
   * the token is of `use`. Never throws for a bad token.
   */
  verify(use: WidgetTokenUse, token: string): Promise<WidgetTokenVerdict>;
  /** No signature check, no I/O: does this JWT claim to come from the widget issuer? (Routing, not trust.) */
  claimsWidgetIssuer(token: string): boolean;
  /** The public halves of every key still trusted, for /.well-known/jwks.json. */
  jwks(): Promise<{ keys: jose.JWK[] }>;
}

export function claimsWidgetIssuer(token: string): boolean {
  try {
    return jose.decodeJwt(token).iss === VISITOR_ISSUER;
  } catch {
    return false;
  }
}

/** One ES256 key in memory: for tests and tools that need no shared key; a restart invalidates its tokens. */
export class EphemeralVisitorTokens implements VisitorTokens {
  private constructor(
    private readonly kid: string,
    private readonly privateKey: jose.CryptoKey,
    private readonly publicJwk: jose.JWK,
    private readonly now: () => number,
  ) {}

  static async create(now: () => number = Date.now): Promise<EphemeralVisitorTokens> {
    const { privateKey, publicKey } = await jose.generateKeyPair('ES256', { extractable: true });
    const publicJwk = await jose.exportJWK(publicKey);
    const kid = await jose.calculateJwkThumbprint(publicJwk);
    return new EphemeralVisitorTokens(kid, privateKey, { ...publicJwk, kid, alg: 'ES256', use: 'sig' }, now);
  }

  async sign(use: WidgetTokenUse, claims: WidgetTokenClaims, ttlSeconds: number): Promise<SignedWidgetToken> {
    return signWidgetToken(this.privateKey, this.kid, this.now(), use, claims, ttlSeconds);
  }

  async verify(use: WidgetTokenUse, token: string): Promise<WidgetTokenVerdict> {
    return verifyWidgetToken(jose.createLocalJWKSet({ keys: [this.publicJwk] }), this.now(), use, token);
  }

  claimsWidgetIssuer(token: string): boolean {
    return claimsWidgetIssuer(token);
  }

  jwks(): Promise<{ keys: jose.JWK[] }> {
    return Promise.resolve({ keys: [this.publicJwk] });
  }
}

/** Shared by every implementation: the one way a widget token is laid out. */
export async function signWidgetToken(
  privateKey: jose.CryptoKey,
  kid: string,
  nowMs: number,
  use: WidgetTokenUse,
  claims: WidgetTokenClaims,
  ttlSeconds: number,
): Promise<SignedWidgetToken> {
  const id = randomUUID();
  const iat = Math.floor(nowMs / 1000);
  const exp = iat + ttlSeconds;
  const token = await new jose.SignJWT({ ...claims, typ: use })
    .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
    .setIssuer(VISITOR_ISSUER)
    .setAudience(VISITOR_AUDIENCE)
    .setJti(id)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(privateKey);
  return { token, id, expiresAt: new Date(exp * 1000) };
}

/** Shared by every implementation: signature, issuer, audience, ES256, expiry at `nowMs`, and `typ === use`. */
export async function verifyWidgetToken(
  keys: jose.JWTVerifyGetKey,
  nowMs: number,
  use: WidgetTokenUse,
  token: string,
): Promise<WidgetTokenVerdict> {
  try {
    const { payload } = await jose.jwtVerify(token, keys, {
      issuer: VISITOR_ISSUER,
      audience: VISITOR_AUDIENCE,
      algorithms: ['ES256'],
      currentDate: new Date(nowMs),
      requiredClaims: ['exp', 'sub', 'jti'],
    });
    if (payload['typ'] !== use || typeof payload.sub !== 'string' || typeof payload.jti !== 'string') {
      return { ok: false, reason: 'invalid' };
    }
    const exp = payload.exp!;
    return {
      ok: true,
      claims: payload as jose.JWTPayload & WidgetTokenClaims & { jti: string; exp: number },
      expiresAt: new Date(exp * 1000),
    };
  } catch (err) {
    return { ok: false, reason: err instanceof jose.errors.JWTExpired ? 'expired' : 'invalid' };
  }
}
