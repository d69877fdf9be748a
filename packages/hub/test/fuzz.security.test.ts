// Property-based fuzzing of the hub's edge (SPEC §E, T4, A1, A2): 10,000 generated requests — malformed
// Authorization headers, X-Account-ID values, paths and query strings, JSON and non-JSON bodies — against every
// route the app serves, public, protected and operator alike. For every response: no 5xx, no stack trace, no SQL,
// no 64-hex hash, the documented error format, and nothing of another tenant.
//
// Two accounts: A (`fuzz-a-…`), whose credentials every request uses, and B (`victim-…`), whose credentials are
// never sent. A request may still *name* B (its slug in X-Account-ID, its key or agent id in the path, a token
// built for B's account): generators write such references as placeholders (`{{B}}`, `{{BAGENT}}` …), and each
// request is sent twice, once with B's real identifiers and once with those of an account that does not exist.
// The two answers must agree (status; and the error body, ids normalised), so B's existence leaks nowhere. A
// request that does not name B is sent twice unchanged; for GET and HEAD its two answers must agree in status:
// the first verification is uncached, the second may come from the verdict cache (T6). Every answer to a
// request that does not name B must not contain any identifier of B (slug, key id and name, agent id and name,
// database name); and however the requests go, B's rows must come out untouched (last test).
//
// Budget (exact; the last test checks the count of requests actually sent):
//   1. Authorization headers    1,500 runs × 2 requests = 3,000
//   2. X-Account-ID values       1,000 runs × 2 requests = 2,000
//   3. paths and query strings   1,500 runs × 2 requests = 3,000
//   4. request bodies            2,000 runs × 1 request  = 2,000
//                                                 total = 10,000
// Seed: fixed by default, so `npm test` (and CI) replays the same 10,000 requests every run; set
// KATAVEN_FUZZ_SEED=random to explore new inputs (or a number to replay one). On a failure fast-check prints the
// seed and path that replay it with the shrunk counterexample; the assertion message shows the request and the
// response, and the hub's error log for that request (its stack included) when there is one.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { request as httpRequest, validateHeaderValue } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InjectOptions } from 'fastify';
import { newAgentId } from '../src/agents/agent-id.js';
import { UI_CONFIG_PATH, UI_PAGES } from '../src/http/ui-static.js';
import { logCapture } from './support/log-capture.js';
import { servedRoutes } from './support/served-routes.js';
import { startTestHub, type TestHub } from './support/test-hub.js';
import { startTestIssuer, type TestIssuer } from './support/test-issuer.js';

// ---------------------------------------------------------------------------------------------------------
// The hub, the two accounts, and the hub's error log
// ---------------------------------------------------------------------------------------------------------

/** Error-level log lines of the hub (pino JSON), to show the stack behind a 5xx. */
const { lines: errorLog, stream: logStream } = logCapture();

let t: TestHub;
let issuer: TestIssuer;
const hex = () => randomBytes(4).toString('hex');
const RESERVED = 'kataven-admin';

/** A's identifiers and credentials (filled in `before`). */
const a = {
  slug: `fuzz-a-${hex()}`,
  key: '',
  keyId: '',
  /** An A key the body property PATCHes (never the key requests authenticate with). */
  targetKeyId: '',
  /** An A agent the body property PATCHes. */
  targetAgentId: '',
  /** Decoys: an A key and an A agent the path property may read, patch or delete. */
  decoyKeyId: '',
  decoyAgentId: '',
  /** External JWT, admin member of A only. */
  jwt: '',
  /** External JWT, operator member of kataven-admin (O1), used only on the body property's admin routes. */
  operatorJwt: '',
};

/** What a placeholder stands for: B's identifiers, or those of an account that does not exist. */
interface World {
  slug: string;
  keyId: string;
  keyName: string;
  agentId: string;
  agentName: string;
  databaseName: string;
}
const B_HEX = hex();
const real: World = {
  slug: `victim-${B_HEX}`,
  keyId: '',
  keyName: `victim-key-${hex()}`,
  agentId: '',
  agentName: `victim-agent-${hex()}`,
  databaseName: '',
};
const ghost: World = {
  slug: `absent-${hex()}`,
  keyId: randomUUID(),
  keyName: `absent-key-${hex()}`,
  agentId: newAgentId(),
  agentName: `absent-agent-${hex()}`,
  databaseName: `absent_database_${hex()}`,
};
/** A slug that names no account, for the operator routes that take one (so fuzzing never disables A or B). */
const OPERATOR_TARGET = `nosuch-${hex()}`;

const PLACEHOLDERS: [string, (w: World) => string][] = [
  ['{{B}}', (w) => w.slug],
  ['{{B_UPPER}}', (w) => w.slug.toUpperCase()],
  ['{{BKEYID}}', (w) => w.keyId],
  ['{{BAGENT}}', (w) => w.agentId],
  ['{{BKEYNAME}}', (w) => w.keyName],
  ['{{BAGENTNAME}}', (w) => w.agentName],
];
const CRC = '{{CRC}}';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
function base62(value: number, width: number): string {
  let out = '';
  for (let n = value; n > 0; n = Math.floor(n / 62)) out = BASE62[n % 62]! + out;
  return out.padStart(width, '0');
}

/** Placeholders replaced by the world's values; `{{CRC}}` by a correct T1 checksum of everything before it. */
function render(text: string, world: World): string {
  let out = text;
  for (const [placeholder, value] of PLACEHOLDERS) out = out.replaceAll(placeholder, value(world));
  const cut = out.indexOf(CRC);
  if (cut >= 0) {
    const body = out.slice(0, cut);
    out = body + base62(crc32(body), 6) + out.slice(cut + CRC.length).replaceAll(CRC, '');
  }
  return out;
}
const namesB = (text: string) => PLACEHOLDERS.some(([p]) => text.includes(p));

/** What of B must never reach A or an anonymous caller (compared in lower case). */
function secretsOf(world: World): string[] {
  return [world.slug, world.slug.replaceAll('-', '_'), world.keyId, world.keyName, world.agentId, world.agentName, world.databaseName]
    .filter((s) => s.length > 0)
    .map((s) => s.toLowerCase());
}

