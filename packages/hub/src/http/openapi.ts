// SPEC §S: the OpenAPI 3.1 document at `GET /openapi.json`, built from the routes as registered (each with its
// Operation, operations.ts) and the zod schemas they parse bodies with and describe answers with, converted by
// zod's own z.toJSONSchema() (JSON Schema 2020-12, OpenAPI 3.1's dialect). Nothing here describes a route by hand:
// this file adds only what every route of an access kind shares (security, the T4 errors, R1's 429, §E's error
// body and X-Request-Id, Idempotency-Key on POST).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { errorCatalogue, type ErrorCode } from '../errors.js';
import { MAX_IDEMPOTENCY_KEY_LENGTH } from '../idempotency/store.js';
import { operation, takesIdempotencyKey, type Access, type DocumentedRoute, type Operation, type RawResponse } from './operations.js';

export const OPENAPI_PATH = '/openapi.json';

/** SPEC §0: every `/api/v1/x` is also `/v1/x` (api surface) and `/hub-api/api/v1/x` (legacy prefix). */
const VERSIONED_SERVERS = [
  { url: '/v1', description: 'api surface (api.kataven.ai): sk_live_ keys, SDKs, servers' },
  { url: '/api/v1', description: 'hub surface: the Hub UI (JWT + X-Account-ID); rate limits counted apart from /v1' },
  { url: '/hub-api/api/v1', description: "hub surface, the hub's legacy prefix" },
];
const ROOT_SERVER = { url: '/', description: 'the hub itself' };

const SECURITY_SCHEMES = {
  apiKey: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'sk_live_<account>_<secret>',
    description: 'An API key (T1). Its account is in the key; X-Account-ID is not needed (if sent, it must name the same account).',
  },
  hubUser: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: "A Hub user's JWT from the OIDC issuer (or the dev login outside production, T9).",
  },
  accountId: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Account-ID',
    description: 'With a Hub user JWT: the account acted on (A1 slug); the user must be a member of it.',
  },
  adminConfirmation: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Admin',
    description: 'O2: admin-only actions need a Hub user with the admin role who also sends `X-Admin: true`.',
  },
  widgetKey: {
    type: 'apiKey',
    in: 'query',
    name: 'client_key',
    description: "A pk_live_ widget key (W1), with an Origin (or Referer) in the key's domain allowlist (W3). POSTs may carry it in the body instead.",
  },
  visitorToken: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'A widget visitor token issued by the hub (W5: guest or exchange).',
  },
  processorSignature: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Kataven-Signature',
    description: "C3a: HMAC-SHA256 of the timestamp and body under the call processor's shared secret, with X-Kataven-Timestamp.",
  },
} as const;

const SECURITY: Record<Access, Record<string, string[]>[]> = {
  any: [{ apiKey: [] }, { hubUser: [], accountId: [] }],
  api_key: [{ apiKey: [] }],
  user: [{ hubUser: [], accountId: [] }],
  admin: [{ hubUser: [], accountId: [], adminConfirmation: [] }],
  operator: [{ hubUser: [] }],
  hub_user_token: [{ hubUser: [] }],
  widget_key: [{ widgetKey: [] }],
  visitor: [{ widgetKey: [], visitorToken: [] }],
  processor: [{ processorSignature: [] }],
  public: [],
};

/** T4's outcomes, R1's limit and an unreachable backing service: what every protected route may answer. */
const PROTECTED_ERRORS: readonly ErrorCode[] = [
  'missing_token',
  'malformed_token',
  'invalid_token',
  'key_expired',
  'key_revoked',
  'missing_account_header',
  'invalid_account',
  'account_mismatch',
  'reserved_account',
  'widget_token_not_allowed',
  'rate_limited',
  'service_unavailable',
];
/** W3/W6: what every public widget endpoint may answer before its own work (widget-admission.ts). */
const WIDGET_ERRORS: readonly ErrorCode[] = [
  'missing_client_key',
  'malformed_token',
  'origin_required',
  'rate_limited',
  'invalid_token',
  'key_revoked',
  'origin_not_allowed',
  'service_unavailable',
];

