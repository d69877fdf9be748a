// SPEC §E Idempotency-Key: the stored first answers, behind one interface (STYLE 5) with a Redis implementation
// shared by every hub instance (redis-store.ts) and an in-process one for the embedded default
// (in-process-store.ts), as the rate limits and cost caps have.
//
// A key's record lives under its scope (account, surface and the key itself) and holds the fingerprint of the
// first request (SHA-256 of its method, route and canonical body). begin() claims it atomically: the first caller
// gets `started` and a token; while it runs every other caller gets `in_progress`; once it finished, a caller
// with the same fingerprint gets the stored answer and one with another fingerprint `mismatch`. The claim of a
// request that never finishes (its instance died) expires after the in-progress lease.

/** SPEC §E: at most 255 visible ASCII characters. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;
/** SPEC §E: the first answer is kept for 24 hours. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * How long a claim without an answer holds: longer than any request may run (Node's requestTimeout, 30 s by
 * default; a call processor's deadline), short enough that a crashed instance's claim does not block a retry long.
 */
export const IDEMPOTENCY_LEASE_MS = 2 * 60 * 1000;

/** A finished request's answer, as sent. */
export interface StoredAnswer {
  status: number;
  contentType: string;
  body: string;
}

export type BeginOutcome =
  | { kind: 'started'; token: string }
  | { kind: 'in_progress' }
  | { kind: 'mismatch' }
  | { kind: 'replay'; answer: StoredAnswer };

export interface IdempotencyStore {
  /** Claims `key` for a request whose fingerprint is `fingerprint`, or says why not. */
  begin(key: string, fingerprint: string): Promise<BeginOutcome>;
  /** Keeps the answer of the request that holds `token` for IDEMPOTENCY_TTL_MS (nothing if its claim was lost). */
  complete(key: string, token: string, answer: StoredAnswer): Promise<void>;
  /** Gives the claim back (the request failed in a way a retry may fix): the next request with the key runs. */
  release(key: string, token: string): Promise<void>;
  close(): Promise<void>;
}

/** A key of SPEC §E's shape: 1 to 255 visible ASCII characters (0x21–0x7E). */
export function isValidIdempotencyKey(value: string): boolean {
  return value.length >= 1 && value.length <= MAX_IDEMPOTENCY_KEY_LENGTH && /^[\x21-\x7e]+$/.test(value);
}
