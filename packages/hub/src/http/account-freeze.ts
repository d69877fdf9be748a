// A8: while `kataven accounts move` copies an account's database to another server, the account's writes are
// frozen (tenancy/account-move.ts): a write answers 503 service_unavailable with Retry-After, a read goes on
// from the old server. Every instance sees the freeze in the account's catalog row (frozen_until), which the
// mover publishes on the revocation bus so that cached rows are re-read.
import type { FastifyInstance } from 'fastify';
import { HubError } from '../errors.js';
import type { AccountRecord } from '../tenancy/catalog.js';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** A move's freeze usually lasts a few seconds; its deadline is far longer. Clients come back soon, not then. */
const MAX_RETRY_AFTER_SECONDS = 5;

/** Adds the freeze check to a protected scope; call after the authentication hook. */
export function refuseWritesWhileMoving(
  scope: FastifyInstance,
  accounts: { find(slug: string): Promise<AccountRecord | undefined> },
  now: () => number,
): void {
  scope.addHook('onRequest', function refuseFrozenWrite(request, reply, done) {
    const account = request.claims?.account;
    if (account === undefined || !WRITES.has(request.method)) return done();
    accounts.find(account).then((record) => {
      const until = record?.frozenUntil?.getTime();
      const remainingMs = until === undefined ? 0 : until - now();
      if (remainingMs <= 0) return done();
      reply.header('retry-after', String(Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, Math.ceil(remainingMs / 1000)))));
      done(new HubError('service_unavailable', "the account's database is moving to another server; its writes resume in a moment"));
    }, done);
  });
}
