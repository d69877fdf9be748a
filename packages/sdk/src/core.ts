// The one place that talks HTTP (STYLE 12, openai-node's `src/core.ts`): headers, idempotency keys, the timeout,
// retries and error mapping. Resources only name a method, a path, a query and a body.
//
// Retry rules (SPEC §S "never retries a non-idempotent call that may have run"):
//  - what is retried: 408, 429 and 503 answers, a 409 idempotency_key_in_use (the first request with the key is
//    still running), a refused or dropped connection and a timeout; at most 3 retries;
//  - the wait: the hub's Retry-After plus up to 500 ms of jitter, or without one an exponential backoff (0.5 s,
//    1 s, 2 s, ±25 %); a Retry-After over 60 s is never waited for: the error is thrown at once;
//  - what may be replayed: GET, PUT and DELETE (idempotent, RFC 9110 §9.2.2) and a POST carrying an Idempotency-Key
//    (SPEC §E: the hub answers a repeat with the first answer). A POST sent without a key and any PATCH are replayed
//    only when they certainly did not run: the connection was never established, or the hub answered 429 or 408,
//    which it decides before any handler runs (R2 in the request's first hook, L2 before a call is placed, 408 from
//    the HTTP parser before the request is whole).
import { APIConnectionError, APITimeoutError, errorFromResponse, KatavenError, retryAfterSeconds } from './error.js';

/** The platform's `fetch`, or any function of its signature (a test's, a proxy's). */
export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

export interface RetryOptions {
  /** 0 to 3 (default 3). */
  maxRetries?: number;
}

export interface KatavenOptions {
  /** An `sk_live_…` API key, or a Hub user's JWT together with `accountId`. */
  apiKey: string;
  /** Default `https://api.kataven.ai`; a hub of your own, e.g. `http://localhost:8080`. */
  baseUrl?: string;
  /** The account (slug) a JWT acts on, sent as `X-Account-ID`. Not needed with an `sk_live_` key. */
  accountId?: string;
  /** `true` for up to 3 retries, `{ maxRetries }` for fewer; default off (no retry). */
  retry?: boolean | RetryOptions;
  /** Per attempt, default 60,000 ms. */
  timeoutMs?: number;
  /** Default `globalThis.fetch`. */
  fetch?: Fetch;
  /**
   * An `sk_live_` key grants the whole account: in a browser anyone can read it. The SDK refuses one there unless
   * this is set (for a page only its owner ever loads, say).
   */
  dangerouslyAllowBrowser?: boolean;
}

/** Options of one call, the last argument of every method. */
export interface RequestOptions {
  /**
   * POST only: the `Idempotency-Key` header. By default the SDK makes a fresh one (`crypto.randomUUID()`) for every
   * call and sends the same one on its own retries. Give your own to make a call safe to repeat across restarts of
   * your process; `null` sends none, and the call is then never replayed once it may have reached the hub.
   */
  idempotencyKey?: string | null;
  /** Aborts the call (and its retries). */
  signal?: AbortSignal;
  /** This call's timeout per attempt, instead of the client's. */
  timeoutMs?: number;
}

export type QueryValue = string | number | boolean | Date | null | undefined;
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export const DEFAULT_BASE_URL = 'https://api.kataven.ai';
export const DEFAULT_TIMEOUT_MS = 60_000;
export const MAX_RETRIES = 3;
/** The longest Retry-After the SDK waits for on its own. */
export const MAX_RETRY_AFTER_SECONDS = 60;

/** SPEC §E: an Idempotency-Key is at most 255 visible ASCII characters. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
/** A1: what an account slug looks like. */
const ACCOUNT_SLUG = /^[a-z0-9][a-z0-9_-]{0,62}$/;
/** Socket codes that mean the connection was never established: the request cannot have reached the hub. */
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function isBrowser(): boolean {
  return typeof window !== 'undefined' && typeof document !== 'undefined';
}

