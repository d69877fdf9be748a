// T8 against a real, certified OpenID Provider (`oidc-provider`) running as a separate process: the hub finds
// its JWKS through the provider's discovery document, and access tokens obtained over real HTTP with the
// client_credentials grant (RFC 9068 JWT access tokens) authenticate requests through the real HTTP pipeline.
import assert from 'node:assert/strict';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import * as jose from 'jose';
import type { LightMyRequestResponse } from 'fastify';
import { startOidcProvider } from './support/oidc-provider-launcher.js';
import type { OidcProviderProcessConfig } from './support/oidc-provider-process.js';
import { startTestHub, uniqueSlug, type TestHub } from './support/test-hub.js';

const HUB_RESOURCE = 'urn:kataven:hub';
const OTHER_RESOURCE = 'urn:kataven:some-other-api';
const MEMBER_CLIENT = { id: 'kataven-ci', secret: 'ci-secret-for-tests' };

let provider: ChildProcessWithoutNullStreams | undefined;
let issuer: string;
let t: TestHub;
let account: string;
let otherAccount: string;

/** Starts the provider process (kept for `after`) and resolves with its issuer URL. */
function startProvider(config: OidcProviderProcessConfig): Promise<string> {
  const started = startOidcProvider(config);
  provider = started.process;
  return started.issuer;
}

async function discovery(): Promise<{ issuer: string; token_endpoint: string; jwks_uri: string }> {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`);
  assert.equal(response.status, 200);
  return (await response.json()) as { issuer: string; token_endpoint: string; jwks_uri: string };
}

/** An access token from the provider's token endpoint: client_credentials, client_secret_basic, RFC 8707. */
async function clientCredentialsToken(client: { id: string; secret: string }, resource: string): Promise<string> {
  const { token_endpoint } = await discovery();
  const response = await fetch(token_endpoint, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', resource }).toString(),
  });
  const body = (await response.json()) as { access_token?: string; token_type?: string; error?: string };
  assert.equal(response.status, 200, JSON.stringify(body));
  assert.equal(body.token_type, 'Bearer');
  assert.ok(body.access_token);
  return body.access_token;
}

function assertError(response: LightMyRequestResponse, status: number, code: string): void {
  assert.equal(response.statusCode, status, response.body);
  assert.equal(response.body.split(':')[0], code, response.body);
  if (status === 401) assert.equal(response.headers['www-authenticate'], 'Bearer error="invalid_token"');
}

before(async () => {
  account = uniqueSlug('op');
  otherAccount = uniqueSlug('op-other');
  issuer = await startProvider({
    clients: [{ ...MEMBER_CLIENT, accounts: [account] }],
    resourceServers: {
      [HUB_RESOURCE]: { audience: HUB_RESOURCE },
      [OTHER_RESOURCE]: { audience: OTHER_RESOURCE },
    },
  });
  t = await startTestHub({ KATAVEN_OIDC_ISSUER: issuer, KATAVEN_OIDC_AUDIENCE: HUB_RESOURCE });
  await t.createAccount(account);
  await t.createAccount(otherAccount);
});

after(async () => {
  await t?.close();
  if (provider && provider.exitCode === null) {
    const exited = new Promise((resolve) => provider!.once('exit', resolve));
    provider.kill('SIGTERM');
    await exited;
  }
});

describe('T8 with a real OpenID Provider (oidc-provider, client_credentials)', () => {
  test('the discovery document names exactly the issuer the hub is configured with', async () => {
    const document = await discovery();
    assert.equal(document.issuer, issuer);
    assert.equal(t.env.KATAVEN_OIDC_ISSUER, document.issuer);
    assert.match(document.jwks_uri, /^http:\/\/127\.0\.0\.1:\d+\//);
  });

  test('an RFC 9068 access token from the provider → 200 on /v1/api-keys and /api/v1/agents', async () => {
    const token = await clientCredentialsToken(MEMBER_CLIENT, HUB_RESOURCE);
    // What the provider issued: a signed at+jwt for the hub's audience, carrying the membership claim.
    const header = jose.decodeProtectedHeader(token);
    assert.equal(header.alg, 'RS256');
    assert.equal(header.typ, 'at+jwt');
    const claims = jose.decodeJwt(token);
    assert.equal(claims.iss, issuer);
    assert.equal(claims.aud, HUB_RESOURCE);
    assert.equal(claims.sub, MEMBER_CLIENT.id, 'RFC 9068: a client_credentials token has the client as its sub');
    assert.deepEqual(claims['kataven:accounts'], [account]);
    assert.equal(typeof claims.exp, 'number');

    const keys = await t.request({ url: '/v1/api-keys', token, account });
    assert.equal(keys.statusCode, 200, keys.body);
    assert.ok(Array.isArray(keys.json()));
    const agents = await t.request({ url: '/api/v1/agents', token, account });
    assert.equal(agents.statusCode, 200, agents.body);
    assert.ok(Array.isArray(agents.json()));
  });

  test('the same token for an account not in its claim → 403 account_mismatch, existing or not', async () => {
    const token = await clientCredentialsToken(MEMBER_CLIENT, HUB_RESOURCE);
    const existing = await t.request({ url: '/v1/api-keys', token, account: otherAccount });
    assertError(existing, 403, 'account_mismatch');
    const missing = await t.request({ url: '/v1/api-keys', token, account: uniqueSlug('nobody') });
    assertError(missing, 403, 'account_mismatch');
    assert.equal(existing.body, missing.body, 'the answer does not tell whether the account exists');
  });

  test('a token the provider issued for another resource server (audience) → 401 invalid_token', async () => {
    const token = await clientCredentialsToken(MEMBER_CLIENT, OTHER_RESOURCE);
    assert.equal(jose.decodeJwt(token).aud, OTHER_RESOURCE);
    for (const url of ['/v1/api-keys', '/api/v1/agents']) {
      assertError(await t.request({ url, token, account }), 401, 'invalid_token');
    }
  });
});
