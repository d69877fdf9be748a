// W1 widget keys (list, create, update, delete) and W7 widget settings (account branding, each agent's policy).
import { z } from 'zod';
import { defineTool, deletedOutput, idArg, noInput, nullableTimestamp, timestamp } from './tool.js';

const capsSchema = z.strictObject({
  concurrent_sessions: z.number().int().min(0).nullable().optional(),
  daily_sessions: z.number().int().min(0).nullable().optional(),
  daily_minutes: z.number().int().min(0).nullable().optional(),
});

const widgetKeySchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  domain_allowlist: z.array(z.string()),
  agent_id: z.string().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
  last_used_at: nullableTimestamp,
  disabled_at: nullableTimestamp,
});

const allowlist = z
  .array(z.string().min(1).max(255))
  .max(100)
  .describe('Origins allowed to embed the widget: https://acme.com, acme.com (https), *.acme.com (subdomains), localhost:*. Replaced whole; empty blocks the key');
const widgetKeyId = idArg('Widget key id (UUID)');

const brandingSchema = z.looseObject({
  primary_color: z.string(),
  accent_color: z.string(),
  logo_url: z.string().nullable(),
  launcher_position: z.string(),
  launcher_label: z.string(),
  privacy_notice: z.string().nullable(),
});

const agentWidgetSchema = z.looseObject({ widget_enabled: z.boolean(), auth_mode: z.string() });
const agentId = idArg('Agent id, agent_<ULID>');
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/).describe('#rrggbb');

export const widgetTools = [
  defineTool({
    name: 'kataven_list_widget_keys',
    title: 'List widget keys',
    description: 'Lists the public widget keys (pk_live_) of the account with their allowed origins, pinned agent and state. Never shows a key itself.',
    kind: 'read',
    input: noInput,
    output: z.strictObject({ widget_keys: z.array(widgetKeySchema) }),
    run: async (client) => ({ widget_keys: await client.widgetKeys.list() }),
    summarize: (r) => `${r.widget_keys.length} widget key(s).`,
  }),
  defineTool({
    name: 'kataven_create_widget_key',
    title: 'Create widget key',
    description: 'Creates a public widget key for embedding the web widget on the allowed origins. The answer holds the pk_live_ key this one time; it is public by design (the allowlist and cost caps protect it).',
    kind: 'create',
    input: z.strictObject({
      name: z.string().min(1).max(100).describe('Name of the key'),
      domain_allowlist: allowlist.optional(),
      agent_id: agentId.nullable().optional().describe('Pin the key to one agent of the account'),
      caps: capsSchema.nullable().optional().describe('Per-key session caps'),
    }),
    output: z.strictObject({ widget_key: widgetKeySchema.extend({ key: z.string() }) }),
    run: async (client, args) => ({ widget_key: await client.widgetKeys.create(args) }),
    summarize: (r) => `Created widget key ${r.widget_key.id}.`,
  }),
  defineTool({
    name: 'kataven_update_widget_key',
    title: 'Update widget key',
    description: 'Changes a widget key: name, allowed origins (replaced whole), pinned agent (null unpins), caps. disabled true revokes the key for good and ends every visitor session it issued.',
    kind: 'update',
    input: z.strictObject({
      widget_key_id: widgetKeyId,
      name: z.string().min(1).max(100).optional(),
      domain_allowlist: allowlist.optional(),
      agent_id: agentId.nullable().optional(),
      disabled: z.boolean().optional().describe('true revokes the key permanently'),
      caps: capsSchema.nullable().optional(),
    }),
    output: z.strictObject({ updated: z.literal(true), id: z.string() }),
    run: async (client, { widget_key_id, ...fields }) => {
      await client.widgetKeys.update(widget_key_id, fields);
      return { updated: true as const, id: widget_key_id };
    },
    summarize: (r) => `Updated widget key ${r.id}.`,
  }),
  defineTool({
    name: 'kataven_delete_widget_key',
    title: 'Delete widget key',
    description: 'Deletes a widget key (revoked and kept for the audit trail if it was ever used). Websites using it stop working. Use it only when the user explicitly asks.',
    kind: 'delete',
    input: z.strictObject({ widget_key_id: widgetKeyId }),
    output: deletedOutput,
    run: async (client, { widget_key_id }) => {
      await client.widgetKeys.delete(widget_key_id);
      return { deleted: true as const, id: widget_key_id };
    },
    summarize: (r) => `Deleted widget key ${r.id}.`,
  }),
  defineTool({
    name: 'kataven_get_widget_settings',
    title: 'Get widget settings',
    description: "Gets the account's web widget branding: colours, logo, launcher position and label, privacy notice.",
    kind: 'read',
    input: noInput,
    output: z.strictObject({ widget_settings: brandingSchema }),
    run: async (client) => ({ widget_settings: await client.widgetSettings.get() }),
    summarize: () => 'Widget settings.',
  }),
  defineTool({
    name: 'kataven_update_widget_settings',
    title: 'Update widget settings',
    description: "Changes the given fields of the account's web widget branding and returns all of it.",
    kind: 'update',
    input: z.strictObject({
      primary_color: color.optional(),
      accent_color: color.optional(),
      logo_url: z.string().url().max(2000).nullable().optional().describe('An https URL, or null'),
      launcher_position: z.enum(['br', 'bl', 'tr', 'tl']).optional(),
      launcher_label: z.string().max(100).optional(),
      privacy_notice: z.string().max(2000).nullable().optional(),
    }),
    output: z.strictObject({ widget_settings: brandingSchema }),
    run: async (client, args) => ({ widget_settings: await client.widgetSettings.update(args) }),
    summarize: () => 'Updated widget settings.',
  }),
  defineTool({
    name: 'kataven_get_agent_widget_settings',
    title: "Get an agent's widget settings",
    description: 'Gets whether the web widget is enabled for an agent and which visitors may talk to it (guest, user, both).',
    kind: 'read',
    input: z.strictObject({ agent_id: agentId }),
    output: z.strictObject({ agent_id: z.string(), widget_settings: agentWidgetSchema }),
    run: async (client, { agent_id }) => ({ agent_id, widget_settings: await client.widgetSettings.getAgent(agent_id) }),
    summarize: (r) => `Widget settings of agent ${r.agent_id}.`,
  }),
  defineTool({
    name: 'kataven_update_agent_widget_settings',
    title: "Update an agent's widget settings",
    description: 'Enables or disables the web widget for an agent, or sets which visitors may talk to it (guest, user, both).',
    kind: 'update',
    input: z.strictObject({
      agent_id: agentId,
      widget_enabled: z.boolean().optional(),
      auth_mode: z.enum(['guest', 'user', 'both']).optional(),
    }),
    output: z.strictObject({ agent_id: z.string(), widget_settings: agentWidgetSchema }),
    run: async (client, { agent_id, ...fields }) => ({ agent_id, widget_settings: await client.widgetSettings.updateAgent(agent_id, fields) }),
    summarize: (r) => `Updated widget settings of agent ${r.agent_id}.`,
  }),
];