const ACCESS_ERRORS: Record<Access, readonly ErrorCode[]> = {
  any: PROTECTED_ERRORS,
  api_key: [...PROTECTED_ERRORS, 'api_key_required'],
  user: [...PROTECTED_ERRORS, 'requires_hub_ui_auth'],
  admin: [...PROTECTED_ERRORS, 'requires_hub_ui_auth', 'admin_role_required', 'admin_header_required'],
  operator: ['missing_token', 'malformed_token', 'invalid_token', 'account_mismatch', 'widget_token_not_allowed', 'requires_hub_ui_auth', 'operator_role_required', 'service_unavailable'],
  hub_user_token: ['missing_token', 'malformed_token', 'invalid_token', 'requires_hub_ui_auth', 'widget_token_not_allowed', 'service_unavailable'],
  widget_key: WIDGET_ERRORS,
  visitor: [...WIDGET_ERRORS, 'missing_token'],
  processor: ['invalid_report_signature', 'stale_report'],
  public: [],
};


const IDEMPOTENCY_ERRORS: readonly ErrorCode[] = ['invalid_idempotency_key', 'idempotency_key_reused', 'idempotency_key_in_use'];

/** §E's JSON error body (the one a client gets with `Accept: application/json`). */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().describe('The stable machine code (the error catalogue).'),
      message: z.string(),
      request_id: z.string().describe('The X-Request-Id of the answer.'),
    }),
  })
  .meta({ id: 'ErrorBody', description: 'SPEC §E: the error body sent to clients that accept application/json.' });

type JsonObject = Record<string, unknown>;

/** zod → JSON Schema 2020-12, with named schemas (`.meta({id})`) hoisted into components.schemas. */
class SchemaConverter {
  readonly components: Record<string, unknown> = {};

  convert(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
    const json = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
      // zod spells ISO date-times as both a format and a 300-character regex; the format says it.
      override: (ctx) => {
        const js = ctx.jsonSchema as JsonObject;
        if (js['format'] === 'date-time') delete js['pattern'];
      },
    }) as JsonObject;
    delete json['$schema'];
    const defs = json['$defs'] as Record<string, unknown> | undefined;
    delete json['$defs'];
    for (const [id, def] of Object.entries(defs ?? {})) this.components[id] ??= rewriteRefs(def);
    return rewriteRefs(json) as JsonObject;
  }
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value === null || typeof value !== 'object') return value;
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = key === '$ref' && typeof item === 'string' ? item.replace('#/$defs/', '#/components/schemas/') : rewriteRefs(item);
  }
  return out;
}

const VERSIONED_PREFIXES = VERSIONED_SERVERS.map((s) => s.url);

/** What each tag groups (SPEC section ids in brackets). */
const TAG_DESCRIPTIONS: Record<string, string> = {
  agents: 'Voice agents (C1).',
  'api-keys': 'sk_live_ API keys (K1-K5). Minting, editing and deleting need a signed-in Hub user.',
  'widget-keys': 'pk_live_ widget keys and their domain allowlists (W1, W2).',
  'widget-settings': "The widget's branding and each agent's widget policy (W7).",
  widget: "The embeddable widget's public endpoints (W3-W6), guarded by a widget key and its allowlist.",
  'audit-log': 'The audit trail of every authenticated request (AU1-AU3).',
  'call-limits': "The account's cost caps (L1, L2).",
  calls: 'Placing calls and reading them (C3).',
  sessions: 'Sessions: transcripts and recordings (C4).',
  telephony: 'Carrier accounts and phone numbers (C2).',
  'admin-only': 'Admin-only definitions (O2): a Hub user with the admin role and X-Admin: true.',
  operator: 'The operator console (O1): members of kataven-admin with the operator role.',
  login: "The login page's public endpoints and the dev login (T9).",
  internal: 'Between the hub and its call processor (C3a).',
  meta: 'Health, keys and this document.',
  mcp: 'The MCP server for AI clients (M): Streamable HTTP, stateless, one sk_live_ key per request.',
  ui: 'The Hub UI (U): its pages and static files, public; the API calls it makes carry the signed-in user\'s token.',
};

/** The server a route is served under, and its path relative to it (`/v1/agents/:id` → `/v1`, `/agents/{id}`). */
function placeOf(route: DocumentedRoute): { server: string; path: string } {
  let base = route.prefix;
  // Routes registered at the root with the prefix in their URL (the widget's public endpoints).
  if (base === '') base = VERSIONED_PREFIXES.find((p) => route.url.startsWith(`${p}/`)) ?? '';
  const relative = base === '' ? route.url : route.url.slice(base.length);
  return { server: base === '' ? '/' : base, path: relative.replace(/:([A-Za-z0-9_]+)/g, '{$1}') };
}

