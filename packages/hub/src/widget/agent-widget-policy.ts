// W7's per-agent widget policy as the visitor flows (W5) read it: whether the widget may start sessions with the
// agent, and which visitors may sign in (guests, users through the user-token exchange, or both). The policy and
// its store are W7's (widget-settings-store.ts); this module is the seam the flows (and tests) plug a reader into.
import type { Queryable } from '../tenancy/queryable.js';
import {
  AGENT_WIDGET_POLICY_DEFAULTS,
  readAgentWidgetPolicy,
  type AgentWidgetPolicy,
  type WidgetAuthMode,
} from './widget-settings-store.js';

export type { AgentWidgetPolicy, WidgetAuthMode };

/** Reads an agent's policy from its account database (`db`); an agent with no settings has the default. */
export type AgentWidgetPolicyReader = (db: Queryable, agentId: string) => Promise<AgentWidgetPolicy>;

/** W7's default: the widget is on, and guests and users may both sign in. */
export const DEFAULT_AGENT_WIDGET_POLICY: Readonly<AgentWidgetPolicy> = Object.freeze({ ...AGENT_WIDGET_POLICY_DEFAULTS });

/** The stored policy (W7's `GET|PATCH /v1/agents/{id}/widget-settings`). */
export const storedAgentWidgetPolicy: AgentWidgetPolicyReader = readAgentWidgetPolicy;

/** Whether a visitor of `kind` may sign in (or go on) under `mode`. */
export function admitsVisitorKind(mode: WidgetAuthMode, kind: 'guest' | 'user'): boolean {
  return mode === 'both' || mode === kind;
}
