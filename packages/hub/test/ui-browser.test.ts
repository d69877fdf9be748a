// §U, issue 13: the Hub UI in a real browser. Debian's headless chromium driven by playwright-core, one browser
// for the file, against a real hub listening on a loopback port that serves the built UI (packages/ui, rebuilt
// first when its sources changed, support/ui-build.ts) and its API on the same origin:
//   - the static serving itself: content types, the self-only CSP, the SPA fallback, unknown assets;
//   - sign in (T9 dev login); create an API key and see it exactly once (gone after a reload); use it with fetch;
//     revoke it in the UI and see the API refuse it (key_revoked);
//   - Limits: an admin edits a cap; a member without the admin role sees read-only fields;
//   - Widget keys: an invalid allowlist entry shows the API's invalid_allowlist_entry;
//   - every screen at 1280 px and 360 px: a screenshot in packages/hub/test-artifacts/ui/ (ignored by git) and
//     axe-core with no serious or critical violation.
// Chromium missing is a failure, never a skip: scripts/test.sh installs it.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import Fastify from 'fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { installErrorReplies } from '../src/http/error-replies.js';
import { uiStaticRoutes } from '../src/http/ui-static.js';
import { insertAgent, listen, placeSimulatedCall, PROCESSOR_SECRET, waitForCall } from './support/calls.js';
import { startTestHub, type TestHub } from './support/test-hub.js';
import { ensureUiBuilt } from './support/ui-build.js';
import { startTestIssuer, type TestIssuer } from './support/test-issuer.js';

const REDIS_URL = process.env.KATAVEN_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const CHROMIUM = process.env.KATAVEN_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = path.resolve(import.meta.dirname, '../test-artifacts/ui');
const SHOWS_WITHIN_MS = 15_000;

let browser: Browser;
let t: TestHub;
let issuer: TestIssuer;
let hubUrl: string;
let account: string;
/** A completed simulated call (transcript and recording), for /conversations. */
let call: { id: string; session_id: string };

before(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`chromium is not installed at ${CHROMIUM}: apt-get install -y chromium (or set KATAVEN_CHROMIUM)`);
  }
  // The hub reads the built files once, at start: they must be those of the current sources.
  ensureUiBuilt();
  mkdirSync(ARTIFACTS, { recursive: true });
  issuer = await startTestIssuer();
  [browser, t] = await Promise.all([
    chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    }),
    startTestHub({ REDIS_URL, ...issuer.env, KATAVEN_SIMULATED_CALL_SECONDS: '0', KATAVEN_CALL_PROCESSOR_SECRET: PROCESSOR_SECRET }),
  ]);
  hubUrl = await listen(t.hub);
  account = await t.createAccount();
  // R1's per-account budget is not under test; a screen makes a few requests at a time.
  const lots = 1_000_000;
  await t.hub.catalog.update(account, { rateLimits: { per_minute: lots, per_hour: lots, per_day: lots, concurrent: 1000 } });
  const agentId = await insertAgent(t.hub, account, 'Hello from the UI test agent.');
  call = (await placeSimulatedCall(t.hub, account, agentId, 'Hello from the UI test agent.')).call;
  await waitForCall(t.hub, account, call.id, (c) => c.status === 'completed');
});

after(async () => {
  await browser?.close();
  await t?.close();
  await issuer?.close();
});

async function newPage(width = 1280): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext({ viewport: { width, height: width < 600 ? 780 : 860 } });
  const page = await context.newPage();
  page.setDefaultTimeout(SHOWS_WITHIN_MS);
  return { page, context };
}