function isRaw(response: z.ZodType | RawResponse | null): response is RawResponse {
  return response !== null && 'contentType' in response && !('_zod' in response);
}

const REQUEST_ID_HEADER = { $ref: '#/components/headers/XRequestId' };

function errorResponses(codes: readonly ErrorCode[]): Record<string, unknown> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const { status } = errorCatalogue[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<string, unknown> = {};
  for (const [status, list] of [...byStatus].sort((a, b) => a[0] - b[0])) {
    const headers: JsonObject = { 'X-Request-Id': REQUEST_ID_HEADER };
    if (status === 429) headers['Retry-After'] = { $ref: '#/components/headers/RetryAfter' };
    if (status === 401) headers['WWW-Authenticate'] = { $ref: '#/components/headers/WWWAuthenticate' };
    responses[String(status)] = {
      description: list.map((code) => `\`${code}\`: ${errorCatalogue[code].message}`).join('; '),
      headers,
      content: {
        'application/json': {
          schema: {
            allOf: [{ $ref: '#/components/schemas/ErrorBody' }, { properties: { error: { properties: { code: { enum: list } } } } }],
          },
        },
        'text/plain': { schema: { type: 'string', pattern: `^(${list.join('|')}): ` } },
      },
    };
  }
  return responses;
}

function operationObject(
  method: string,
  op: Operation,
  path: string,
  servers: string[],
  converter: SchemaConverter,
): JsonObject {
  const parameters: JsonObject[] = [];
  for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
    parameters.push({ name, in: 'path', required: true, schema: { type: 'string' }, ...(op.params?.[name!] ? { description: op.params[name!] } : {}) });
  }
  if (op.query) {
    const query = converter.convert(op.query, 'input');
    const properties = (query['properties'] ?? {}) as Record<string, JsonObject>;
    const required = new Set((query['required'] ?? []) as string[]);
    for (const [name, schema] of Object.entries(properties)) {
      const { description, ...rest } = schema;
      parameters.push({ name, in: 'query', required: required.has(name), schema: rest, ...(description ? { description } : {}) });
    }
  }
  const idempotent = takesIdempotencyKey(method, op);
  if (idempotent) parameters.push({ $ref: '#/components/parameters/IdempotencyKey' });

  const responses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(op.responses)) {
    const headers: JsonObject = { 'X-Request-Id': REQUEST_ID_HEADER };
    for (const [name, description] of Object.entries(op.headers ?? {})) headers[name] = { description, schema: { type: 'string' } };
    if (idempotent) headers['Idempotent-Replayed'] = { $ref: '#/components/headers/IdempotentReplayed' };
    const entry: JsonObject = { description: response === null ? 'No content' : isRaw(response) ? response.description : 'Success', headers };
    if (response !== null) {
      entry['content'] = isRaw(response)
        ? { [response.contentType]: { schema: response.contentType.includes('json') ? { type: 'object' } : { type: 'string' } } }
        : { 'application/json': { schema: converter.convert(response, 'output') } };
      if (!isRaw(response) && response.description) entry['description'] = response.description;
    }
    responses[status] = entry;
  }
  const codes = new Set<ErrorCode>(ACCESS_ERRORS[op.access]);
  if (op.body) for (const code of ['invalid_body', 'payload_too_large', 'unsupported_media_type'] as const) codes.add(code);
  if (op.query) codes.add('invalid_query');
  if (parameters.some((p) => p['in'] === 'path')) codes.add('not_found');
  if (idempotent) for (const code of IDEMPOTENCY_ERRORS) codes.add(code);
  for (const code of op.errors ?? []) codes.add(code);
  codes.add('internal_error');
  Object.assign(responses, errorResponses([...codes]));

  const sameAsDefault = servers.length === VERSIONED_PREFIXES.length && VERSIONED_PREFIXES.every((p) => servers.includes(p));
  return {
    operationId: op.id,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: [op.tag],
    ...(sameAsDefault ? {} : { servers: servers.map((url) => (url === '/' ? ROOT_SERVER : { url })) }),
    security: SECURITY[op.access],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(op.body ? { requestBody: { content: { 'application/json': { schema: converter.convert(op.body, 'input') } } } } : {}),
    responses,
  };
}

