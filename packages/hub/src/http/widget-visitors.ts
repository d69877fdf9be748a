// W5: the widget's public visitor endpoints (each also at /v1 and /hub-api/api/v1), and their CORS preflights:
//   POST /api/v1/widget/auth/guest      {agent_id?}              → {token, expires_in}
//   POST /api/v1/widget/auth/exchange   {user_token, agent_id?}  → {token, refresh_token, expires_in}
//   POST /api/v1/widget/auth/refresh    {refresh_token}          → {token, refresh_token, expires_in}
//   POST /api/v1/widget/connect         (Bearer visitor token)   → {session_id, status, agent}
//   GET  /api/v1/widget/sessions/{id}   (Bearer visitor token)   → {session_id, status, duration_seconds, …}
//   POST /api/v1/widget/sessions/{id}/end (Bearer visitor token) → {session_id, status, duration_seconds}
// (The user token itself comes from the customer's backend: POST /api/v1/widget/auth/user-token, a protected
// route, widget-user-tokens.ts.)
//
// Every one first runs steps 1–5 of every public widget endpoint (widget-admission.ts: `?client_key=` or the
// body's, the Origin against the key's allowlist, W6's per-IP budget, the key active). So a disabled or deleted
// widget key ends everything it issued at once: its visitor tokens and refresh chains are refused from then on
// (403 key_revoked / 401 invalid_token), and its live web sessions are ended (widget-keys.ts).
//
// A token is bound to the key that issued it: `acct` and `wk` must be the admitted key's account and id, else
// the token is invalid (a visitor token of one site's key is no credential for another's).
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isAgentId } from '../agents/agent-id.js';
import { findAgent, type AgentRecord } from '../agents/agent-store.js';
import { readCallLimits } from '../calls/call-limits-store.js';
import { HubError } from '../errors.js';
import type { CostCapLimiter } from '../limits/cost-caps.js';
import type { AccountRecord } from '../tenancy/catalog.js';
import { poolTransaction } from '../tenancy/pool-transaction.js';
import type { Queryable } from '../tenancy/queryable.js';
import {
  admitsVisitorKind,
  storedAgentWidgetPolicy,
  type AgentWidgetPolicyReader,
} from '../widget/agent-widget-policy.js';
import { purgeExpiredVisitorAuth, rotateRefreshToken, spendUserToken, startRefreshChain } from '../widget/visitor-auth-store.js';
import {
  REFRESH_TOKEN_TTL_SECONDS,
  VISITOR_TOKEN_TTL_SECONDS,
  type VisitorTokens,
  type WidgetTokenClaims,
} from '../widget/visitor-tokens.js';
import { capScopeOf, recordWidgetKeyUse, type StoredWidgetKey } from '../widget/widget-key-store.js';
import { findVisitorSession, type WebSessionRow } from '../widget/web-session-store.js';
import type { WebSessions } from '../widget/web-sessions.js';
import { bearerToken } from './authenticate.js';
import { costCapped } from './cost-cap-reply.js';
import { parseBody, resourceId } from './request-body.js';
import {
  admitWidgetRequest,
  queryValue,
  WIDGET_DEFAULT_BUDGET,
  WIDGET_SESSION_POLL_BUDGET,
  type WidgetBudget,
  type WidgetDeps,
} from './widget-admission.js';
import { allowPreflight, varyByOrigin } from './widget-origin.js';
import { operation, preflightOperation, timestamp, type Operation } from './operations.js';

export interface WidgetVisitorDeps extends WidgetDeps {
  visitorTokens: VisitorTokens;
  webSessions: WebSessions;
  costCaps: CostCapLimiter;
  /** W7's per-agent policy; every agent has the default (widget on, guests and users) when absent. */
  agentPolicy?: AgentWidgetPolicyReader | undefined;
  /** The hub's clock (ms). */
  now: () => number;
}

// Unknown fields (client_key among them, read by the admission) are dropped; wrong types are 400 invalid_body.
const agentField = z.string().min(1).max(64).optional();
const guestBody = z.object({ agent_id: agentField });
const exchangeBody = z.object({ user_token: z.string().max(8192).optional(), agent_id: agentField });
const refreshBody = z.object({ refresh_token: z.string().max(8192).optional() });