before(async () => {
  issuer = await startTestIssuer();
  // Thousands of refused credentials from one address, on purpose: the per-IP budget of failed verifications
  // (issue 7 item 4) would turn most answers into 429 and hide what is being fuzzed, so it is off here.
  t = await startTestHub(issuer.env, { logger: { level: 'error', stream: logStream }, failedAuthPerMinute: false });
  await Promise.all([t.createAccount(a.slug), t.createAccount(real.slug)]);
  assert.equal(await t.hub.catalog.find(a.slug).then((r) => r?.slug), a.slug, 'the exact slugs were kept');
  // R1: 10,000 requests must not run into A's rate limits (429 is no failure, but it would hide the routes).
  const unlimited = { per_minute: 1_000_000_000, per_hour: 1_000_000_000, per_day: 1_000_000_000, concurrent: 1_000_000 };
  await t.hub.catalog.update(a.slug, { rateLimits: unlimited });
  await t.hub.gate.revoke({ kind: 'account', account: a.slug });
  real.databaseName = (await t.hub.catalog.find(real.slug))!.databaseName;

  const [keyA, target, decoy, keyB] = await Promise.all([
    t.mintKey(a.slug, { name: 'fuzz-a-key' }),
    t.mintKey(a.slug, { name: 'fuzz-a-target' }),
    t.mintKey(a.slug, { name: 'fuzz-a-decoy' }),
    t.mintKey(real.slug, { name: real.keyName }),
  ]);
  Object.assign(a, { key: keyA.key, keyId: keyA.id, targetKeyId: target.id, decoyKeyId: decoy.id });
  real.keyId = keyB.id;

  a.jwt = await issuer.sign({ sub: 'fuzz-user', 'kataven:accounts': [a.slug], 'kataven:roles': ['admin'] });
  a.operatorJwt = await issuer.sign({ sub: 'fuzz-operator', 'kataven:accounts': [RESERVED], 'kataven:roles': ['operator'] });

  // Agents through the API where it exists (C1), else straight into the account's database.
  const createAgent = async (account: string, token: string, name: string): Promise<string> => {
    const response = await t.request({ method: 'POST', url: '/v1/agents', token, body: { name } });
    if (response.statusCode === 201) return response.json<{ id: string }>().id;
    const id = newAgentId();
    const db = await t.hub.tenancy.database(account);
    await db.query('INSERT INTO agents (id, name) VALUES ($1, $2)', [id, name]);
    return id;
  };
  a.targetAgentId = await createAgent(a.slug, a.key, 'fuzz-a-agent');
  a.decoyAgentId = await createAgent(a.slug, a.key, 'fuzz-a-decoy-agent');
  // B's agent is made with B's key here, in setup; no fuzzed request ever carries a credential of B.
  real.agentId = await createAgent(real.slug, keyB.key, real.agentName);

  const control = await t.request({ url: '/v1/agents', token: a.key });
  assert.equal(control.statusCode, 200, control.body);
  const controlJwt = await t.request({ url: '/v1/api-keys', token: a.jwt, account: a.slug });
  assert.equal(controlJwt.statusCode, 200, controlJwt.body);
});

after(async () => {
  await t?.close();
  await issuer?.close();
});

// ---------------------------------------------------------------------------------------------------------
// The routes the app serves, read from Fastify's route tree (so a route that lands later is fuzzed too)
// ---------------------------------------------------------------------------------------------------------

type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';
interface Route {
  method: Method;
  path: string;
}

/** The app's routes, as the fuzzer addresses them. */
function routesOfApp(): Route[] {
  return servedRoutes(t.hub.app).map((r) => ({ method: r.method as Method, path: r.path }));
}

/** Routes that take no credential at all (P0, T9, health); success there proves nothing about credentials. */
function isAnonymous(path: string): boolean {
  return (
    // /widget/v1.js: the embeddable script, public by nature (its API calls are what the client key guards).
    ['/healthz', '/readyz', '/api/login', '/api/accounts', '/widget/v1.js'].includes(path) ||
    // §S: the OpenAPI document and the API reference page with its assets, public like the script above.
    path === '/openapi.json' ||
    path === '/docs' ||
    path.startsWith('/docs/') ||
    // §U: the Hub UI's static files and pages, public by nature (its API calls are what the bearer guards).
    (UI_PAGES as readonly string[]).includes(path) ||
    path === UI_CONFIG_PATH ||
    path.startsWith('/assets/') ||
    path.startsWith('/.well-known/') ||
    path.startsWith('/api/accounts/validate/')
  );
}

/** A route parameter filled with an A resource that fuzzing may read (and, in the path property, change). */
function decoyParam(path: string, name: string): string {
  if (name === 'slug' || name === 'account') return path.startsWith('/api/admin') ? OPERATOR_TARGET : a.slug;
  return /\/agents\/:/.test(path) ? a.decoyAgentId : a.decoyKeyId;
}
function fillDecoys(path: string): string {
  return path.replace(/:(\w+)/g, (_m, name: string) => decoyParam(path, name));
}

// ---------------------------------------------------------------------------------------------------------
// Sending, and what every response must satisfy
// ---------------------------------------------------------------------------------------------------------

interface Spec {
  method: Method;
  /** May hold placeholders. */
  url: string;
  /** Values may hold placeholders. */
  headers: Record<string, string | string[]>;
  payload?: string | Buffer;
}
interface Sent {
  method: Method;
  url: string;
  headers: Record<string, string | string[]>;
  payload?: string | Buffer;
}

let requestsSent = 0;
const statusCounts = new Map<string, Map<number, number>>();

function renderSpec(spec: Spec, world: World): Sent {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(spec.headers)) {
    headers[name] = Array.isArray(value) ? value.map((v) => render(v, world)) : render(value, world);
  }
  return { method: spec.method, url: render(spec.url, world), headers, ...(spec.payload !== undefined ? { payload: spec.payload } : {}) };
}

