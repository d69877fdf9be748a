// W7 `/v1/widget-settings` (the account's branding) and `/v1/agents/{id}/widget-settings` (an agent's policy).
import type { RequestOptions } from '../core.js';
import type {
  AgentWidgetSettings,
  AgentWidgetSettingsUpdateParams,
  WidgetBranding,
  WidgetBrandingUpdateParams,
} from '../types.js';
import { APIResource, segment } from './resource.js';

export class WidgetSettings extends APIResource {
  /**
   * The account's widget branding.
   *
   * @example
   * ```ts
   * const { primary_color, launcher_position } = await kataven.widgetSettings.get();
   * ```
   */
  get(options?: RequestOptions): Promise<WidgetBranding> {
    return this.core.request('GET', '/v1/widget-settings', {}, options);
  }

  /**
   * Changes the branding fields given; returns the whole branding. An unknown field is a `BadRequestError`.
   *
   * @example
   * ```ts
   * await kataven.widgetSettings.update({ primary_color: '#0f766e', launcher_label: 'Ask us' });
   * ```
   */
  update(params: WidgetBrandingUpdateParams, options?: RequestOptions): Promise<WidgetBranding> {
    return this.core.request('PATCH', '/v1/widget-settings', { body: params }, options);
  }

  /**
   * An agent's widget policy: whether the widget talks to it, and to whom.
   *
   * @example
   * ```ts
   * const { widget_enabled, auth_mode } = await kataven.widgetSettings.getAgent(agentId);
   * ```
   */
  getAgent(agentId: string, options?: RequestOptions): Promise<AgentWidgetSettings> {
    return this.core.request('GET', `/v1/agents/${segment(agentId)}/widget-settings`, {}, options);
  }

  /**
   * Changes an agent's widget policy; returns it whole.
   *
   * @example
   * ```ts
   * await kataven.widgetSettings.updateAgent(agentId, { auth_mode: 'user' });
   * ```
   */
  updateAgent(agentId: string, params: AgentWidgetSettingsUpdateParams, options?: RequestOptions): Promise<AgentWidgetSettings> {
    return this.core.request('PATCH', `/v1/agents/${segment(agentId)}/widget-settings`, { body: params }, options);
  }
}
