// W4 `GET /api/v1/widget/config?client_key=pk_live_…&agent_id=…` (public, also at /v1 and /hub-api/api/v1), and
// its CORS preflight. What the embeddable widget asks first: which agent it talks to, how visitors sign in, and
// how it looks.
//
// Order (each step costs more than the one before, so garbage stops early):
//   1. client_key missing → 400 missing_client_key; not a well-formed pk_live_ → 400 malformed_token (T2, no I/O)
//   2. neither Origin nor Referer → 403 origin_required (W3, no I/O)
//   3. W6: 60 requests a minute per client IP per key → 429 rate_limited with Retry-After
//   4. the key (verify-client-key.ts): unknown key or account → 401 invalid_token; revoked → 403 key_revoked
//   5. W3: the origin must match the key's allowlist → 403 origin_not_allowed (no Access-Control-Allow-Origin)
//   6. the agent: a pinned key forces its own (an agent_id in the query is ignored); otherwise agent_id is
//      required (400 missing_agent) and must name an agent of the account (404 not_found, as another tenant's)
//   7. 200, with last_used_at recorded (the first use before answering, so W1's DELETE knows "used")
// An answer to an allowed origin echoes it in Access-Control-Allow-Origin, errors after step 5 included, so the
// widget can show them; every answer varies by Origin.
//
// W7 (widget settings, branding) is not built yet: `auth_mode`, `widget_enabled` and `branding` are the
// documented defaults (WIDGET_DEFAULTS) for every account and agent until it is.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isAgentId } from '../agents/agent-id.js';
import { findAgent } from '../agents/agent-store.js';
import type { KeyHasher } from '../auth/key-hashing.js';
import { HubError } from '../errors.js';
import type { KeyDirectory } from '../keys/key-directory.js';
import type { RequestLimits } from '../limits/request-limits.js';
import type { AccountRecord } from '../tenancy/catalog.js';
import type { Tenancy } from '../tenancy/tenancy.js';
import { triageClientKey, verifyClientKey } from '../widget/verify-client-key.js';
import { recordWidgetKeyUse, type StoredWidgetKey } from '../widget/widget-key-store.js';
import type { FailedAuthBudget } from './failed-auth-budget.js';
import { rateLimited } from './rate-limits.js';
import { admitOrigin, allowPreflight, varyByOrigin, widgetRequestOrigin } from './widget-origin.js';

/** W6 (issue 9's default): requests per minute per client IP per widget key, on each public widget route. */
export const WIDGET_REQUESTS_PER_IP_PER_KEY_PER_MINUTE = 60;

/** W7's defaults, answered until widget settings exist. */
export const WIDGET_DEFAULTS = {
  auth_mode: 'guest',
  widget_enabled: true,
  branding: {
    primary_color: '#2563eb',
    accent_color: '#1e40af',
    logo_url: null,
    launcher_position: 'br',
    launcher_label: 'Talk to us',
    privacy_notice: null,
  },
} as const;

export interface WidgetConfigDeps {
  hasher: KeyHasher;
  directory: KeyDirectory;
  tenancy: Tenancy;
  limits: RequestLimits;
  activeAccounts: { find(slug: string): Promise<AccountRecord | undefined> };
  failedAuth?: FailedAuthBudget | undefined;
}

/** One query value: a repeated parameter (`?a=1&a=2`) is no value. */
function queryValue(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Steps 1–5 above, shared by the route and its preflight: the key's account and row once the request's origin
 * is admitted (and echoed). `route` names the per-IP-per-key budget.
 */
async function admitWidgetRequest(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: WidgetConfigDeps,
  route: string,
): Promise<{ account: AccountRecord; widgetKey: StoredWidgetKey }> {
  const triage = triageClientKey(deps.hasher, queryValue(request, 'client_key'));
  if (!triage.ok) throw new HubError(triage.code);
  const origin = widgetRequestOrigin(request);
  // W6: named after the key's HMAC (T3: never the plaintext); request.ip is the socket's peer or, behind
  // KATAVEN_TRUSTED_PROXIES, the client the proxies name.
  const budget = `widget-${route}:${triage.hash.subarray(0, 12).toString('base64url')}`;
  const admission = await deps.limits
    .admitClient(request.ip, budget, WIDGET_REQUESTS_PER_IP_PER_KEY_PER_MINUTE)
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

export function widgetConfigRoutes(app: FastifyInstance, deps: WidgetConfigDeps, prefixes: readonly string[]): void {
  void app.register(async (scope) => {
    varyByOrigin(scope);
    for (const prefix of prefixes) {
      scope.get(`${prefix}/widget/config`, async (request, reply) => {
        const { account, widgetKey } = await admitWidgetRequest(request, reply, deps, 'config');
        const asked = queryValue(request, 'agent_id');
        const agentId = widgetKey.agent_id ?? asked;
        if (agentId === undefined || agentId === '') throw new HubError('missing_agent');
        return deps.tenancy.pools.use(account, async (db) => {
          const agent = isAgentId(agentId) ? await findAgent(db, agentId) : undefined;
          if (!agent) throw new HubError('not_found', 'no agent with that id');
          // K6's rule for widget keys: the first use is written before answering, later ones at most once a
          // minute (the SQL's own condition) and off the request path.
          if (widgetKey.last_used_at === null) await recordWidgetKeyUse(db, widgetKey.id);
          else if (Date.now() - widgetKey.last_used_at.getTime() >= 60_000) {
            void recordWidgetKeyUse(db, widgetKey.id).catch(() => undefined);
          }
          return {
            account: account.slug,
            agent: { id: agent.id, name: agent.name, greeting_message: agent.greeting_message },
            ...WIDGET_DEFAULTS,
          };
        });
      });

      // W3: the preflight of a cross-origin request that a browser does not consider simple.
      scope.options(`${prefix}/widget/config`, async (request, reply) => {
        if (typeof request.headers.origin !== 'string') throw new HubError('origin_required');
        await admitWidgetRequest(request, reply, deps, 'config');
        return allowPreflight(reply, 'GET, OPTIONS', 'Content-Type');
      });
    }
  });
}