/** The document for `routes` (HEAD routes, Fastify's automatic twins of GETs, are not listed apart). */
export function buildOpenApiDocument(routes: readonly DocumentedRoute[], version: string): JsonObject {
  // One operation may be served at several places (prefixes): grouped by its id.
  const operations = new Map<string, { op: Operation; method: string; path: string; servers: string[] }>();
  for (const route of routes) {
    if (route.method === 'HEAD' || !route.operation) continue;
    const { server, path } = placeOf(route);
    const known = operations.get(route.operation.id);
    if (!known) {
      operations.set(route.operation.id, { op: route.operation, method: route.method, path, servers: [server] });
      continue;
    }
    if (known.method !== route.method || known.path !== path) {
      throw new Error(`operation ${route.operation.id} is registered as ${known.method} ${known.path} and ${route.method} ${path}`);
    }
    if (!known.servers.includes(server)) known.servers.push(server);
  }
  const converter = new SchemaConverter();
  converter.convert(errorBodySchema, 'output');
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { op, method, path, servers } of [...operations.values()].sort((a, b) => a.path.localeCompare(b.path))) {
    const item = (paths[path] ??= {});
    const key = method.toLowerCase();
    if (item[key]) throw new Error(`two operations for ${method} ${path}: ${(item[key] as JsonObject)['operationId'] as string} and ${op.id}`);
    item[key] = operationObject(method, op, path, servers, converter);
  }
  const tags = [...new Set([...operations.values()].map((o) => o.op.tag))].sort().map((name) => ({ name, ...(TAG_DESCRIPTIONS[name] ? { description: TAG_DESCRIPTIONS[name] } : {}) }));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Kataven Hub API',
      version,
      description:
        'The Kataven Hub HTTP API (SPEC.md). Errors are `text/plain` `<code>: <message>` by default, and ' +
        '`{"error":{"code","message","request_id"}}` with `Accept: application/json`. Every response has X-Request-Id.',
    },
    servers: VERSIONED_SERVERS,
    tags,
    paths,
    components: {
      schemas: converter.components,
      securitySchemes: SECURITY_SCHEMES,
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            `SPEC §E: at most ${MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters. The first answer (status and body) is kept 24 h per ` +
            'account and key; a repeat with the same body gets it again with `Idempotent-Replayed: true`, another body is 422 ' +
            '`idempotency_key_reused`, a repeat while the first still runs is 409 `idempotency_key_in_use`. Answers of 5xx, 429, 401 and 403 are not kept: a retry runs.',
          schema: { type: 'string', minLength: 1, maxLength: MAX_IDEMPOTENCY_KEY_LENGTH, pattern: '^[\\x21-\\x7E]+$' },
        },
      },
      headers: {
        XRequestId: { description: 'The request id (also in JSON error bodies and the audit log).', schema: { type: 'string' } },
        RetryAfter: { description: 'Seconds to wait before retrying (RFC 9110 §10.2.3).', schema: { type: 'integer' } },
        WWWAuthenticate: { description: 'RFC 6750 §3: `Bearer error="invalid_token"`.', schema: { type: 'string' } },
        IdempotentReplayed: {
          description: '`true` when this is the stored answer of an earlier request with the same Idempotency-Key.',
          schema: { type: 'string', enum: ['true'] },
        },
      },
    },
  };
}

const openApiOperation: Operation = {
  id: 'getOpenApiDocument',
  summary: 'This OpenAPI 3.1 document',
  tag: 'meta',
  access: 'public',
  responses: { 200: { contentType: 'application/json', description: 'The OpenAPI 3.1 document of this hub' } },
};

/** `GET /openapi.json`: built once, on first request, when every route has been registered. */
export function openApiRoutes(app: FastifyInstance, deps: { routes: () => readonly DocumentedRoute[]; version: string }): void {
  let document: string | undefined;
  app.get(OPENAPI_PATH, operation(openApiOperation), async (_request, reply) => {
    document ??= JSON.stringify(buildOpenApiDocument(deps.routes(), deps.version));
    return reply.type('application/json; charset=utf-8').header('cache-control', 'no-cache').send(document);
  });
}
