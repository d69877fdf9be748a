// Builds the Fastify app from its parts. Dependencies arrive as arguments; nothing here reads the environment.
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type pg from 'pg';
import type { DevIssuer } from './auth/dev-issuer.js';
import type { KeyHasher } from './auth/key-hashing.js';
import type { AuditTrail } from './audit/audit-trail.js';
import type { KeyDirectory } from './keys/key-directory.js';
import type { AuthGate } from './auth/auth-gate.js';
import type { Surface } from './auth/claims.js';
import type { UserTokenVerifier } from './auth/user-token-verifier.js';
import { adminAccountRoutes } from './http/admin-accounts.js';
import { adminDefinitionRoutes } from './http/admin-only.js';
import { agentRoutes } from './http/agents.js';
import { accountValidationRoutes } from './http/account-validation.js';
import { apiKeyRoutes } from './http/api-keys.js';
import { refuseWritesWhileMoving } from './http/account-freeze.js';
import { authenticate } from './http/authenticate.js';
import { clientErrorHandler } from './http/client-errors.js';
import { devLoginRoutes } from './http/dev-login.js';
import { frameworkErrorReply, installErrorReplies } from './http/error-replies.js';
import { auditRequests } from './http/audit-hooks.js';
import { auditLogRoutes } from './http/audit-log.js';
import { callEventRoutes } from './http/call-events.js';
import { callLimitRoutes } from './http/call-limits.js';
import { callRoutes } from './http/calls.js';
import { healthRoutes } from './http/health.js';
import { apiDocsRoutes } from './http/api-docs.js';
import { honourIdempotencyKeys } from './http/idempotency.js';
import { openApiRoutes } from './http/openapi.js';
import type { DocumentedRoute } from './http/operations.js';
import type { IdempotencyStore } from './idempotency/store.js';
import { jwksRoutes } from './http/jwks.js';
import { mcpRoutes } from './http/mcp.js';
import { requestLogSerializer } from './http/log-redaction.js';
import { closeMutationTransactions } from './http/mutation-transaction.js';
import { publicAccountRoutes } from './http/public-accounts.js';
import { enforceRateLimits } from './http/rate-limits.js';
import { telephonyNumberRoutes } from './http/telephony-numbers.js';
import { telephonyProviderRoutes } from './http/telephony-providers.js';
import { uiStaticRoutes } from './http/ui-static.js';
import { widgetConfigRoutes } from './http/widget-config.js';
import { widgetKeyRoutes } from './http/widget-keys.js';
import { widgetScriptRoutes } from './http/widget-script.js';
import { widgetUserTokenRoutes } from './http/widget-user-tokens.js';
import { widgetVisitorRoutes } from './http/widget-visitors.js';
import { agentWidgetSettingsRoutes, widgetSettingsRoutes } from './http/widget-settings.js';
import { recheckVerdicts } from './http/verdict-recheck.js';
import type { FailedAuthBudget } from './http/failed-auth-budget.js';
import { recordingFileRoutes } from './http/recordings.js';
import { sessionRoutes } from './http/sessions.js';
import type { CallLifecycle } from './calls/call-lifecycle.js';
import type { CallProcessorClient } from './calls/call-processor.js';
import type { CostCapLimiter, LiveCallSlots } from './limits/cost-caps.js';
import { originateRoutes } from './http/calls-originate.js';
import type { RecordingStore } from './calls/recording-store.js';
import type { RecordingUrls } from './calls/recording-urls.js';
import type { ReplayGuard } from './calls/replay-guard.js';
import type { RequestLimits } from './limits/request-limits.js';
import type { SecretBox } from './secrets/secret-box.js';
import type { AccountRecord, Catalog } from './tenancy/catalog.js';
import type { Tenancy } from './tenancy/tenancy.js';
import type { AgentWidgetPolicyReader } from './widget/agent-widget-policy.js';
import type { VisitorTokens } from './widget/visitor-tokens.js';
import type { WebSessions } from './widget/web-sessions.js';

