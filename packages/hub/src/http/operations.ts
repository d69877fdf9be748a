// SPEC §S: what a route tells the OpenAPI document about itself. Each route passes its Operation in Fastify's
// route `config` (`app.post('/agents', operation(createAgent), handler)`); server.ts collects them as the routes
// are registered (onRoute), so the document lists exactly the routes served, under every prefix they are served
// at, with the same zod schemas that parse their bodies (parseBody) and describe their answers. Nothing is kept
// beside the routes: openapi.ts only turns these into OpenAPI 3.1.
import type { RouteShorthandOptions } from 'fastify';
import { z } from 'zod';
import type { ErrorCode } from '../errors.js';

/**
 * Who may call a route (the security schemes of openapi.ts):
 * - `any`: an sk_live_ key, or a Hub user's JWT with X-Account-ID (T4);
 * - `user`: a Hub user's JWT with X-Account-ID only (an sk_live_ key gets 403 requires_hub_ui_auth, K5);
 * - `admin`: a Hub user with the admin role who also sends `X-Admin: true` (O2);
 * - `operator`: a Hub user's JWT, member of kataven-admin with the operator role (O1);
 * - `api_key`: an sk_live_ key only (the MCP endpoint, §M);
 * - `hub_user_token`: a Hub user's JWT without X-Account-ID (the login page's `GET /api/user/org`);
 * - `widget_key`: a pk_live_ widget key (`?client_key=`) and an allowed Origin (W3);
 * - `visitor`: the widget key and Origin, and a widget visitor token as bearer (W5);
 * - `processor`: the call processor's HMAC signature (C3a);
 * - `public`: nothing (a signed URL's signature, if any, is in its query).
 */
export type Access = 'any' | 'api_key' | 'user' | 'admin' | 'operator' | 'hub_user_token' | 'widget_key' | 'visitor' | 'processor' | 'public';

/** A response that is not a JSON document of a zod schema: a script, a WAV file, an HTML page. */
export interface RawResponse {
  contentType: string;
  description: string;
}

export interface Operation {
  /** Unique in the document; the same Operation registered under several prefixes is one operation. */
  id: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  /** The schema parseBody() validates the body with (SPEC §E); its input side is documented. */
  body?: z.ZodType;
  /** The schema the query string is validated with (an object schema). */
  query?: z.ZodObject;
  /** Path parameters' descriptions (every `:name` of the URL is documented; a description is optional). */
  params?: Record<string, string>;
  /** Success answers by status: a zod schema (JSON), `null` (no body) or a raw content type. */
  responses: Record<number, z.ZodType | RawResponse | null>;
  /** The route's own error codes, besides those of its access, body and method (openapi.ts adds those). */
  errors?: readonly ErrorCode[];
  /**
   * False for a POST of an account that does not honour Idempotency-Key: one whose answer carries a secret (a
   * minted key's plaintext, a user token), which T3 allows in that answer only, never in storage, so no answer
   * of it can be kept to be sent again. (Public POSTs have no account to scope a key to and never honour it.)
   */
  idempotent?: boolean;
  /** Response headers the route sets on success. */
  headers?: Record<string, string>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    operation?: Operation;
  }
}

/** The POSTs that honour Idempotency-Key (SPEC §E): those of an account, behind the auth middleware. */
export function takesIdempotencyKey(method: string, op: Operation): boolean {
  return method === 'POST' && op.idempotent !== false && ['any', 'user', 'admin', 'operator'].includes(op.access);
}

/** The route options that carry `op`: `app.get(url, operation(op), handler)`. */
export function operation(op: Operation): RouteShorthandOptions {
  return { config: { operation: op } };
}

/** A route as registered, with its Operation (collected by server.ts). */
export interface DocumentedRoute {
  method: string;
  /** The full URL as Fastify serves it (`/v1/agents/:id`). */
  url: string;
  /** The prefix of the scope it was registered in ('' at the root). */
  prefix: string;
  operation: Operation | undefined;
}

/**
 * A time as the API writes it: a Date, which JSON writes as ISO 8601 in UTC. A Date (not a string) in the schema,
 * so that a handler's answer type-checks against its response schema (`Reply: z.output<typeof schema>`); the
 * document says what goes on the wire, a date-time string.
 */
export const timestamp = z.date().meta({ type: 'string', format: 'date-time' });

/** W3: the CORS preflight of a public widget route, admitted (key, Origin) as the route itself. */
export function preflightOperation(id: string, of: string): Operation {
  return {
    id,
    summary: `CORS preflight of ${of}`,
    tag: 'widget',
    access: 'widget_key',
    responses: { 204: null },
    headers: {
      'Access-Control-Allow-Origin': 'The allowed Origin, echoed',
      'Access-Control-Allow-Methods': 'The methods allowed',
      'Access-Control-Allow-Headers': 'The request headers allowed',
    },
  };
}