/** What the checks read of a response, from inject or from a socket. */
interface Answer {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

/**
 * Whether inject would send a different request line than `url`: light-my-request parses it with WHATWG URL,
 * which turns `\` into `/` and throws on `/\` (a scheme-relative URL without a host). Such targets go over a
 * real socket, byte for byte, as a client like curl sends them.
 */
function injectAlters(url: string): boolean {
  if (url.includes('\\')) return true;
  try {
    new URL(url.startsWith('//') ? `http://localhost${url}` : url, 'http://localhost');
    return false;
  } catch {
    return true;
  }
}

let socketOrigin: { host: string; port: number } | undefined;

/** Sends over loopback HTTP: the path as given (only bytes outside visible ASCII escaped), headers as latin1. */
async function sendOverSocket(sent: Sent): Promise<Answer> {
  if (!socketOrigin) {
    await t.hub.app.listen({ host: '127.0.0.1', port: 0 });
    socketOrigin = { host: '127.0.0.1', port: (t.hub.app.server.address() as AddressInfo).port };
  }
  const path = sent.url.replace(/[^\x21-\x7e]/gu, (ch) => encodeURIComponent(ch));
  // A socket carries bytes: Unicode goes as its UTF-8 bytes, as a real client sends it.
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(sent.headers)) {
    const asBytes = (v: string) => Buffer.from(v, 'utf8').toString('latin1');
    const bytes = Array.isArray(value) ? value.map(asBytes) : asBytes(value);
    try {
      // What no client can put on the wire (a control character) is left out, as a socket would refuse it.
      for (const v of [bytes].flat()) validateHeaderValue(name, v);
      headers[name] = bytes;
    } catch {
      continue;
    }
  }
  return new Promise<Answer>((resolve, reject) => {
    const req = httpRequest({ ...socketOrigin, method: sent.method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(sent.payload);
  });
}

async function send(property: string, sent: Sent): Promise<Answer> {
  requestsSent++;
  const response: Answer = injectAlters(sent.url) ? await sendOverSocket(sent) : await t.hub.app.inject({
    method: sent.method,
    url: sent.url,
    headers: sent.headers,
    ...(sent.payload !== undefined ? { payload: sent.payload as InjectOptions['payload'] } : {}),
  });
  const counts = statusCounts.get(property) ?? new Map<number, number>();
  counts.set(response.statusCode, (counts.get(response.statusCode) ?? 0) + 1);
  statusCounts.set(property, counts);
  return response;
}

function preview(value: unknown, max = 400): string {
  const text = typeof value === 'string' ? value : Buffer.isBuffer(value) ? `<${value.length} bytes>` : JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

/** The request, the response and the hub's error log for that request: what a shrunk counterexample needs. */
function exchange(sent: Sent, response: Answer): string {
  const requestId = String(response.headers['x-request-id'] ?? '');
  const logged = requestId ? errorLog.filter((line) => line.includes(requestId)) : [];
  const headers = Object.fromEntries(
    Object.entries(sent.headers).map(([k, v]) => [k, Array.isArray(v) ? v.map((x) => preview(x, 200)) : preview(v, 200)]),
  );
  return [
    `  request:  ${sent.method} ${preview(sent.url, 300)}`,
    `  headers:  ${JSON.stringify(headers)}`,
    ...(sent.payload !== undefined ? [`  payload:  ${preview(sent.payload, 300)}`] : []),
    `  response: ${response.statusCode} ${String(response.headers['content-type'] ?? '')}`,
    `  body:     ${preview(response.body, 600)}`,
    ...logged.map((line) => `  hub log:  ${preview(line, 4000)}`),
  ].join('\n');
}

const STACK_TRACE = [/^\s+at\s/m, /\(\/[^)\s]*:\d+:\d+\)/, /node_modules/, /\b\w*Error: [^\n]*\/(?:src|dist|test)\//, /\.(?:ts|js|mjs|cjs):\d+:\d+/];
const SQL = [/\bSELECT\s/, /\bINSERT\s+INTO\b/, /\bUPDATE\s+\w+\s+SET\b/, /\bDELETE\s+FROM\b/, /syntax error/i, /violates/i, /duplicate key/i, /invalid input syntax/i, /out of range for type/i, /\bpg_\w+/];
const HEX_HASH = /[0-9a-f]{64}/i;

/** Strings of the request (URL parts, header values, body strings and keys): an answer may echo them back. */
function echoesOf(sent: Sent): string[] {
  const out = new Set<string>();
  const addText = (s: string) => {
    out.add(s);
    for (const part of s.split(/[/?&=]/)) out.add(part);
  };
  addText(sent.url);
  try {
    addText(decodeURIComponent(sent.url));
  } catch {
    // not decodable: the raw form is what can be echoed
  }
  for (const value of Object.values(sent.headers)) for (const v of [value].flat()) addText(v);
  if (sent.payload !== undefined) {
    const text = sent.payload.toString();
    out.add(text);
    for (const s of jsonStrings(text)) out.add(s);
  }
  return [...out].filter((s) => s.length >= 3).sort((x, y) => y.length - x.length);
}

/** Every string and key of a JSON text, walked without recursion (a fuzzed body may nest 100,000 deep). */
function jsonStrings(text: string, limit = 20_000): string[] {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return [];
  }
  const out: string[] = [];
  const todo: unknown[] = [root];
  while (todo.length > 0 && out.length < limit) {
    const value = todo.pop();
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) todo.push(...(value as unknown[]));
    else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        out.push(k);
        todo.push(v);
      }
    }
  }
  return out;
}

/** Strings that A has sent in bodies: stored, they come back in later successful answers (A's own data). */
const storedByA = new Set<string>();

function scrub(text: string, echoes: string[]): string {
  let out = text;
  for (const echo of echoes) {
    out = out.replaceAll(echo, '\u0001');
    const escaped = JSON.stringify(echo).slice(1, -1);
    if (escaped !== echo) out = out.replaceAll(escaped, '\u0001');
  }
  return out;
}

/** What a successful JSON answer says, minus A's own stored strings and this request's echoes. */
function ownTextOf(body: string, echoes: string[]): string {
  const strings = jsonStrings(body);
  if (strings.length === 0) return scrub(body, echoes);
  return scrub(strings.filter((s) => !storedByA.has(s)).join('\n'), echoes);
}

/** Everything §E asks of one answer; `namesB` when the request itself named B (then the twin decides). */
function problemsOf(sent: Sent, response: Answer, requestNamesB: boolean): string[] {
  const problems: string[] = [];
  const status = response.statusCode;
  if (status >= 500) problems.push(`status ${status} (a 5xx)`);
  if (typeof response.headers['x-request-id'] !== 'string') problems.push('no X-Request-Id');
  const body = response.body;
  const echoes = echoesOf(sent);
  const own = status < 400 && String(response.headers['content-type'] ?? '').includes('json') ? ownTextOf(body, echoes) : scrub(body, echoes);
  if (STACK_TRACE.some((re) => re.test(own))) problems.push('a stack trace in the body');
  if (SQL.some((re) => re.test(own))) problems.push('SQL in the body');
  if (HEX_HASH.test(own)) problems.push('a 64-hex hash in the body');
  if (status >= 400 && sent.method !== 'HEAD') {
    const type = String(response.headers['content-type'] ?? '');
    if (type.startsWith('application/json')) {
      let code: unknown;
      try {
        code = (JSON.parse(body) as { error?: { code?: unknown } }).error?.code;
      } catch {
        code = undefined;
      }
      if (typeof code !== 'string' || !/^[a-z_]+$/.test(code)) problems.push('a JSON error without error.code');
    } else if (!/^[a-z_]+: /.test(body)) {
      problems.push('an error body not in the `<code>: <message>` format');
    }
  }
  if (!requestNamesB) {
    const seen = `${JSON.stringify(response.headers)}\n${body}`.toLowerCase();
    for (const secret of secretsOf(real)) if (seen.includes(secret)) problems.push(`names account B (${secret})`);
  }
  return problems;
}

/** An answer with everything that may differ between two worlds (request ids, B vs ghost ids) normalised. */
function normalised(body: string, world: World): string {
  let out = body.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, (id) =>
    id.toLowerCase() === world.keyId.toLowerCase() ? '{{BKEYID}}' : '<uuid>',
  );
  for (const [placeholder, value] of [...PLACEHOLDERS].reverse()) out = out.replaceAll(value(world), placeholder);
  return out;
}

