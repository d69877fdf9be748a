// SPEC §M: the MCP server at `/mcp`, Streamable HTTP, stateless: each POST builds a new server and transport, so
// no session lives between requests and any instance answers any request. Every request brings its own
// `Authorization: Bearer sk_live_…`, verified here by the same middleware as the API; each tool call then goes
// through @kataven/sdk with a `fetch` that enters this hub in-process (`app.inject`) with that bearer, so it passes
// the same auth, rate limits (api surface), cost caps, idempotency and audit trail as a direct API call, and the
// audit row names the key. The /mcp request itself is not audited or counted: its tool calls are.
import { Kataven } from '@kataven/sdk';
import { createKatavenMcpServer } from '@kataven/mcp';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AuthGate } from '../auth/auth-gate.js';
import { HubError } from '../errors.js';
import { authenticate, bearerToken } from './authenticate.js';
import type { FailedAuthBudget } from './failed-auth-budget.js';
import { operation, type Operation } from './operations.js';

export const MCP_PATH = '/mcp';
/** The base URL the in-process SDK client addresses; never resolved, `app.inject` takes only its path. */
const IN_PROCESS_BASE_URL = 'http://hub.internal';

const jsonRpcMessage = z.looseObject({
  jsonrpc: z.literal('2.0'),
  id: z.union([z.string(), z.number()]).optional(),
  method: z.string().optional(),
  params: z.record(z.string(), z.unknown()).optional(),
});

const mcpQuery = z.object({ read_only: z.enum(['true', 'false']).optional().describe('true: read tools only') });

const mcpOp: Operation = {
  id: 'postMcp',
  summary: 'MCP Streamable HTTP endpoint (stateless)',
  description:
    'SPEC §M. JSON-RPC messages of the Model Context Protocol (initialize, tools/list, tools/call…), answered as JSON; no session id. Every request carries an sk_live_ key; tool calls reach the API in-process with it, under its rate limits, cost caps and audit trail. `?read_only=true` serves the read tools only. A request whose Origin is not the hub\'s own is refused.',
  tag: 'mcp',
  access: 'api_key',
  body: z.union([jsonRpcMessage, z.array(jsonRpcMessage)]),
  query: mcpQuery,
  responses: { 200: { contentType: 'application/json', description: 'The JSON-RPC response(s)' }, 202: null },
  errors: ['mcp_origin_not_allowed', 'method_not_allowed'],
};

const mcpStreamOp: Operation = {
  id: 'getMcp',
  summary: 'MCP server-sent event stream: not offered (stateless server)',
  description: 'SPEC §M. The hub keeps no MCP session, so it opens no stream: 405, as the MCP transport allows.',
  tag: 'mcp',
  access: 'api_key',
  responses: {},
  errors: ['mcp_origin_not_allowed', 'method_not_allowed'],
};

const mcpDeleteOp: Operation = { ...mcpStreamOp, id: 'deleteMcp', summary: 'End an MCP session: not offered (stateless server)' };

export interface McpRouteDeps {
  gate: AuthGate;
  failedAuth?: FailedAuthBudget | undefined;
  /** The hub's public base URL: the only Origin a request may carry. */
  publicUrl(): string | undefined;
}

/**
 * Origin check (MCP transport spec, "Security Warning": validate Origin against DNS rebinding). Absent is fine (an
 * MCP client is not a browser); present, it must be the hub's own configured origin. The Host header is not
 * trusted for this: under DNS rebinding the attacker's Origin and Host agree.
 */
function originAllowed(origin: string | undefined, publicUrl: string | undefined): boolean {
  if (origin === undefined) return true;
  if (publicUrl === undefined) return false;
  try {
    return new URL(publicUrl).origin === origin;
  } catch {
    return false;
  }
}

