// C1 `/v1/agents`.
import type { RequestOptions } from '../core.js';
import type { Agent, AgentCreateParams, AgentUpdateParams } from '../types.js';
import { APIResource, segment } from './resource.js';

export class Agents extends APIResource {
  /**
   * Every agent of the account, newest first.
   *
   * @example
   * ```ts
   * const agents = await kataven.agents.list();
   * ```
   */
  list(options?: RequestOptions): Promise<Agent[]> {
    return this.core.request('GET', '/v1/agents', {}, options);
  }

  /**
   * One agent. Throws `NotFoundError` when the account has no such agent.
   *
   * @example
   * ```ts
   * const agent = await kataven.agents.get('agent_01JD3Q7Z8X9Y0A1B2C3D4E5F6G');
   * ```
   */
  get(agentId: string, options?: RequestOptions): Promise<Agent> {
    return this.core.request('GET', `/v1/agents/${segment(agentId)}`, {}, options);
  }

  /**
   * Creates an agent (status `draft` unless given; only an `active` agent places calls).
   *
   * @example
   * ```ts
   * const agent = await kataven.agents.create({ name: 'Support', status: 'active', greeting_message: 'Hello!' });
   * ```
   */
  create(params: AgentCreateParams, options?: RequestOptions): Promise<Agent> {
    return this.core.request('POST', '/v1/agents', { body: params }, options);
  }

  /**
   * Changes the fields given; returns the whole agent.
   *
   * @example
   * ```ts
   * const agent = await kataven.agents.update(agentId, { status: 'active' });
   * ```
   */
  update(agentId: string, params: AgentUpdateParams, options?: RequestOptions): Promise<Agent> {
    return this.core.request('PATCH', `/v1/agents/${segment(agentId)}`, { body: params }, options);
  }

  /**
   * Deletes an agent.
   *
   * @example
   * ```ts
   * await kataven.agents.delete(agentId);
   * ```
   */
  async delete(agentId: string, options?: RequestOptions): Promise<void> {
    await this.core.request('DELETE', `/v1/agents/${segment(agentId)}`, {}, options);
  }
}