/** Opens `pathAndQuery` and signs in through the form (dev/dev unless another user's login is routed in). */
async function signIn(page: Page, pathAndQuery = `/settings?account=${account}`): Promise<void> {
  await page.goto(`${hubUrl}${pathAndQuery}`);
  await page.getByLabel('Username').fill('dev');
  await page.getByLabel('Password').fill('dev');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** In-app navigation (a reload would forget the in-memory session, by design). */
async function visit(page: Page, pathAndQuery: string): Promise<void> {
  await page.evaluate((to) => {
    history.pushState(null, '', to);
    dispatchEvent(new PopStateEvent('popstate'));
  }, pathAndQuery);
}

/** What the API says to a request with this key: status and §E code. */
async function apiWith(key: string): Promise<{ status: number; code?: string }> {
  const response = await fetch(`${hubUrl}/v1/agents`, { headers: { authorization: `Bearer ${key}`, accept: 'application/json' } });
  const body = (await response.json()) as { error?: { code: string } };
  return { status: response.status, ...(body.error ? { code: body.error.code } : {}) };
}

async function axeSeriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('serving the UI', () => {
  test('index.html at / and at every page, assets with their types, a self-only CSP, unknown assets 404', async () => {
    for (const url of ['/', '/settings', '/agents', '/conversations', '/audit', '/auth/callback']) {
      const response = await t.request({ url });
      assert.equal(response.statusCode, 200, url);
      assert.equal(response.headers['content-type'], 'text/html; charset=utf-8', url);
      assert.match(response.body, /<script type="module" src="\/assets\/app\.js"><\/script>/);
      const csp = String(response.headers['content-security-policy']);
      assert.match(csp, /default-src 'self'/);
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
    }
    const js = await t.request({ url: '/assets/app.js' });
    assert.equal(js.statusCode, 200);
    assert.equal(js.headers['content-type'], 'application/javascript; charset=utf-8');
    const css = await t.request({ url: '/assets/app.css' });
    assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
    const again = await t.request({ url: '/assets/app.js', headers: { 'if-none-match': String(js.headers.etag) } });
    assert.equal(again.statusCode, 304);
    for (const url of ['/assets/nope.js', '/assets/..%2Findex.html', '/nowhere', '/settings/elsewhere']) {
      const missing = await t.request({ url, json: true });
      assert.equal(missing.statusCode, 404, url);
      assert.equal(missing.json<{ error: { code: string } }>().error.code, 'not_found');
    }
  });

  test('a hub whose UI is not built starts, and answers its pages 503 service_unavailable saying how to build it', async () => {
    const app = Fastify();
    installErrorReplies(app);
    uiStaticRoutes(app, { directory: undefined, signIn: { devLogin: true } });
    try {
      for (const url of ['/', '/settings', '/assets/app.js']) {
        const response = await app.inject({ url, headers: { accept: 'application/json' } });
        assert.equal(response.statusCode, 503, url);
        const { error } = response.json<{ error: { code: string; message: string } }>();
        assert.equal(error.code, 'service_unavailable');
        assert.match(error.message, /npm run build/);
      }
      assert.deepEqual((await app.inject({ url: '/ui/config.json' })).json(), { dev_login: true, oidc: null });
    } finally {
      await app.close();
    }
  });
});

describe('API keys', () => {
  test('sign in, create a key shown exactly once, use it, revoke it in the UI and the API refuses it', async () => {
    const { page, context } = await newPage();
    try {
      await signIn(page);
      await page.getByRole('tab', { name: 'API keys', selected: true }).waitFor();
      await page.getByRole('button', { name: 'Create API key' }).click();
      const dialog = page.getByRole('dialog', { name: 'Create API key' });
      await dialog.getByLabel('Name').fill('ci-deploy');
      await dialog.getByLabel('Expiry').selectOption({ label: '30 days' });
      await dialog.getByRole('button', { name: 'Create' }).click();

      const shown = page.getByRole('dialog', { name: 'API key created' });
      const key = await shown.getByRole('textbox', { name: /API key/ }).inputValue();
      assert.match(key, new RegExp(`^sk_live_${account}_[0-9A-Za-z]{38}$`));
      await shown.getByRole('button', { name: 'Copy' }).waitFor();
      assert.match(await shown.textContent() ?? '', /shown only this once/);

      // Closing asks first, with Escape as with "Done": the key cannot be shown again.
      await page.keyboard.press('Escape');
      await shown.getByRole('alert').filter({ hasText: 'never be shown again' }).waitFor();
      await shown.getByRole('button', { name: 'Back to the key' }).click();
      assert.equal(await shown.getByRole('textbox', { name: /API key/ }).inputValue(), key);
      await shown.getByRole('button', { name: 'Done' }).click();
      await shown.getByRole('alert').filter({ hasText: 'never be shown again' }).waitFor();
      await shown.getByRole('button', { name: 'Close', exact: true }).click();
      await shown.waitFor({ state: 'detached' });
      const row = page.getByRole('row', { name: /ci-deploy/ });
      await row.getByText(`…${key.slice(-8)}`).waitFor();
      assert.equal((await page.content()).includes(key), false, 'the key is gone from the page once the dialog closes');

      assert.deepEqual(await apiWith(key), { status: 200 });
      // The session token lives in memory: nothing in the browser's storage.
      assert.deepEqual(await page.evaluate(() => [localStorage.length, sessionStorage.length]), [0, 0]);

      // After a reload (and signing in again) the key is listed by its last 8 characters only.
      await page.reload();
      await signIn(page);
      await page.getByRole('row', { name: /ci-deploy/ }).getByText(`…${key.slice(-8)}`).waitFor();
      assert.equal((await page.content()).includes(key), false);
      await row.getByText('Active').waitFor();

      await row.getByRole('button', { name: 'Revoke ci-deploy' }).click();
      const confirm = page.getByRole('dialog', { name: 'Revoke API key' });
      await confirm.getByRole('button', { name: 'Revoke', exact: true }).click();
      await confirm.waitFor({ state: 'detached' });
      await row.getByText('Revoked').waitFor();
      assert.deepEqual(await apiWith(key), { status: 403, code: 'key_revoked' });
    } finally {
      await context.close();
    }
  });

  test('an API error shows its code and message (name_required)', async () => {
    const { page, context } = await newPage();
    try {
      await signIn(page);
      await page.getByRole('button', { name: 'Create API key' }).click();
      const dialog = page.getByRole('dialog', { name: 'Create API key' });
      await dialog.getByLabel('Name').fill('   ');
      await dialog.getByRole('button', { name: 'Create' }).click();
      await dialog.getByRole('alert').filter({ hasText: 'name_required' }).waitFor();
      // Escape before any key exists closes at once.
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
    } finally {
      await context.close();
    }
  });
});

describe('Limits', () => {
  test('an admin edits a cap (X-Admin sent by that save only); a member without admin sees read-only fields', async () => {
    const { page, context } = await newPage();
    const adminHeaders: string[] = [];
    page.on('request', (request) => {
      if (request.headers()['x-admin'] !== undefined) adminHeaders.push(`${request.method()} ${new URL(request.url()).pathname}`);
    });
    try {
      await signIn(page, `/settings?account=${account}&tab=limits`);
      const concurrent = page.getByLabel('Concurrent calls');
      await concurrent.waitFor();
      assert.equal(await concurrent.isEditable(), true);
      await concurrent.fill('3');
      await page.getByLabel('Daily minutes').fill('120');
      await page.getByRole('button', { name: 'Save limits' }).click();
      await page.getByRole('status').filter({ hasText: 'Limits saved.' }).waitFor();
      const stored = await t.request({ url: '/api/v1/call-limits', token: await t.devToken(), account });
      assert.equal(stored.statusCode, 200, stored.body);
      assert.equal(stored.json<{ concurrent_max: number }>().concurrent_max, 3);
      assert.equal(stored.json<{ daily_minutes_max: number }>().daily_minutes_max, 120);
      assert.deepEqual(adminHeaders, ['PUT /api/v1/call-limits']);
    } finally {
      await context.close();
    }

    // A member of the account without the admin role, signed in with a token of the OIDC issuer (T8).
    const member = await issuer.sign({ sub: 'member-1', 'kataven:accounts': [account], 'kataven:roles': [] });
    const second = await newPage();
    try {
      await second.page.route('**/api/login', (route) => route.fulfill({ json: { token: member, expires_in: 600 } }));
      await signIn(second.page, `/settings?account=${account}&tab=limits`);
      const concurrent = second.page.getByLabel('Concurrent calls');
      assert.equal(await concurrent.inputValue(), '3');
      assert.equal(await concurrent.isEditable(), false);
      assert.equal(await concurrent.getAttribute('readonly'), '');
      await second.page.getByText('Only account admins can change these limits.').waitFor();
      assert.equal(await second.page.getByRole('button', { name: 'Save limits' }).count(), 0);
      // And the API agrees, whatever the page offers.
      const refused = await t.request({
        method: 'PUT',
        url: '/api/v1/call-limits',
        token: member,
        account,
        json: true,
        headers: { 'x-admin': 'true' },
        body: { concurrent_max: 9, calls_per_minute: 9, daily_calls_max: 9, daily_minutes_max: 9 },
      });
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json<{ error: { code: string } }>().error.code, 'admin_role_required');
    } finally {
      await second.context.close();
    }
  });
});

