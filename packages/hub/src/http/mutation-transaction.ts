// AU2 without half-written changes: a tenant mutation and its audit row are one PostgreSQL transaction.
//
// A handler runs its writes through inTransaction(). The transaction then stays open, attached to the request,
// until the audit hook (audit-hooks.ts) ends it: a success's row is inserted with the same connection and
// committed with the change, so a row that cannot be written means nothing changed; an error answer rolls it
// back. Work that must not be seen before the commit (publishing a revocation, T6/T7: another instance would
// re-verify against the old row and cache the key again) is registered with afterCommit(); it runs after the
// COMMIT and before the response is sent.
//
// A transaction holds one connection and a lease on the account's pool (A5) from the first inTransaction() of
// its request until it ends, and it ends on every path: committed or rolled back by the audit hook, rolled back
// when the function given to inTransaction() throws, on an error, on a timeout, when the client goes away, and,
// as a last resort, once the response has finished. Ending twice is harmless. Every step runs in turn on one
// queue, so a rollback never races a query in flight: it waits for it, and the connection is never given back
// while a query still uses it.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { HubError } from '../errors.js';
import type { PoolLease } from '../tenancy/tenant-pools.js';
import type { Tenancy } from '../tenancy/tenancy.js';
import { claimsOf } from './authenticate.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's transaction (open, or ended), once a handler has called inTransaction(); else null. */
    mutationTransaction: MutationTransaction | null;
  }
}

/** The answer to a request whose transaction ended before its commit (its client went away): nothing changed. */
export const NOT_COMMITTED = 'the request ended before its change was committed; nothing was changed';

export class MutationTransaction {
  private state: 'open' | 'committed' | 'rolled back' = 'open';
  /** Set once BEGIN has run; every step runs after that, so a step that finds the state open finds this set. */
  private connection: { lease: PoolLease; client: pg.PoolClient } | undefined;
  /** What a step asked of an ended transaction throws. */
  private endedBy: Error | undefined;
  private tail: Promise<void>;
  private readonly afterCommitActions: (() => Promise<void>)[] = [];
  /**
   * A checked-out client has no listener of its own: its connection dropping between two queries (a restart, a
   * terminated backend) would be an uncaught 'error' and end the process. Kept here; the next query fails anyway.
   */
  private connectionError: Error | undefined;
  private readonly onConnectionError = (err: Error) => {
    this.connectionError = err;
  };

  constructor(
    tenancy: Tenancy,
    account: string,
    /** Told once, when the transaction ends. */
    private readonly onEnd: () => void,
  ) {
    this.tail = this.begin(tenancy, account);
  }

