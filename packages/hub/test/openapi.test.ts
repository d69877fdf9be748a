// SPEC §S: GET /openapi.json is a valid OpenAPI 3.1 document (linted by Redocly's CLI, errors fail), lists every
// route the hub serves and no route it does not, and real answers (successes and §E error bodies) match it;
// GET /docs renders it from same-origin assets only.
import assert from 'node:assert/strict';
import { UI_PAGES } from '../src/http/ui-static.js';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { listen } from './support/calls.js';
import { OpenApiValidator, joinServer } from './support/openapi-validator.js';
import { servedRoutes } from './support/served-routes.js';
import { startTestHub, type RequestOptions, type TestHub } from './support/test-hub.js';

let t: TestHub;
let document: Record<string, unknown>;
let validator: OpenApiValidator;
let account: string;
let key: string;
let devJwt: string;

before(async () => {
  t = await startTestHub({ KATAVEN_SIMULATED_CALL_SECONDS: '600' });
  // The simulated carrier reports calls to the hub's own URL.
  await listen(t.hub);
  account = await t.createAccount();
  const lots = 1_000_000;
  await t.hub.catalog.update(account, { rateLimits: { per_minute: lots, per_hour: lots, per_day: lots, concurrent: 1000 } });
  key = (await t.mintKey(account, { name: 'openapi' })).key;
  devJwt = await t.devToken();
  const response = await t.request({ url: '/openapi.json' });
  assert.equal(response.statusCode, 200);
  assert.match(String(response.headers['content-type']), /^application\/json/);
  document = response.json();
  validator = new OpenApiValidator(document);
});
after(async () => {
  await t?.close();
});

/** Sends the request and checks its answer against the document; returns it. */
async function checked(options: RequestOptions) {
  const response = await t.request(options);
  validator.assertValid(options.method ?? 'GET', options.url, response);
  return response;
}

