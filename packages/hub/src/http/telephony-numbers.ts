// C2 /api/v1/telephony/numbers (also /v1 and /hub-api/api/v1): the account's phone numbers, each sending
// through one of its providers and optionally pinned to one of its agents. Any credential may use them.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isAgentId } from '../agents/agent-id.js';
import { hasCharacters } from '../characters.js';
import { HubError } from '../errors.js';
import {
  deleteNumber,
  E164,
  findNumber,
  insertNumber,
  listNumbers,
  lockAgentForPin,
  updateNumber,
  type NumberChanges,
} from '../telephony/number-store.js';
import { lockProviderForUse } from '../telephony/provider-store.js';
import type { Tenancy } from '../tenancy/tenancy.js';
import type { Queryable } from '../tenancy/queryable.js';
import { claimsOf } from './authenticate.js';
import { inTransaction } from './mutation-transaction.js';
import { operation, timestamp, type Operation } from './operations.js';
import { parseBody } from './request-body.js';

/** A label for people: 1 to 100 characters (code points), not only white space; null clears it. */
const optionalName = z
  .string()
  .refine((name) => name.trim().length > 0 && hasCharacters(name, 1, 100), 'must be 1 to 100 characters, not only white space')
  .nullish();

// A field of the wrong JSON type is invalid_body (§E); a string that names nothing valid gets the field's own
// code (invalid_number, unknown_provider, unknown_agent), and so does a missing or null required field, as a
// missing agent name is name_required (C1). Unknown and server-set fields are dropped.
const createBody = z.object({
  number: z.string().nullish(),
  provider_id: z.string().nullish(),
  agent_id: z.string().nullish(),
  name: optionalName,
  inbound_enabled: z.boolean().optional(),
  outbound_enabled: z.boolean().optional(),
});
// `number` may be sent back as it is, not changed: a different number is another row (delete, then add).
const patchBody = z.object({
  number: z.string().optional(),
  provider_id: z.string().nullish(),
  agent_id: z.string().nullish(),
  name: optionalName,
  inbound_enabled: z.boolean().optional(),
  outbound_enabled: z.boolean().optional(),
});
const listQuery = z.object({ agent_id: z.string().optional() });