const TAG = 'widget';
const visitorTokenSchema = z.object({ token: z.string(), expires_in: z.int() }).meta({ id: 'VisitorToken' });
const visitorTokensSchema = z
  .object({ token: z.string(), refresh_token: z.string().describe('Single use; refreshing returns a new one.'), expires_in: z.int() })
  .meta({ id: 'VisitorTokens' });
const noStoreHeader = { 'Cache-Control': 'no-store' };
const guestOp: Operation = {
  id: 'widgetGuestSignIn',
  summary: 'A guest visitor token (15 min)',
  tag: TAG,
  access: 'widget_key',
  body: guestBody,
  responses: { 200: visitorTokenSchema },
  headers: noStoreHeader,
  errors: ['missing_agent', 'not_found', 'guest_not_allowed'],
};
const exchangeOp: Operation = {
  id: 'widgetExchangeUserToken',
  summary: "Exchange a user token (single use) for a visitor token and a refresh token",
  tag: TAG,
  access: 'widget_key',
  body: exchangeBody,
  responses: { 200: visitorTokensSchema },
  headers: noStoreHeader,
  errors: ['missing_or_expired_token', 'missing_agent', 'not_found', 'user_not_allowed'],
};
const refreshOp: Operation = {
  id: 'widgetRefresh',
  summary: 'A new visitor token and refresh token (reusing a spent refresh token revokes its chain)',
  tag: TAG,
  access: 'widget_key',
  body: refreshBody,
  responses: { 200: visitorTokensSchema },
  headers: noStoreHeader,
  errors: ['missing_or_expired_refresh_token', 'user_not_allowed'],
};
const sessionStartedSchema = z
  .object({
    session_id: z.uuid(),
    status: z.literal('in-progress'),
    agent: z.object({ id: z.string(), name: z.string(), greeting_message: z.string() }),
  })
  .meta({ id: 'WebSessionStarted' });
const connectOp: Operation = {
  id: 'widgetConnect',
  summary: 'Start a web session with the agent, under the cost caps (L2)',
  tag: TAG,
  access: 'visitor',
  responses: { 200: sessionStartedSchema },
  errors: ['not_found', 'widget_disabled', 'guest_not_allowed', 'user_not_allowed', 'cost_cap'],
};
const webSessionSchema = z
  .object({ session_id: z.uuid(), status: z.string(), duration_seconds: z.int().nullable(), created_at: timestamp, ended_at: timestamp.nullable() })
  .meta({ id: 'WebSession' });
const sessionId = { id: 'the session id (UUID)' };
const sessionOp: Operation = { id: 'widgetGetSession', summary: "The visitor's own web session", tag: TAG, access: 'visitor', params: sessionId, responses: { 200: webSessionSchema } };
const sessionEndedSchema = z.object({ session_id: z.uuid(), status: z.string(), duration_seconds: z.int().nullable() });
const endSessionOp: Operation = {
  id: 'widgetEndSession',
  summary: "End the visitor's web session (ending an ended session changes nothing)",
  tag: TAG,
  access: 'visitor',
  params: sessionId,
  responses: { 200: sessionEndedSchema },
};
const PREFLIGHTS: Record<string, Operation> = {
  '/widget/auth/guest': preflightOperation('preflightWidgetGuestSignIn', 'POST /widget/auth/guest'),
  '/widget/auth/exchange': preflightOperation('preflightWidgetExchangeUserToken', 'POST /widget/auth/exchange'),
  '/widget/auth/refresh': preflightOperation('preflightWidgetRefresh', 'POST /widget/auth/refresh'),
  '/widget/connect': preflightOperation('preflightWidgetConnect', 'POST /widget/connect'),
  '/widget/sessions/:id': preflightOperation('preflightWidgetGetSession', 'GET /widget/sessions/{id}'),
  '/widget/sessions/:id/end': preflightOperation('preflightWidgetEndSession', 'POST /widget/sessions/{id}/end'),
};

/** What a visitor token (use 'visitor') says, checked for shape. */
interface VisitorClaims {
  sub: string;
  acct: string;
  wk: string;
  agent: string;
  kind: 'guest' | 'user';
  name?: string;
  email?: string;
  chain?: string;
}

