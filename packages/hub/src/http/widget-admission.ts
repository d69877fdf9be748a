// W3/W6: what every public widget endpoint runs before its own work, and its preflight. The client key comes from
// the query string (`?client_key=pk_live_…`, the only place a preflight can carry it; widget-origin.ts) or, for a
// POST, from its body when the query has none.
//
// Order (each step costs more than the one before, so garbage stops early):
//   1. client_key missing → 400 missing_client_key; not a well-formed pk_live_ → 400 malformed_token (T2, no I/O)
//   2. neither Origin nor Referer → 403 origin_required (W3, no I/O)
//   3. W6: requests a minute per client IP per key (on this route), and per key (all its routes, every IP)
//      → 429 rate_limited with Retry-After
//   4. the key (verify-client-key.ts): unknown key or account → 401 invalid_token; revoked → 403 key_revoked
//   5. W3: the origin must match the key's allowlist → 403 origin_not_allowed (no Access-Control-Allow-Origin)
// An answer to an allowed origin echoes it in Access-Control-Allow-Origin, later errors included, so the widget
// can show them; every answer varies by Origin (varyByOrigin).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { KeyHasher } from '../auth/key-hashing.js';
import { HubError } from '../errors.js';
import type { KeyDirectory } from '../keys/key-directory.js';
import type { RequestLimits } from '../limits/request-limits.js';
import type { AccountRecord } from '../tenancy/catalog.js';
import type { Tenancy } from '../tenancy/tenancy.js';
import { triageClientKey, verifyClientKey } from '../widget/verify-client-key.js';
import type { StoredWidgetKey } from '../widget/widget-key-store.js';
import type { FailedAuthBudget } from './failed-auth-budget.js';
import { rateLimited } from './rate-limits.js';
import { admitOrigin, widgetRequestOrigin } from './widget-origin.js';

/** W6 (issue 9's default): requests per minute per client IP per widget key, on each public widget route. */
export const WIDGET_REQUESTS_PER_IP_PER_KEY_PER_MINUTE = 60;
/**
 * W6 (issue 9's default): requests per minute per widget key from all IPs together, across all of the key's
 * public widget routes: what one scraped key can cost the hub however many addresses its user has.
 */
export const WIDGET_REQUESTS_PER_KEY_PER_MINUTE = 1000;

/** The budgets a public widget route counts against (W6). */
export interface WidgetBudget {
  perIpPerMinute: number;
  perKeyPerMinute: number;
  /** Names the per-key counter: routes of one class share it. */
  keyClass: string;
}

/** Every widget route but the session poll: W6's defaults, one per-key budget for them all. */
export const WIDGET_DEFAULT_BUDGET: WidgetBudget = {
  perIpPerMinute: WIDGET_REQUESTS_PER_IP_PER_KEY_PER_MINUTE,
  perKeyPerMinute: WIDGET_REQUESTS_PER_KEY_PER_MINUTE,
  keyClass: 'all',
};

/**
 * The open page's poll of its own live session (`GET /widget/sessions/{id}`, every 500 ms so a revoked key shows
 * within a second: 120 a minute per visitor). Under the defaults one visitor would run out after 30 s and sixteen
 * would spend the whole key's budget, so the poll has its own: 150 a minute per IP, 20,000 a minute per key (about
 * 160 live sessions). It answers only with a valid visitor token for a session that took a cost-cap slot, so what
 * a scraped key can start is still bounded by the default budget and the caps.
 */
export const WIDGET_SESSION_POLL_BUDGET: WidgetBudget = { perIpPerMinute: 150, perKeyPerMinute: 20_000, keyClass: 'poll' };

export interface WidgetDeps {
  hasher: KeyHasher;
  directory: KeyDirectory;
  tenancy: Tenancy;
  limits: RequestLimits;
  activeAccounts: { find(slug: string): Promise<AccountRecord | undefined> };
  failedAuth?: FailedAuthBudget | undefined;
}

/** One query value: a repeated parameter (`?a=1&a=2`) is no value. */
export function queryValue(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** The query's client_key, else (a POST) the body's. */
function clientKeyOf(request: FastifyRequest): unknown {
  const fromQuery = queryValue(request, 'client_key');
  if (fromQuery !== undefined) return fromQuery;
  const body = request.body;
  return body !== null && typeof body === 'object' ? (body as Record<string, unknown>)['client_key'] : undefined;
}

/**
 * Steps 1–5 above, shared by the route and its preflight: the key's account and row once the request's origin
 * is admitted (and echoed). `route` names the per-IP-per-key budget.
 */
export async function admitWidgetRequest(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: WidgetDeps,
  route: string,
  budget: WidgetBudget = WIDGET_DEFAULT_BUDGET,
): Promise<{ account: AccountRecord; widgetKey: StoredWidgetKey }> {
  const triage = triageClientKey(deps.hasher, clientKeyOf(request));
  if (!triage.ok) throw new HubError(triage.code);
  const origin = widgetRequestOrigin(request);
  // W6: named after the key's HMAC (T3: never the plaintext); request.ip is the socket's peer or, behind
  // KATAVEN_TRUSTED_PROXIES, the client the proxies name. Both budgets in one step (RequestLimits).
  const keyTag = triage.hash.subarray(0, 12).toString('base64url');
  const admission = await deps.limits
    .admitWidgetClient(request.ip, keyTag, `widget-${route}`, budget)
    .catch((err: unknown) => {
      request.log.error({ err }, 'rate limiter unavailable');
      throw new HubError('service_unavailable');
    });
  if (!admission.ok) throw rateLimited(reply, admission.window, admission.limit, admission.retryAfterSeconds);
  // Issue 7 item 4: an IP that keeps presenting forged keys is stopped before it costs more lookups.
  if (deps.failedAuth?.isBlocked(request.ip)) throw deps.failedAuth.refusal(request.ip, reply);
  const verdict = await verifyClientKey(
    { hasher: deps.hasher, directory: deps.directory, accounts: deps.activeAccounts, pools: deps.tenancy.pools },
    triage.key,
    triage.account,
  );
  if (!verdict.ok) {
    // A revoked key's own allowlist still decides whether the page may read that it was revoked.
    if (verdict.allowlist) admitOrigin(reply, origin, verdict.allowlist);
    const overBudget = await deps.failedAuth?.spend(request.ip, reply).catch((err: unknown) => {
      request.log.error({ err }, 'failed-authentication budget unavailable');
      return new HubError('service_unavailable');
    });
    throw overBudget ?? new HubError(verdict.code);
  }
  if (!admitOrigin(reply, origin, verdict.widgetKey.domain_allowlist)) throw new HubError('origin_not_allowed');
  return verdict;
}
