// §U production sign-in, in a real browser: a production hub (no dev login: POST /api/login is 404) whose issuer
// (T8) is a real, certified OpenID Provider (oidc-provider, run as its own process), and the Hub UI signing in
// there with the authorization code flow and PKCE: the provider's login and consent pages, back to
// /auth/callback, the code exchanged in the browser, then the settings of the user's account with the token kept
// in memory only (nothing in localStorage or sessionStorage afterwards), and "Sign out" forgetting it.
// One browser for the file; Chromium missing is a failure, never a skip.
import assert from 'node:assert/strict';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { startOidcProvider } from './support/oidc-provider-launcher.js';
import type { OidcProviderProcessConfig } from './support/oidc-provider-process.js';
import { freePort } from './support/cli-process.js';
import { startTestHub, type TestHub } from './support/test-hub.js';
import { ensureUiBuilt } from './support/ui-build.js';

const REDIS_URL = process.env.KATAVEN_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const CHROMIUM = process.env.KATAVEN_CHROMIUM ?? '/usr/bin/chromium';
const CLIENT_ID = 'kataven-hub-ui';
const RESOURCE = 'urn:kataven:hub';

let browser: Browser;
let provider: ChildProcessWithoutNullStreams | undefined;
let t: TestHub;
let hubUrl: string;
let account: string;


/** Starts the provider process (kept for `after`) and resolves with its issuer URL. */
function startProvider(config: OidcProviderProcessConfig): Promise<string> {
  const started = startOidcProvider(config);
  provider = started.process;
  return started.issuer;
}

before(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`chromium is not installed at ${CHROMIUM}: apt-get install -y chromium (or set KATAVEN_CHROMIUM)`);
  ensureUiBuilt();
  account = `ui-oidc-${randomBytes(4).toString('hex')}`;
  // The provider must know the hub's redirect URI before the hub (which needs the issuer) starts.
  const port = await freePort();
  hubUrl = `http://127.0.0.1:${port}`;
  const issuer = await startProvider({
    clients: [],
    resourceServers: { [RESOURCE]: { audience: CLIENT_ID } },
    spa: {
      clientId: CLIENT_ID,
      redirectUris: [`${hubUrl}/auth/callback`],
      resource: RESOURCE,
      users: { alice: { accounts: [account], roles: ['admin'] } },
    },
  });
  [browser, t] = await Promise.all([
    chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    }),
    startTestHub({
      REDIS_URL,
      KATAVEN_ENV: 'production',
      KATAVEN_SECRETS_KEY: randomBytes(32).toString('hex'),
      KATAVEN_OIDC_ISSUER: issuer,
      KATAVEN_OIDC_AUDIENCE: CLIENT_ID,
    }),
  ]);
  await t.createAccount(account);
  await t.hub.app.listen({ port, host: '127.0.0.1' });
  t.hub.setPublicUrl(hubUrl);
});

after(async () => {
  await browser?.close();
  await t?.close();
  provider?.kill('SIGTERM');
});

test('production: sign in through the OIDC issuer with PKCE, the token in memory only, and sign out', async () => {
  const login = await t.request({ method: 'POST', url: '/api/login', body: { username: 'dev', password: 'dev' } });
  assert.equal(login.statusCode, 404, 'no dev login in production');

  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const tokenRequests: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().includes('/token')) tokenRequests.push(request.postData() ?? '');
  });
  try {
    await page.goto(`${hubUrl}/settings?account=${account}&tab=limits`);
    assert.equal(await page.getByLabel('Username').count(), 0, 'no dev login form in production');
    await page.getByRole('button', { name: 'Sign in with single sign-on' }).click();

    // The provider's own development login and consent pages.
    await page.locator('input[name=login]').fill('alice');
    await page.locator('input[name=password]').fill('any');
    await page.locator('button[type=submit]').click();
    await page.getByRole('button', { name: 'Continue' }).click();

    // Back on the hub, where the sign-in started, without the code in the address.
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByLabel('Concurrent calls').waitFor();
    const url = new URL(page.url());
    assert.equal(url.pathname, '/settings');
    assert.equal(url.searchParams.get('account'), account);
    assert.equal(url.searchParams.get('code'), null);
    // An admin of the account (the token's kataven:roles): the caps are editable.
    assert.equal(await page.getByLabel('Concurrent calls').isEditable(), true);

    assert.equal(tokenRequests.length, 1);
    const exchange = new URLSearchParams(tokenRequests[0]);
    assert.equal(exchange.get('grant_type'), 'authorization_code');
    assert.match(exchange.get('code_verifier') ?? '', /^[A-Za-z0-9_-]{43,128}$/);

    const stored = await page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length }));
    assert.deepEqual(stored, { local: 0, session: 0 }, 'nothing kept in storage once signed in');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in with single sign-on' }).waitFor();
    await page.getByText('You have signed out.').waitFor();
  } finally {
    await context.close();
  }
});