const BEARER = /^Bearer +([^\s]+) *$/i;
const B64URL_SEGMENT = /^[A-Za-z0-9_-]*$/;
/** The same JWT bytes (base64url may carry unused trailing bits; that is the same signature, not a bypass). */
function sameJwt(token: string, jwt: string): boolean {
  const x = token.split('.');
  const y = jwt.split('.');
  if (x.length !== 3 || y.length !== 3) return false;
  return x.every((seg, i) => B64URL_SEGMENT.test(seg) && Buffer.from(seg, 'base64url').equals(Buffer.from(y[i]!, 'base64url')));
}
function bearerOf(headers: Record<string, string | string[]>): string | undefined {
  const value = headers.authorization;
  if (value === undefined) return undefined;
  // Node keeps the first of several Authorization headers and discards the rest (http.IncomingMessage).
  return BEARER.exec(Array.isArray(value) ? (value[0] ?? '') : value)?.[1];
}

/**
 * Sends a request with B's identifiers and again with a ghost's, checks both answers, and compares them. A
 * request that does not name B is sent twice unchanged (uncached then cached verdicts must agree).
 */
async function sendTwins(property: string, spec: Spec, extra: (sent: Sent, r: Answer) => string[] = () => []) {
  const specNamesB = namesB(JSON.stringify(spec));
  const first = renderSpec(spec, real);
  const second = renderSpec(spec, specNamesB ? ghost : real);
  const r1 = await send(property, first);
  const r2 = await send(property, second);
  const problems = [
    ...[...problemsOf(first, r1, specNamesB), ...extra(first, r1)].map((p) => `${p}\n${exchange(first, r1)}`),
    ...[...problemsOf(second, r2, specNamesB), ...extra(second, r2)].map((p) => `${p} (second request)\n${exchange(second, r2)}`),
  ];
  // A mutation is compared only when its path names B: one that names B elsewhere (query, Host) may act on A's
  // decoy, and the first of the two then changes what the second finds (DELETE 204, then 404).
  const safe = spec.method === 'GET' || spec.method === 'HEAD';
  const compare = safe || namesB(spec.url.split('?')[0]!);
  // P0's validate route answers "exists" by design (rate-limited per IP), and a 429 is a budget, not an answer.
  const exempt = /\/api\/accounts\/validate\//.test(first.url) || r1.statusCode === 429 || r2.statusCode === 429;
  if (compare && !exempt) {
    const differ = r1.statusCode !== r2.statusCode || (r1.statusCode >= 400 && normalised(r1.body, real) !== normalised(r2.body, specNamesB ? ghost : real));
    if (differ) {
      problems.push(
        `${specNamesB ? 'B and a non-existent account are told apart' : 'the same request answered differently twice'}\n` +
          `${exchange(first, r1)}\n  --- versus ---\n${exchange(second, r2)}`,
      );
    }
  }
  assert.deepEqual(problems, [], problems.join('\n\n'));
}

// ---------------------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------------------

/** Characters Node's HTTP parser delivers in a header value: HTAB, visible ASCII, and obs-text (0x80–0xFF). */
const headerChar = fc
  .oneof(
    { weight: 12, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
    { weight: 1, arbitrary: fc.constant(0x09) },
    { weight: 3, arbitrary: fc.integer({ min: 0x80, max: 0xff }) },
  )
  .map((c) => String.fromCharCode(c));
const headerText = (maxLength: number) => fc.string({ unit: headerChar, maxLength });
/** Unicode as a client sends it: UTF-8 bytes, which Node reads as latin1. */
const utf8Header = fc.string({ unit: 'grapheme', maxLength: 24 }).map((s) => Buffer.from(s, 'utf8').toString('latin1'));
/** Unicode straight in the header (inject passes it; a socket could not). */
const rawUnicode = fc.string({ unit: 'grapheme', maxLength: 24 });
const base62String = (length: number) =>
  fc.string({ unit: fc.constantFrom(...BASE62.split('')), minLength: length, maxLength: length });

interface Mutation {
  op: 'flip' | 'insert' | 'delete' | 'case' | 'truncate' | 'duplicate';
  at: number;
  ch: string;
}
const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom('flip', 'flip', 'insert', 'delete', 'case', 'truncate', 'duplicate'),
  at: fc.nat(),
  ch: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...BASE62.split('')) }, { weight: 1, arbitrary: fc.constantFrom('_', '-', '.', '/', '+', '=', ' ', '%', '\u00e9', '\u00ff', '\t') }),
});
function mutate(text: string, m: Mutation): string {
  const i = m.at % (text.length + 1);
  const at = Math.min(i, text.length - 1);
  switch (m.op) {
    case 'flip': {
      const old = text[at] ?? '';
      const ch = m.ch === old ? BASE62[(BASE62.indexOf(old) + 1) % 62]! : m.ch;
      return text.slice(0, at) + ch + text.slice(at + 1);
    }
    case 'insert':
      return text.slice(0, i) + m.ch + text.slice(i);
    case 'delete':
      return text.slice(0, at) + text.slice(at + 1);
    case 'case': {
      const old = text[at] ?? '';
      const swapped = old === old.toUpperCase() ? old.toLowerCase() : old.toUpperCase();
      return text.slice(0, at) + swapped + text.slice(at + 1);
    }
    case 'truncate':
      return text.slice(0, i);
    case 'duplicate':
      return text + text.slice(i);
  }
}
const mutated = (text: () => string) =>
  fc.array(mutation, { minLength: 1, maxLength: 4 }).map((ms) => ms.reduce(mutate, text()));

const segmentOf = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const b64urlText = fc.string({ unit: fc.constantFrom(...`${BASE62}-_`.split('')), maxLength: 60 });

