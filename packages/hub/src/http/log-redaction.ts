// T3 "never logged": a client may wrongly put a key or a JWT in a URL (a query parameter, a path segment).
// The hub refuses such requests, but its request log would still record the URL; credentials are cut out first.
// Issue 7 item 5: a key may also arrive percent-encoded (`sk%5Flive%5F…`, `%73k_live_…`, encoded twice) or glued
// to other text (`x_sk_live_…`), so the text is decoded before it is searched, and any 38-character base62 run
// after a `_live_` — the shape of a T1 secret (32 random + 6 checksum) — is cut out wherever it stands.
import type { FastifyRequest } from 'fastify';

/** A key from its prefix to the next URL delimiter, whatever precedes it. */
const KEY = /(sk|pk)_live_[^/?&#\s]*/gi;
/** The T1 secret: 32 random + 6 checksum base62 characters (a longer run is cut whole). */
const SECRET = /[A-Za-z0-9]{38,}/g;
const LIVE = /_live_/i;
const JWT = /\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_.-]*/g;
/** C4: a signed recording URL is a bearer of its file for five minutes; its signature is not logged either. */
const URL_SIGNATURE = /([?&]signature=)[^&#\s]*/gi;

/** A run of percent escapes, decoded together so that a multi-byte UTF-8 character comes out whole. */
const ESCAPES = /(?:%[0-9A-Fa-f]{2})+/g;
/** Enough for a key encoded three times over; each round only ever shortens the text, so this always ends. */
const MAX_DECODING_ROUNDS = 4;

/**
 * Percent-decodes `text` until nothing changes (at most MAX_DECODING_ROUNDS). Never throws, unlike
 * decodeURIComponent: a malformed escape (`%zz`, a lone `%`) stays as it is, and bytes that are not UTF-8 become
 * U+FFFD.
 */
export function percentDecoded(text: string): string {
  let current = text;
  for (let round = 0; round < MAX_DECODING_ROUNDS && current.includes('%'); round++) {
    const next = current.replace(ESCAPES, (run) => Buffer.from(run.replaceAll('%', ''), 'hex').toString('utf8'));
    if (next === current) break;
    current = next;
  }
  return current;
}

/** `text` with every credential cut out; decoded first when it holds percent escapes. */
export function redactCredentials(text: string): string {
  let redacted = percentDecoded(text).replace(KEY, '$1_live_[redacted]');
  const live = LIVE.exec(redacted);
  if (live) {
    const from = live.index + live[0].length;
    redacted = redacted.slice(0, from) + redacted.slice(from).replace(SECRET, '[redacted]');
  }
  return redacted.replace(JWT, '[redacted-jwt]').replace(URL_SIGNATURE, '$1[redacted]');
}

/** The request as Fastify's logger records it, with no credential in its URL and no headers at all. */
export function requestLogSerializer(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactCredentials(request.url),
    host: request.host,
    remoteAddress: request.ip,
  };
}