  /** Runs `fn` in the transaction. If it throws, everything the request did is rolled back and the error rethrown. */
  run<T>(fn: (db: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.serially(async () => {
      const client = this.openClient();
      try {
        return await fn(client);
      } catch (err) {
        await this.rollbackNow(err);
        throw err;
      }
    });
  }

  /** `action` runs after the commit (and not at all if there is none). */
  afterCommit(action: () => Promise<void>): void {
    if (this.state !== 'open') throw this.ended();
    this.afterCommitActions.push(action);
  }

  /**
   * Runs `lastWrite` (the audit row) and commits. False when the transaction had already ended without a commit
   * (nothing changed); throws, after rolling back, when `lastWrite` or COMMIT fails.
   */
  commit(lastWrite: (db: pg.PoolClient) => Promise<void>): Promise<boolean> {
    return this.serially(async () => {
      if (this.state !== 'open') return false;
      const client = this.openClient();
      try {
        await lastWrite(client);
        await client.query('COMMIT');
      } catch (err) {
        await this.rollbackNow(err);
        throw err;
      }
      this.end('committed', new Error("this request's transaction is already committed"));
      return true;
    });
  }

  /** Rolls back if still open; never rejects. */
  rollback(reason: unknown = new Error("this request's transaction was rolled back")): Promise<void> {
    return this.serially(() => this.rollbackNow(reason));
  }

  /** The after-commit actions, each tried once in order; the first failure, if any. */
  async runAfterCommit(): Promise<unknown> {
    const actions = this.afterCommitActions.splice(0);
    let failure: unknown;
    for (const action of actions) {
      try {
        await action();
      } catch (err) {
        failure ??= err;
      }
    }
    return failure;
  }

  private async begin(tenancy: Tenancy, account: string): Promise<void> {
    let lease: PoolLease | undefined;
    let client: pg.PoolClient | undefined;
    try {
      lease = await tenancy.leaseDatabase(account);
      client = await lease.pool.connect();
      client.on('error', this.onConnectionError);
      await client.query('BEGIN');
      this.connection = { lease, client };
    } catch (err) {
      client?.removeListener('error', this.onConnectionError);
      client?.release(true); // a connection whose BEGIN failed is closed rather than reused
      lease?.release();
      // The error the handler's inTransaction() rethrows, as withDatabase() would have (e.g. 503 on ECONNREFUSED).
      this.end('rolled back', err);
    }
  }

  private openClient(): pg.PoolClient {
    if (this.state === 'open' && this.connection) return this.connection.client;
    throw this.ended();
  }

  private ended(): Error {
    return this.endedBy ?? new Error("this request's transaction is not open");
  }

  private async rollbackNow(reason: unknown): Promise<void> {
    if (this.state !== 'open' || !this.connection) return;
    const { client } = this.connection;
    let broken: Error | undefined;
    try {
      await client.query('ROLLBACK');
    } catch (err) {
      broken = err instanceof Error ? err : new Error(String(err));
    }
    // A connection that could not roll back may still be inside the transaction: closed, not reused.
    this.end('rolled back', reason, broken);
  }

  private end(state: 'committed' | 'rolled back', endedBy: unknown, broken?: Error): void {
    this.state = state;
    this.endedBy = endedBy instanceof Error ? endedBy : new Error(String(endedBy));
    if (state === 'rolled back') this.afterCommitActions.length = 0;
    if (this.connection) {
      const { client } = this.connection;
      client.removeListener('error', this.onConnectionError);
      // A client whose connection failed is closed by the pool instead of being reused.
      client.release(broken ?? this.connectionError);
      this.connection.lease.release();
      this.connection = undefined;
    }
    this.onEnd();
  }

  private serially<T>(step: () => Promise<T>): Promise<T> {
    const result = this.tail.then(step);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

function transactionOf(request: FastifyRequest, tenancy: Tenancy): MutationTransaction {
  if (request.mutationTransaction) return request.mutationTransaction;
  const { account } = claimsOf(request);
  // A client that goes away mid-request gets no answer, so its change is not made; the hooks below do not
  // fire for that (onRequestAbort only does while the body is being read), the socket's 'close' does.
  const socket = request.raw.socket as typeof request.raw.socket | null | undefined;
  const abandon = () => void transaction.rollback(new HubError('service_unavailable', NOT_COMMITTED));
  const transaction = new MutationTransaction(tenancy, account, () => socket?.removeListener('close', abandon));
  request.mutationTransaction = transaction;
  if (socket?.destroyed) abandon();
  else socket?.once('close', abandon);
  return transaction;
}

/**
 * Runs `fn` with the connection of the request's transaction, opening it (lease, connection, BEGIN) on first
 * use; later calls of the same request join it. Nothing is committed here: the audit hook commits it with the
 * request's audit row. If `fn` throws, the whole transaction is rolled back and the error rethrown.
 */
export function inTransaction<T>(
  request: FastifyRequest,
  tenancy: Tenancy,
  fn: (db: pg.PoolClient) => Promise<T>,
): Promise<T> {
  return transactionOf(request, tenancy).run(fn);
}

/**
 * Registers `action` to run once the request's transaction has committed, before the response is sent; if it
 * fails, the answer is its error (a HubError's code and message; otherwise 503 service_unavailable). Needs an
 * open transaction: call inTransaction() first.
 */
export function afterCommit(request: FastifyRequest, action: () => Promise<void>): void {
  const transaction = request.mutationTransaction;
  if (!transaction) throw new Error('afterCommit() needs the request to be in a transaction');
  transaction.afterCommit(action);
}

/**
 * Hooks of a protected scope (next to the audit hook) that end a transaction the audit hook will not: on an
 * error (the answer will be one), an aborted upload, and once the response has finished (a last resort: normally
 * the transaction ended before the response was sent). A timed-out request needs no hook of its own: its socket
 * is destroyed, and the socket's 'close' (transactionOf) rolls back; an onTimeout hook would only add a listener
 * to every connection.
 */
export function closeMutationTransactions(scope: FastifyInstance): void {
  const rollback = (request: FastifyRequest) => void request.mutationTransaction?.rollback();
  scope.addHook('onError', (request, _reply, _error, done) => {
    rollback(request);
    done();
  });
  scope.addHook('onRequestAbort', (request, done) => {
    rollback(request);
    done();
  });
  scope.addHook('onResponse', (request, _reply, done) => {
    rollback(request);
    done();
  });
}