/** Bearer tokens: near misses of A's key and JWT, tokens built for other accounts, JWT shapes, garbage. */
function tokenArb(): fc.Arbitrary<string> {
  const secret = base62String(32);
  const foreignAccount = fc.oneof(
    fc.constantFrom('{{B}}', '{{B_UPPER}}', a.slug, RESERVED, `${a.slug}_x`, a.slug.toUpperCase(), '', '-a', 'a'.repeat(63), 'a'.repeat(64)),
    fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,20}$/),
    headerText(20),
  );
  const jwtParts = () => a.jwt.split('.') as [string, string, string];
  const jwtSegment = fc.oneof(
    b64urlText,
    fc.constantFrom(
      segmentOf({ alg: 'none', typ: 'JWT' }),
      segmentOf({ alg: 'HS256', kid: 'rsa-1' }),
      segmentOf({ alg: 'RS256', kid: '../../../../etc/passwd' }),
      segmentOf({ alg: 'RS256', kid: 'rsa-1', jku: 'http://127.0.0.1:1/jwks' }),
      segmentOf({ alg: 'ES256' }),
      segmentOf({}),
      segmentOf([]),
      segmentOf({ sub: 'x', 'kataven:accounts': ['*'], exp: 9999999999 }),
      segmentOf({ sub: 'x', 'kataven:accounts': 'fuzz', exp: 'never' }),
      '',
      'eyJ',
    ),
    fc.constant(0).map(() => jwtParts()[0]),
    fc.constant(1).map(() => jwtParts()[1]),
    fc.constant(2).map(() => jwtParts()[2]),
  );
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(0).map(() => a.key) },
    { weight: 1, arbitrary: fc.constant(0).map(() => a.jwt) },
    { weight: 8, arbitrary: mutated(() => a.key) },
    { weight: 5, arbitrary: mutated(() => a.jwt) },
    // A's key with a wrong checksum, or under another prefix.
    { weight: 2, arbitrary: base62String(6).map((c) => a.key.slice(0, -6) + c) },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom('pk_live_', 'sk_test_', 'SK_LIVE_', 'sk-live-', 'sk_live', 'rk_live_', 'sk_live__', '', 'Bearer ', 'sk_live_sk_live_')
        .map((p) => p + a.key.slice('sk_live_'.length)),
    },
    // Well-formed (valid checksum) keys of other accounts, B's among them, and of A with an unknown secret.
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.constantFrom('sk_live_', 'pk_live_'), foreignAccount, secret)
        .map(([prefix, account, s]) => `${prefix}${account}_${s}${CRC}`),
    },
    // Huge: up to ~10 KB.
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.integer({ min: 100, max: 10_000 }), fc.constantFrom('a', 'sk_live_', 'eyJ', '.', '_', '%', '\u00ff'))
        .map(([n, unit]) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n)),
    },
    { weight: 1, arbitrary: fc.integer({ min: 2, max: 60 }).map((n) => a.key.repeat(n)) },
    { weight: 1, arbitrary: fc.integer({ min: 1000, max: 8000 }).map((n) => `eyJ${'A'.repeat(n)}.eyJ${'B'.repeat(n)}.${'C'.repeat(n)}`) },
    // JWT shapes: two to four segments of anything base64url, A's real segments shuffled in.
    { weight: 4, arbitrary: fc.array(jwtSegment, { minLength: 2, maxLength: 4 }).map((segs) => segs.join('.')) },
    { weight: 4, arbitrary: headerText(200) },
    { weight: 1, arbitrary: utf8Header },
    { weight: 1, arbitrary: rawUnicode },
  );
}

const scheme = fc.constantFrom('Bearer ', 'Bearer ', 'Bearer ', 'Bearer ', 'bearer ', 'BEARER ', 'Bearer  ', 'Bearer\t', 'Basic ', 'Token ', '', 'Bearer', ' Bearer ', 'Bearer:', 'Bearer=', 'Bearer%20', 'Bearer \u00a0');
const suffix = fc.constantFrom('', '', '', '', ' ', '  ', '\t', ' x', ',', '\u00a0', ' Bearer');
function authorizationArb(): fc.Arbitrary<string | string[]> {
  const one = fc.tuple(scheme, tokenArb(), suffix).map(([s, tok, x]) => s + tok + x);
  return fc.oneof(
    { weight: 12, arbitrary: one },
    { weight: 1, arbitrary: fc.array(one, { minLength: 2, maxLength: 3 }) },
    { weight: 1, arbitrary: headerText(300) },
  );
}

/** X-Account-ID values: B's slug, near misses of A's, invalid slugs, the reserved account, traversal, lists. */
function accountArb(): fc.Arbitrary<string | string[]> {
  const s = a.slug;
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('{{B}}', '{{B_UPPER}}', ' {{B}}', '{{B}} ', `${s},{{B}}`, `{{B}},${s}`, '{{B}}/', '../{{B}}', `${s}/../{{B}}`, '{{B}}%00') },
    { weight: 3, arbitrary: fc.constantFrom(s, s, s.toUpperCase(), ` ${s}`, `${s} `, `${s}\t`, `${s}-`, `_${s}`, s.replaceAll('-', '_'), `${s}\u00a0`, s.replace('a', '\u00d0\u00b0'), `${s}%00`, encodeURIComponent(s)) },
    { weight: 2, arbitrary: fc.constantFrom(RESERVED, RESERVED.toUpperCase(), ` ${RESERVED}`, `${RESERVED},${s}`, 'kataven_admin', '', ' ', '-', '_', 'a'.repeat(63), 'a'.repeat(64), 'a'.repeat(200), '..', '../..', '../../etc/passwd', '%2e%2e%2f', '/', '\\', '*', 'null', 'undefined', '0') },
    { weight: 3, arbitrary: fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,62}$/) },
    { weight: 1, arbitrary: fc.integer({ min: 64, max: 5000 }).map((n) => 'a'.repeat(n)) },
    { weight: 3, arbitrary: headerText(80) },
    { weight: 1, arbitrary: utf8Header },
    { weight: 1, arbitrary: rawUnicode },
    { weight: 1, arbitrary: fc.array(fc.constantFrom(s, '{{B}}', RESERVED, 'x'), { minLength: 2, maxLength: 3 }) },
  );
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Path segments: real words, B's ids, ids of the wrong shape, encodings the router must survive. */
function segmentArb(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('{{BAGENT}}', '{{BKEYID}}', '{{B}}', '{{B_UPPER}}', a.decoyAgentId, a.decoyKeyId, a.slug, RESERVED, OPERATOR_TARGET) },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        'agents', 'api-keys', 'audit-log', 'call-limits', 'sessions', 'recording', 'accounts', 'validate', 'admin', 'v1', 'api',
        'hub-api', 'login', 'user', 'org', '.well-known', 'jwks.json', 'openid-configuration', 'healthz', 'readyz', 'integrations',
        'marketplace', 'widget', 'widget-keys', 'widget-settings', 'calls', 'telephony',
      ),
    },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        '..', '.', '%2e%2e', '%2E', '%2F', '%2f..%2f', '%00', '%zz', '%', '%%', '%C0%AF', '%ff', '%u0041', ';', '~', '*', '%20', '+', '@',
        ':', '::', '%252e%252e', '%5C', '\\', '%0d%0a', '%3Cscript%3E', "'", '%27%20OR%201%3D1--', '$1', '%24%7B1%7D', '{', '}',
      ),
    },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.uuid().map((u) => u.toUpperCase()) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom('agent_', 'AGENT_', 'agent-', ''), fc.string({ unit: fc.constantFrom(...`${CROCKFORD}ILOUilou_`.split('')), minLength: 0, maxLength: 30 }))
        .map(([p, rest]) => p + rest),
    },
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }).map(encodeURIComponent) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 20 }).map(encodeURIComponent) },
    { weight: 2, arbitrary: fc.string({ maxLength: 20 }).map((x) => x.replaceAll(/[#?/]/g, '')) },
    { weight: 1, arbitrary: fc.integer({ min: 100, max: 3000 }).map((n) => 'a'.repeat(n)) },
  );
}

/** A cursor as the audit log encodes it (`<ISO time>|<id>`), with times and ids no page ever ended on. */
const cursorArb = fc
  .tuple(
    fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      // Around the ends of PostgreSQL's timestamptz (4713 BC to 294276 AD) and of JavaScript's Date.
      fc.date({ min: new Date(-8_640_000_000_000_000), max: new Date(-210_000_000_000_000), noInvalidDate: true }).map((d) => d.toISOString()),
      fc.constantFrom('', 'now', '2024-01-01', '0000-01-01T00:00:00Z', '+275760-09-13T00:00:00.000Z', '-271821-04-20T00:00:00.000Z'),
    ),
    fc.oneof(
      fc.bigInt({ min: 0n, max: 10n ** 19n - 1n }).map(String),
      // Around the top of PostgreSQL's bigint (9223372036854775807), which the id is compared with.
      fc.bigInt({ min: 2n ** 63n - 16n, max: 10n ** 19n - 1n }).map(String),
      fc.constantFrom('', '-1', "1' OR '1'='1", '1e3', '00000000000000000001'),
    ),
  )
  .map(([at, id]) => Buffer.from(`${at}|${id}`).toString('base64url'));

function queryArb(): fc.Arbitrary<string> {
  const key = fc.oneof(
    fc.constantFrom('limit', 'cursor', 'key_id', 'actor', 'since', 'until', 'agent_id', 'client_key', 'page', 'status', 'account', '__proto__', 'constructor', '__proto__[x]', 'a[b]', ''),
    fc.string({ maxLength: 10 }).map(encodeURIComponent),
  );
  const value = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 20 }).map(encodeURIComponent),
    fc.constantFrom('{{B}}', '{{BKEYID}}', '{{BAGENT}}', '-1', '0', '1', '200', '201', '1e309', '0x10', 'NaN', 'Infinity', '%zz', '%', 'api_key', 'user', 'visitor', '2024-13-45T99:99:99Z', '2024-01-01T00:00:00Z', '9999-12-31T23:59:59Z'),
    fc.integer().map(String),
    fc.date({ noInvalidDate: true }).map((d) => encodeURIComponent(d.toISOString())),
    cursorArb,
    fc.integer({ min: 200, max: 3000 }).map((n) => 'A'.repeat(n)),
  );
  return fc.oneof(
    { weight: 4, arbitrary: fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 5 }).map((pairs) => `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`) },
    { weight: 2, arbitrary: cursorArb.map((c) => `?cursor=${c}`) },
    { weight: 1, arbitrary: fc.constantFrom('?', '??', '?&&', '?%', '?=', '?a=%zz', '?limit=1&limit=2', '?actor=api_key&actor=user', '#frag', '?x#y') },
  );
}

