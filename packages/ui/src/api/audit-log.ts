// AU3: GET /api/v1/audit-log, newest first, paged by cursor.
import type { Client } from './client.js';
import type { Page } from './calls.js';

export interface AuditEntry {
  id: string;
  at: string;
  request_id: string;
  actor: string;
  key_id: string | null;
  key_name: string | null;
  sub: string | null;
  method: string;
  route: string;
  status: number;
  ip: string | null;
}

export interface AuditFilter {
  key_id?: string | undefined;
  actor?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
}

export const listAuditLog = (api: Client, filter: AuditFilter, cursor?: string) =>
  api.request<Page<AuditEntry>>('GET', '/audit-log', { query: { ...filter, cursor, limit: '25' } });
