// §U production sign-in: the OIDC authorization code flow with PKCE (RFC 7636, S256) against the hub's issuer
// (T8), as a public client. Only the code verifier, the state and where to return live in sessionStorage, for
// the round trip through the issuer; the token the exchange returns stays in memory (never in storage).
import { ApiError } from './api/client.js';
import type { UiConfig } from './api/session.js';

const PENDING_KEY = 'kataven.oidc.pending';
export const CALLBACK_PATH = '/auth/callback';

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

interface Pending {
  state: string;
  verifier: string;
  returnTo: string;
}

function randomString(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

function base64url(data: Uint8Array): string {
  let binary = '';
  for (const byte of data) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function discover(issuer: string): Promise<Discovery> {
  let response: Response;
  try {
    response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  } catch {
    throw new ApiError(0, 'oidc_unreachable', `the sign-in service at ${issuer} could not be reached`, undefined);
  }
  if (!response.ok) throw new ApiError(response.status, 'oidc_discovery_failed', `the sign-in service answered ${response.status}`, undefined);
  return (await response.json()) as Discovery;
}

const redirectUri = () => `${location.origin}${CALLBACK_PATH}`;

/** Sends the browser to the issuer's sign-in page; it comes back to /auth/callback. */
export async function startOidcSignIn(oidc: NonNullable<UiConfig['oidc']>, returnTo: string): Promise<void> {
  const discovery = await discover(oidc.issuer);
  const pending: Pending = { state: randomString(), verifier: randomString(48), returnTo };
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(pending.verifier))));
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: oidc.client_id,
    redirect_uri: redirectUri(),
    scope: 'openid',
    state: pending.state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/**
 * On /auth/callback: checks the state, exchanges the code (with the verifier) at the token endpoint and returns
 * the bearer for the hub (the access token when it is a JWT, else the ID token) and where to go next.
 */
export async function completeOidcSignIn(oidc: NonNullable<UiConfig['oidc']>): Promise<{ token: string; returnTo: string }> {
  const params = new URLSearchParams(location.search);
  const raw = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  const pending = raw ? (JSON.parse(raw) as Pending) : undefined;
  const error = params.get('error');
  if (error) throw new ApiError(0, error, params.get('error_description') ?? 'the sign-in service refused the sign-in', undefined);
  const code = params.get('code');
  if (!pending || !code || params.get('state') !== pending.state) {
    throw new ApiError(0, 'oidc_state_mismatch', 'this sign-in was not started here, or has already been used: sign in again', undefined);
  }
  const discovery = await discover(oidc.issuer);
  const response = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri(),
      client_id: oidc.client_id,
      code_verifier: pending.verifier,
    }),
  }).catch(() => undefined);
  if (!response) throw new ApiError(0, 'oidc_unreachable', 'the sign-in service could not be reached', undefined);
  const body = (await response.json().catch(() => ({}))) as { access_token?: string; id_token?: string; error?: string; error_description?: string };
  if (!response.ok) throw new ApiError(response.status, body.error ?? 'oidc_token_failed', body.error_description ?? 'the code exchange failed', undefined);
  const token = body.access_token?.split('.').length === 3 ? body.access_token : body.id_token;
  if (!token) throw new ApiError(0, 'oidc_no_token', 'the sign-in service returned no JWT', undefined);
  return { token, returnTo: pending.returnTo };
}
