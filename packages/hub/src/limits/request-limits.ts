// R1: which limits one request meets. An authenticated request counts against its account on its surface (api
// or hub, counted apart) and, for an sk_live_ key with sub-limits, against that key on the same surface. The
// account's limits come from the cached catalog record, so the hot path costs no PostgreSQL query.
//
// Redis keys (all of one account share the hash tag `{<account>}`, so a script's keys live on one cluster slot):
//   kataven:rl:{<account>}:<surface>:<m|h|d>:<window index>         account counters, expiring at the window end
//   kataven:rl:{<account>}:<surface>:key:<key id>:<m|h|d>:<index>    key counters (only windows the key limits)
//   kataven:rl:{<account>}:<surface>[:key:<key id>]:inflight         lease sets (sorted sets scored by expiry)
//   kataven:rl:ip:{<ip>}:<route>:m:<index>                           per-IP budgets of public routes (P0)
//   kataven:rl:ip:{<ip>}:auth-failures:<control database>:m:<index>  failed authentications per IP (issue 7 item 4)
//   kataven:rl:wk:{<key tag>}:ip:<ip>:<route>:m:<index>             W6: per client IP per widget key, per route
//   kataven:rl:wk:{<key tag>}:all:m:<index>                          W6: per widget key, all its public routes
import type { Claims, Surface } from '../auth/claims.js';
import type { AccountRecord } from '../tenancy/catalog.js';
import { planFor, type Admission, type Lease, type LimitSubject, type RateLimiter } from './rate-limiter.js';

export interface RequestLimitsDeps {
  limiter: RateLimiter;
  /** Active accounts, cached (ActiveAccountCache). */
  accounts: { find(slug: string): Promise<AccountRecord | undefined> };
  now?: () => number;
}

export class RequestLimits {
  private readonly now: () => number;

  constructor(private readonly deps: RequestLimitsDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Admits an authenticated request, or says which limit refused it; undefined when the account is gone. */
  async admitRequest(claims: Claims, surface: Surface): Promise<Admission | undefined> {
    const account = await this.deps.accounts.find(claims.account);
    if (!account) return undefined;
    const base = `kataven:rl:{${claims.account}}:${surface}`;
    const subjects: LimitSubject[] = [{ name: base, limits: account.rateLimits }];
    if (claims.key_id !== undefined && claims.key_limits !== undefined) {
      subjects.push({ name: `${base}:key:${claims.key_id}`, limits: claims.key_limits });
    }
    return this.deps.limiter.admit(planFor(subjects, this.now()));
  }

  /** P0: a per-client-IP budget of requests per minute on one public route. */
  async admitClient(ip: string, route: string, perMinute: number): Promise<Admission> {
    return this.deps.limiter.admit(planFor([{ name: `kataven:rl:ip:{${ip}}:${route}`, limits: { per_minute: perMinute } }], this.now()));
  }

  /**
   * W6: a public widget request, counted per client IP per key on its route and per key across all of the key's
   * routes (every IP), in one atomic step: a refusal by either consumes neither. `keyTag` names the key (a
   * prefix of its HMAC, never the plaintext, T3) and is the Redis hash tag of both counters, so the one script
   * touches one cluster slot. The per-IP budget is reported first when both are exhausted (it is the lower).
   */
  async admitWidgetClient(
    ip: string,
    keyTag: string,
    route: string,
    limits: { perIpPerMinute: number; perKeyPerMinute: number; keyClass?: string },
  ): Promise<Admission> {
    const base = `kataven:rl:wk:{${keyTag}}`;
    const subjects: LimitSubject[] = [
      { name: `${base}:ip:${ip}:${route}`, limits: { per_minute: limits.perIpPerMinute } },
      { name: `${base}:${limits.keyClass ?? 'all'}`, limits: { per_minute: limits.perKeyPerMinute } },
    ];
    return this.deps.limiter.admit(planFor(subjects, this.now()));
  }

  release(lease: Lease): Promise<void> {
    return this.deps.limiter.release(lease);
  }

  renew(lease: Lease): Promise<void> {
    return this.deps.limiter.renew(lease);
  }

  get leaseTtlMs(): number {
    return this.deps.limiter.leaseTtlMs;
  }
}