export interface HubServices {
  control: pg.Pool;
  tenancy: Tenancy;
  hasher: KeyHasher;
  /** Issue 7 item 4: minting and deleting keys keep the control plane's key directory current. */
  directory: KeyDirectory;
  gate: AuthGate;
  users: UserTokenVerifier;
  audit: AuditTrail;
  catalog: Catalog;
  createAccount(slug: string): Promise<AccountRecord>;
  /** R1: the rate limits every authenticated request (and P0's validate endpoint, per IP) passes. */
  limits: RequestLimits;
  /** Issue 7 item 4: the per-IP budget of failed verifications; undefined = not counted (tests that measure). */
  failedAuth?: FailedAuthBudget | undefined;
  /** Active accounts, cached (ActiveAccountCache): what the hot paths read instead of the catalog. */
  activeAccounts: { find(slug: string): Promise<AccountRecord | undefined> };
  /** Seals and opens secrets kept at rest (KATAVEN_SECRETS_KEY): carrier credentials (C2). */
  secrets: SecretBox;
  /** C3a/L2: told once when a call ends (the cost caps free its slot and count its minutes). */
  calls: CallLifecycle;
  /** C3a: the call processor (a real one at KATAVEN_CALL_PROCESSOR_URL, or the built-in simulated carrier). */
  callProcessor: CallProcessorClient;
  /** L2: the cost caps every call placement passes, and the leases of the calls this instance placed. */
  costCaps: CostCapLimiter;
  liveCalls: LiveCallSlots;
  /** C3a: what verifies the processor's reports: the shared secret and the replay guard of event ids. */
  callReports: { secret: string; replayGuard: ReplayGuard };
  /** C4: recordings on disk, and the URLs that serve them. */
  recordings: RecordingStore;
  recordingUrls: RecordingUrls;
  /** The hub's public base URL (KATAVEN_HUB_URL, the address `serve` listens on, or setPublicUrl); undefined until known. */
  publicUrl(): string | undefined;
  /** W5: the hub's widget tokens (visitor, user and refresh), signed and verified alike by every instance. */
  visitorTokens: VisitorTokens;
  /** W5: the web sessions the widget starts (cost-cap slots, time limit, ends). */
  webSessions: WebSessions;
  /** W7: an agent's widget policy as the visitor flows read it; absent = the default for every agent. */
  agentPolicy?: AgentWidgetPolicyReader | undefined;
  /** The clock (ms) of report timestamps and recording URL expiry; tests move it. */
  now: () => number;
  /** §E: the first answers of POSTs sent with Idempotency-Key (Redis, or this process without REDIS_URL). */
  idempotency: IdempotencyStore;
  /** Present outside production only (T9). */
  devLogin?: { issuer: DevIssuer; users: { username: string; password: string }[] };
  /** T8's issuer, when configured: the Hub UI signs in there (authorization code + PKCE, §U). */
  oidc?: { issuer: string; audience: string } | undefined;
}

/** SPEC §0: every `/api/v1/x` route is also `/v1/x` (api surface) and `/hub-api/api/v1/x` (legacy prefix). */
export const API_PREFIXES = ['/v1', '/api/v1', '/hub-api/api/v1'] as const;
/** SPEC §0: `/v1/…` is the api surface (api.kataven.ai); every other prefix is the hub surface. */
export function surfaceOfPrefix(prefix: string): Surface {
  return prefix === '/v1' ? 'api' : 'hub';
}
/** Legacy unversioned aliases of the agents routes. */
export const LEGACY_AGENT_PREFIXES = ['/api', '/hub-api/api'] as const;

/** The API's version in the OpenAPI document (info.version). */
export const HUB_API_VERSION = '1.0.0';

export interface ServerOptions {
  logger?: FastifyServerOptions['logger'];
  /**
   * KATAVEN_TRUSTED_PROXIES: the proxies whose X-Forwarded-For sets `request.ip` (per-IP budgets, audit IPs).
   * Empty: none, and request.ip is the socket's peer.
   */
  trustedProxies?: string[];
  /**
   * Issue 7: the whole request, headers and body, must arrive within this (Node's requestTimeout), else 408;
   * KATAVEN_REQUEST_TIMEOUT_MS.
   */
  requestTimeoutMs?: number;
}

