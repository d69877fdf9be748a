// L2 at the edge: a refused call admission becomes 429 `cost_cap: <message>` with Retry-After, like R2's
// `rateLimited` (http/rate-limits.ts). Used by every route that places a call (originate, campaign dial, widget
// connect).
import type { FastifyReply } from 'fastify';
import { HubError } from '../errors.js';
import type { CapAdmission } from '../limits/cost-caps.js';

/**
 * `cost_cap: Daily call limit reached`, with Retry-After in whole seconds: a few for concurrent, to the minute's
 * end for per-minute, to the next UTC midnight for the daily caps (so a client can tell retrying soon cannot help).
 */
export function costCapped(reply: FastifyReply, refusal: CapAdmission & { ok: false }): HubError {
  reply.header('retry-after', String(refusal.retryAfterSeconds));
  return new HubError('cost_cap', refusal.message);
}
