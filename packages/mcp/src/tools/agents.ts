// C1 agents: list, get, create, update, delete.
import { z } from 'zod';
import { defineTool, deletedOutput, idArg, timestamp } from './tool.js';

const agentStatus = z.enum(['draft', 'active', 'paused', 'archived']);

export const agentSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  llm_model: z.string(),
  voice_provider: z.string(),
  auth_mode: z.string(),
  greeting_mode: z.string(),
  greeting_message: z.string(),
  created_at: timestamp,
  updated_at: timestamp,
});

const agentFields = {
  name: z.string().min(1).max(200).describe('Display name of the agent'),
  status: agentStatus.optional().describe('Only an active agent can place calls; new agents are draft unless given'),
  llm_model: z.string().min(1).max(100).optional().describe('Language model, default gpt-4o'),
  voice_provider: z.string().min(1).max(100).optional().describe('Voice provider, default cartesia'),
  auth_mode: z.string().min(1).max(50).optional().describe('Caller authentication mode, default authenticated'),
  greeting_mode: z.string().min(1).max(50).optional().describe('Greeting mode, default interruptible'),
  greeting_message: z.string().max(2000).optional().describe('What the agent says first'),
};

const agentId = idArg('Agent id, agent_<ULID>');

export const agentTools = [
  defineTool({
    name: 'kataven_list_agents',
    title: 'List agents',
    description: 'Lists every voice agent of the account, newest first, with status and settings. Use it to find an agent id before getting, updating, deleting an agent or placing a call.',
    kind: 'read',
    input: z.strictObject({}),
    output: z.strictObject({ agents: z.array(agentSchema) }),
    run: async (client) => ({ agents: await client.agents.list() }),
    summarize: (r) => `${r.agents.length} agent(s).`,
  }),
  defineTool({
    name: 'kataven_get_agent',
    title: 'Get agent',
    description: 'Gets one agent by id: name, status, model, voice and greeting. Use it when you have an agent id and need its current settings.',
    kind: 'read',
    input: z.strictObject({ agent_id: agentId }),
    output: z.strictObject({ agent: agentSchema }),
    run: async (client, { agent_id }) => ({ agent: await client.agents.get(agent_id) }),
    summarize: (r) => `Agent ${r.agent.id}.`,
  }),
  defineTool({
    name: 'kataven_create_agent',
    title: 'Create agent',
    description: 'Creates a voice agent. It starts as draft unless status is given; only an active agent can place calls. Use it when the user asks for a new agent.',
    kind: 'create',
    input: z.strictObject(agentFields),
    output: z.strictObject({ agent: agentSchema }),
    run: async (client, args) => ({ agent: await client.agents.create(args) }),
    summarize: (r) => `Created agent ${r.agent.id}.`,
  }),
  defineTool({
    name: 'kataven_update_agent',
    title: 'Update agent',
    description: 'Changes the given fields of an agent (for example status active to let it place calls) and returns the whole agent. Fields not given are kept.',
    kind: 'update',
    input: z.strictObject({ agent_id: agentId, ...agentFields, name: agentFields.name.optional() }),
    output: z.strictObject({ agent: agentSchema }),
    run: async (client, { agent_id, ...fields }) => ({ agent: await client.agents.update(agent_id, fields) }),
    summarize: (r) => `Updated agent ${r.agent.id}.`,
  }),
  defineTool({
    name: 'kataven_delete_agent',
    title: 'Delete agent',
    description: 'Deletes an agent for good. Use it only when the user explicitly asks to delete that agent.',
    kind: 'delete',
    input: z.strictObject({ agent_id: agentId }),
    output: deletedOutput,
    run: async (client, { agent_id }) => {
      await client.agents.delete(agent_id);
      return { deleted: true as const, id: agent_id };
    },
    summarize: (r) => `Deleted agent ${r.id}.`,
  }),
];
