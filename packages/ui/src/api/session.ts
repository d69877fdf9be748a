// T9 dev login and P0's GET /api/user/org: who the signed-in user is and which accounts they may open.
import { send } from './client.js';

export interface LoginAnswer {
  token: string;
  expires_in: number;
}

export function devLogin(username: string, password: string): Promise<LoginAnswer> {
  return send<LoginAnswer>('/api/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ username, password }),
  });
}

export function userAccounts(token: string): Promise<{ sub: string; accounts: string[] }> {
  return send('/api/user/org', { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
}

/**
 * The roles a token claims (T8: `kataven:roles`, or Zitadel's project-roles object), read without verifying: it
 * only decides what the UI offers; the hub decides what is allowed.
 */
export function rolesOf(token: string): string[] {
  try {
    const part = token.split('.')[1] ?? '';
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
    const claims = JSON.parse(json) as Record<string, unknown>;
    const listed = claims['kataven:roles'];
    if (Array.isArray(listed)) return listed.filter((r): r is string => typeof r === 'string');
    const zitadel = claims['urn:zitadel:iam:org:project:roles'];
    if (zitadel && typeof zitadel === 'object') return Object.keys(zitadel);
  } catch {
    // not a JWT we can read: no roles
  }
  return [];
}

/** How this hub lets the UI sign in (served by the hub next to the UI, http/ui-static.ts). */
export interface UiConfig {
  dev_login: boolean;
  oidc: { issuer: string; client_id: string } | null;
}

export function uiConfig(): Promise<UiConfig> {
  return send<UiConfig>('/ui/config.json', { headers: { accept: 'application/json' } });
}
