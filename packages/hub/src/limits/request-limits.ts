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
import { planFor, type Admission, type Lease, type LimitPlan, type LimitSubject, type RateLimiter, type SubjectLimits } from './rate-limiter.js';

/** Most cached plans; past it the cache starts over (it refills at one planFor per subject). */
const MAX_CACHED_PLANS = 10_000;

interface CachedPlan {
  plan: LimitPlan;
  /** The limits it was built from (the cached account record's and the claims' objects): a change rebuilds it. */
  accountLimits: SubjectLimits;
  keyLimits: SubjectLimits | undefined;
  /** Valid from when it was built (a clock moved back rebuilds it) to the earliest end of its windows. */
  builtAt: number;
  validUntil: number;
}

/** Whether a cached plan still applies: its windows have not ended and the limits it was built from stand. */
function fresh(c: CachedPlan | undefined, now: number, accountLimits: SubjectLimits, keyLimits: SubjectLimits | undefined): c is CachedPlan {
  return c !== undefined && c.builtAt <= now && now < c.validUntil && c.accountLimits === accountLimits && c.keyLimits === keyLimits;
}

export interface RequestLimitsDeps {
  limiter: RateLimiter;
  /** Active accounts, cached (ActiveAccountCache); `cached` answers without a promise when it can. */
  accounts: { find(slug: string): Promise<AccountRecord | undefined>; cached?(slug: string): AccountRecord | undefined };
  now?: () => number;
}

export class RequestLimits {
  private readonly now: () => number;
  /**
   * The plan of each account, surface and key, reused until its first window ends (issue 10): the same plan
   * object lets the limiter find its allowance without building a key per request.
   */
  private readonly plans = new Map<string, CachedPlan>();
  /**
   * The same, found from the claims object itself: a cached verdict hands every request of a key the same
   * claims, so the hot path builds no cache key. Checked like the map's entries, plus the surface.
   */
  private readonly plansByClaims = new WeakMap<Claims, CachedPlan & { surface: Surface }>();

  constructor(private readonly deps: RequestLimitsDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Admits an authenticated request, or says which limit refused it; undefined when the account is gone. */
  admitRequest(claims: Claims, surface: Surface): Promise<Admission | undefined> {
    const account = this.deps.accounts.cached?.(claims.account);
    if (account) return this.admitFor(account, claims, surface);
    return this.deps.accounts.find(claims.account).then((found) => (found ? this.admitFor(found, claims, surface) : undefined));
  }

  private admitFor(account: AccountRecord, claims: Claims, surface: Surface): Promise<Admission> {
    const keyLimits = claims.key_id !== undefined ? claims.key_limits : undefined;
    const now = this.now();
    const byClaims = this.plansByClaims.get(claims);
    if (fresh(byClaims, now, account.rateLimits, keyLimits) && byClaims.surface === surface) return this.deps.limiter.admit(byClaims.plan);
    const cacheKey = `${claims.account}\0${surface}\0${keyLimits !== undefined ? claims.key_id : ''}`;
    let cached = this.plans.get(cacheKey);
    if (!fresh(cached, now, account.rateLimits, keyLimits)) {
      const base = `kataven:rl:{${claims.account}}:${surface}`;
      const subjects: LimitSubject[] = [{ name: base, limits: account.rateLimits }];
      if (keyLimits !== undefined) subjects.push({ name: `${base}:key:${claims.key_id}`, limits: keyLimits });
      const plan = planFor(subjects, now);
      let validUntil = Infinity;
      for (const w of plan.windows) validUntil = Math.min(validUntil, w.resetAt);
      if (this.plans.size >= MAX_CACHED_PLANS) this.plans.clear();
      cached = { plan, accountLimits: account.rateLimits, keyLimits, builtAt: now, validUntil };
      this.plans.set(cacheKey, cached);
    }
    this.plansByClaims.set(claims, { ...cached, surface });
    return this.deps.limiter.admit(cached.plan);
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
}
