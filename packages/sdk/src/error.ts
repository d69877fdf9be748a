// Typed errors (SPEC §S, §E): one class per status the hub documents, each carrying the hub's stable machine code
// (`key_revoked`, `rate_limited`, `cost_cap`, …), its message and the request id, so a caller branches on the class
// or the code and quotes the request id to support. Modelled on openai-node's `src/error.ts`.
import type { ErrorCode } from './types.js';

/** A hub code of the catalogue, or another string (a newer hub's code, `http_<status>`, `connection_error`…). */
export type KatavenErrorCode = ErrorCode | (string & {});

/**
 * Every error the SDK throws. `status` is the HTTP status (undefined when no response arrived), `code` the hub's
 * machine code (SPEC §E), `requestId` the hub's `X-Request-Id` for this request (undefined without a response).
 *
 * @example
 * ```ts
 * try {
 *   await kataven.agents.get('agent_01J0000000000000000000000');
 * } catch (err) {
 *   if (err instanceof KatavenError) console.error(err.status, err.code, err.message, err.requestId);
 * }
 * ```
 */
export class KatavenError extends Error {
  override name = 'KatavenError';
  readonly status: number | undefined;
  readonly code: KatavenErrorCode;
  readonly requestId: string | undefined;

  constructor(status: number | undefined, code: KatavenErrorCode, message: string, requestId?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.status = status;
    this.code = code;
    this.requestId = requestId;
  }
}

/** 400: the request is not valid (`invalid_body`, `name_required`, `malformed_token`, `invalid_query`, …). */
export class BadRequestError extends KatavenError {
  override name = 'BadRequestError';
}

/**
 * 401: no credential, or one the hub does not accept (`invalid_token`, `key_expired`, `missing_token`).
 *
 * @example
 * ```ts
 * if (err instanceof AuthenticationError && err.code === 'key_expired') await rotateKey();
 * ```
 */
export class AuthenticationError extends KatavenError {
  override name = 'AuthenticationError';
}

/**
 * 403: the credential is known but may not do this (`key_revoked`, `account_mismatch`, `requires_hub_ui_auth`, …).
 *
 * @example
 * ```ts
 * if (err instanceof PermissionDeniedError && err.code === 'key_revoked') alertOnCall('the API key was revoked');
 * ```
 */
export class PermissionDeniedError extends KatavenError {
  override name = 'PermissionDeniedError';
}

/** 404 `not_found`: no such resource in this account (another tenant's resource reads the same, SPEC STYLE 8). */
export class NotFoundError extends KatavenError {
  override name = 'NotFoundError';
}

/** 409: the resource is in a state that forbids this (`agent_not_active`, `provider_in_use`, `recording_not_ready`, …). */
export class ConflictError extends KatavenError {
  override name = 'ConflictError';
}

/**
 * 429: a rate limit (R2, code `rate_limited`, message like `per-minute (60) exceeded`) or a cost cap (L2, code
 * `cost_cap`, message like `Daily call limit reached`). The message is the hub's own. `retryAfter` is the hub's
 * `Retry-After` in seconds (undefined if it sent none).
 *
 * @example
 * ```ts
 * try {
 *   await kataven.calls.originate({ agent_id, from_number, to_number });
 * } catch (err) {
 *   if (err instanceof RateLimitError && err.code === 'cost_cap') console.warn(`${err.message}; retry in ${err.retryAfter} s`);
 *   else throw err;
 * }
 * ```
 */
export class RateLimitError extends KatavenError {
  override name = 'RateLimitError';
  readonly retryAfter: number | undefined;

  constructor(status: number, code: string, message: string, requestId: string | undefined, retryAfter: number | undefined) {
    super(status, code, message, requestId);
    this.retryAfter = retryAfter;
  }
}

/** 503: a backing service of the hub is unavailable (`service_unavailable`, `call_processor_unavailable`, …). */
export class ServiceUnavailableError extends KatavenError {
  override name = 'ServiceUnavailableError';
}

/** No response: the connection was refused, reset or dropped. `cause` is the platform's own error. */
export class APIConnectionError extends KatavenError {
  override name = 'APIConnectionError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(undefined, 'connection_error', message, undefined, options);
  }
}

/** No response within `timeoutMs` (default 60 s). */
export class APITimeoutError extends KatavenError {
  override name = 'APITimeoutError';
  constructor(timeoutMs: number, options?: { cause?: unknown }) {
    super(undefined, 'timeout', `no response within ${timeoutMs} ms`, undefined, options);
  }
}

/** The error body of SPEC §E for `Accept: application/json`. */
interface JsonErrorBody {
  error?: { code?: unknown; message?: unknown; request_id?: unknown };
}

/**
 * The typed error for a hub answer of `status` with `body` (the response's text). The hub answers
 * `{"error":{code,message,request_id}}` to a client that accepts JSON (the SDK always does); a proxy in between may
 * answer something else, which still gets the class of its status and a code `http_<status>`.
 */
export function errorFromResponse(status: number, body: string, headers: Headers): KatavenError {
  let code = `http_${status}`;
  let message = body.trim().slice(0, 500) || `HTTP ${status}`;
  let requestId = headers.get('x-request-id') ?? undefined;
  try {
    const parsed = JSON.parse(body) as JsonErrorBody;
    const error = parsed.error;
    if (error && typeof error.code === 'string') {
      code = error.code;
      if (typeof error.message === 'string') message = error.message;
      if (typeof error.request_id === 'string') requestId = error.request_id;
    }
  } catch {
    // §E's text/plain form, `<code>: <message>`, from a hub that ignored Accept.
    const plain = /^([a-z][a-z0-9_]*): (.*)$/s.exec(body);
    if (plain) {
      code = plain[1]!;
      message = plain[2]!;
    }
  }
  switch (status) {
    case 400:
      return new BadRequestError(status, code, message, requestId);
    case 401:
      return new AuthenticationError(status, code, message, requestId);
    case 403:
      return new PermissionDeniedError(status, code, message, requestId);
    case 404:
      return new NotFoundError(status, code, message, requestId);
    case 409:
      return new ConflictError(status, code, message, requestId);
    case 429:
      return new RateLimitError(status, code, message, requestId, retryAfterSeconds(headers.get('retry-after')));
    case 503:
      return new ServiceUnavailableError(status, code, message, requestId);
    default:
      return new KatavenError(status, code, message, requestId);
  }
}

/** RFC 9110 §10.2.3: delay-seconds or an HTTP-date; undefined when absent or unreadable. */
export function retryAfterSeconds(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}