/** Other headers the hub reads or reflects: Accept, X-Admin, Host, User-Agent (audited), X-Request-Id. (Content types: property 4.) */
function oddHeadersArb(): fc.Arbitrary<Record<string, string>> {
  const value = fc.oneof(headerText(60), utf8Header, fc.constantFrom('', 'true', 'TRUE', '1', 'application/json', '*/*', 'text/html;q=0.1, application/json;q=0.9'));
  return fc.record(
    {
      accept: value,
      'x-admin': value,
      host: fc.oneof(value, fc.constantFrom('evil.com', 'localhost:0', '[::1]:99999', 'a'.repeat(300), 'x y', '{{B}}.kataven.ai')),
      'user-agent': fc.oneof(value, fc.integer({ min: 500, max: 4000 }).map((n) => 'u'.repeat(n))),
      'x-request-id': value,
      'x-forwarded-for': fc.constantFrom('1.2.3.4', '::1', 'garbage', '1.2.3.4, 5.6.7.8', ''),
    },
    { requiredKeys: [] },
  );
}

/** Known field names of every body schema, for objects that are almost right. */
const KNOWN_FIELDS = [
  'name', 'expiry', 'disabled', 'status', 'llm_model', 'voice_provider', 'auth_mode', 'greeting_mode', 'greeting_message',
  'concurrent_max', 'calls_per_minute', 'daily_calls_max', 'daily_minutes_max', 'definition', 'slug', 'plan', 'discoverable',
  'max_key_expiry_days', 'rate_limits', 'cost_cap_ceilings', 'username', 'password', 'id', 'created_at', 'updated_at',
  'account', 'agent_id', 'key', 'per_minute', 'per_hour', 'per_day', 'concurrent', '__proto__', 'constructor', 'prototype',
];
const NUL_AND_FRIENDS = ['\u0000', 'a\u0000b', '\ud800', '\udfff', '\u2028', '\ufeff', '\u0000'.repeat(3), '\\u0000', 'x'.repeat(101)];
const fieldValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
    { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 20 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
    { weight: 2, arbitrary: fc.constantFrom(...NUL_AND_FRIENDS) },
    { weight: 2, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
    {
      weight: 3,
      arbitrary: fc.constantFrom(null, true, false, '', ' ', 'never', '0d', '3651d', '3650d', '90d', '1y', '-1d', '1e3d', 'archived', 'active', 'draft', 1e308, -1, 0, 2 ** 31, 2 ** 53 + 1, 1.5, '1', [], {}, 1_000_000_001),
    },
    { weight: 1, arbitrary: fc.integer({ min: 100, max: 20_000 }).map((n) => 'n'.repeat(n)) },
    { weight: 1, arbitrary: fc.dictionary(fc.constantFrom(...KNOWN_FIELDS), tie('value'), { maxKeys: 4 }) },
  ),
})).value;
const knownObject = fc.dictionary(fc.constantFrom(...KNOWN_FIELDS), fieldValue, { maxKeys: 7 });

interface Body {
  payload?: string | Buffer;
  contentType?: string;
  extraHeaders?: Record<string, string>;
}
const json = (text: string | Buffer): Body => ({ payload: text, contentType: 'application/json' });

