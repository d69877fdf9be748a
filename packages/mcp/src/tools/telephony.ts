// C2 telephony: carrier providers and phone numbers, as the SDK exposes them.
import { z } from 'zod';
import { defineTool, deletedOutput, idArg, noInput, timestamp } from './tool.js';

const providerSchema = z.looseObject({
  id: z.string(),
  provider: z.string(),
  name: z.string().nullable(),
  credential_fields: z.array(z.string()),
  created_at: timestamp,
  updated_at: timestamp,
});

const numberSchema = z.looseObject({
  id: z.string(),
  number: z.string(),
  name: z.string().nullable(),
  provider_id: z.string(),
  agent_id: z.string().nullable(),
  inbound_enabled: z.boolean(),
  outbound_enabled: z.boolean(),
  created_at: timestamp,
  updated_at: timestamp,
});

const credentials = z
  .union([
    z.strictObject({ account_sid: z.string().min(1), auth_token: z.string().min(1) }),
    z.strictObject({ auth_id: z.string().min(1), auth_token: z.string().min(1) }),
  ])
  .describe('twilio: account_sid and auth_token; plivo and vobiz: auth_id and auth_token. Encrypted at rest, never returned');
const providerId = idArg('Telephony provider id (UUID)');
const numberId = idArg('Phone number id (UUID)');
const e164 = z.string().regex(/^\+[0-9]{7,15}$/).describe('E.164: + and 7 to 15 digits');

export const telephonyTools = [
  defineTool({
    name: 'kataven_list_telephony_providers',
    title: 'List telephony providers',
    description: "Lists the account's carrier accounts (twilio, plivo, vobiz). Credentials are never returned, only which fields are set. Use it to find a provider id for a phone number.",
    kind: 'read',
    input: noInput,
    output: z.strictObject({ providers: z.array(providerSchema) }),
    run: async (client) => ({ providers: await client.telephony.providers.list() }),
    summarize: (r) => `${r.providers.length} provider(s).`,
  }),
  defineTool({
    name: 'kataven_get_telephony_provider',
    title: 'Get telephony provider',
    description: 'Gets one carrier account by id (credentials are never returned).',
    kind: 'read',
    input: z.strictObject({ provider_id: providerId }),
    output: z.strictObject({ provider: providerSchema }),
    run: async (client, { provider_id }) => ({ provider: await client.telephony.providers.get(provider_id) }),
    summarize: (r) => `Provider ${r.provider.id}.`,
  }),
  defineTool({
    name: 'kataven_create_telephony_provider',
    title: 'Create telephony provider',
    description: 'Registers a carrier account with its credentials (checked for shape, encrypted at rest). Use it only with credentials the user gave for this purpose.',
    kind: 'create',
    input: z.strictObject({
      provider: z.enum(['twilio', 'plivo', 'vobiz']),
      name: z.string().min(1).max(100).nullable().optional(),
      credentials,
    }),
    output: z.strictObject({ provider: providerSchema }),
    run: async (client, args) => ({
      provider: await client.telephony.providers.create(args as Parameters<typeof client.telephony.providers.create>[0]),
    }),
    summarize: (r) => `Created provider ${r.provider.id}.`,
  }),
  defineTool({
    name: 'kataven_update_telephony_provider',
    title: 'Update telephony provider',
    description: "Renames a carrier account or replaces its credentials (its kind cannot change).",
    kind: 'update',
    input: z.strictObject({
      provider_id: providerId,
      name: z.string().min(1).max(100).nullable().optional(),
      credentials: credentials.optional(),
    }),
    output: z.strictObject({ provider: providerSchema }),
    run: async (client, { provider_id, ...fields }) => ({ provider: await client.telephony.providers.update(provider_id, fields) }),
    summarize: (r) => `Updated provider ${r.provider.id}.`,
  }),
  defineTool({
    name: 'kataven_delete_telephony_provider',
    title: 'Delete telephony provider',
    description: 'Deletes a carrier account; refused (provider_in_use) while phone numbers use it. Use it only when the user explicitly asks.',
    kind: 'delete',
    input: z.strictObject({ provider_id: providerId }),
    output: deletedOutput,
    run: async (client, { provider_id }) => {
      await client.telephony.providers.delete(provider_id);
      return { deleted: true as const, id: provider_id };
    },
    summarize: (r) => `Deleted provider ${r.id}.`,
  }),
  defineTool({
    name: 'kataven_list_phone_numbers',
    title: 'List phone numbers',
    description: "Lists the account's phone numbers, optionally only those pinned to one agent. Use it to find an outbound-enabled from_number before placing a call.",
    kind: 'read',
    input: z.strictObject({ agent_id: idArg('Only numbers pinned to this agent').optional() }),
    output: z.strictObject({ phone_numbers: z.array(numberSchema) }),
    run: async (client, args) => ({ phone_numbers: await client.telephony.numbers.list(args) }),
    summarize: (r) => `${r.phone_numbers.length} phone number(s).`,
  }),
  defineTool({
    name: 'kataven_get_phone_number',
    title: 'Get phone number',
    description: 'Gets one phone number by id: its provider, pinned agent and whether it takes inbound and places outbound calls.',
    kind: 'read',
    input: z.strictObject({ phone_number_id: numberId }),
    output: z.strictObject({ phone_number: numberSchema }),
    run: async (client, { phone_number_id }) => ({ phone_number: await client.telephony.numbers.get(phone_number_id) }),
    summarize: (r) => `Phone number ${r.phone_number.id}.`,
  }),
  defineTool({
    name: 'kataven_create_phone_number',
    title: 'Create phone number',
    description: 'Adds a phone number (E.164) that sends through one of the account\'s providers, optionally pinned to an agent.',
    kind: 'create',
    input: z.strictObject({
      number: e164,
      provider_id: providerId,
      agent_id: idArg('Agent to pin the number to').nullable().optional(),
      name: z.string().min(1).max(100).nullable().optional(),
      inbound_enabled: z.boolean().optional(),
      outbound_enabled: z.boolean().optional(),
    }),
    output: z.strictObject({ phone_number: numberSchema }),
    run: async (client, args) => ({ phone_number: await client.telephony.numbers.create(args) }),
    summarize: (r) => `Created phone number ${r.phone_number.id}.`,
  }),
  defineTool({
    name: 'kataven_update_phone_number',
    title: 'Update phone number',
    description: 'Changes a phone number: name, provider, pinned agent (null unpins), inbound and outbound switches.',
    kind: 'update',
    input: z.strictObject({
      phone_number_id: numberId,
      name: z.string().min(1).max(100).nullable().optional(),
      agent_id: idArg('Agent to pin the number to; null unpins').nullable().optional(),
      provider_id: providerId.optional(),
      inbound_enabled: z.boolean().optional(),
      outbound_enabled: z.boolean().optional(),
    }),
    output: z.strictObject({ phone_number: numberSchema }),
    run: async (client, { phone_number_id, ...fields }) => ({ phone_number: await client.telephony.numbers.update(phone_number_id, fields) }),
    summarize: (r) => `Updated phone number ${r.phone_number.id}.`,
  }),
  defineTool({
    name: 'kataven_delete_phone_number',
    title: 'Delete phone number',
    description: 'Removes a phone number from the account. Use it only when the user explicitly asks.',
    kind: 'delete',
    input: z.strictObject({ phone_number_id: numberId }),
    output: deletedOutput,
    run: async (client, { phone_number_id }) => {
      await client.telephony.numbers.delete(phone_number_id);
      return { deleted: true as const, id: phone_number_id };
    },
    summarize: (r) => `Deleted phone number ${r.id}.`,
  }),
];
