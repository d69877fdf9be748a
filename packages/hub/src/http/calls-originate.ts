// C3 `POST /api/v1/calls/originate {agent_id, from_number, to_number}`, in the documented order: the caller ID
// must be an owned, outbound-enabled number (404 otherwise), the agent must exist (404) and be active (409
// agent_not_active), the cost caps must admit the call (L2: one atomic check-and-take across every instance; 429
// `cost_cap: …` with Retry-After), and only then is the call processor asked to place it (C3a).
//
// The call's row is committed before the processor is asked, since its reports (which may arrive before this
// request answers) must find it. A processor that refuses, fails or misses its deadline gets the call marked
// refused and its cap slot and counts given back: nothing was placed and nothing is counted (503).
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { findAgent } from '../agents/agent-store.js';
import { readCallLimits } from '../calls/call-limits-store.js';
import { callReportUrl, CallProcessorError, type CallProcessorClient } from '../calls/call-processor.js';
import { insertCall, markCallRefused } from '../calls/call-store.js';
import { HubError } from '../errors.js';
import type { CostCapLimiter, LiveCallSlots } from '../limits/cost-caps.js';
import type { SecretBox } from '../secrets/secret-box.js';
import { findNumberByE164 } from '../telephony/number-store.js';
import { openProviderCredentials } from '../telephony/provider-store.js';
import type { Tenancy } from '../tenancy/tenancy.js';
import { claimsOf } from './authenticate.js';
import { costCapped } from './cost-cap-reply.js';
import { operation, type Operation } from './operations.js';
import { parseBody } from './request-body.js';

const E164 = /^\+[1-9][0-9]{6,14}$/;
const e164 = z.string().regex(E164, 'must be E.164: + and 7 to 15 digits, the first 1 to 9');
const originateBody = z.object({
  agent_id: z.string().min(1).max(64),
  from_number: e164,
  to_number: e164,
});

const placedCallSchema = z
  .object({
    call_id: z.uuid(),
    session_id: z.uuid(),
    status: z.string().describe("The call processor's first status (queued or ringing)."),
    simulated: z.boolean(),
  })
  .meta({ id: 'PlacedCall' });

const originateOp: Operation = {
  id: 'originateCall',
  summary: 'Place an outbound call',
  description:
    'C3: the from_number must be an owned, outbound-enabled number and the agent active; the cost caps (L2) must admit the call. ' +
    'Send an Idempotency-Key: a retry with the same key never places a second call.',
  tag: 'calls',
  access: 'any',
  body: originateBody,
  responses: { 200: placedCallSchema },
  errors: ['not_found', 'agent_not_active', 'cost_cap', 'call_processor_unavailable'],
};

export interface OriginateDeps {
  tenancy: Tenancy;
  secrets: SecretBox;
  costCaps: CostCapLimiter;
  liveCalls: LiveCallSlots;
  callProcessor: CallProcessorClient;
  /** The hub's public URL, where the processor reports the call (undefined: not known yet, 503). */
  publicUrl(): string | undefined;
}

export function originateRoutes(app: FastifyInstance, deps: OriginateDeps): void {
  app.post<{ Reply: z.output<typeof placedCallSchema> }>('/calls/originate', operation(originateOp), async (request, reply) => {
    const claims = claimsOf(request);
    const body = parseBody(originateBody, request.body);
    const account = await deps.tenancy.account(claims.account);
    return deps.tenancy.withDatabase(account.slug, async (db) => {
      // 1. Caller-ID ownership: another tenant's number and an inbound-only one are "not found" alike.
      const number = await findNumberByE164(db, body.from_number);
      if (!number || !number.outbound_enabled) {
        throw new HubError('not_found', `no outbound-enabled number ${body.from_number} in this account`);
      }
      // 2. The agent.
      const agent = await findAgent(db, body.agent_id);
      if (!agent) throw new HubError('not_found', `no agent ${body.agent_id} in this account`);
      if (agent.status !== 'active') {
        throw new HubError('agent_not_active', `agent ${agent.id} is ${agent.status}; only an active agent places calls`);
      }
      // 3. The caps (L2): the account's own, at most its plan's ceilings (L1). Fail closed when they cannot be
      // counted: a cap that cannot be checked admits nothing.
      const caps = await readCallLimits(db, account.costCapCeilings);
      const callId = randomUUID();
      const admission = await deps.costCaps.admit(account.slug, caps, callId).catch((err: unknown) => {
        request.log.error({ err }, 'cost caps unavailable');
        throw new HubError('service_unavailable', 'the cost caps cannot be counted right now; no call was placed');
      });
      if (!admission.ok) throw costCapped(reply, admission);
      const { slot } = admission;
      // 4. The call processor, the call committed first.
      const sessionId = randomUUID();
      const simulated = deps.callProcessor.builtInSimulated;
      let inserted = false;
      try {
        // Where the processor reports this call; unknown (no KATAVEN_HUB_URL, not listening yet): 503, slot back.
        const reportUrl = callReportUrl(deps.publicUrl());
        // A real carrier needs the number's credentials, opened only now and only for the processor (C2).
        const carrier = simulated
          ? null
          : await openProviderCredentials(db, deps.secrets, account.slug, number.provider_id);
        if (carrier === undefined) throw new HubError('not_found', `the provider of ${number.number} no longer exists`);
        await insertCall(db, {
          id: callId,
          sessionId,
          agentId: agent.id,
          fromNumber: number.number,
          toNumber: body.to_number,
          simulated,
          createdBy: claims.key_id ?? claims.sub ?? 'unknown',
          capSlot: slot,
          ...(carrier ? { carrier: carrier.provider } : {}),
        });
        inserted = true;
        const placed = await deps.callProcessor.originate({
          call_id: callId,
          session_id: sessionId,
          account: account.slug,
          from_number: number.number,
          to_number: body.to_number,
          agent: { id: agent.id, name: agent.name, greeting_message: agent.greeting_message },
          carrier,
          report_url: reportUrl,
        });
        // This instance renews the call's slot while it lives; its end (any instance) frees it.
        deps.liveCalls.hold(slot);
        request.log.info(
          { call_id: callId, simulated: placed.simulated },
          placed.simulated ? 'call placed with the simulated carrier (no phone is dialled)' : 'call placed',
        );
        return { call_id: callId, session_id: sessionId, status: placed.status, simulated: placed.simulated };
      } catch (err) {
        // Nothing was placed: the slot and its counts go back, and the call (if stored) says why.
        await deps.costCaps.cancel(slot).catch((e: unknown) => request.log.error({ err: e }, 'giving a cost-cap slot back failed'));
        if (inserted) {
          const reason = err instanceof CallProcessorError ? `call processor: ${err.message}` : 'not placed';
          await markCallRefused(db, callId, reason).catch((e: unknown) => request.log.error({ err: e }, 'marking a call refused failed'));
        }
        if (err instanceof CallProcessorError) {
          request.log.error({ err, call_id: callId }, 'the call processor did not place the call');
          throw new HubError('call_processor_unavailable', `the call processor did not place the call (${err.reason}); nothing was placed or counted`);
        }
        throw err;
      }
    });
  });
}
