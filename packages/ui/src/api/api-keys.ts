// K1–K4: /api/v1/api-keys.
import type { Client } from './client.js';

export interface ApiKey {
  id: string;
  name: string;
  last8: string;
  created_at: string;
  updated_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  disabled_at: string | null;
  created_by: string;
}

export type CreatedApiKey = ApiKey & { key: string };

export const listApiKeys = (api: Client) => api.request<ApiKey[]>('GET', '/api-keys');
export const createApiKey = (api: Client, body: { name: string; expiry: string }) =>
  api.request<CreatedApiKey>('POST', '/api-keys', { body });
export const revokeApiKey = (api: Client, id: string) =>
  api.request<void>('PATCH', `/api-keys/${encodeURIComponent(id)}`, { body: { disabled: true } });
export const deleteApiKey = (api: Client, id: string) => api.request<void>('DELETE', `/api-keys/${encodeURIComponent(id)}`);
