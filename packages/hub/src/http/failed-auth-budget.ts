// Issue 7 item 4: a per-IP budget of failed verifications. A well-formed sk_live_ key is free to forge (T1's
// checksum is public), so every verification that ends in a refusal after doing verification work — 401
// invalid_token or key_expired, 403 key_revoked or account_mismatch, a refusal remembered by the negative cache
// included — spends one unit of the client IP's budget, counted by the rate limiter (Redis, shared by every
// instance; in-process without REDIS_URL). Once it is spent the answer is 429 rate_limited with Retry-After, and
// this instance remembers the block until the window resets, so that an IP over its budget costs no I/O at all:
// any request of it that would need verifying (not served by the verdict cache) is answered 429 at once. Other
// instances learn of the block from the shared counter at that IP's next failure there.
//
// What never spends: a missing token (401 missing_token) and a malformed one (400, T2: no database, no Redis);
// a credential served from the verdict cache, which is also never refused by this budget (T6's hot path).
import type { FastifyReply } from 'fastify';
import type { ErrorCode } from '../errors.js';
import { HubError } from '../errors.js';
import type { RequestLimits } from '../limits/request-limits.js';

/**
 * 30 failures per IP per minute: a person mistyping, or a deployment retrying with an old key, stays far below
 * it (one failure a couple of seconds, sustained); a scan for valid keys or live tenants gets 30 tries a minute
 * per address, against 62^32 secrets. The same figure as P0's validate budget, which guards the same question
 * ("does this account exist?") from the other side.
 */
export const FAILED_AUTH_PER_IP_PER_MINUTE = 30;

/** At most this many blocked IPs are remembered locally; beyond, the oldest is forgotten (its next failure costs one
 * Redis call again). */
const MAX_BLOCKED = 10_000;

/** The refusals that spend the budget: each cost verification work (a lookup, a signature check). */
const SPENDING: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['invalid_token', 'key_expired', 'key_revoked', 'account_mismatch']);

export interface FailedAuthBudgetOptions {
  limits: RequestLimits;
  perMinute?: number;
  /**
   * What instances sharing the budget have in common: their control-plane database. Two deployments on one
   * Redis (or concurrent test runs) never spend from each other's budgets.
   */
  deployment: string;
  now?: () => number;
}

export class FailedAuthBudget {
  readonly perMinute: number;
  private readonly route: string;
  private readonly now: () => number;
  /** IP → when its block ends (ms since the epoch); insertion order, oldest first. */
  private readonly blocked = new Map<string, number>();

  constructor(private readonly options: FailedAuthBudgetOptions) {
    this.perMinute = options.perMinute ?? FAILED_AUTH_PER_IP_PER_MINUTE;
    this.route = `auth-failures:${options.deployment}`;
    this.now = options.now ?? Date.now;
  }

  /** Whether the IP spent its budget and the window has not reset yet, as far as this instance knows. */
  isBlocked(ip: string): boolean {
    const until = this.blocked.get(ip);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.blocked.delete(ip);
    return false;
  }

  /** Whether a refusal with this code spends the budget. */
  spends(code: ErrorCode): boolean {
    return SPENDING.has(code);
  }

  /**
   * Spends one unit for the IP. Resolves to undefined while the budget lasts, or to the 429 to answer instead
   * (and the IP is blocked here until the window resets). Rejects when the counter is unreachable: the caller
   * fails closed (503), as the rate limiter does.
   */
  async spend(ip: string, reply: FastifyReply): Promise<HubError | undefined> {
    const admission = await this.options.limits.admitClient(ip, this.route, this.perMinute);
    if (admission.ok) return undefined;
    this.block(ip, this.now() + admission.retryAfterSeconds * 1000);
    return this.refusal(ip, reply);
  }

  /** The 429 for a blocked IP: R2's format, naming this budget, with Retry-After to the window's end. */
  refusal(ip: string, reply: FastifyReply): HubError {
    const until = this.blocked.get(ip) ?? this.now() + 1000;
    reply.header('retry-after', String(Math.max(1, Math.ceil((until - this.now()) / 1000))));
    return new HubError('rate_limited', `failed authentications from this IP: per-minute (${this.perMinute}) exceeded`);
  }

  /** Blocks end at window boundaries, so insertion order is expiry order: the oldest entry is the first to go. */
  private block(ip: string, until: number): void {
    this.blocked.delete(ip);
    this.blocked.set(ip, until);
    if (this.blocked.size > MAX_BLOCKED) {
      const oldest = this.blocked.keys().next();
      if (!oldest.done) this.blocked.delete(oldest.value);
    }
  }
}
