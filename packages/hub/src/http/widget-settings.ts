// W7: `GET|PATCH /api/v1/widget-settings` (the account's widget branding) and `GET|PATCH
// /api/v1/agents/{id}/widget-settings` (an agent's widget policy), also under /v1 and /hub-api/api/v1, and the
// agent's under the legacy /api and /hub-api/api like C1. Any credential may use them, an sk_live_ key as much as
// a Hub user: like widget keys (W1), they shape only what the public widget shows and admits.
//
// Bodies are strict: an unknown field is 400 invalid_body rather than dropped (§E drops unknown server-set
// fields), because a misspelt setting (`widget_enable: false`) silently ignored would leave a widget on that its
// owner believes off. PATCH answers 200 with the whole object.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isAgentId } from '../agents/agent-id.js';
import { hasCharacters } from '../characters.js';
import { HubError } from '../errors.js';
import type { Tenancy } from '../tenancy/tenancy.js';
import {
  findAgentWidgetPolicy,
  LAUNCHER_POSITIONS,
  readBranding,
  updateAgentWidgetPolicy,
  updateBranding,
  WIDGET_AUTH_MODES,
  type WidgetBranding,
} from '../widget/widget-settings-store.js';
import { claimsOf } from './authenticate.js';
import { inTransaction } from './mutation-transaction.js';
import { operation, type Operation } from './operations.js';
import { parseBody } from './request-body.js';

/** Longest logo URL kept (what browsers and CDNs reliably accept in an `src`). */
export const MAX_LOGO_URL_LENGTH = 2048;
export const MAX_LAUNCHER_LABEL = 40;
export const MAX_PRIVACY_NOTICE = 500;

/** Whitespace, C0 controls or DEL anywhere in the text. */
function hasWhitespaceOrControl(value: string): boolean {
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (code <= 0x20 || code === 0x7f || /\s/.test(char)) return true;
  }
  return false;
}

const color = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour #rrggbb')
  .transform((value) => value.toLowerCase());

/**
 * An absolute https URL without credentials, kept as the URL parser writes it (so what is stored is what a
 * browser would fetch). No whitespace or control characters: the parser would silently strip some of them.
 */
