// C3 calls (originate, list, get) and C4 sessions (get, recording URL).
import { z } from 'zod';
import { defineTool, idArg, nullableTimestamp, timestamp } from './tool.js';

const callSchema = z.looseObject({
  id: z.string(),
  session_id: z.string(),
  agent_id: z.string(),
  from_number: z.string(),
  to_number: z.string(),
  status: z.string(),
  simulated: z.boolean(),
  created_at: timestamp,
  ended_at: nullableTimestamp,
  duration_seconds: z.number().nullable(),
  error: z.string().nullable(),
});

const sessionSchema = z.looseObject({
  id: z.string(),
  kind: z.string(),
  call_id: z.string().nullable(),
  agent_id: z.string(),
  status: z.string(),
  duration_seconds: z.number().nullable(),
  transcript: z.array(z.looseObject({ speaker: z.string(), text: z.string() })),
  recording: z.looseObject({ state: z.string() }),
  created_at: timestamp,
  ended_at: nullableTimestamp,
});

const e164 = z.string().regex(/^\+[0-9]{7,15}$/);

export const callTools = [
  defineTool({
    name: 'kataven_originate_call',
    title: 'Place a phone call',
    description: 'Places a real outbound phone call from an owned, outbound-enabled number with an active agent. It rings a real person and costs money, within the account\'s cost caps. Use it only when the user explicitly asks to call this number; confirm the numbers first.',
    kind: 'originate',
    input: z.strictObject({
      agent_id: idArg('Active agent that talks on the call'),
      from_number: e164.describe("One of the account's outbound-enabled numbers, E.164"),
      to_number: e164.describe('Number to call, E.164'),
    }),
    output: z.strictObject({ call_id: z.string(), session_id: z.string(), status: z.string(), simulated: z.boolean() }),
    run: async (client, args) => ({ ...(await client.calls.originate(args)) }),
    summarize: (r) => `Call ${r.call_id} placed (${r.status}${r.simulated ? ', simulated carrier' : ''}); session ${r.session_id}.`,
  }),
  defineTool({
    name: 'kataven_list_calls',
    title: 'List calls',
    description: "Lists the account's calls, newest first, one page at a time. Pass next_cursor back as cursor for the next page.",
    kind: 'read',
    input: z.strictObject({
      limit: z.number().int().min(1).max(200).optional().describe('Page size, default 50'),
      cursor: z.string().min(1).max(500).optional().describe('next_cursor of the previous page'),
    }),
    output: z.strictObject({ calls: z.array(callSchema), next_cursor: z.string().nullable() }),
    run: async (client, args) => {
      const page = await client.calls.list(args);
      return { calls: page.data, next_cursor: page.next_cursor };
    },
    summarize: (r) => `${r.calls.length} call(s)${r.next_cursor ? '; more with next_cursor' : ''}.`,
  }),
  defineTool({
    name: 'kataven_get_call',
    title: 'Get call',
    description: 'Gets one call by id: numbers, status, times, duration, error. Its session_id leads to the transcript (kataven_get_session).',
    kind: 'read',
    input: z.strictObject({ call_id: idArg('Call id (UUID)') }),
    output: z.strictObject({ call: callSchema }),
    run: async (client, { call_id }) => ({ call: await client.calls.get(call_id) }),
    summarize: (r) => `Call ${r.call.id}: ${r.call.status}.`,
  }),
  defineTool({
    name: 'kataven_get_session',
    title: 'Get session',
    description: "Gets a call's or web visitor's session: status, duration, transcript and recording state. Use it to read what was said on a call.",
    kind: 'read',
    input: z.strictObject({ session_id: idArg('Session id (UUID)') }),
    output: z.strictObject({ session: sessionSchema }),
    run: async (client, { session_id }) => ({ session: await client.sessions.get(session_id) }),
    summarize: (r) => `Session ${r.session.id}: ${r.session.transcript.length} transcript line(s).`,
  }),
  defineTool({
    name: 'kataven_get_session_recording',
    title: 'Get session recording URL',
    description: "Gets a URL of a session's audio recording, signed for five minutes. Errors: not_found (no recording), recording_not_ready (still being made).",
    kind: 'read',
    input: z.strictObject({ session_id: idArg('Session id (UUID)') }),
    output: z.strictObject({ url: z.string(), expires_at: timestamp }),
    run: async (client, { session_id }) => ({ ...(await client.sessions.recording(session_id)) }),
    summarize: (r) => `Recording URL valid until ${r.expires_at}.`,
  }),
];