describe('the document', () => {
  test('is OpenAPI 3.1 with a /v1 and an /api/v1 server', () => {
    assert.equal(document['openapi'], '3.1.0');
    const servers = (document['servers'] as { url: string }[]).map((s) => s.url);
    assert.ok(servers.includes('/v1') && servers.includes('/api/v1'), servers.join(', '));
  });

  test('lints without errors (Redocly CLI, recommended rules)', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'kataven-openapi-'));
    try {
      const file = path.join(folder, 'openapi.json');
      writeFileSync(file, JSON.stringify(document));
      const cli = path.join(path.dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')), 'bin', 'cli.js');
      // Exit status 1 on errors: caught to read the report all the same.
      const { stdout } = await promisify(execFile)(process.execPath, [cli, 'lint', file, '--format=json'], {
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      }).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }));
      const report = JSON.parse(stdout) as { totals: { errors: number }; problems: { severity: string; ruleId: string; message: string; location: { pointer: string }[] }[] };
      const errors = report.problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`);
      assert.deepEqual(errors, []);
      assert.equal(report.totals.errors, 0);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('documents every route served, and only those', () => {
    // HEAD is Fastify's automatic twin of each GET, answered by the GET's handler.
    // The UI's pages are the app's one index.html, not API operations (ui-static.ts): left out, and only they.
    const routes = servedRoutes(t.hub.app).filter((r) => r.method !== 'HEAD');
    const pages = routes.filter((r) => (UI_PAGES as readonly string[]).includes(r.path));
    assert.deepEqual(pages.map((r) => `${r.method} ${r.path}`).sort(), UI_PAGES.map((p) => `GET ${p}`).sort());
    const served = new Set(routes.filter((r) => !pages.includes(r)).map((r) => `${r.method} ${r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`));
    const documented = new Set(validator.documentedRoutes().map((r) => `${r.method} ${r.template}`));
    assert.ok(served.size > 100, `only ${served.size} routes served?`);
    assert.deepEqual([...served].filter((r) => !documented.has(r)).sort(), [], 'served but not documented');
    assert.deepEqual([...documented].filter((r) => !served.has(r)).sort(), [], 'documented but not served');
  });

  test('every operation has an id, a summary, its security and its error answers in the §E format', () => {
    const ids = new Set<string>();
    const schemes = Object.keys((document['components'] as { securitySchemes: object }).securitySchemes);
    for (const [p, item] of Object.entries(document['paths'] as Record<string, Record<string, Record<string, unknown>>>)) {
      for (const [method, op] of Object.entries(item)) {
        const id = op['operationId'] as string;
        assert.ok(id && !ids.has(id), `${method} ${p}: operationId ${id} missing or repeated`);
        ids.add(id);
        assert.ok(op['summary'], `${id}: no summary`);
        assert.ok(Array.isArray(op['security']), `${id}: no security`);
        for (const requirement of op['security'] as Record<string, unknown>[]) {
          for (const scheme of Object.keys(requirement)) assert.ok(schemes.includes(scheme), `${id}: unknown scheme ${scheme}`);
        }
        const responses = op['responses'] as Record<string, { content?: Record<string, unknown> }>;
        assert.ok(responses['500']?.content?.['application/json'] && responses['500'].content['text/plain'], `${id}: no §E 500`);
      }
    }
  });

  test('states each access: sk_live_ or JWT + X-Account-ID, JWT only, admin (X-Admin), public', () => {
    const op = (p: string, m: string) => (document['paths'] as Record<string, Record<string, Record<string, unknown>>>)[p]![m]!;
    assert.deepEqual(op('/agents', 'get')['security'], [{ apiKey: [] }, { hubUser: [], accountId: [] }]);
    assert.deepEqual(op('/api-keys', 'post')['security'], [{ hubUser: [], accountId: [] }]);
    assert.deepEqual(op('/call-limits', 'put')['security'], [{ hubUser: [], accountId: [], adminConfirmation: [] }]);
    assert.deepEqual(op('/healthz', 'get')['security'], []);
    // The codes of each status are listed: a 403 of an sk_live_ caller minting a key.
    const forbidden = (op('/api-keys', 'post')['responses'] as Record<string, { description: string }>)['403']!;
    assert.match(forbidden.description, /requires_hub_ui_auth/);
    assert.match(forbidden.description, /reserved_account/);
  });

  test('every POST of an account takes Idempotency-Key, with its 409 and 422 codes', () => {
    const create = (document['paths'] as Record<string, Record<string, Record<string, unknown>>>)['/agents']!['post']!;
    assert.ok((create['parameters'] as { $ref?: string }[]).some((p) => p.$ref === '#/components/parameters/IdempotencyKey'));
    const responses = create['responses'] as Record<string, { description: string }>;
    assert.match(responses['409']!.description, /idempotency_key_in_use/);
    assert.match(responses['422']!.description, /idempotency_key_reused/);
    assert.match(responses['400']!.description, /invalid_idempotency_key/);
    // T3: minting a key answers its plaintext, which is never stored: no Idempotency-Key there.
    const mint = (document['paths'] as Record<string, Record<string, Record<string, unknown>>>)['/api-keys']!['post']!;
    assert.ok(!((mint['parameters'] ?? []) as { $ref?: string }[]).some((p) => p.$ref === '#/components/parameters/IdempotencyKey'));
    assert.match(mint['description'] as string, /not honoured/);
  });
});

describe('real answers match the document', () => {
  test('agents: create, list, read, update, delete, and their errors', async () => {
    for (const prefix of ['/v1', '/api/v1', '/api']) {
      const created = await checked({ method: 'POST', url: `${prefix}/agents`, token: key, body: { name: 'OpenAPI agent', status: 'active' } });
      assert.equal(created.statusCode, 201);
      const id = created.json<{ id: string }>().id;
      assert.equal((await checked({ url: `${prefix}/agents`, token: key })).statusCode, 200);
      assert.equal((await checked({ url: `${prefix}/agents/${id}`, token: key })).statusCode, 200);
      assert.equal((await checked({ method: 'PATCH', url: `${prefix}/agents/${id}`, token: key, body: { greeting_message: 'hi' } })).statusCode, 200);
      assert.equal((await checked({ method: 'DELETE', url: `${prefix}/agents/${id}`, token: key })).statusCode, 204);
    }
    // §E errors, JSON and text alike.
    const missing = await checked({ url: '/v1/agents/agent_01ARZ3NDEKTSV4RRFFQ69G5FAV', token: key, json: true });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json<{ error: { code: string } }>().error.code, 'not_found');
    const noName = await checked({ method: 'POST', url: '/v1/agents', token: key, body: {}, json: true });
    assert.equal(noName.json<{ error: { code: string } }>().error.code, 'name_required');
    const wrongType = await checked({ method: 'POST', url: '/v1/agents', token: key, body: { name: 3 } });
    assert.equal(wrongType.statusCode, 400);
    assert.match(wrongType.body, /^invalid_body: /);
    const anonymous = await checked({ url: '/v1/agents', json: true });
    assert.equal(anonymous.json<{ error: { code: string } }>().error.code, 'missing_token');
    const malformed = await checked({ url: '/v1/agents', token: 'sk_live_nope' });
    assert.match(malformed.body, /^malformed_token: /);
  });

  test('keys, widget keys, settings, limits, telephony, calls and the audit log', async () => {
    const auth = { token: devJwt, account };
    const minted = await checked({ method: 'POST', url: '/api/v1/api-keys', ...auth, body: { name: 'doc', expiry: '30d' } });
    assert.equal(minted.statusCode, 201);
    await checked({ url: '/v1/api-keys', token: key });
    const refused = await checked({ method: 'POST', url: '/v1/api-keys', token: key, body: { name: 'x' }, json: true });
    assert.equal(refused.json<{ error: { code: string } }>().error.code, 'requires_hub_ui_auth');
    const agent = (await t.request({ method: 'POST', url: '/v1/agents', token: key, body: { name: 'W', status: 'active' } })).json<{ id: string }>();
    const widgetKey = await checked({
      method: 'POST',
      url: '/v1/widget-keys',
      token: key,
      body: { name: 'site', domain_allowlist: ['https://example.test'], agent_id: agent.id },
    });
    assert.equal(widgetKey.statusCode, 201);
    await checked({ url: '/v1/widget-keys', token: key });
    await checked({ url: '/v1/widget-settings', token: key });
    await checked({ method: 'PATCH', url: '/v1/widget-settings', token: key, body: { primary_color: '#112233' } });
    await checked({ url: `/v1/agents/${agent.id}/widget-settings`, token: key });
    await checked({ url: '/v1/call-limits', token: key });
    const adminOnly = await checked({ method: 'PUT', url: '/api/v1/call-limits', ...auth, body: {}, json: true });
    assert.equal(adminOnly.json<{ error: { code: string } }>().error.code, 'admin_header_required');
    const limits = (await t.request({ url: '/v1/call-limits', token: key })).json<Record<string, number>>();
    const set = await checked({ method: 'PUT', url: '/api/v1/call-limits', ...auth, headers: { 'x-admin': 'true' }, body: limits });
    assert.equal(set.statusCode, 200, set.body);
    const provider = await checked({
      method: 'POST',
      url: '/v1/telephony/providers',
      token: key,
      body: { provider: 'twilio', name: 'main', credentials: { account_sid: 'AC' + '0'.repeat(32), auth_token: 'a'.repeat(32) } },
    });
    assert.equal(provider.statusCode, 201, provider.body);
    await checked({ url: '/v1/telephony/providers', token: key });
    const number = await checked({
      method: 'POST',
      url: '/v1/telephony/numbers',
      token: key,
      body: { number: '+15550001111', provider_id: provider.json<{ id: string }>().id, agent_id: agent.id },
    });
    assert.equal(number.statusCode, 201, number.body);
    await checked({ url: '/v1/telephony/numbers', token: key });
    const call = await checked({
      method: 'POST',
      url: '/v1/calls/originate',
      token: key,
      body: { agent_id: agent.id, from_number: '+15550001111', to_number: '+15550002222' },
    });
    assert.equal(call.statusCode, 200, call.body);
    const callId = call.json<{ call_id: string; session_id: string }>().call_id;
    await checked({ url: '/v1/calls', token: key });
    await checked({ url: `/v1/calls/${callId}`, token: key });
    await checked({ url: `/v1/sessions/${call.json<{ session_id: string }>().session_id}`, token: key });
    await checked({ url: '/v1/audit-log?limit=5', token: key });
    const badQuery = await checked({ url: '/v1/audit-log?limit=nope', token: key, json: true });
    assert.equal(badQuery.json<{ error: { code: string } }>().error.code, 'invalid_query');
    await checked({ method: 'POST', url: '/v1/widget/auth/user-token', token: key, body: { external_user_id: 'u1' } });
  });

  test('public routes: health, login page, JWKS', async () => {
    await checked({ url: '/healthz' });
    await checked({ url: '/readyz' });
    await checked({ url: '/api/accounts' });
    await checked({ url: `/api/accounts/validate/${account}` });
    await checked({ url: '/api/user/org', token: devJwt });
    await checked({ url: '/.well-known/jwks.json' });
    const login = await checked({ method: 'POST', url: '/api/login', body: { username: 'dev', password: 'wrong' }, json: true });
    assert.equal(login.json<{ error: { code: string } }>().error.code, 'invalid_credentials');
  });

  test('the validator refuses an answer that does not match', () => {
    const problems = validator.problems('GET', '/v1/agents', { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '[{"id":3}]' });
    assert.ok(problems.length > 0);
    assert.ok(validator.problems('GET', '/v1/agents', { statusCode: 418, headers: {}, body: '' })[0]!.includes('status not documented'));
    assert.ok(validator.problems('GET', '/v1/nowhere', { statusCode: 200, headers: {}, body: '' })[0]!.includes('no documented operation'));
  });
});

describe('/docs', () => {
  test('is HTML whose every asset is same-origin and served', async () => {
    const page = await t.request({ url: '/docs' });
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.match(String(page.headers['content-security-policy']), /script-src 'self'/);
    const references = [...page.body.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    assert.ok(references.length >= 3, references.join(', '));
    assert.doesNotMatch(page.body, /https?:\/\//, 'no absolute URL (no CDN)');
    for (const reference of references) {
      assert.ok(reference.startsWith('/') && !reference.startsWith('//'), `not same-origin: ${reference}`);
      const asset = await t.request({ url: reference });
      assert.equal(asset.statusCode, 200, `${reference}: ${asset.statusCode}`);
      assert.ok(asset.rawPayload.length > 0, `${reference} is empty`);
    }
    const js = await t.request({ url: '/docs/swagger-ui-bundle.js' });
    assert.match(String(js.headers['content-type']), /javascript/);
    assert.ok(js.rawPayload.length > 100_000, 'the Swagger UI bundle');
    const init = await t.request({ url: '/docs/init.js' });
    assert.match(init.body, /\/openapi\.json/);
    assert.equal((await t.request({ url: '/docs/../package.json' })).statusCode, 404);
    assert.equal((await t.request({ url: '/docs/nothing.js' })).statusCode, 404);
  });

  test('its paths join the servers as the validator does', () => {
    assert.equal(joinServer('/', '/healthz'), '/healthz');
    assert.equal(joinServer('/v1', '/agents'), '/v1/agents');
  });
});