describe('Widget keys', () => {
  test("an invalid allowlist entry shows the API's error; a valid list creates the key with its embed snippet", async () => {
    const { page, context } = await newPage();
    try {
      await signIn(page, `/settings?account=${account}&tab=widget-keys`);
      await page.getByRole('button', { name: 'Create widget key' }).click();
      const dialog = page.getByRole('dialog', { name: 'Create widget key' });
      await dialog.getByLabel('Name').fill('shop');
      await dialog.getByLabel('Allowed origins').fill('https://shop.example.com\nftp://shop.example.com');
      await dialog.getByRole('button', { name: 'Create' }).click();
      const alert = dialog.getByRole('alert');
      await alert.filter({ hasText: 'invalid_allowlist_entry' }).waitFor();
      assert.match((await alert.textContent()) ?? '', /"ftp:\/\/shop\.example\.com" is not a valid allowlist entry/);

      await dialog.getByLabel('Allowed origins').fill('https://shop.example.com\n*.example.org');
      // The agent pin (W1): the key then always talks to this agent.
      await dialog.getByRole('combobox', { name: /^Agent/ }).selectOption({ label: 'Test agent (active)' });
      await dialog.getByRole('button', { name: 'Create' }).click();
      const shown = page.getByRole('dialog', { name: 'Widget key created' });
      const key = await shown.getByRole('textbox', { name: /Widget key/ }).inputValue();
      assert.match(key, new RegExp(`^pk_live_${account}_`));
      assert.match((await shown.locator('pre').textContent()) ?? '', new RegExp(`/widget/v1\\.js" data-client-key="${key}"`));
      assert.match((await shown.locator('pre').textContent()) ?? '', / data-agent-id="agent_[0-9A-Z]{26}"/);
      await shown.getByRole('button', { name: 'Done' }).click();
      const row = page.getByRole('row', { name: /shop/ });
      await row.getByText('Test agent').waitFor();
      await row.getByText('*.example.org').waitFor();
      await row.getByText('Active').waitFor();
    } finally {
      await context.close();
    }
  });
});