/** Whether a fetch failure's causes (undici nests them, happy eyeballs aggregates them) say it never connected. */
function neverConnected(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== 'object' || error === null) return false;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && NEVER_CONNECTED.has(code)) return true;
  if (Array.isArray(errors) && errors.length > 0 && errors.every((e) => neverConnected(e, depth + 1))) return true;
  return neverConnected(cause, depth + 1);
}

function describeFailure(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let i = 0; i < 4 && typeof current === 'object' && current !== null; i++) {
    const { message, code } = current as { message?: unknown; code?: unknown };
    if (typeof message === 'string' && message !== '') parts.push(typeof code === 'string' ? `${message} (${code})` : message);
    current = (current as { cause?: unknown }).cause;
  }
  return parts.length > 0 ? `connection to the hub failed: ${parts.join(': ')}` : 'connection to the hub failed';
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

type Attempt =
  | { kind: 'response'; response: Response; text: string }
  | { kind: 'failure'; error: KatavenError; reachedServer: boolean };

/** Carries requests for the resources. Internal: use `Kataven`. */
export class Core {
  readonly baseUrl: string;
  readonly maxRetries: number;
  readonly timeoutMs: number;
  private readonly apiKey: string;
  private readonly accountId: string | undefined;
  private readonly fetch: Fetch;

