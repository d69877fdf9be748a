// L1: GET|PUT /api/v1/call-limits. PUT needs an admin JWT and `X-Admin: true` (O2).
import type { Client } from './client.js';

export interface CallLimits {
  concurrent_max: number;
  calls_per_minute: number;
  daily_calls_max: number;
  daily_minutes_max: number;
}

export const getCallLimits = (api: Client) => api.request<CallLimits>('GET', '/call-limits');
export const putCallLimits = (api: Client, body: CallLimits) =>
  api.request<CallLimits>('PUT', '/call-limits', { body, admin: true });