function bodyArb(): fc.Arbitrary<Body> {
  const deep = fc
    .tuple(
      fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1_000, max: 150_000 })),
      fc.constantFrom('[', '{"a":', '{"definition":', '{"name":'),
      fc.constantFrom('top', 'definition', 'name', 'rate_limits'),
    )
    .map(([depth, open, where]) => {
      const close = open === '[' ? ']' : '}';
      const nested = open.repeat(depth) + '1' + close.repeat(depth);
      if (where === 'top') return json(nested);
      return json(`{"name":"deep","${where}":${nested}}`);
    });
  const huge = fc
    .tuple(fc.integer({ min: 0, max: 1_300_000 }), fc.constantFrom('name', 'definition', 'greeting_message', 'password', 'slug'))
    .map(([n, field]) => json(field === 'definition' ? `{"name":"huge","definition":{"k":"${'x'.repeat(n)}"}}` : `{"name":"huge","${field}":"${'x'.repeat(n)}"}`));
  const invalidJson = fc.oneof(
    fc.string({ unit: 'binary-ascii', maxLength: 100 }),
    fc.constantFrom(
      '{', '}', '{"name":', '{"name":"x",}', "{'name':'x'}", 'NaN', 'undefined', '{"name":"\\ud800"}', '\ufeff{"name":"x"}',
      '{"name":"x"}garbage', '{"a":1e99999}', '[1,2,', '"\\u0000"', '{"name":"\\u0000"}', '{"__proto__":{"x":1}}',
      '{"constructor":{"prototype":{"x":1}}}', '{"name":"x","name":{"a":1}}', 'null', '0', '""', '[]', 'true', '{"name":"x"}\u0000',
      '{"definition":{"\\u0000":1},"name":"n"}', '{"definition":{"k":"\\u0000"},"name":"n"}', '{"name":"a\\u0000b"}',
    ),
    fc.tuple(fc.jsonValue(), fc.nat()).map(([v, n]) => {
      const text = JSON.stringify(v);
      return text.slice(0, n % (text.length + 1));
    }),
  );
  const contentType = fc.oneof(
    fc.constantFrom(
      'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json; charset=utf-16',
      'application/json; charset=latin1', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/json;', 'application/vnd.api+json',
      'application/json, text/plain', ' application/json', 'application/jsonx', 'application/octet-stream', '*/*', 'text/json', 'text/csv',
      'application/json; boundary=x', 'application/json; charset="utf-8"', 'application/json;charset=ascii',
    ),
    headerText(60),
  );
  return fc.oneof(
    { weight: 5, arbitrary: fc.jsonValue({ maxDepth: 5 }).map((v) => json(JSON.stringify(v))) },
    { weight: 8, arbitrary: knownObject.map((o) => json(JSON.stringify(o))) },
    { weight: 1, arbitrary: huge },
    { weight: 2, arbitrary: deep },
    { weight: 4, arbitrary: invalidJson.map((text) => json(text)) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(contentType, fc.oneof(fc.string({ maxLength: 60 }), knownObject.map((o) => JSON.stringify(o))))
        .map(([type, text]): Body => ({ payload: text, contentType: type })),
    },
    { weight: 1, arbitrary: fc.constant(json('')) },
    { weight: 1, arbitrary: fc.constant<Body>({}) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => json(Buffer.from(bytes))) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(knownObject, fc.constantFrom('0', '1', 'abc', '-1', '99999999', '1e3', ''))
        .map(([o, length]): Body => ({ ...json(JSON.stringify(o)), extraHeaders: { 'content-length': length } })),
    },
  );
}

/** O1 routes get the operator's JWT: a body naming a real slug would create an account, so its slug is spoilt. */
function spoilSlug(payload: string | Buffer | undefined): string | Buffer | undefined {
  if (typeof payload !== 'string') return payload;
  try {
    const parsed: unknown = JSON.parse(payload);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && typeof (parsed as { slug?: unknown }).slug === 'string') {
      const slug = (parsed as { slug: string }).slug;
      if (/^[a-z0-9][a-z0-9_-]{0,62}$/.test(slug)) return JSON.stringify({ ...parsed, slug: `X${slug}` });
    }
  } catch {
    // not JSON (or too deep to re-serialise): sent as generated
  }
  return payload;
}

// ---------------------------------------------------------------------------------------------------------
// The properties
// ---------------------------------------------------------------------------------------------------------

const SEED_SETTING = process.env.KATAVEN_FUZZ_SEED ?? '20261123';
const SEED = SEED_SETTING === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number.parseInt(SEED_SETTING, 10);
if (!Number.isSafeInteger(SEED)) throw new Error(`KATAVEN_FUZZ_SEED must be an integer or "random", got ${SEED_SETTING}`);
const RUNS = { authorization: 1_500, account: 1_000, paths: 1_500, bodies: 2_000 } as const;
const EXPECTED_REQUESTS = RUNS.authorization * 2 + RUNS.account * 2 + RUNS.paths * 2 + RUNS.bodies; // 10,000