  constructor(options: KatavenOptions) {
    // STYLE 4: a configuration error fails here, loudly, not at the first request.
    if (typeof options?.apiKey !== 'string' || options.apiKey.trim() === '') {
      throw new TypeError('Kataven: apiKey is required (an sk_live_ key, or a Hub user JWT with accountId)');
    }
    const isSecretKey = options.apiKey.startsWith('sk_live_');
    if (isSecretKey && isBrowser() && options.dangerouslyAllowBrowser !== true) {
      throw new Error(
        'Kataven: refusing an sk_live_ key in a browser, where anyone can read it. Call the API from your server, ' +
          'use a signed-in user token, or pass dangerouslyAllowBrowser: true if you accept the risk.',
      );
    }
    if (options.accountId !== undefined && !ACCOUNT_SLUG.test(options.accountId)) {
      throw new TypeError('Kataven: accountId must be an account slug (^[a-z0-9][a-z0-9_-]{0,62}$)');
    }
    if (!isSecretKey && options.accountId === undefined && options.apiKey.startsWith('eyJ')) {
      throw new TypeError('Kataven: a user token (JWT) needs accountId, the account it acts on (sent as X-Account-ID)');
    }
    const retry = options.retry ?? false;
    const maxRetries = retry === false ? 0 : retry === true ? MAX_RETRIES : (retry.maxRetries ?? MAX_RETRIES);
    if (!Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > MAX_RETRIES) {
      throw new RangeError(`Kataven: retry.maxRetries must be a whole number from 0 to ${MAX_RETRIES}`);
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError('Kataven: timeoutMs must be a positive number');
    const fetchImpl = options.fetch ?? (typeof fetch === 'function' ? fetch.bind(globalThis) : undefined);
    if (!fetchImpl) throw new Error('Kataven: this platform has no fetch; pass options.fetch');

    this.apiKey = options.apiKey;
    this.accountId = options.accountId;
    this.baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.maxRetries = maxRetries;
    this.timeoutMs = timeoutMs;
    this.fetch = fetchImpl;
  }

  url(path: string, query?: Record<string, QueryValue>): string {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value === undefined || value === null) continue;
      url.searchParams.set(name, value instanceof Date ? value.toISOString() : String(value));
    }
    return url.href;
  }

  /** One API call: the parsed JSON answer (undefined for 204), or a typed error. */
  async request<T>(
    method: Method,
    path: string,
    init: { query?: Record<string, QueryValue>; body?: unknown } = {},
    options: RequestOptions = {},
  ): Promise<T> {
    const url = this.url(path, init.query);
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: `Bearer ${this.apiKey}`,
    };
    if (this.accountId !== undefined) headers['x-account-id'] = this.accountId;
    let body: string | undefined;
    if (init.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.body);
    }
    // One key per call, the same on every retry of it (SPEC §E Idempotency).
    const idempotencyKey = method === 'POST' && options.idempotencyKey !== null ? (options.idempotencyKey ?? crypto.randomUUID()) : undefined;
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new TypeError('Kataven: idempotencyKey must be 1 to 255 visible ASCII characters');
    }
    if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
    const replayable = method === 'GET' || method === 'PUT' || method === 'DELETE' || idempotencyKey !== undefined;

    for (let attempt = 0; ; attempt++) {
      const outcome = await this.attempt(url, { method, headers, ...(body !== undefined ? { body } : {}) }, options);
      const retriesLeft = attempt < this.maxRetries;
      if (outcome.kind === 'failure') {
        if (!retriesLeft || (outcome.reachedServer && !replayable)) throw outcome.error;
        await sleep(backoffMs(attempt), options.signal);
        continue;
      }
      const { response, text } = outcome;
      if (response.ok) return parseAnswer<T>(response, text);
      const error = errorFromResponse(response.status, text, response.headers);
      const status = response.status;
      // SPEC §E: 409 idempotency_key_in_use means the first request with this key is still running (a retry
      // after a timeout can meet it); asking again later gets its answer.
      const keyInUse = status === 409 && error.code === 'idempotency_key_in_use' && idempotencyKey !== undefined;
      if (!retriesLeft || !(status === 408 || status === 429 || status === 503 || keyInUse)) throw error;
      // A 503 may come after a handler started; the hub rolls a failed mutation back, but only a key makes a
      // replay certain to do nothing twice.
      if (status === 503 && !replayable) throw error;
      const retryAfter = retryAfterSeconds(response.headers.get('retry-after'));
      if (retryAfter !== undefined && retryAfter > MAX_RETRY_AFTER_SECONDS) throw error;
      await sleep(retryAfter !== undefined ? retryAfter * 1000 + Math.random() * 500 : backoffMs(attempt), options.signal);
    }
  }

  private async attempt(url: string, init: RequestInit, options: RequestOptions): Promise<Attempt> {
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const userSignal = options.signal;
    const onUserAbort = () => controller.abort(userSignal?.reason);
    if (userSignal?.aborted) onUserAbort();
    userSignal?.addEventListener('abort', onUserAbort, { once: true });
    try {
      const response = await this.fetch(url, { ...init, signal: controller.signal });
      // The timeout covers the body too: a hub that sends headers and then stalls is no answer.
      const text = await response.text();
      return { kind: 'response', response, text };
    } catch (error) {
      if (userSignal?.aborted) throw userSignal.reason ?? error;
      if (timedOut) return { kind: 'failure', error: new APITimeoutError(timeoutMs, { cause: error }), reachedServer: true };
      return {
        kind: 'failure',
        error: new APIConnectionError(describeFailure(error), { cause: error }),
        reachedServer: !neverConnected(error),
      };
    } finally {
      clearTimeout(timer);
      userSignal?.removeEventListener('abort', onUserAbort);
    }
  }
}

/** A successful answer's JSON (undefined for an empty one, 204); something else is not the hub's answer. */
function parseAnswer<T>(response: Response, text: string): T {
  if (text === '') return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new KatavenError(
      response.status,
      'invalid_response',
      `the answer (HTTP ${response.status}) is not JSON: is baseUrl a Kataven hub?`,
      response.headers.get('x-request-id') ?? undefined,
      { cause: error },
    );
  }
}

/** 0.5 s, 1 s, 2 s …, each ±25 %, for failures without a Retry-After. */
function backoffMs(attempt: number): number {
  return Math.min(8000, 500 * 2 ** attempt) * (0.75 + Math.random() * 0.5);
}
