// The auth middleware's logic (SPEC T5–T7): triage without I/O, the per-instance verdict cache, the
// auth-service (in-process or gRPC) on a miss, and revocations in both directions.
import { timingSafeEqual } from 'node:crypto';
import { HubError } from '../errors.js';
import type { AuthService, VerifyRequest } from './auth-service.js';
import { deny, type Claims, type Verdict } from './claims.js';
import type { RefusalCache } from './refusal-cache.js';
import type { Revocation, RevocationBus } from './revocation-bus.js';
import { TokenFingerprint } from './token-fingerprint.js';
import { parseToken } from './token-format.js';
import type { VerdictCache } from './verdict-cache.js';

/**
 * The last credential a connection presented and its cache key. A keep-alive client (an SDK, a CI job, a
 * server) sends the same bearer on every request of a connection; remembering its HMAC for that connection
 * spares recomputing it, the largest cost of a cache hit (P1). It is only a memo of the key: the verdict is
 * still looked up in the cache, so revocations and the fail-closed rule apply exactly as without it.
 */
interface ConnectionMemo {
  token: Buffer;
  context: string;
  key: string;
}

export class AuthGate {
  /** Cache keys are HMACs under a key of this process: the plaintext never becomes a key (T6). */
  private readonly fingerprint = new TokenFingerprint();
  /** Per connection (its socket), weakly held: gone with the connection. */
  private readonly memos = new WeakMap<object, ConnectionMemo>();

  constructor(
    private readonly service: AuthService,
    private readonly cache: VerdictCache,
    private readonly bus: RevocationBus,
    /**
     * Told of every successful verdict, and whether the cache served it (K6 keeps last_used_at from cached ones;
     * a fresh one is the auth-service's, which applied K6 itself).
     */
    private readonly onUse: (claims: Claims, cached: boolean) => void = () => undefined,
    /** Issue 7 item 4: recently refused forged keys; undefined = none remembered. */
    private readonly refusals?: RefusalCache,
  ) {
    bus.onRevocation((revocation) => {
      cache.revoke(revocation);
      refusals?.revoke(revocation);
    });
    bus.onStatus((subscribed) => {
      cache.setTrusted(subscribed);
      refusals?.clear();
    });
    cache.setTrusted(bus.subscribed);
  }

  /**
   * The verdict for a request: synchronously when cached (the hot path of every authenticated request then
   * allocates no promise), otherwise from the auth-service. `admitMiss(client)` is asked before a well-formed
   * credential that is not cached costs any verification work: false answers `rate_limited` at once (issue 7
   * item 4: a client over its budget of failed verifications, which the HTTP edge keeps). The caller passes one
   * function for all requests and the request as `client`, so the cached path allocates nothing for it.
   */
  verify<C>(request: VerifyRequest, connection?: object, admitMiss?: (client: C) => boolean, client?: C): Verdict | Promise<Verdict> {
    // A verdict holds for a token *and* the account it was asked about (a user JWT's X-Account-ID) *and* the
    // surface: an operator-console verdict must never answer for a regular route.
    // "No header" and an empty header are different requests (the second is 400 invalid_account): never one key.
    const account = request.accountHeader === undefined ? '-' : `=${request.accountHeader}`;
    const context = `${request.surface}\n${account}`;
    const key = connection === undefined ? this.fingerprint.of(request.token, context) : this.keyFor(connection, request.token, context);
    const cached = this.cache.get(key);
    if (cached) {
      this.onUse(cached, true);
      return { ok: true, claims: cached };
    }
    // T2: garbage is refused here, before any cache entry, auth-service call or I/O. (Nothing malformed is
    // ever cached, so the hit path above need not parse.)
    const parsed = parseToken(request.token);
    if (parsed.kind === 'malformed') return deny('malformed_token');
    if (admitMiss !== undefined && !admitMiss(client as C)) return deny('rate_limited');
    // Issue 7 item 4: an sk_live_ key refused as unknown a moment ago is refused again without any I/O.
    const keyAccount = parsed.kind === 'key' && parsed.prefix === 'sk_live_' ? parsed.account : undefined;
    if (keyAccount !== undefined && this.refusals?.has(key)) return deny('invalid_token');
    return this.verifyUncached(request, key, keyAccount);
  }

  /**
   * The cache key, from the connection's memo when it presented this very token (and context) last time. The
   * tokens are compared in constant time: behind a proxy one connection may carry many clients' requests, and
   * the remembered token is then another client's secret.
   */
  private keyFor(connection: object, token: string, context: string): string {
    const memo = this.memos.get(connection);
    const presented = Buffer.from(token, 'utf8');
    if (memo !== undefined && memo.context === context && memo.token.length === presented.length && timingSafeEqual(memo.token, presented)) {
      return memo.key;
    }
    const key = this.fingerprint.of(token, context);
    this.memos.set(connection, { token: presented, context, key });
    return key;
  }

  private async verifyUncached(request: VerifyRequest, key: string, keyAccount: string | undefined): Promise<Verdict> {
    const started = this.cache.begin();
    const refusalStarted = this.refusals?.begin() ?? 0;
    const verdict = await this.service.verify(request);
    if (verdict.ok) {
      this.cache.set(key, verdict.claims, started);
      this.onUse(verdict.claims, false);
    }
    // Only an unknown sk_live_ key is remembered as refused: never a transient failure (service_unavailable),
    // never a revoked or expired key (their answers differ, and come from the key's own row).
    else if (verdict.code === 'invalid_token' && keyAccount !== undefined) this.refusals?.add(key, keyAccount, refusalStarted);
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

  /** The verdict cache's epoch now: the middleware keeps it with the request, for recheck() before answering. */
  get epoch(): number {
    return this.cache.currentEpoch;
  }

  /**
   * Issue 7: a request's verdict, taken at epoch `since`, checked again before its answer is sent, so a slow
   * handler (one that waited on a silent database, say) never answers with a credential revoked meanwhile.
   * Nothing happened since (the hot path): undefined, synchronously. A revocation that concerns the claims, or a
   * lapse of the subscription's trust: the credential is verified afresh, bypassing the cache, and that verdict
   * answers.
   */
  recheck(request: () => VerifyRequest | undefined, claims: Claims, since: number): Promise<Verdict> | undefined {
    if (this.cache.standsSince(since, claims) === 'yes') return undefined;
    // Read from the request only now: the hot path does not parse its Authorization header a second time.
    const fresh = request();
    return fresh === undefined ? undefined : this.service.verify(fresh);
  }
}
