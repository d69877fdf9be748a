// C1 /api/v1/agents (also /v1, /hub-api/api/v1 and the legacy /api/agents, /hub-api/api/agents): list, create,
// read, update, delete. Any credential may use them, an sk_live_ key as much as a Hub user.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isAgentId, newAgentId } from '../agents/agent-id.js';
import {
  AGENT_STATUSES,
  deleteAgent,
  findAgent,
  insertAgent,
  listAgents,
  updateAgent,
  type AgentFields,
} from '../agents/agent-store.js';
import { hasCharacters } from '../characters.js';
import { HubError } from '../errors.js';
import type { Tenancy } from '../tenancy/tenancy.js';
import { claimsOf } from './authenticate.js';
import { inTransaction } from './mutation-transaction.js';
import { operation, timestamp, type Operation } from './operations.js';
import { parseBody } from './request-body.js';

// zod's string min/max count code points (an emoji is one character), as hasCharacters does for the name.
const shortText = z.string().min(1, 'must be 1 to 100 characters').max(100, 'must be 1 to 100 characters');

/** The fields a client may set besides the name; id, created_at, updated_at and unknown fields are dropped (§E). */
const settableFields = {
  status: z.enum(AGENT_STATUSES, { error: `must be one of ${AGENT_STATUSES.join(', ')}` }).optional(),
  llm_model: shortText.optional(),
  voice_provider: shortText.optional(),
  auth_mode: shortText.optional(),
  greeting_mode: shortText.optional(),
  greeting_message: z.string().max(2000, 'must be at most 2000 characters').optional(),
};

// For create and update alike. A missing (create) or null name is name_required, as in K2; a name of the wrong
// type is invalid_body.
const agentBody = z.object({ name: z.string().nullish(), ...settableFields });

type ParsedFields = z.infer<typeof agentBody>;

/** C1: an agent as every route answers it. */
export const agentSchema = z
  .object({
    id: z.string().regex(/^agent_[0-9A-HJKMNP-TV-Z]{26}$/).describe('agent_<ULID>'),
    name: z.string(),
    status: z.enum(AGENT_STATUSES).describe('Only an active agent places calls.'),
    llm_model: z.string(),
    voice_provider: z.string(),
    auth_mode: z.string(),
    greeting_mode: z.string(),
    greeting_message: z.string(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'Agent' });
/** What the agent routes answer, checked by the compiler against the schema the document shows. */
type Agent = z.output<typeof agentSchema>;

const TAG = 'agents';
const agentId = { id: 'agent_<ULID>' };
const listAgentsOp: Operation = {
  id: 'listAgents',
  summary: 'List agents, newest first',
  tag: TAG,
  access: 'any',
  responses: { 200: z.array(agentSchema) },
};
const createAgentOp: Operation = {
  id: 'createAgent',
  summary: 'Create an agent',
  description: 'Defaults: status draft, llm_model gpt-4o, voice_provider cartesia, auth_mode authenticated, greeting_mode interruptible.',
  tag: TAG,
  access: 'any',
  body: agentBody,
  responses: { 201: agentSchema },
  errors: ['name_required'],
};
const getAgentOp: Operation = { id: 'getAgent', summary: 'Read an agent', tag: TAG, access: 'any', params: agentId, responses: { 200: agentSchema } };
const updateAgentOp: Operation = {
  id: 'updateAgent',
  summary: 'Change an agent (only the fields sent)',
  tag: TAG,
  access: 'any',
  params: agentId,
  body: agentBody,
  responses: { 200: agentSchema },
  errors: ['name_required'],
};
const deleteAgentOp: Operation = { id: 'deleteAgent', summary: 'Delete an agent', tag: TAG, access: 'any', params: agentId, responses: { 204: null } };

/** C1: 1 to 100 characters (code points: an emoji is one), not only white space. */
function validAgentName(name: unknown): string {
  if (typeof name !== 'string' || name.trim().length === 0 || !hasCharacters(name, 1, 100)) throw new HubError('name_required');
  return name;
}

/** The settable fields the body names (name checked apart, by the caller). */
function fieldsOf(body: ParsedFields): AgentFields {
  const fields: AgentFields = {};
  if (body.status !== undefined) fields.status = body.status;
  if (body.llm_model !== undefined) fields.llm_model = body.llm_model;
  if (body.voice_provider !== undefined) fields.voice_provider = body.voice_provider;
  if (body.auth_mode !== undefined) fields.auth_mode = body.auth_mode;
  if (body.greeting_mode !== undefined) fields.greeting_mode = body.greeting_mode;
  if (body.greeting_message !== undefined) fields.greeting_message = body.greeting_message;
  return fields;
}

/**
 * STYLE 8: one reply for every "no such agent here": an id of the wrong shape, a row that never existed, a
 * deleted row, and another tenant's agent (absent from this account's database) all end in this error.
 */
function noSuchAgent(): HubError {
  return new HubError('not_found', 'no agent with that id');
}

/** An id that cannot name an agent never reaches SQL. */
function agentIdParam(value: string): string {
  if (!isAgentId(value)) throw noSuchAgent();
  return value;
}

export function agentRoutes(app: FastifyInstance, deps: { tenancy: Tenancy }): void {
  app.get<{ Reply: Agent[] }>('/agents', operation(listAgentsOp), async (request) => deps.tenancy.withDatabase(claimsOf(request).account, listAgents));

  // Mutations run in the request's transaction, committed with their audit row (AU2).
  app.post<{ Reply: Agent }>('/agents', operation(createAgentOp), async (request, reply) => {
    const body = parseBody(agentBody, request.body);
    const fields = { ...fieldsOf(body), name: validAgentName(body.name) };
    const agent = await inTransaction(request, deps.tenancy, (db) => insertAgent(db, newAgentId(), fields));
    return reply.code(201).send(agent);
  });

  app.get<{ Params: { id: string }; Reply: Agent }>('/agents/:id', operation(getAgentOp), async (request) => {
    const { account } = claimsOf(request);
    const id = agentIdParam(request.params.id);
    const agent = await deps.tenancy.withDatabase(account, (db) => findAgent(db, id));
    if (!agent) throw noSuchAgent();
    return agent;
  });

  app.patch<{ Params: { id: string }; Reply: Agent }>('/agents/:id', operation(updateAgentOp), async (request) => {
    const id = agentIdParam(request.params.id);
    const body = parseBody(agentBody, request.body);
    const fields = fieldsOf(body);
    if (body.name !== undefined) fields.name = validAgentName(body.name);
    const agent = await inTransaction(request, deps.tenancy, (db) => updateAgent(db, id, fields));
    if (!agent) throw noSuchAgent();
    return agent;
  });

  app.delete<{ Params: { id: string } }>('/agents/:id', operation(deleteAgentOp), async (request, reply) => {
    const id = agentIdParam(request.params.id);
    const deleted = await inTransaction(request, deps.tenancy, (db) => deleteAgent(db, id));
    if (!deleted) throw noSuchAgent();
    return reply.code(204).send();
  });
}