const logoUrl = z
  .string()
  .max(MAX_LOGO_URL_LENGTH, `must be at most ${MAX_LOGO_URL_LENGTH} characters`)
  .transform((value, ctx) => {
    const problem = 'must be an https URL without credentials';
    let url: URL | undefined;
    try {
      url = hasWhitespaceOrControl(value) ? undefined : new URL(value);
    } catch {
      url = undefined;
    }
    if (!url || url.protocol !== 'https:' || url.hostname === '' || url.username !== '' || url.password !== '' || url.href.length > MAX_LOGO_URL_LENGTH) {
      ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
    return url.href;
  });

const launcherLabel = z.string().refine(
  (value) => value.trim().length > 0 && hasCharacters(value, 1, MAX_LAUNCHER_LABEL),
  `must be 1 to ${MAX_LAUNCHER_LABEL} characters, not blank`,
);

/** An empty notice is no notice: stored as null, so the widget has one case to render, not two. */
const privacyNotice = z
  .string()
  .refine((value) => hasCharacters(value, 0, MAX_PRIVACY_NOTICE), `must be at most ${MAX_PRIVACY_NOTICE} characters`)
  .transform((value) => (value.trim() === '' ? null : value));

const brandingPatch = z.strictObject({
  primary_color: color.optional(),
  accent_color: color.optional(),
  logo_url: logoUrl.nullable().optional(),
  launcher_position: z.enum(LAUNCHER_POSITIONS, { error: `must be one of ${LAUNCHER_POSITIONS.join(', ')}` }).optional(),
  launcher_label: launcherLabel.optional(),
  privacy_notice: privacyNotice.nullable().optional(),
});

const agentPolicyPatch = z.strictObject({
  widget_enabled: z.boolean().optional(),
  auth_mode: z.enum(WIDGET_AUTH_MODES, { error: `must be one of ${WIDGET_AUTH_MODES.join(', ')}` }).optional(),
});

/** W7: the account's widget branding. */
export const brandingSchema = z
  .object({
    primary_color: z.string().describe('#rrggbb, lowercase'),
    accent_color: z.string(),
    logo_url: z.string().nullable(),
    launcher_position: z.enum(LAUNCHER_POSITIONS),
    launcher_label: z.string(),
    privacy_notice: z.string().nullable(),
  })
  .meta({ id: 'WidgetBranding' });
/** W7: an agent's widget policy. */
const agentPolicySchema = z
  .object({ widget_enabled: z.boolean(), auth_mode: z.enum(WIDGET_AUTH_MODES) })
  .meta({ id: 'AgentWidgetPolicy' });

const TAG = 'widget-settings';
const agentId = { id: 'agent_<ULID>' };
const getBrandingOp: Operation = { id: 'getWidgetSettings', summary: "The account's widget branding", tag: TAG, access: 'any', responses: { 200: brandingSchema } };
const patchBrandingOp: Operation = {
  id: 'updateWidgetSettings',
  summary: "Change the account's widget branding (strict: an unknown field is 400)",
  tag: TAG,
  access: 'any',
  body: brandingPatch,
  responses: { 200: brandingSchema },
};
const getPolicyOp: Operation = {
  id: 'getAgentWidgetSettings',
  summary: "An agent's widget policy",
  tag: TAG,
  access: 'any',
  params: agentId,
  responses: { 200: agentPolicySchema },
};
const patchPolicyOp: Operation = {
  id: 'updateAgentWidgetSettings',
  summary: "Change an agent's widget policy (strict: an unknown field is 400)",
  tag: TAG,
  access: 'any',
  params: agentId,
  body: agentPolicyPatch,
  responses: { 200: agentPolicySchema },
};

/** STYLE 8: a malformed id, a missing agent and another tenant's agent are one answer. */
function noSuchAgent(): HubError {
  return new HubError('not_found', 'no agent with that id');
}

export function widgetSettingsRoutes(app: FastifyInstance, deps: { tenancy: Tenancy }): void {
  app.get<{ Reply: z.output<typeof brandingSchema> }>('/widget-settings', operation(getBrandingOp), async (request) => deps.tenancy.withDatabase(claimsOf(request).account, readBranding));

  // Mutations run in the request's transaction, committed with their audit row (AU2).
  app.patch<{ Reply: z.output<typeof brandingSchema> }>('/widget-settings', operation(patchBrandingOp), async (request) => {
    const body = parseBody(brandingPatch, request.body);
    const patch: Partial<WidgetBranding> = {};
    for (const [field, value] of Object.entries(body)) if (value !== undefined) Object.assign(patch, { [field]: value });
    return inTransaction(request, deps.tenancy, (db) => updateBranding(db, patch));
  });

  agentWidgetSettingsRoutes(app, deps);
}

/** The per-agent half, also registered under the legacy agent prefixes (server.ts). */
export function agentWidgetSettingsRoutes(app: FastifyInstance, deps: { tenancy: Tenancy }): void {
  app.get<{ Params: { id: string }; Reply: z.output<typeof agentPolicySchema> }>('/agents/:id/widget-settings', operation(getPolicyOp), async (request) => {
    const { account } = claimsOf(request);
    const id = request.params.id;
    if (!isAgentId(id)) throw noSuchAgent();
    const policy = await deps.tenancy.withDatabase(account, (db) => findAgentWidgetPolicy(db, id));
    if (!policy) throw noSuchAgent();
    return policy;
  });

  app.patch<{ Params: { id: string }; Reply: z.output<typeof agentPolicySchema> }>('/agents/:id/widget-settings', operation(patchPolicyOp), async (request) => {
    const id = request.params.id;
    if (!isAgentId(id)) throw noSuchAgent();
    const body = parseBody(agentPolicyPatch, request.body);
    const policy = await inTransaction(request, deps.tenancy, (db) =>
      updateAgentWidgetPolicy(db, id, {
        ...(body.widget_enabled !== undefined ? { widget_enabled: body.widget_enabled } : {}),
        ...(body.auth_mode !== undefined ? { auth_mode: body.auth_mode } : {}),
      }),
    );
    if (!policy) throw noSuchAgent();
    return policy;
  });
}