/** The identity a user visitor carries from the user token into its visitor and refresh tokens. */
function userIdentity(claims: Record<string, unknown>): { name?: string; email?: string } {
  return {
    ...(typeof claims['name'] === 'string' ? { name: claims['name'] } : {}),
    ...(typeof claims['email'] === 'string' ? { email: claims['email'] } : {}),
  };
}

/** OAuth 2.0 (RFC 6749 §5.1): an answer carrying tokens is never cached. */
function noStore(reply: FastifyReply): void {
  reply.header('cache-control', 'no-store');
}

/** The preflight of a public widget route: the key and the Origin are admitted as for the route itself. */
function preflight(
  scope: FastifyInstance,
  deps: WidgetVisitorDeps,
  path: string,
  methods: string,
  route: string,
  budget: WidgetBudget = WIDGET_DEFAULT_BUDGET,
): void {
  const op = PREFLIGHTS[path.replace(/^(\/hub-api)?(\/api)?\/v1/, '')];
  scope.options(path, op ? operation(op) : {}, async (request, reply) => {
    if (typeof request.headers.origin !== 'string') throw new HubError('origin_required');
    await admitWidgetRequest(request, reply, deps, route, budget);
    return allowPreflight(reply, methods, 'Authorization, Content-Type');
  });
}

/** As W4: a pinned key forces its agent; otherwise agent_id is required (400) and must be one of the account's (404). */
async function widgetAgent(db: Queryable, widgetKey: StoredWidgetKey, asked: string | undefined): Promise<AgentRecord> {
  const agentId = widgetKey.agent_id ?? asked;
  if (agentId === undefined || agentId === '') throw new HubError('missing_agent');
  const agent = isAgentId(agentId) ? await findAgent(db, agentId) : undefined;
  if (!agent) throw new HubError('not_found', 'no agent with that id');
  return agent;
}

/** K6's rule, as W4 applies it: the first use is written before answering, later ones at most once a minute, off the path. */
async function noteKeyUse(db: Queryable, widgetKey: StoredWidgetKey): Promise<void> {
  if (widgetKey.last_used_at === null) await recordWidgetKeyUse(db, widgetKey.id);
  else if (Date.now() - widgetKey.last_used_at.getTime() >= 60_000) void recordWidgetKeyUse(db, widgetKey.id).catch(() => undefined);
}

/**
 * The request's visitor: `Authorization: Bearer <visitor token>` (401 missing_token without one), valid and
 * issued through the admitted key (401 invalid_token otherwise: expired, forged, another key's or account's).
 */
async function visitorOf(
  request: FastifyRequest,
  deps: WidgetVisitorDeps,
  account: AccountRecord,
  widgetKey: StoredWidgetKey,
): Promise<VisitorClaims> {
  const token = bearerToken(request);
  if (token === undefined) throw new HubError('missing_token');
  const verdict = await deps.visitorTokens.verify('visitor', token);
  if (!verdict.ok) throw new HubError('invalid_token');
  const c = verdict.claims;
  if (
    c['acct'] !== account.slug ||
    c['wk'] !== widgetKey.id ||
    typeof c['agent'] !== 'string' ||
    (c['kind'] !== 'guest' && c['kind'] !== 'user')
  ) {
    throw new HubError('invalid_token');
  }
  return {
    sub: c.sub,
    acct: c['acct'],
    wk: c['wk'],
    agent: c['agent'],
    kind: c['kind'],
    ...userIdentity(c),
    ...(typeof c['chain'] === 'string' ? { chain: c['chain'] } : {}),
  };
}

/** A session's id from the path; one that cannot name a row is "not found", like another visitor's. */
function sessionIdParam(value: string): string {
  try {
    return resourceId(value);
  } catch {
    throw new HubError('not_found', 'no session with that id');
  }
}

function sessionView(session: WebSessionRow) {
  return {
    session_id: session.id,
    status: session.status,
    duration_seconds: session.duration_seconds,
    created_at: session.created_at,
    ended_at: session.ended_at,
  };
}

