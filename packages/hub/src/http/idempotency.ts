// SPEC §E Idempotency-Key on every POST of an account (the protected scopes and the operator console), except
// those whose answer carries a secret (T3: a minted key's plaintext is in its answer and nowhere else, so it cannot
// be kept to be sent again; the header is ignored there, and the OpenAPI document says so):
//   - the first request with a key runs; its status and body are kept 24 h per account, surface and key value;
//   - a repeat with the same request (method, route and canonical body, compared by SHA-256) gets the kept
//     answer again, with `Idempotent-Replayed: true`, and runs nothing: a retried originate places one call;
//   - a repeat with another request is 422 idempotency_key_reused; one while the first still runs is 409
//     idempotency_key_in_use;
//   - an answer a retry may change is not kept, and the key is given back so that the retry runs: 5xx; 429 (a cap
//     or limit that Retry-After says to wait out); 401 and 403, which say who may call (a credential revoked while
//     the request ran, an API key where a Hub user is needed), not what the request did.
// The claim is taken after authentication, R1's limits and body parsing (preHandler), so a refused credential or
// an over-limit request claims nothing; the answer is kept after the audit hook (onSend, registered after it),
// so what is kept is what was sent, a mutation's commit included.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Surface } from '../auth/claims.js';
import { HubError } from '../errors.js';
import { isValidIdempotencyKey, type IdempotencyStore } from '../idempotency/store.js';
import { claimsOf } from './authenticate.js';
import { takesIdempotencyKey } from './operations.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The Idempotency-Key claim this request holds until its answer is kept (or given back); else null. */
    idempotencyClaim: { key: string; token: string } | null;
  }
}

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';

/** JSON with object keys sorted at every level: equal documents, equal text. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return '';
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item) || Buffer.isBuffer(item)) return item;
    return Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The route without its API prefix: `/api/v1/agents` and `/hub-api/api/v1/agents` (one surface) are one route. */
function routeOf(request: FastifyRequest): string {
  return (request.routeOptions.url ?? request.url).replace(/^(\/hub-api)?(\/api)?(\/v1)?(?=\/)/, '');
}

/** Whether an answer is kept for the key's later repeats (else the key is given back for a retry). */
function keeps(status: number): boolean {
  return status < 500 && status !== 429 && status !== 401 && status !== 403;
}

function giveBack(request: FastifyRequest, store: IdempotencyStore): void {
  const claim = request.idempotencyClaim;
  if (!claim) return;
  request.idempotencyClaim = null;
  store.release(claim.key, claim.token).catch((err: unknown) => request.log.error({ err }, 'giving an Idempotency-Key back failed'));
}

/** Hooks of one protected scope (server.ts), registered after its audit hook. */
export function honourIdempotencyKeys(scope: FastifyInstance, store: IdempotencyStore, surface: Surface): void {
  /** Claims the request's key, or answers for it; true when it answered (a replay). */
  const claimKey = async (request: FastifyRequest, reply: FastifyReply, header: string | string[]): Promise<boolean> => {
    // T3: a route whose answer carries a secret is never kept (its Operation says so; openapi.ts documents it).
    const op = request.routeOptions.config.operation;
    if (op && !takesIdempotencyKey('POST', op)) return false;
    if (typeof header !== 'string' || !isValidIdempotencyKey(header)) throw new HubError('invalid_idempotency_key');
    const { account } = claimsOf(request);
    const key = `${account}:${surface}:${sha256(header)}`;
    const fingerprint = sha256(`POST ${routeOf(request)}\n${canonicalJson(request.body)}`);
    const outcome = await store.begin(key, fingerprint).catch((err: unknown) => {
      // Fail closed: a key that cannot be checked might be a repeat, so the request does not run.
      request.log.error({ err }, 'Idempotency-Key store unavailable');
      throw new HubError('service_unavailable', 'the Idempotency-Key cannot be checked right now; nothing was done');
    });
    switch (outcome.kind) {
      case 'started':
        request.idempotencyClaim = { key, token: outcome.token };
        return false;
      case 'in_progress':
        throw new HubError('idempotency_key_in_use');
      case 'mismatch':
        throw new HubError('idempotency_key_reused');
      case 'replay': {
        const { status, contentType, body } = outcome.answer;
        reply.code(status).header(REPLAYED_HEADER, 'true');
        if (contentType) reply.header('content-type', contentType);
        reply.send(body === '' ? undefined : body);
        return true;
      }
    }
  };
  // Callback style: a request without the header (every GET, most POSTs) passes at no cost of a promise.
  scope.addHook('preHandler', (request, reply, done) => {
    const header = request.method === 'POST' ? request.headers[IDEMPOTENCY_HEADER] : undefined;
    if (header === undefined) return done();
    // A replay has answered: the chain ends there, without done().
    claimKey(request, reply, header).then((answered) => {
      if (!answered) done();
    }, done);
  });

  const keepAnswer = async (request: FastifyRequest, reply: FastifyReply, payload: unknown, claim: { key: string; token: string }) => {
    const status = reply.statusCode;
    // A streamed answer cannot be kept: given back like a failure (no POST of ours streams).
    const body = payload === null || payload === undefined ? '' : typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined;
    if (!keeps(status) || body === undefined) {
      giveBack(request, store);
      return payload;
    }
    request.idempotencyClaim = null;
    const contentType = reply.getHeader('content-type');
    await store
      .complete(claim.key, claim.token, { status, contentType: typeof contentType === 'string' ? contentType : '', body })
      // The answer stands (the change is made); a repeat finds the claim in progress until its lease ends.
      .catch((err: unknown) => request.log.error({ err }, 'keeping an Idempotency-Key answer failed'));
    return payload;
  };
  scope.addHook('onSend', (request, reply, payload, done) => {
    const claim = request.idempotencyClaim;
    if (!claim) return done(null, payload);
    keepAnswer(request, reply, payload, claim).then((answer) => done(null, answer), done);
  });

  // A request that ends without an answer sent through onSend (the client went away) gives its key back.
  scope.addHook('onRequestAbort', (request, done) => {
    giveBack(request, store);
    done();
  });
  scope.addHook('onResponse', (request, _reply, done) => {
    giveBack(request, store);
    done();
  });
}