export function buildServer(services: HubServices, options: ServerOptions = {}): FastifyInstance {
  const logger = options.logger ?? false;
  const trustedProxies = options.trustedProxies ?? [];
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const app = Fastify({
    // A client that sends its headers or its body slowly (or stops) cannot hold a socket, a concurrency slot or
    // a transaction for long: Node ends such a request, checking every second (its default is every 30 s).
    requestTimeout: requestTimeoutMs,
    http: {
      headersTimeout: Math.min(10_000, requestTimeoutMs),
      connectionsCheckingInterval: 1000,
    },
    // A socket silent for this long (no bytes either way, even mid-request) is closed: the last resort.
    connectionTimeout: 2 * requestTimeoutMs,
    logger:
      logger === false || logger === undefined
        ? false
        : { ...(logger === true ? {} : logger), serializers: { req: requestLogSerializer } },
    genReqId: () => randomUUID(),
    // Issue 7 item 5: behind a load balancer the peer is the proxy. Fastify (proxy-addr) then takes the client
    // from X-Forwarded-For, right to left, skipping only trusted addresses: a client cannot spoof its way past
    // the proxy by sending its own header, since the proxy appends the address it saw.
    trustProxy: trustedProxies.length > 0 ? trustedProxies : false,
    bodyLimit: 1024 * 1024, // §E: 1 MiB JSON
    // A trailing slash and repeated slashes reach the same route.
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
    // Router errors (an over-long path parameter, an undecodable URL) answered in the §E format too.
    frameworkErrors: frameworkErrorReply,
    // What Node's HTTP parser refuses (431, a bad Content-Length…) answered in the §E format too.
    clientErrorHandler,
  });
  app.decorateRequest('claims', null);
  app.decorateRequest('authEpoch', 0);
  app.decorateRequest('rateRelease', null);
  app.decorateRequest('mutationTransaction', null);
  app.decorateRequest('idempotencyClaim', null);
  // §S: every route as registered, with its Operation, for the OpenAPI document (added before any route).
  const documentedRoutes: DocumentedRoute[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      documentedRoutes.push({ method, url: route.url, prefix: route.prefix, operation: route.config?.operation });
    }
  });
  // Callback style: on every request, an async hook would cost a promise for one header.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  installErrorReplies(app);
  // Shutdown: close() reaps only the connections idle at that instant; a keep-alive connection whose response
  // was in flight would then stay open (keepAliveTimeout, 72 s) and hold close() up. Those responses say
  // `Connection: close`, so every connection ends with its last response.
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });

  healthRoutes(app, { control: services.control });
  // §S: the OpenAPI document of every route below, and a reference page that renders it.
  openApiRoutes(app, { routes: () => documentedRoutes, version: HUB_API_VERSION });
  apiDocsRoutes(app);
  publicAccountRoutes(app, { catalog: services.tenancy.catalog, users: services.users, widgetTokens: services.visitorTokens });
  accountValidationRoutes(app, { limits: services.limits, accounts: services.activeAccounts });
  if (services.devLogin) devLoginRoutes(app, services.devLogin);
  // W5/T9: the widget issuer's keys in every mode, and the dev issuer's outside production.
  jwksRoutes(app, { visitorTokens: services.visitorTokens, devIssuer: services.devLogin?.issuer });
  // C3a/C4: public, each authenticated by a signature rather than a bearer (no tenant's request: no rate limit,
  // no audit row).
  callEventRoutes(app, {
    findAccount: (slug) => services.catalog.find(slug),
    withPool: (account, fn) => services.tenancy.pools.use(account, fn),
    calls: services.calls,
    callReports: services.callReports,
    recordings: services.recordings,
    now: services.now,
  });
  recordingFileRoutes(app, services);
  // W3/W4: the widget's public endpoints, each guarded by its client key's allowlist (Origin) instead of a bearer.
  widgetConfigRoutes(app, services, API_PREFIXES);
  // Issue 9: the embeddable widget itself, the script a customer's page loads.
  widgetScriptRoutes(app);
  // §U: the Hub UI, static files at / and its pages, calling the API on this same origin.
  uiStaticRoutes(app, {
    signIn: {
      devLogin: services.devLogin !== undefined,
      ...(services.oidc ? { oidc: { issuer: services.oidc.issuer, clientId: services.oidc.audience } } : {}),
    },
  });
  // W5: visitor sign-in (guest, user-token exchange, refresh) and web sessions, public in the same way.
  widgetVisitorRoutes(app, services, API_PREFIXES);

  /** What every protected scope runs: authentication, then (once answered) the audit trail. */
  // The surface is the scope's, fixed here with its prefix: the router serves `//v1/x` from the `/v1` scope
  // (ignoreDuplicateSlashes), so the route that matched, not the raw URL, says where a request came in.
  const guard = (scope: FastifyInstance, surface: Surface) => {
    // Authentication runs on onRequest, before the body is even read: an anonymous caller costs no parsing.
    scope.addHook('onRequest', authenticate(services.gate, surface, services.failedAuth));
    // A8: an account whose database is moving refuses writes (503, Retry-After) before they count or run.
    refuseWritesWhileMoving(scope, services.activeAccounts, services.now);
    // R1: counted right after authentication, before the body is read.
    enforceRateLimits(scope, services.limits, surface);
    // Issue 7: an answer never outlives a revocation that arrived while it was being made (before the audit
    // hook, so a mutation whose credential was revoked meanwhile rolls back).
    scope.addHook('onSend', recheckVerdicts(services.gate, surface));
    // AU2: a mutation's transaction commits with its audit row there; these end it on every other path.
    scope.addHook('onSend', auditRequests(services.audit));
    closeMutationTransactions(scope);
    // §E: after the audit hook, so the answer kept for an Idempotency-Key is the one sent.
    honourIdempotencyKeys(scope, services.idempotency, surface);
  };
  const protectedRoutes = (surface: Surface) => async (scope: FastifyInstance) => {
    guard(scope, surface);
    apiKeyRoutes(scope, services);
    widgetKeyRoutes(scope, services);
    widgetUserTokenRoutes(scope, services);
    widgetSettingsRoutes(scope, services);
    agentRoutes(scope, services);
    auditLogRoutes(scope, services);
    callLimitRoutes(scope, services);
    telephonyProviderRoutes(scope, services);
    telephonyNumberRoutes(scope, services);
    callRoutes(scope, services);
    originateRoutes(scope, services);
    sessionRoutes(scope, services);
  };
  for (const prefix of API_PREFIXES) void app.register(protectedRoutes(surfaceOfPrefix(prefix)), { prefix });
  // The unversioned /api routes: legacy agent aliases and the O2 definition endpoints.
  for (const prefix of LEGACY_AGENT_PREFIXES) {
    void app.register(
      async (scope) => {
        guard(scope, surfaceOfPrefix(prefix));
        agentRoutes(scope, services);
        agentWidgetSettingsRoutes(scope, services);
        adminDefinitionRoutes(scope, services);
      },
      { prefix },
    );
  }
  // §M: the MCP server for remote AI clients, its own scope: its tool calls re-enter the API routes above in-process.
  void app.register(mcpRoutes({ gate: services.gate, failedAuth: services.failedAuth, publicUrl: () => services.publicUrl() }));
  // O1: the operator console. Its account is kataven-admin, which has no database and so no audit log.
  void app.register(
    async (scope) => {
      scope.addHook('onRequest', authenticate(services.gate, 'operator', services.failedAuth));
      honourIdempotencyKeys(scope, services.idempotency, 'operator');
      adminAccountRoutes(scope, services);
    },
    { prefix: '/api/admin' },
  );
  return app;
}