export function widgetVisitorRoutes(app: FastifyInstance, deps: WidgetVisitorDeps, prefixes: readonly string[]): void {
  const policyOf = deps.agentPolicy ?? storedAgentWidgetPolicy;
  const nowDate = () => new Date(deps.now());

  /** A visitor token and a refresh token for a user visitor of `chain`. */
  async function userTokens(base: WidgetTokenClaims & { acct: string; wk: string; agent: string }, chain: string) {
    const claims = { ...base, kind: 'user', chain };
    const visitor = await deps.visitorTokens.sign('visitor', claims, VISITOR_TOKEN_TTL_SECONDS);
    const refresh = await deps.visitorTokens.sign('refresh', claims, REFRESH_TOKEN_TTL_SECONDS);
    return { visitor, refresh };
  }

  void app.register(async (scope) => {
    varyByOrigin(scope);
    // The widget reads these on a cross-origin answer (Fetch §3.2.5: only safelisted headers are exposed otherwise):
    // how long to wait after a 429, and the request id to quote.
    scope.addHook('onRequest', (_request, reply, done) => {
      reply.header('access-control-expose-headers', 'Retry-After, X-Request-Id');
      done();
    });

    for (const prefix of prefixes) {
      // --- guest -------------------------------------------------------------------------------------------
      scope.post<{ Reply: z.output<typeof visitorTokenSchema> }>(`${prefix}/widget/auth/guest`, operation(guestOp), async (request, reply) => {
        const { account, widgetKey } = await admitWidgetRequest(request, reply, deps, 'guest');
        const body = parseBody(guestBody, request.body);
        return deps.tenancy.pools.use(account, async (db) => {
          const agent = await widgetAgent(db, widgetKey, body.agent_id ?? queryValue(request, 'agent_id'));
          const policy = await policyOf(db, agent.id);
          if (!admitsVisitorKind(policy.auth_mode, 'guest')) throw new HubError('guest_not_allowed');
          // A guest is nobody in particular: a fresh subject each time, so its sessions are its own.
          const signed = await deps.visitorTokens.sign(
            'visitor',
            { sub: `guest:${randomUUID()}`, acct: account.slug, wk: widgetKey.id, agent: agent.id, kind: 'guest' },
            VISITOR_TOKEN_TTL_SECONDS,
          );
          await noteKeyUse(db, widgetKey);
          noStore(reply);
          return { token: signed.token, expires_in: VISITOR_TOKEN_TTL_SECONDS };
        });
      });
      preflight(scope, deps, `${prefix}/widget/auth/guest`, 'POST, OPTIONS', 'guest');

      // --- exchange: a user token (single use) for a visitor token and the first refresh token of a chain ---
      scope.post<{ Reply: z.output<typeof visitorTokensSchema> }>(`${prefix}/widget/auth/exchange`, operation(exchangeOp), async (request, reply) => {
        const { account, widgetKey } = await admitWidgetRequest(request, reply, deps, 'exchange');
        const body = parseBody(exchangeBody, request.body);
        // Expired, forged, already used or another account's: one answer, so a page learns nothing about which.
        const refused = () => new HubError('missing_or_expired_token');
        if (body.user_token === undefined) throw refused();
        const verdict = await deps.visitorTokens.verify('user_token', body.user_token);
        if (!verdict.ok || verdict.claims['acct'] !== account.slug || !verdict.claims.sub.startsWith('user:')) throw refused();
        const userToken = verdict;
        return deps.tenancy.pools.use(account, async (db) => {
          const agent = await widgetAgent(db, widgetKey, body.agent_id ?? queryValue(request, 'agent_id'));
          const policy = await policyOf(db, agent.id);
          if (!admitsVisitorKind(policy.auth_mode, 'user')) throw new HubError('user_not_allowed');
          const chain = randomUUID();
          const base = { sub: userToken.claims.sub, acct: account.slug, wk: widgetKey.id, agent: agent.id, ...userIdentity(userToken.claims) };
          const { visitor, refresh } = await userTokens(base, chain);
          // The spend and the chain commit together: a token is spent only by an exchange that answered.
          const spent = await poolTransaction(db, async (tx) => {
            if (!(await spendUserToken(tx, userToken.claims.jti, userToken.expiresAt))) return false;
            await startRefreshChain(tx, {
              chainId: chain,
              widgetKeyId: widgetKey.id,
              visitorSub: base.sub,
              jti: refresh.id,
              expiresAt: refresh.expiresAt,
            });
            return true;
          });
          if (!spent) throw refused();
          await noteKeyUse(db, widgetKey);
          await purgeExpiredVisitorAuth(db, nowDate()).catch((err: unknown) => request.log.warn({ err }, 'purging expired visitor tokens failed'));
          noStore(reply);
          return { token: visitor.token, refresh_token: refresh.token, expires_in: VISITOR_TOKEN_TTL_SECONDS };
        });
      });
      preflight(scope, deps, `${prefix}/widget/auth/exchange`, 'POST, OPTIONS', 'exchange');

      // --- refresh: single use, rotating, with reuse detection (OAuth 2.1 §4.3.1) ------------------------------
      scope.post<{ Reply: z.output<typeof visitorTokensSchema> }>(`${prefix}/widget/auth/refresh`, operation(refreshOp), async (request, reply) => {
        const { account, widgetKey } = await admitWidgetRequest(request, reply, deps, 'refresh');
        const body = parseBody(refreshBody, request.body);
        const refused = () => new HubError('missing_or_expired_refresh_token');
        if (body.refresh_token === undefined) throw refused();
        const verdict = await deps.visitorTokens.verify('refresh', body.refresh_token);
        if (!verdict.ok) throw refused();
        const c = verdict.claims;
        const chain = c['chain'];
        const agentId = c['agent'];
        if (c['acct'] !== account.slug || c['wk'] !== widgetKey.id || typeof chain !== 'string' || typeof agentId !== 'string') {
          throw refused();
        }
        return deps.tenancy.pools.use(account, async (db) => {
          // The agent's policy may have changed since the exchange: a guest-only agent takes no user visitor.
          const policy = await policyOf(db, agentId);
          if (!admitsVisitorKind(policy.auth_mode, 'user')) throw new HubError('user_not_allowed');
          const base = { sub: c.sub, acct: account.slug, wk: widgetKey.id, agent: agentId, ...userIdentity(c) };
          const { visitor, refresh } = await userTokens(base, chain);
          // Committed whatever the outcome: a reuse revokes the chain although this request fails.
          const outcome = await poolTransaction(db, (tx) =>
            rotateRefreshToken(tx, { jti: c.jti, chainId: chain, widgetKeyId: widgetKey.id }, { jti: refresh.id, expiresAt: refresh.expiresAt }),
          );
          if (outcome === 'reused') {
            request.log.warn({ chain }, 'a spent refresh token was presented again; its chain is revoked (W5 reuse detection)');
          }
          if (outcome !== 'rotated') throw refused();
          noStore(reply);
          return { token: visitor.token, refresh_token: refresh.token, expires_in: VISITOR_TOKEN_TTL_SECONDS };
        });
      });
      preflight(scope, deps, `${prefix}/widget/auth/refresh`, 'POST, OPTIONS', 'refresh');

      // --- connect: a web session, under the account's cost caps exactly like a call (L2) ---------------------
      scope.post<{ Reply: z.output<typeof sessionStartedSchema> }>(`${prefix}/widget/connect`, operation(connectOp), async (request, reply) => {
        const { account, widgetKey } = await admitWidgetRequest(request, reply, deps, 'connect');
        const visitor = await visitorOf(request, deps, account, widgetKey);
        // A key pinned to another agent since the token was issued: the token no longer fits the key.
        if (widgetKey.agent_id !== null && widgetKey.agent_id !== visitor.agent) throw new HubError('invalid_token');
        return deps.tenancy.pools.use(account, async (db) => {
          const agent = isAgentId(visitor.agent) ? await findAgent(db, visitor.agent) : undefined;
          if (!agent) throw new HubError('not_found', 'no agent with that id');
          const policy = await policyOf(db, agent.id);
          if (!policy.widget_enabled) throw new HubError('widget_disabled');
          // The policy may have changed since the token was issued.
          if (!admitsVisitorKind(policy.auth_mode, visitor.kind)) {
            throw new HubError(visitor.kind === 'guest' ? 'guest_not_allowed' : 'user_not_allowed');
          }
          // Before the slot is taken: a failure here must not leave a session without an answer.
          await noteKeyUse(db, widgetKey);
          // Sessions whose instance died before their time limit: ended (minutes counted) before counting anew.
          await deps.webSessions.sweepOverdue(db, account.slug).catch((err: unknown) => request.log.warn({ err }, 'sweeping overdue web sessions failed'));
          // L2, as originate: the account's own caps, at most its plan's ceilings (read fresh); fail closed.
          const caps = await readCallLimits(db, (await deps.tenancy.account(account.slug)).costCapCeilings);
          const sessionId = randomUUID();
          // W6: the key's own caps, if its owner set any, in the same atomic step as the account's.
          const admission = await deps.costCaps.admit(account.slug, caps, sessionId, capScopeOf(widgetKey)).catch((err: unknown) => {
            request.log.error({ err }, 'cost caps unavailable');
            throw new HubError('service_unavailable', 'the cost caps cannot be counted right now; no session was started');
          });
          if (!admission.ok) throw costCapped(reply, admission);
          const session = await deps.webSessions.open(db, admission.slot, { agentId: agent.id, widgetKeyId: widgetKey.id, sub: visitor.sub });
          request.log.info({ session_id: session.id }, 'web session started');
          return {
            session_id: session.id,
            status: 'in-progress',
            agent: { id: agent.id, name: agent.name, greeting_message: agent.greeting_message },
          };
        });
      });
      preflight(scope, deps, `${prefix}/widget/connect`, 'POST, OPTIONS', 'connect');

      // --- the visitor's own session -----------------------------------------------------------------------
      scope.get<{ Params: { id: string }; Reply: z.output<typeof webSessionSchema> }>(`${prefix}/widget/sessions/:id`, operation(sessionOp), async (request, reply) => {
        const { account, widgetKey } = await admitWidgetRequest(request, reply, deps, 'session', WIDGET_SESSION_POLL_BUDGET);
        const visitor = await visitorOf(request, deps, account, widgetKey);
        const id = sessionIdParam(request.params.id);
        return deps.tenancy.pools.use(account, async (db) => {
          const who = { widgetKeyId: widgetKey.id, sub: visitor.sub };
          let session = await findVisitorSession(db, id, who);
          if (!session) throw new HubError('not_found', 'no session with that id');
          // Past its time limit with nobody left to end it (its instance died): ended now, as it should have been.
          if (session.status === 'in-progress' && deps.now() - session.created_at.getTime() >= deps.webSessions.maxSeconds * 1000) {
            await deps.webSessions.end(db, account.slug, { id });
            session = (await findVisitorSession(db, id, who)) ?? session;
          }
          return sessionView(session);
        });
      });
      preflight(scope, deps, `${prefix}/widget/sessions/:id`, 'GET, OPTIONS', 'session', WIDGET_SESSION_POLL_BUDGET);

      scope.post<{ Params: { id: string }; Reply: z.output<typeof sessionEndedSchema> }>(`${prefix}/widget/sessions/:id/end`, operation(endSessionOp), async (request, reply) => {
        const { account, widgetKey } = await admitWidgetRequest(request, reply, deps, 'session-end');
        const visitor = await visitorOf(request, deps, account, widgetKey);
        const id = sessionIdParam(request.params.id);
        return deps.tenancy.pools.use(account, async (db) => {
          const who = { widgetKeyId: widgetKey.id, sub: visitor.sub };
          if (!(await findVisitorSession(db, id, who))) throw new HubError('not_found', 'no session with that id');
          // Idempotent: ending an ended session changes nothing and answers as the first end did.
          await deps.webSessions.end(db, account.slug, { id });
          const session = await findVisitorSession(db, id, who);
          if (!session) throw new HubError('not_found', 'no session with that id');
          return { session_id: session.id, status: session.status, duration_seconds: session.duration_seconds };
        });
      });
      preflight(scope, deps, `${prefix}/widget/sessions/:id/end`, 'POST, OPTIONS', 'session-end');
    }
  });
}
