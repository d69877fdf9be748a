// W7's per-agent widget policy as the visitor flows (W5) read it: whether the widget may start sessions with the
// agent, and which visitors may sign in (guests, users through the user-token exchange, or both). The store of
// W7 (`GET|PATCH /api/v1/agents/{id}/widget-settings`) provides the real reader; until it is wired, every agent
// has the documented default.
import type { Queryable } from '../tenancy/queryable.js';

export type WidgetAuthMode = 'guest' | 'user' | 'both';

export interface AgentWidgetPolicy {
  widget_enabled: boolean;
  auth_mode: WidgetAuthMode;
}

/** Reads an agent's policy from its account database (`db`); an agent with no settings has the default. */
export type AgentWidgetPolicyReader = (db: Queryable, agentId: string) => Promise<AgentWidgetPolicy>;

/** W7's default: the widget is on, and guests and users may both sign in. */
export const DEFAULT_AGENT_WIDGET_POLICY: Readonly<AgentWidgetPolicy> = Object.freeze({ widget_enabled: true, auth_mode: 'both' });

export const defaultAgentWidgetPolicy: AgentWidgetPolicyReader = () => Promise.resolve({ ...DEFAULT_AGENT_WIDGET_POLICY });

/** Whether a visitor of `kind` may sign in (or go on) under `mode`. */
export function admitsVisitorKind(mode: WidgetAuthMode, kind: 'guest' | 'user'): boolean {
  return mode === 'both' || mode === kind;
}