/** A `fetch` that enters this hub in-process: the full pipeline (hooks, limits, audit) without a socket. */
function inProcessFetch(app: FastifyInstance, request: FastifyRequest) {
  return async (input: string, init: RequestInit): Promise<Response> => {
    const url = new URL(input);
    const headers = new Headers(init.headers);
    const userAgent = request.headers['user-agent'];
    headers.set('user-agent', `kataven-mcp/http${typeof userAgent === 'string' ? ` (${userAgent.slice(0, 200)})` : ''}`);
    const answer = await app.inject({
      method: (init.method ?? 'GET') as 'GET',
      url: `${url.pathname}${url.search}`,
      headers: Object.fromEntries(headers),
      remoteAddress: request.ip,
      ...(typeof init.body === 'string' ? { payload: init.body } : {}),
    });
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) responseHeaders.append(name, String(item));
    }
    const nullBody = answer.statusCode === 204 || answer.statusCode === 304;
    return new Response(nullBody ? null : answer.body, { status: answer.statusCode, headers: responseHeaders });
  };
}

/** The transport's HTTP refusal as the hub's error (SPEC §E), keeping the transport's own words. */
function transportRefusal(status: number, body: string): HubError {
  let message: string | undefined;
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } };
    if (typeof parsed.error?.message === 'string') message = parsed.error.message.slice(0, 300);
  } catch {
    // not JSON: the catalogue's message
  }
  const code = status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : status === 405 ? 'method_not_allowed' : status >= 500 ? 'internal_error' : 'invalid_body';
  return new HubError(code, code === 'internal_error' ? undefined : message);
}

export function mcpRoutes(deps: McpRouteDeps) {
  return async (scope: FastifyInstance) => {
    scope.addHook('onRequest', (request, _reply, done) => {
      const origin = request.headers.origin;
      if (!originAllowed(typeof origin === 'string' ? origin : undefined, deps.publicUrl())) return done(new HubError('mcp_origin_not_allowed'));
      done();
    });
    // T4: the API's own middleware (api surface), so /mcp refuses exactly what /v1 refuses, with the same codes.
    scope.addHook('onRequest', authenticate(deps.gate, 'api', deps.failedAuth));
    scope.addHook('onRequest', (request, _reply, done) => {
      // §M: a key of an account, never a Hub user's session token: an AI client gets its own revocable key.
      if (request.claims?.actor !== 'api_key') return done(new HubError('api_key_required'));
      done();
    });

    scope.post(MCP_PATH, operation(mcpOp), async (request, reply) => {
      const query = mcpQuery.safeParse(request.query);
      if (!query.success) throw new HubError('invalid_query', 'read_only must be true or false');
      const readOnly = query.data.read_only === 'true';
      const client = new Kataven({
        apiKey: bearerToken(request)!,
        baseUrl: IN_PROCESS_BASE_URL,
        fetch: inProcessFetch(scope, request),
      });
      const server = createKatavenMcpServer({ client, readOnly });
      const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      try {
        await server.connect(transport);
        const headers = new Headers();
        for (const [name, value] of Object.entries(request.headers)) {
          if (value !== undefined) for (const item of Array.isArray(value) ? value : [value]) headers.append(name, String(item));
        }
        // The answer is always JSON (enableJsonResponse), so a client that did not also list text/event-stream,
        // as the transport asks, is served rather than refused with 406.
        headers.set('accept', 'application/json, text/event-stream');
        headers.set('content-type', 'application/json');
        const webRequest = new Request(`${IN_PROCESS_BASE_URL}${request.url}`, {
          method: 'POST',
          headers,
          body: JSON.stringify(request.body),
        });
        const answer = await transport.handleRequest(webRequest, { parsedBody: request.body });
        // HTTP-level refusals of the transport (a body that is no JSON-RPC message…) in the hub's own §E format;
        // the MCP client reads only their status. JSON-RPC errors of a valid message stay 200s with a JSON-RPC body.
        if (answer.status >= 400) throw transportRefusal(answer.status, await answer.text());
        reply.code(answer.status);
        answer.headers.forEach((value, name) => {
          if (name !== 'content-length') reply.header(name, value);
        });
        const text = await answer.text();
        return reply.send(text === '' ? undefined : text);
      } finally {
        await server.close();
      }
    });
    const notOffered = async (_request: FastifyRequest, reply: FastifyReply) => {
      reply.header('allow', 'POST');
      throw new HubError('method_not_allowed', 'this MCP server is stateless: POST JSON-RPC messages to /mcp');
    };
    scope.get(MCP_PATH, operation(mcpStreamOp), notOffered);
    scope.delete(MCP_PATH, operation(mcpDeleteOp), notOffered);
  };
}
