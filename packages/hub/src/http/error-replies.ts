// SPEC §E: one place that turns an error code into a response. `text/plain` `<code>: <message>` by default,
// `{"error":{code,message,request_id}}` for clients that accept JSON. Never a stack trace, SQL or hash.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorCatalogue, HubError, type ErrorCode } from '../errors.js';

function wantsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  return typeof accept === 'string' && /\bapplication\/json\b/i.test(accept);
}

/** The documented error response for `code`: status, content type and body, by what the client accepts. */
export function errorReply(
  request: FastifyRequest,
  code: ErrorCode,
  message?: string,
): { status: number; contentType: string; body: string } {
  const { status } = errorCatalogue[code];
  const text = message ?? errorCatalogue[code].message;
  if (wantsJson(request)) {
    return {
      status,
      contentType: 'application/json; charset=utf-8',
      body: JSON.stringify({ error: { code, message: text, request_id: request.id } }),
    };
  }
  return { status, contentType: 'text/plain; charset=utf-8', body: `${code}: ${text}` };
}

export function sendError(request: FastifyRequest, reply: FastifyReply, code: ErrorCode, message?: string): FastifyReply {
  const { status, contentType, body } = errorReply(request, code, message);
  reply.code(status);
  // RFC 6750 §3: a 401 names the scheme and what was wrong.
  if (status === 401) reply.header('www-authenticate', 'Bearer error="invalid_token"');
  return reply.type(contentType).send(body);
}

/** Fastify's own errors (body parsing, limits) mapped onto the catalogue. */
function codeOfFrameworkError(error: FastifyError): ErrorCode | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'payload_too_large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported_media_type';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'invalid_body';
    default:
      break;
  }
  if (error instanceof SyntaxError) return 'invalid_body'; // malformed JSON
  if (error.statusCode === 400) return 'invalid_body';
  if (error.statusCode === 404) return 'not_found';
  return undefined;
}

/**
 * Fastify's `frameworkErrors`: errors its router raises before any route or hook runs (a path parameter over
 * `maxParamLength`, a URL that does not decode), which would otherwise get Fastify's own JSON body (§E).
 * Neither names any resource, so both are "not found", in the documented format and with X-Request-Id.
 */
export function frameworkErrorReply(_error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  reply.header('x-request-id', request.id);
  void sendError(request, reply, 'not_found');
}

/** Socket-level codes of a connection refused, reset, dropped or timed out. */
const OUTAGE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/**
 * PostgreSQL: 08 connection exceptions, 53300 too many connections, 57P01–57P03 shutdown / cannot connect now,
 * 25006 read-only transaction (an account database refusing writes while it moves to another server, A8), and
 * 40P01 deadlock detected (a write in flight when a move locks the account's tables may be the one PostgreSQL
 * aborts): each says "retry shortly", not "the request is wrong".
 * node-postgres and ioredis report a dropped connection or a missed deadline only in their messages.
 */
const OUTAGE_SQLSTATE = /^(08[0-9A-Z]{3}|53300|57P0[123]|25006|40P01)$/;
const OUTAGE_MESSAGE =
  /^(Connection terminated|Query read timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Command timed out|Connection is closed|Stream isn't writeable)/;

function isOutage(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (OUTAGE_CODES.has(code) || OUTAGE_SQLSTATE.test(code))) return true;
  return OUTAGE_MESSAGE.test(error.message);
}

export function installErrorReplies(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HubError) return sendError(request, reply, error.code, error.message);
    const code = codeOfFrameworkError(error);
    if (code) return sendError(request, reply, code);
    const status = (error as { code?: string }).code;
    // A PostgreSQL data exception (class 22) means a value the database refuses: bad input that slipped past
    // validation, answered as such rather than as a server failure.
    if (typeof status === 'string' && /^22[0-9A-Z]{3}$/.test(status)) {
      request.log.warn({ err: error }, 'input refused by the database');
      return sendError(request, reply, 'invalid_body');
    }
    // A backing service that refuses, resets or drops a connection, or misses its deadline, is an outage, not
    // a bug in the request (issue 7).
    if (isOutage(error)) {
      request.log.error({ err: error }, 'backing service unavailable');
      return sendError(request, reply, 'service_unavailable');
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(request, reply, 'internal_error');
  });
  app.setNotFoundHandler((request, reply) => sendError(request, reply, 'not_found'));
}