describe('Branding', () => {
  test('the launcher preview follows the form live, and Save stores it', async () => {
    const { page, context } = await newPage();
    try {
      await signIn(page, `/settings?account=${account}&tab=branding`);
      await page.getByLabel('Launcher label').fill('Ask us anything');
      await page.getByLabel('Launcher position').selectOption({ label: 'Top left' });
      await page.getByLabel('Primary colour').fill('#7c2d12');
      const launcher = page.getByTestId('launcher-preview').locator('.launcher');
      assert.equal(await launcher.textContent(), 'Ask us anything');
      assert.match((await launcher.getAttribute('class')) ?? '', /\btl\b/);
      assert.equal(await launcher.evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(124, 45, 18)');
      await page.getByRole('button', { name: 'Save branding' }).click();
      await page.getByRole('status').filter({ hasText: 'Branding saved.' }).waitFor();
      const stored = await t.request({ url: '/api/v1/widget-settings', token: await t.devToken(), account });
      assert.equal(stored.json<{ launcher_label: string }>().launcher_label, 'Ask us anything');
      assert.equal(stored.json<{ launcher_position: string }>().launcher_position, 'tl');
      assert.equal(stored.json<{ primary_color: string }>().primary_color, '#7c2d12');
    } finally {
      await context.close();
    }
  });
});

describe('Agents, conversations and audit', () => {
  test('create an agent and change its status', async () => {
    const { page, context } = await newPage();
    try {
      await signIn(page, `/agents?account=${account}`);
      await page.getByLabel('New agent name').fill('Front desk');
      await page.getByRole('button', { name: 'Create agent' }).click();
      const status = page.getByRole('combobox', { name: 'Status of Front desk' });
      assert.equal(await status.inputValue(), 'draft');
      await status.selectOption('active');
      await page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes('/api/v1/agents/'));
      const agents = await t.request({ url: '/api/v1/agents', token: await t.devToken(), account });
      const created = agents.json<{ name: string; status: string }[]>().find((a) => a.name === 'Front desk');
      assert.equal(created?.status, 'active');
    } finally {
      await context.close();
    }
  });

  test("a call's transcript and its recording played from the signed URL", async () => {
    const { page, context } = await newPage();
    try {
      await signIn(page, `/conversations?account=${account}`);
      await page.getByRole('button', { name: /^Transcript of the call/ }).first().click();
      await page.getByText('This is a simulated call').waitFor();
      await page.getByRole('button', { name: 'Play recording' }).click();
      const audio = page.locator('audio');
      await audio.waitFor();
      assert.match((await audio.getAttribute('src')) ?? '', new RegExp(`^${hubUrl}/recordings/`));
      // The signed URL is the hub's own: the CSP (media-src 'self') lets it load, and it is a real WAV.
      await page.waitForFunction(() => (document.querySelector('audio')?.readyState ?? 0) >= 1);
    } finally {
      await context.close();
    }
  });

  test('the audit log, newest first, filtered by key', async () => {
    const minted = await t.mintKey(account, { name: 'audited-key' });
    assert.equal((await apiWith(minted.key)).status, 200);
    const { page, context } = await newPage();
    try {
      await signIn(page, `/audit?account=${account}`);
      await page.getByRole('row').nth(1).waitFor();
      // The earlier tests of this file made well over a page (25) of requests: newest first, then older ones.
      // Rows carry their instant (<time datetime>) and id: newest first by time, then id (AU3).
      const shown = () =>
        page.locator('tbody tr').evaluateAll((rows) =>
          rows.map((row) => ({ id: row.getAttribute('data-entry-id') ?? '', at: Date.parse(row.querySelector('time')?.dateTime ?? '') })),
        );
      const firstPage = await shown();
      assert.equal(firstPage.length, 25);
      assert.ok(firstPage.every((row, i) => i === 0 || row.at <= firstPage[i - 1]!.at), 'newest first');
      await page.getByRole('button', { name: 'Older entries' }).click();
      await page.getByRole('button', { name: 'Newer entries' }).waitFor();
      const secondPage = await shown();
      const firstIds = new Set(firstPage.map((row) => row.id));
      assert.ok(secondPage.length >= 1 && secondPage.every((row) => !firstIds.has(row.id)), 'another page');
      assert.ok(Math.max(...secondPage.map((r) => r.at)) <= Math.min(...firstPage.map((r) => r.at)), 'the next page is older');
      await page.getByRole('button', { name: 'Newer entries' }).click();
      await page.getByRole('button', { name: 'Older entries' }).waitFor();
      assert.equal(await page.getByRole('button', { name: 'Newer entries' }).count(), 0);
      await page.getByRole('combobox', { name: /^Key/ }).selectOption({ label: `audited-key (…${minted.key.slice(-8)})` });
      await page.getByRole('button', { name: 'Filter' }).click();
      const rows = page.getByRole('row').filter({ hasText: 'GET /v1/agents' });
      await rows.first().waitFor();
      const bodyRows = await page.locator('tbody tr').allTextContents();
      assert.ok(bodyRows.length >= 1);
      assert.ok(bodyRows.every((text) => text.includes('audited-key')), bodyRows.join('\n'));
    } finally {
      await context.close();
    }
  });
});

