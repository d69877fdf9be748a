// What the call tests share: a call placed straight through the store and the processor client (the originate
// route is not needed to drive one), reports signed as a processor signs them, and waiting on a call's status.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { newAgentId } from '../../src/agents/agent-id.js';
import type { CallEvent } from '../../src/calls/call-processor.js';
import { CALL_EVENTS_PATH } from '../../src/calls/call-processor.js';
import { signatureHeaders } from '../../src/calls/call-signature.js';
import { getCall, insertCall, type CallRecord, type NewCall } from '../../src/calls/call-store.js';
import type { Hub } from '../../src/hub.js';

/** The shared secret the test hubs are configured with, so a test can sign as the processor does. */
export const PROCESSOR_SECRET = 'test-processor-secret-0123456789abcdef0123456789';

/** Makes the hub listen on a loopback port and tells it its URL, so a call processor can report to it. */
export async function listen(hub: Hub): Promise<string> {
  await hub.app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(hub.app.server.address() as AddressInfo).port}`;
  hub.setPublicUrl(url);
  return url;
}

export async function insertAgent(hub: Hub, account: string, greeting = 'Hello from the test agent.'): Promise<string> {
  const id = newAgentId();
  const db = await hub.tenancy.database(account);
  await db.query("INSERT INTO agents (id, name, status, greeting_message) VALUES ($1, 'Test agent', 'active', $2)", [id, greeting]);
  return id;
}

/** A call row (queued) and its session, as the originate code inserts them. */
export async function insertTestCall(hub: Hub, account: string, fields: Partial<NewCall> = {}): Promise<CallRecord> {
  const db = await hub.tenancy.database(account);
  return insertCall(db, {
    id: randomUUID(),
    sessionId: randomUUID(),
    agentId: fields.agentId ?? newAgentId(),
    fromNumber: '+15550100',
    toNumber: '+15550199',
    simulated: true,
    createdBy: 'test',
    capSlot: { lease: randomUUID() },
    ...fields,
  });
}

/** Inserts a call and asks the hub's processor (the simulated carrier) to place it, as originate does. */
export async function placeSimulatedCall(
  hub: Hub,
  account: string,
  agentId: string,
  greeting = 'Hello from the test agent.',
): Promise<{ call: CallRecord; answer: { status: 'queued'; simulated: boolean } }> {
  const call = await insertTestCall(hub, account, { agentId });
  const reportUrl = hub.reportUrl();
  if (reportUrl === undefined) throw new Error('the hub does not know its URL: listen() first');
  const answer = await hub.callProcessor.originate({
    call_id: call.id,
    session_id: call.session_id,
    account,
    from_number: call.from_number,
    to_number: call.to_number,
    agent: { id: agentId, name: 'Test agent', greeting_message: greeting },
    carrier: null,
    report_url: reportUrl,
  });
  return { call, answer };
}

/** Polls the call until `done` holds (or fails after `timeoutMs`). */
export async function waitForCall(
  hub: Hub,
  account: string,
  id: string,
  done: (call: CallRecord) => boolean,
  timeoutMs = 15_000,
): Promise<CallRecord> {
  const db = await hub.tenancy.database(account);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const call = await getCall(db, id);
    if (call && done(call)) return call;
    if (Date.now() > deadline) throw new Error(`call ${id} did not get there in ${timeoutMs} ms: ${JSON.stringify(call)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A report of the contract for `call`. */
export function reportOf(account: string, call: { id: string; session_id: string }, fields: Partial<CallEvent> & Pick<CallEvent, 'type'>): CallEvent {
  return {
    event_id: `test_${randomUUID()}`,
    account,
    call_id: call.id,
    session_id: call.session_id,
    at: new Date().toISOString(),
    simulated: true,
    ...fields,
  };
}

/** POSTs a report through the hub's whole HTTP pipeline (inject), signed with `secret` at `timestampMs`. */
export function sendReport(
  hub: Hub,
  body: string,
  options: { secret?: string; timestampMs?: number; headers?: Record<string, string>; json?: boolean } = {},
) {
  const signed = signatureHeaders(options.secret ?? PROCESSOR_SECRET, body, options.timestampMs ?? Date.now());
  return hub.app.inject({
    method: 'POST',
    url: CALL_EVENTS_PATH,
    headers: {
      'content-type': 'application/json',
      ...signed,
      ...(options.json ? { accept: 'application/json' } : {}),
      ...options.headers,
    },
    payload: body,
  });
}

export const errorCode = (response: { body: string }) => response.body.split(':')[0];
