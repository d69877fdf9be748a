// W4 `GET /api/v1/widget/config?client_key=pk_live_…&agent_id=…` (public, also at /v1 and /hub-api/api/v1), and
// its CORS preflight. What the embeddable widget asks first: which agent it talks to, how visitors sign in, and
// how it looks.
//
// Order: steps 1–5 of every public widget endpoint (widget-admission.ts: client key, origin, W6 limits, the
// key, the allowlist), then
//   6. the agent: a pinned key forces its own (an agent_id in the query is ignored); otherwise agent_id is
//      required (400 missing_agent) and must name an agent of the account (404 not_found, as another tenant's)
//   7. W7: the agent's widget policy; widget_enabled false → 403 widget_disabled
//   8. 200 with the account's branding and the agent's auth_mode (W7), with last_used_at recorded (the first
//      use before answering, so W1's DELETE knows "used"; a refused request is no use)
// An answer to an allowed origin echoes it in Access-Control-Allow-Origin, errors after step 5 included, so the
// widget can show them; every answer varies by Origin.
import type { FastifyInstance } from 'fastify';
import { isAgentId } from '../agents/agent-id.js';
import { findAgent } from '../agents/agent-store.js';
import { HubError } from '../errors.js';
import { recordWidgetKeyUse } from '../widget/widget-key-store.js';
import { AGENT_WIDGET_POLICY_DEFAULTS, BRANDING_DEFAULTS, readAgentWidgetPolicy, readBranding } from '../widget/widget-settings-store.js';
import { z } from 'zod';
import { operation, preflightOperation, type Operation } from './operations.js';
import { admitWidgetRequest, queryValue, type WidgetDeps } from './widget-admission.js';
import { brandingSchema } from './widget-settings.js';
import { allowPreflight, varyByOrigin } from './widget-origin.js';

/** W7: what the config answers for an account and an agent nobody configured. */
export const WIDGET_DEFAULTS = {
  ...AGENT_WIDGET_POLICY_DEFAULTS,
  branding: BRANDING_DEFAULTS,
} as const;

export type WidgetConfigDeps = WidgetDeps;

const widgetConfigSchema = z
  .object({
    account: z.string(),
    agent: z.object({ id: z.string(), name: z.string(), greeting_message: z.string() }),
    auth_mode: z.enum(['guest', 'user', 'both']),
    widget_enabled: z.boolean(),
    branding: brandingSchema,
  })
  .meta({ id: 'WidgetConfig' });

const widgetConfigOp: Operation = {
  id: 'getWidgetConfig',
  summary: "The widget's configuration: the agent, its widget policy and the account's branding (W4)",
  description: 'A pinned key forces its agent; otherwise ?agent_id= names it.',
  tag: 'widget',
  access: 'widget_key',
  query: z.object({ agent_id: z.string().optional().describe("The agent, when the key is not pinned to one") }),
  responses: { 200: widgetConfigSchema },
  errors: ['missing_agent', 'not_found', 'widget_disabled'],
};
const widgetConfigPreflightOp = preflightOperation('preflightWidgetConfig', 'GET /widget/config');

export function widgetConfigRoutes(app: FastifyInstance, deps: WidgetConfigDeps, prefixes: readonly string[]): void {
  void app.register(async (scope) => {
    varyByOrigin(scope);
    for (const prefix of prefixes) {
      scope.get<{ Reply: z.output<typeof widgetConfigSchema> }>(`${prefix}/widget/config`, operation(widgetConfigOp), async (request, reply) => {
        const { account, widgetKey } = await admitWidgetRequest(request, reply, deps, 'config');
        const asked = queryValue(request, 'agent_id');
        const agentId = widgetKey.agent_id ?? asked;
        if (agentId === undefined || agentId === '') throw new HubError('missing_agent');
        return deps.tenancy.pools.use(account, async (db) => {
          const agent = isAgentId(agentId) ? await findAgent(db, agentId) : undefined;
          if (!agent) throw new HubError('not_found', 'no agent with that id');
          const [policy, branding] = await Promise.all([readAgentWidgetPolicy(db, agent.id), readBranding(db)]);
          if (!policy.widget_enabled) throw new HubError('widget_disabled');
          // K6's rule for widget keys: the first use is written before answering, later ones at most once a
          // minute (the SQL's own condition) and off the request path.
          if (widgetKey.last_used_at === null) await recordWidgetKeyUse(db, widgetKey.id);
          else if (Date.now() - widgetKey.last_used_at.getTime() >= 60_000) {
            void recordWidgetKeyUse(db, widgetKey.id).catch(() => undefined);
          }
          return {
            account: account.slug,
            agent: { id: agent.id, name: agent.name, greeting_message: agent.greeting_message },
            auth_mode: policy.auth_mode,
            widget_enabled: policy.widget_enabled,
            branding,
          };
        });
      });

      // W3: the preflight of a cross-origin request that a browser does not consider simple.
      scope.options(`${prefix}/widget/config`, operation(widgetConfigPreflightOp), async (request, reply) => {
        if (typeof request.headers.origin !== 'string') throw new HubError('origin_required');
        await admitWidgetRequest(request, reply, deps, 'config');
        return allowPreflight(reply, 'GET, OPTIONS', 'Content-Type');
      });
    }
  });
}