describe('account switcher', () => {
  test('?account= selects the account, the switcher changes it, and requests name it in X-Account-ID', async () => {
    const other = await t.createAccount();
    await t.hub.catalog.update(other, { rateLimits: { per_minute: 1_000_000, per_hour: 1_000_000, per_day: 1_000_000, concurrent: 1000 } });
    const { page, context } = await newPage();
    const accountHeaders: string[] = [];
    page.on('request', (request) => {
      const header = request.headers()['x-account-id'];
      if (header !== undefined) accountHeaders.push(header);
    });
    try {
      await signIn(page, `/settings?account=${other}`);
      const switcher = page.getByRole('combobox', { name: /^Account/ });
      assert.equal(await switcher.inputValue(), other);
      await page.getByText('No API keys yet.').waitFor();
      assert.ok(accountHeaders.length > 0 && accountHeaders.every((h) => h === other), accountHeaders.join());

      accountHeaders.length = 0;
      await switcher.selectOption(account);
      await page.getByRole('row', { name: /ci-deploy/ }).waitFor();
      assert.equal(new URL(page.url()).searchParams.get('account'), account);
      assert.ok(accountHeaders.length > 0 && accountHeaders.every((h) => h === account), accountHeaders.join());

      await visit(page, '/settings?account=not-a-member-here');
      await page.getByRole('alert').filter({ hasText: 'account_mismatch' }).waitFor();
    } finally {
      await context.close();
    }
  });
});

