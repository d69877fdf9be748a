// T8/T9: user JWTs, from the configured OIDC issuer or the hub's own dev issuer, checked by one path:
// signature against the issuer's JWKS, issuer, audience, an asymmetric algorithm, a required `exp` within the
// Date range, a string `sub`, and an `iat` not in the future (beyond a small clock skew).
import * as jose from 'jose';

/** Asymmetric only: an HS* token "signed" with a public key, or `alg: none`, never verifies (RFC 8725 §3.1). */
export const ALLOWED_ALGORITHMS = [
  'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA',
];

export interface TrustedIssuer {
  issuer: string;
  audience: string;
  accountsClaim: string;
  /** Resolves the issuer's signing keys: a remote JWKS (found by discovery) or a local one. */
  keys: () => Promise<jose.JWTVerifyGetKey>;
  /** Only the dev issuer may grant membership of every account with `*` (T9). */
  allowWildcardMembership: boolean;
}

export interface UserIdentity {
  sub: string;
  accounts: string[] | '*';
  roles: string[];
  expiresAt: Date;
}

export type UserTokenResult = { ok: true; identity: UserIdentity } | { ok: false; reason: 'invalid' | 'unavailable' };

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Roles from `kataven:roles` (a list) or Zitadel's project-roles claim (an object keyed by role name). */
function rolesOf(payload: jose.JWTPayload): string[] {
  const roles = new Set(stringList(payload['kataven:roles']));
  const zitadel = payload['urn:zitadel:iam:org:project:roles'];
  if (zitadel !== null && typeof zitadel === 'object' && !Array.isArray(zitadel)) {
    for (const role of Object.keys(zitadel)) roles.add(role);
  }
  return [...roles];
}

/**
 * How far in the future a token's `iat` may lie (issue 7 item 5): issuers' clocks drift a little, but a token
 * "issued" later than this was minted to outlive its issuer's intent (or by a broken clock). 60 s, the usual
 * allowance between NTP-synchronised hosts.
 */
export const IAT_CLOCK_SKEW_SECONDS = 60;

/** The last second a JavaScript Date can hold (±8.64e15 ms): an `exp` past it has no expiry instant we can keep. */
const LATEST_DATE_SECONDS = 8.64e12;

/**
 * What jose's checks leave open (T8, issue 7 item 5): jose requires `exp` and `sub` to be present and `exp`/`iat`
 * to be numbers, but accepts an `exp` beyond the Date range (its expiry then cannot be represented: the verdict
 * cache and claims need one), a `sub` of any type, and an `iat` in the future (it checks that only with
 * maxTokenAge). Each is a token we refuse, as invalid.
 */
function claimsAcceptable(
  payload: jose.JWTPayload,
  nowSeconds: number,
): payload is jose.JWTPayload & { sub: string; exp: number } {
  if (typeof payload.sub !== 'string' || payload.sub.length === 0) return false;
  if (typeof payload.exp !== 'number' || !(payload.exp <= LATEST_DATE_SECONDS)) return false;
  if (payload.iat !== undefined && !(payload.iat <= nowSeconds + IAT_CLOCK_SKEW_SECONDS)) return false;
  return true;
}

export class UserTokenVerifier {
  constructor(
    private readonly issuers: TrustedIssuer[],
    private readonly now: () => number = Date.now,
  ) {}

  get configured(): boolean {
    return this.issuers.length > 0;
  }

  async verify(token: string): Promise<UserTokenResult> {
    let unverifiedIssuer: string | undefined;
    try {
      unverifiedIssuer = jose.decodeJwt(token).iss;
    } catch {
      return { ok: false, reason: 'invalid' };
    }
    // The `iss` only picks which keys to try; jwtVerify then requires it to match exactly.
    const trusted = this.issuers.find((i) => i.issuer === unverifiedIssuer);
    if (!trusted) return { ok: false, reason: 'invalid' };
    let keys: jose.JWTVerifyGetKey;
    try {
      keys = await trusted.keys();
    } catch {
      return { ok: false, reason: 'unavailable' };
    }
    try {
      const { payload } = await jose.jwtVerify(token, keys, {
        issuer: trusted.issuer,
        audience: trusted.audience,
        algorithms: ALLOWED_ALGORITHMS,
        requiredClaims: ['exp', 'sub'],
        currentDate: new Date(this.now()),
      });
      if (!claimsAcceptable(payload, this.now() / 1000)) return { ok: false, reason: 'invalid' };
      const claimed = payload[trusted.accountsClaim];
      const accounts =
        trusted.allowWildcardMembership && Array.isArray(claimed) && claimed.includes('*') ? '*' : stringList(claimed);
      return {
        ok: true,
        identity: { sub: payload.sub, accounts, roles: rolesOf(payload), expiresAt: new Date(payload.exp * 1000) },
      };
    } catch (err) {
      // A JWKS that cannot be fetched is our outage, not the caller's bad token.
      if (err instanceof jose.errors.JWKSTimeout || (err instanceof TypeError && /fetch/i.test(err.message))) {
        return { ok: false, reason: 'unavailable' };
      }
      return { ok: false, reason: 'invalid' };
    }
  }
}

/** An external OIDC issuer, its JWKS found through its discovery document on first use (then cached). */
export function discoveredIssuer(issuer: string, audience: string, accountsClaim: string): TrustedIssuer {
  let jwks: Promise<jose.JWTVerifyGetKey> | undefined;
  const discover = async (): Promise<jose.JWTVerifyGetKey> => {
    const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`OIDC discovery failed: ${response.status} from ${url}`);
    const document = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
    if (document.issuer !== issuer || typeof document.jwks_uri !== 'string') {
      throw new Error(`OIDC discovery document at ${url} does not describe issuer ${issuer}`);
    }
    return jose.createRemoteJWKSet(new URL(document.jwks_uri));
  };
  return {
    issuer,
    audience,
    accountsClaim,
    allowWildcardMembership: false,
    keys: () => {
      // A failed discovery is retried on the next request rather than cached.
      jwks ??= discover().catch((err: unknown) => {
        jwks = undefined;
        throw err;
      });
      return jwks;
    },
  };
}
