// W1: /api/v1/widget-keys; W7: /api/v1/widget-settings (branding).
import type { Client } from './client.js';

export interface WidgetKey {
  id: string;
  name: string;
  last8: string;
  domain_allowlist: string[];
  agent_id: string | null;
  created_at: string;
  updated_at: string;
  last_used_at: string | null;
  disabled_at: string | null;
}

export interface WidgetKeyFields {
  name: string;
  domain_allowlist: string[];
  agent_id: string | null;
}

export const listWidgetKeys = (api: Client) => api.request<WidgetKey[]>('GET', '/widget-keys');
export const createWidgetKey = (api: Client, body: WidgetKeyFields) =>
  api.request<WidgetKey & { key: string }>('POST', '/widget-keys', { body });
export const updateWidgetKey = (api: Client, id: string, body: Partial<WidgetKeyFields> & { disabled?: boolean }) =>
  api.request<void>('PATCH', `/widget-keys/${encodeURIComponent(id)}`, { body });
export const deleteWidgetKey = (api: Client, id: string) => api.request<void>('DELETE', `/widget-keys/${encodeURIComponent(id)}`);

export type LauncherPosition = 'br' | 'bl' | 'tr' | 'tl';

export interface Branding {
  primary_color: string;
  accent_color: string;
  logo_url: string | null;
  launcher_position: LauncherPosition;
  launcher_label: string;
  privacy_notice: string | null;
}

export const getBranding = (api: Client) => api.request<Branding>('GET', '/widget-settings');
export const updateBranding = (api: Client, body: Partial<Branding>) => api.request<Branding>('PATCH', '/widget-settings', { body });
