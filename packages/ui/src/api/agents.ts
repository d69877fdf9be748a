// C1: /api/v1/agents.
import type { Client } from './client.js';

export const AGENT_STATUSES = ['draft', 'active', 'paused', 'archived'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

export interface Agent {
  id: string;
  name: string;
  status: AgentStatus;
  llm_model: string;
  voice_provider: string;
  greeting_message: string | null;
  created_at: string;
  updated_at: string;
}

export const listAgents = (api: Client) => api.request<Agent[]>('GET', '/agents');
export const createAgent = (api: Client, body: { name: string; greeting_message?: string }) =>
  api.request<Agent>('POST', '/agents', { body });
export const updateAgent = (api: Client, id: string, body: { name?: string; status?: AgentStatus }) =>
  api.request<Agent>('PATCH', `/agents/${encodeURIComponent(id)}`, { body });
