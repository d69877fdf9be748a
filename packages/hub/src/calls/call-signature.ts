// C3a: the hub and the call processor sign every request they send each other. HMAC-SHA256 under the shared
// secret (KATAVEN_CALL_PROCESSOR_SECRET) over `<timestamp>.<raw body>`, sent as
//   X-Kataven-Timestamp: <unix seconds>
//   X-Kataven-Signature: v1=<hex>
// (the scheme of Stripe's webhooks). The timestamp is inside the MAC, so a captured request cannot be re-dated,
// and one older or newer than five minutes is refused; within that window the event id stops a replay
// (replay-guard.ts).
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-kataven-timestamp';
export const SIGNATURE_HEADER = 'x-kataven-signature';
/** How far a timestamp may be from the receiver's clock, either way. */
export const SIGNATURE_TOLERANCE_MS = 5 * 60 * 1000;

function mac(secret: string, timestamp: string, body: Buffer | string): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
}

/** The two headers that sign `body`, dated `nowMs`. */
export function signatureHeaders(secret: string, body: Buffer | string, nowMs: number): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: `v1=${mac(secret, timestamp, body).toString('hex')}` };
}

/** Why a signed request is refused: no valid signature at all, or a valid form dated outside the window. */
export type SignatureVerdict = { ok: true } | { ok: false; reason: 'invalid' | 'stale' };

type HeaderValue = string | string[] | undefined;

function single(value: HeaderValue): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * The timestamp alone (before the body is read): well-formed and within the window. A request that fails here
 * costs the receiver no body.
 */
export function checkTimestamp(headers: Record<string, HeaderValue>, nowMs: number): SignatureVerdict {
  const timestamp = single(headers[TIMESTAMP_HEADER]);
  if (timestamp === undefined || !/^[0-9]{1,12}$/.test(timestamp)) return { ok: false, reason: 'invalid' };
  if (single(headers[SIGNATURE_HEADER]) === undefined) return { ok: false, reason: 'invalid' };
  if (Math.abs(Number(timestamp) * 1000 - nowMs) > SIGNATURE_TOLERANCE_MS) return { ok: false, reason: 'stale' };
  return { ok: true };
}

/** Verifies the signature of `body` (the raw bytes as received) and the freshness of its timestamp. */
export function verifySignature(
  secret: string,
  headers: Record<string, HeaderValue>,
  body: Buffer,
  nowMs: number,
): SignatureVerdict {
  const timestamp = single(headers[TIMESTAMP_HEADER]);
  const signature = single(headers[SIGNATURE_HEADER]);
  if (timestamp === undefined || signature === undefined || !/^[0-9]{1,12}$/.test(timestamp)) {
    return { ok: false, reason: 'invalid' };
  }
  const given = /^v1=([0-9a-f]{64})$/.exec(signature)?.[1];
  if (given === undefined) return { ok: false, reason: 'invalid' };
  // Constant time: how much of a guess matched must not show in the answer's timing.
  if (!timingSafeEqual(Buffer.from(given, 'hex'), mac(secret, timestamp, body))) return { ok: false, reason: 'invalid' };
  // Checked after the MAC, so a stale answer is only ever given about a request the secret's holder signed.
  if (Math.abs(Number(timestamp) * 1000 - nowMs) > SIGNATURE_TOLERANCE_MS) return { ok: false, reason: 'stale' };
  return { ok: true };
}