/** C2: a phone number. */
const numberSchema = z
  .object({
    id: z.uuid(),
    number: z.string().describe('E.164'),
    name: z.string().nullable(),
    provider_id: z.uuid(),
    agent_id: z.string().nullable(),
    inbound_enabled: z.boolean(),
    outbound_enabled: z.boolean(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'PhoneNumber' });

const TAG = 'telephony';
const numberId = { id: 'the number id (UUID)' };
const listNumbersOp: Operation = {
  id: 'listPhoneNumbers',
  summary: 'List phone numbers (?agent_id= keeps those pinned to an agent)',
  tag: TAG,
  access: 'any',
  query: listQuery,
  responses: { 200: z.array(numberSchema) },
};
const createNumberOp: Operation = {
  id: 'createPhoneNumber',
  summary: 'Add a phone number',
  tag: TAG,
  access: 'any',
  body: createBody,
  responses: { 201: numberSchema },
  errors: ['invalid_number', 'duplicate_number', 'unknown_provider', 'unknown_agent'],
};
const getNumberOp: Operation = { id: 'getPhoneNumber', summary: 'Read a phone number', tag: TAG, access: 'any', params: numberId, responses: { 200: numberSchema } };
const updateNumberOp: Operation = {
  id: 'updatePhoneNumber',
  summary: 'Change a phone number (agent_id: null unpins it)',
  tag: TAG,
  access: 'any',
  params: numberId,
  body: patchBody,
  responses: { 200: numberSchema },
  errors: ['unknown_provider', 'unknown_agent'],
};
const deleteNumberOp: Operation = { id: 'deletePhoneNumber', summary: 'Delete a phone number', tag: TAG, access: 'any', params: numberId, responses: { 204: null } };

/** STYLE 8: a malformed id, a missing row and another tenant's number all end in this one error. */
function noSuchNumber(): HubError {
  return new HubError('not_found', 'no phone number with that id');
}

/** The provider id, once it is known to be one of this account's providers (locked until the transaction ends). */
async function ownProvider(db: Queryable, providerId: string | null | undefined): Promise<string> {
  const provider = typeof providerId === 'string' ? await lockProviderForUse(db, providerId) : undefined;
  if (!provider) throw new HubError('unknown_provider');
  return provider.id;
}

/** The agent id, once it is known to be one of this account's agents (locked until the transaction ends). */
async function ownAgent(db: Queryable, agentId: string): Promise<string> {
  // An id that cannot name an agent never reaches SQL.
  if (!isAgentId(agentId) || !(await lockAgentForPin(db, agentId))) throw new HubError('unknown_agent');
  return agentId;
}

export function telephonyNumberRoutes(app: FastifyInstance, deps: { tenancy: Tenancy }): void {
  app.get<{ Reply: z.output<typeof numberSchema>[] }>('/telephony/numbers', operation(listNumbersOp), async (request) => {
    const parsed = listQuery.safeParse(request.query);
    if (!parsed.success) throw new HubError('invalid_query', 'agent_id: give it once, as an agent id');
    const { agent_id: agentId } = parsed.data;
    if (agentId !== undefined && !isAgentId(agentId)) throw new HubError('invalid_query', 'agent_id: not an agent id');
    return deps.tenancy.withDatabase(claimsOf(request).account, (db) =>
      listNumbers(db, agentId !== undefined ? { agentId } : {}),
    );
  });

  // Mutations run in the request's transaction, committed with their audit row (AU2).
  app.post<{ Reply: z.output<typeof numberSchema> }>('/telephony/numbers', operation(createNumberOp), async (request, reply) => {
    const body = parseBody(createBody, request.body);
    const number = body.number;
    if (typeof number !== 'string' || !E164.test(number)) throw new HubError('invalid_number');
    const created = await inTransaction(request, deps.tenancy, async (db) => {
      const providerId = await ownProvider(db, body.provider_id);
      const agentId = typeof body.agent_id === 'string' ? await ownAgent(db, body.agent_id) : null;
      const inserted = await insertNumber(db, {
        number,
        provider_id: providerId,
        agent_id: agentId,
        name: body.name ?? null,
        // C2: both directions are on unless the client says otherwise.
        inbound_enabled: body.inbound_enabled ?? true,
        outbound_enabled: body.outbound_enabled ?? true,
      });
      if (!inserted) throw new HubError('duplicate_number');
      return inserted;
    });
    return reply.code(201).send(created);
  });

  app.get<{ Params: { id: string }; Reply: z.output<typeof numberSchema> }>('/telephony/numbers/:id', operation(getNumberOp), async (request) => {
    const found = await deps.tenancy.withDatabase(claimsOf(request).account, (db) => findNumber(db, request.params.id));
    if (!found) throw noSuchNumber();
    return found;
  });

  app.patch<{ Params: { id: string }; Reply: z.output<typeof numberSchema> }>('/telephony/numbers/:id', operation(updateNumberOp), async (request) => {
    const body = parseBody(patchBody, request.body);
    return inTransaction(request, deps.tenancy, async (db) => {
      const current = await findNumber(db, request.params.id);
      if (!current) throw noSuchNumber();
      if (body.number !== undefined && body.number !== current.number) {
        throw new HubError('invalid_body', 'number cannot be changed: delete this number and add the new one');
      }
      const changes: NumberChanges = {};
      if (body.name !== undefined) changes.name = body.name;
      // C2: `agent_id: null` unpins.
      if (body.agent_id !== undefined) changes.agent_id = body.agent_id === null ? null : await ownAgent(db, body.agent_id);
      // Every number sends through a provider: null cannot unset it.
      if (body.provider_id !== undefined) changes.provider_id = await ownProvider(db, body.provider_id);
      if (body.inbound_enabled !== undefined) changes.inbound_enabled = body.inbound_enabled;
      if (body.outbound_enabled !== undefined) changes.outbound_enabled = body.outbound_enabled;
      const updated = await updateNumber(db, current.id, changes);
      if (!updated) throw noSuchNumber();
      return updated;
    });
  });

  app.delete<{ Params: { id: string } }>('/telephony/numbers/:id', operation(deleteNumberOp), async (request, reply) => {
    const deleted = await inTransaction(request, deps.tenancy, (db) => deleteNumber(db, request.params.id));
    if (!deleted) throw noSuchNumber();
    return reply.code(204).send();
  });
}