describe(`fuzz (seed ${SEED}): 10,000 generated requests, no 5xx, no leak, the documented error format`, () => {
  let routes: Route[] = [];
  let readRoutes: Route[] = [];

  before(() => {
    routes = routesOfApp();
    readRoutes = routes.filter((r) => r.method === 'GET' || r.method === 'HEAD');
  });

  test('the route tree was read: every prefix and the public routes are there', () => {
    const keys = new Set(routes.map((r) => `${r.method} ${r.path}`));
    for (const expected of ['GET /v1/agents', 'GET /api/v1/api-keys', 'GET /hub-api/api/v1/agents', 'GET /api/agents', 'POST /api/login', 'GET /healthz', 'PATCH /api/admin/accounts/:slug']) {
      assert.ok(keys.has(expected), `${expected} among ${[...keys].join(', ')}`);
    }
  });

  test(`1. Authorization headers (${RUNS.authorization} runs × 2)`, async () => {
    const arb = fc.record({
      route: fc.constantFrom(...readRoutes),
      authorization: fc.option(authorizationArb(), { freq: 20, nil: undefined }),
      account: fc.option(fc.constant(a.slug), { nil: undefined }),
      json: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(arb, async ({ route, authorization, account, json: wantsJson }) => {
        const headers: Record<string, string | string[]> = {};
        if (authorization !== undefined) headers.authorization = authorization;
        if (account !== undefined) headers['x-account-id'] = account;
        if (wantsJson) headers.accept = 'application/json';
        const spec: Spec = { method: route.method, url: fillDecoys(route.path), headers };
        // No credential but A's exact key or JWT may ever succeed on a route that takes credentials.
        await sendTwins('authorization', spec, (sent, response) => {
          if (response.statusCode >= 400 || isAnonymous(route.path)) return [];
          const token = bearerOf(sent.headers);
          const valid = token !== undefined && (token === a.key || sameJwt(token, a.jwt));
          return valid ? [] : [`status ${response.statusCode}: a request without a valid credential succeeded`];
        });
      }),
      { numRuns: RUNS.authorization, includeErrorInReport: true, seed: SEED },
    );
  });

  test(`2. X-Account-ID values (${RUNS.account} runs × 2)`, async () => {
    const protectedReads = readRoutes.filter((r) => !isAnonymous(r.path));
    const arb = fc.record({
      route: fc.constantFrom(...protectedReads),
      credential: fc.constantFrom('key', 'key', 'jwt', 'jwt', 'none'),
      account: fc.option(accountArb(), { freq: 12, nil: undefined }),
      json: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(arb, async ({ route, credential, account, json: wantsJson }) => {
        const headers: Record<string, string | string[]> = {};
        if (credential === 'key') headers.authorization = `Bearer ${a.key}`;
        if (credential === 'jwt') headers.authorization = `Bearer ${a.jwt}`;
        if (account !== undefined) headers['x-account-id'] = account;
        if (wantsJson) headers.accept = 'application/json';
        const spec: Spec = { method: route.method, url: fillDecoys(route.path), headers };
        // T4: A's key succeeds with no header or A's slug exactly; A's JWT with A's slug exactly; nothing else.
        await sendTwins('account', spec, (sent, response) => {
          if (response.statusCode >= 400) return [];
          const header = sent.headers['x-account-id'];
          // GET /api/user/org (P0) takes a user JWT and no X-Account-ID: it names the JWT's own accounts.
          const ok =
            (route.path === '/api/user/org' && credential === 'jwt') ||
            (credential === 'key' && (header === undefined || header === a.slug)) ||
            (credential === 'jwt' && header === a.slug);
          return ok ? [] : [`status ${response.statusCode}: X-Account-ID ${JSON.stringify(header)} accepted with ${credential}`];
        });
      }),
      { numRuns: RUNS.account, includeErrorInReport: true, seed: SEED },
    );
  });

  test(`3. paths and query strings (${RUNS.paths} runs × 2)`, async () => {
    const prefixes = ['', '/v1', '/api/v1', '/hub-api/api/v1', '/api', '/hub-api/api', '/api/admin', '/.well-known', '/hub-api', '/v2', '/API/V1', '/v1/', '//v1'];
    const segment = segmentArb();
    // A real route, its parameters B's ids, A's decoys ('') or junk; now and then a junk tail or upper case.
    const param = fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom('{{BAGENT}}', '{{BKEYID}}', '{{B}}') },
      { weight: 1, arbitrary: fc.constant('') },
      { weight: 3, arbitrary: segment },
    );
    const fromTemplate = fc
      .tuple(
        fc.constantFrom(...routes),
        fc.array(param, { minLength: 3, maxLength: 3 }),
        fc.oneof({ weight: 3, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: fc.array(segment, { minLength: 1, maxLength: 2 }) }),
        fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      )
      .map(([route, params, extra, upper]) => {
        let i = 0;
        const path = route.path.replace(/:(\w+)/g, (_m, name: string) => params[i++] || decoyParam(route.path, name));
        const full = extra.length > 0 ? `${path}/${extra.join('/')}` : path;
        return { method: route.method, path: upper ? full.toUpperCase() : full };
      });
    const fromSegments = fc
      .tuple(fc.constantFrom(...prefixes), fc.array(segment, { maxLength: 5 }), fc.constantFrom<Method>('GET', 'GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'))
      .map(([prefix, segs, method]) => ({ method, path: `${prefix}/${segs.join('/')}` }));
    const arb = fc.record({
      target: fc.oneof({ weight: 3, arbitrary: fromTemplate }, { weight: 2, arbitrary: fromSegments }),
      method: fc.option(fc.constantFrom<Method>('GET', 'HEAD', 'DELETE', 'PATCH', 'OPTIONS'), { freq: 5, nil: undefined }),
      query: fc.option(queryArb(), { freq: 2, nil: undefined }),
      credential: fc.constantFrom('none', 'key', 'key', 'jwt', 'jwt'),
      json: fc.boolean(),
      odd: fc.option(oddHeadersArb(), { freq: 3, nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(arb, async ({ target, method, query, credential, json: wantsJson, odd }) => {
        // The audit log stores A's user agent: what A sent comes back to A, and is A's own data.
        for (const value of Object.values(odd ?? {})) storedByA.add(value);
        const headers: Record<string, string> = { ...odd };
        if (credential === 'key') headers.authorization = `Bearer ${a.key}`;
        if (credential === 'jwt') Object.assign(headers, { authorization: `Bearer ${a.jwt}`, 'x-account-id': a.slug, 'x-admin': 'true' });
        if (wantsJson) headers.accept = 'application/json';
        const spec: Spec = { method: method ?? target.method, url: target.path + (query ?? ''), headers };
        // A's credential on B's resource ids: nothing of B is read, changed or acknowledged (twins compare it).
        await sendTwins('paths', spec);
      }),
      { numRuns: RUNS.paths, includeErrorInReport: true, seed: SEED },
    );
  });

  test(`4. request bodies on every POST/PUT/PATCH route (${RUNS.bodies} runs)`, async () => {
    const writeRoutes = routes.filter((r) => r.method === 'POST' || r.method === 'PUT' || r.method === 'PATCH');
    assert.ok(writeRoutes.length >= 10, writeRoutes.map((r) => `${r.method} ${r.path}`).join(', '));
    const targetOf = (path: string, name: string) => {
      if (name === 'slug' || name === 'account') return OPERATOR_TARGET;
      if (/\/agents\/:/.test(path)) return a.targetAgentId;
      if (/\/api-keys\/:/.test(path)) return a.targetKeyId;
      return randomUUID();
    };
    const arb = fc.record({
      route: fc.constantFrom(...writeRoutes),
      body: bodyArb(),
      useKey: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      json: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(arb, async ({ route, body, useKey, json: wantsJson }) => {
        const headers: Record<string, string> = { ...(body.extraHeaders ?? {}) };
        let payload = body.payload;
        if (route.path.startsWith('/api/admin')) {
          headers.authorization = `Bearer ${a.operatorJwt}`;
          payload = spoilSlug(payload);
        } else if (!isAnonymous(route.path)) {
          if (useKey) headers.authorization = `Bearer ${a.key}`;
          else Object.assign(headers, { authorization: `Bearer ${a.jwt}`, 'x-account-id': a.slug, 'x-admin': 'true' });
        }
        if (body.contentType !== undefined) headers['content-type'] = body.contentType;
        if (wantsJson) headers.accept = 'application/json';
        const sent: Sent = {
          method: route.method,
          url: route.path.replace(/:(\w+)/g, (_m, name: string) => targetOf(route.path, name)),
          headers,
          ...(payload !== undefined ? { payload } : {}),
        };
        if (payload !== undefined) for (const s of jsonStrings(payload.toString())) storedByA.add(s);
        const response = await send('bodies', sent);
        const problems = problemsOf(sent, response, false).map((p) => `${p}\n${exchange(sent, response)}`);
        assert.deepEqual(problems, [], problems.join('\n\n'));
      }),
      { numRuns: RUNS.bodies, includeErrorInReport: true, seed: SEED },
    );
  });

  test('B came out untouched, A still works, and the request count is exact', async (ctx) => {
    const dbB = await t.hub.tenancy.database(real.slug);
    const agents = await dbB.query<{ id: string; name: string }>('SELECT id, name FROM agents');
    assert.deepEqual(agents.rows, [{ id: real.agentId, name: real.agentName }]);
    const keys = await dbB.query<{ id: string; name: string; disabled_at: Date | null }>('SELECT id, name, disabled_at FROM api_keys');
    assert.deepEqual(keys.rows, [{ id: real.keyId, name: real.keyName, disabled_at: null }]);
    assert.equal((await t.hub.catalog.find(real.slug))?.status, 'active');
    const control = await t.request({ url: '/v1/agents', token: a.key });
    assert.equal(control.statusCode, 200, 'A key still authenticates: the fuzz exercised the routes, not a revoked key');

    for (const [property, counts] of statusCounts) {
      const line = [...counts].sort(([x], [y]) => x - y).map(([status, n]) => `${status}×${n}`).join(' ');
      ctx.diagnostic(`${property}: ${line}`);
    }
    assert.equal(EXPECTED_REQUESTS, 10_000);
    assert.equal(requestsSent, EXPECTED_REQUESTS, 'requests sent by the four properties (a failed property stops early)');
  });
});