describe('keyboard', () => {
  test('the settings tabs follow the arrow keys, and a dialog opens with Enter and closes with Escape', async () => {
    const { page, context } = await newPage();
    try {
      await signIn(page);
      await page.getByRole('tab', { name: 'API keys' }).focus();
      await page.keyboard.press('ArrowRight');
      const widgetTab = page.getByRole('tab', { name: 'Widget keys', selected: true });
      await widgetTab.waitFor();
      assert.equal(await widgetTab.evaluate((el) => el === document.activeElement), true);
      await page.keyboard.press('End');
      await page.getByRole('tab', { name: 'Branding', selected: true }).waitFor();
      await page.keyboard.press('Home');
      await page.getByRole('tab', { name: 'API keys', selected: true }).waitFor();
      await page.getByRole('button', { name: 'Create API key' }).focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: 'Create API key' });
      // The dialog takes the focus (its first field).
      await page.waitForFunction(() => document.activeElement?.closest('dialog') !== null);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
    } finally {
      await context.close();
    }
  });
});

interface Screen {
  name: string;
  path: () => string;
  /** What shows once the screen is there. */
  ready: (page: Page) => ReturnType<Page['getByRole']>;
  /** An action that opens what is screenshot (a dialog, a transcript). */
  open?: (page: Page) => Promise<void>;
}

const SCREENS: Screen[] = [
  { name: 'api-keys', path: () => `/settings?account=${account}&tab=api-keys`, ready: (p) => p.getByRole('heading', { name: 'API keys' }) },
  {
    name: 'create-api-key-dialog',
    path: () => `/settings?account=${account}&tab=api-keys`,
    open: (p) => p.getByRole('button', { name: 'Create API key' }).click(),
    ready: (p) => p.getByRole('dialog', { name: 'Create API key' }),
  },
  { name: 'widget-keys', path: () => `/settings?account=${account}&tab=widget-keys`, ready: (p) => p.getByRole('heading', { name: 'Widget keys' }) },
  { name: 'limits', path: () => `/settings?account=${account}&tab=limits`, ready: (p) => p.getByLabel('Concurrent calls') },
  { name: 'branding', path: () => `/settings?account=${account}&tab=branding`, ready: (p) => p.getByTestId('launcher-preview') },
  { name: 'agents', path: () => `/agents?account=${account}`, ready: (p) => p.getByRole('heading', { name: 'Agents' }) },
  { name: 'conversations', path: () => `/conversations?account=${account}`, ready: (p) => p.getByRole('heading', { name: 'Calls' }) },
  {
    name: 'conversation-transcript',
    path: () => `/conversations?account=${account}`,
    open: (p) => p.getByRole('button', { name: /^Transcript of the call/ }).first().click(),
    ready: (p) => p.getByRole('heading', { name: 'Transcript' }),
  },
  { name: 'audit', path: () => `/audit?account=${account}`, ready: (p) => p.getByRole('heading', { name: 'Audit' }) },
];

describe('every screen at 1280 px and 360 px', () => {
  for (const width of [1280, 360]) {
    test(`screenshots and axe at ${width} px`, async () => {
      const { page, context } = await newPage(width);
      try {
        await page.goto(`${hubUrl}/settings?account=${account}`);
        await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
        await page.screenshot({ path: path.join(ARTIFACTS, `login-${width}.png`), fullPage: true });
        assert.deepEqual(await axeSeriousViolations(page), [], 'login');
        await signIn(page);
        for (const screen of SCREENS) {
          await visit(page, screen.path());
          if (screen.open) {
            await page.getByRole('status').filter({ hasText: /^Loading/ }).waitFor({ state: 'detached' });
            await screen.open(page);
          }
          await screen.ready(page).first().waitFor();
          await page.getByRole('status').filter({ hasText: /^Loading/ }).waitFor({ state: 'detached' });
          await page.screenshot({ path: path.join(ARTIFACTS, `${screen.name}-${width}.png`), fullPage: true });
          assert.deepEqual(await axeSeriousViolations(page), [], screen.name);
          // Leave no dialog open for the next screen.
          if ((await page.locator('dialog[open]').count()) > 0) await page.keyboard.press('Escape');
        }
      } finally {
        await context.close();
      }
    });
  }
});
