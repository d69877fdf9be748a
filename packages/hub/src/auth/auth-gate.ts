// The auth middleware's logic (SPEC T5–T7): triage without I/O, the per-instance verdict cache, the
// auth-service (in-process or gRPC) on a miss, and revocations in both directions.
import { HubError } from '../errors.js';
import type { AuthService, VerifyRequest } from './auth-service.js';
import { deny, type Claims, type Verdict } from './claims.js';
import type { Revocation, RevocationBus } from './revocation-bus.js';
import { TokenFingerprint } from './token-fingerprint.js';
import { parseToken } from './token-format.js';
import type { VerdictCache } from './verdict-cache.js';

export class AuthGate {
  /** Cache keys are HMACs under a key of this process: the plaintext never becomes a key (T6). */
  private readonly fingerprint = new TokenFingerprint();

  constructor(
    private readonly service: AuthService,
    private readonly cache: VerdictCache,
    private readonly bus: RevocationBus,
    /** Told of every verdict served from the cache (K6 keeps last_used_at from it). */
    private readonly onCachedUse: (claims: Claims) => void = () => undefined,
  ) {
    bus.onRevocation((revocation) => cache.revoke(revocation));
    bus.onStatus((subscribed) => cache.setTrusted(subscribed));
    cache.setTrusted(bus.subscribed);
  }

  /**
   * The verdict for a request: synchronously when cached (the hot path of every authenticated request then
   * allocates no promise), otherwise from the auth-service.
   */
  verify(request: VerifyRequest): Verdict | Promise<Verdict> {
    // A verdict holds for a token *and* the account it was asked about (a user JWT's X-Account-ID) *and* the
    // surface: an operator-console verdict must never answer for a regular route.
    // "No header" and an empty header are different requests (the second is 400 invalid_account): never one key.
    const account = request.accountHeader === undefined ? '-' : `=${request.accountHeader}`;
    const key = this.fingerprint.of(request.token, `${request.surface}\n${account}`);
    const cached = this.cache.get(key);
    if (cached) {
      this.onCachedUse(cached);
      return { ok: true, claims: cached };
    }
    // T2: garbage is refused here, before any cache entry, auth-service call or I/O. (Nothing malformed is
    // ever cached, so the hit path above need not parse.)
    if (parseToken(request.token).kind === 'malformed') return deny('malformed_token');
    return this.verifyUncached(request, key);
  }

  private async verifyUncached(request: VerifyRequest, key: string): Promise<Verdict> {
    const started = this.cache.begin();
    const verdict = await this.service.verify(request);
    if (verdict.ok) this.cache.set(key, verdict.claims, started);
    return verdict;
  }

  /**
   * T7: this instance forgets the credential before the caller answers, then every other instance is told.
   * A failed publish is the caller's error to report: the revocation is stored but not yet everywhere.
   */
  async revoke(revocation: Revocation): Promise<void> {
    this.cache.revoke(revocation);
    try {
      await this.bus.publish(revocation);
    } catch {
      throw new HubError(
        'service_unavailable',
        'the change is saved, but not every hub instance could be told yet; repeat the request',
      );
    }
  }

  get subscribed(): boolean {
    return this.bus.subscribed;
  }
}
