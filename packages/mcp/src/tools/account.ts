// Read-only views of the account's guard rails: L1 cost caps (GET only; changing them is an admin's act, O2), AU3
// audit log, K1 API keys (list only: a key never mints, renames, revokes or deletes keys, K5 and SPEC §M).
import { z } from 'zod';
import { defineTool, noInput, nullableTimestamp, timestamp } from './tool.js';

const auditEntrySchema = z.looseObject({
  id: z.string(),
  at: timestamp,
  request_id: z.string(),
  actor: z.string(),
  key_id: z.string().nullable(),
  key_name: z.string().nullable(),
  sub: z.string().nullable(),
  method: z.string(),
  route: z.string(),
  status: z.number(),
});

const apiKeySchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  created_at: timestamp,
  expires_at: nullableTimestamp,
  last_used_at: nullableTimestamp,
  disabled_at: nullableTimestamp,
});

export const accountTools = [
  defineTool({
    name: 'kataven_get_call_limits',
    title: 'Get call limits',
    description: "Gets the account's cost caps: concurrent calls, calls per minute, calls and minutes per UTC day (0 blocks that dimension). Use it to explain a cost_cap error. They cannot be changed here.",
    kind: 'read',
    input: noInput,
    output: z.strictObject({
      concurrent_max: z.number(),
      calls_per_minute: z.number(),
      daily_calls_max: z.number(),
      daily_minutes_max: z.number(),
    }),
    run: async (client) => ({ ...(await client.callLimits.get()) }),
    summarize: () => 'Call limits.',
  }),
  defineTool({
    name: 'kataven_list_audit_log',
    title: 'List audit log',
    description: "Lists the account's audit trail, newest first: who (API key or user) called which route, when, with which status. Filter by key, actor or time; pass next_cursor back as cursor for the next page.",
    kind: 'read',
    input: z.strictObject({
      key_id: z.string().min(1).max(200).optional().describe('Only requests made with this API key id'),
      actor: z.enum(['api_key', 'user', 'visitor']).optional(),
      since: z.string().max(50).optional().describe('ISO 8601 time with offset, inclusive'),
      until: z.string().max(50).optional().describe('ISO 8601 time with offset'),
      cursor: z.string().min(1).max(500).optional(),
      limit: z.number().int().min(1).max(200).optional().describe('Page size, default 50'),
    }),
    output: z.strictObject({ entries: z.array(auditEntrySchema), next_cursor: z.string().nullable() }),
    run: async (client, args) => {
      const page = await client.auditLog.list(args);
      return { entries: page.data, next_cursor: page.next_cursor };
    },
    summarize: (r) => `${r.entries.length} audit entry(ies)${r.next_cursor ? '; more with next_cursor' : ''}.`,
  }),
  defineTool({
    name: 'kataven_list_api_keys',
    title: 'List API keys',
    description: "Lists the account's API keys (sk_live_): name, last 8 characters, dates and whether revoked. Never a key itself. Keys are minted and revoked in the Hub UI only.",
    kind: 'read',
    input: noInput,
    output: z.strictObject({ api_keys: z.array(apiKeySchema) }),
    run: async (client) => ({ api_keys: await client.apiKeys.list() }),
    summarize: (r) => `${r.api_keys.length} API key(s).`,
  }),
];
