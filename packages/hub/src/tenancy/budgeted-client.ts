// The connection class of the account pools: a pg.Client that takes a slot in the global budget (A5) before it
// connects and gives it back once its socket is closed, whoever closes it (its pool's idle timeout, an error,
// the budget making room). pg-pool creates it (the Pool's `Client` option) whenever an account's pool grows.
import type { Socket } from 'node:net';
import pg from 'pg';
import type { BudgetSlot, ConnectionBudget } from './connection-budget.js';

/** Work done through a connection the caller holds alone (see BudgetedClient.lastWords). */
export type ConnectionWork = (client: pg.ClientBase) => Promise<void>;

export interface BudgetedClient extends pg.Client {
  /** Set once the connection is on its way out; it is then never handed to another account's waiter. */
  readonly closing: boolean;
  markClosing(): void;
  /**
   * Work for this connection before it closes (issue 14: a connection closed to make room first writes its
   * account's queued audit rows, which would otherwise open a connection of their own). Run once, by end(), after
   * the pool has let go of the connection; its failure is the work's own to handle.
   */
  lastWords: ConnectionWork | undefined;
}

/**
 * @param waitMs how long a new connection may wait for room in the budget (the acquire deadline: 503 after it)
 * @param onClosing told when a connection starts closing, so it stops counting as idle
 */
export function budgetedClientClass(
  budget: ConnectionBudget,
  waitMs: number,
  onClosing: (client: BudgetedClient) => void,
): new (config?: pg.ClientConfig) => BudgetedClient {
  return class extends pg.Client implements BudgetedClient {
    private slot: BudgetSlot | undefined;
    closing = false;
    lastWords: ConnectionWork | undefined;

    markClosing(): void {
      if (this.closing) return;
      this.closing = true;
      this.slot?.closing();
      onClosing(this);
    }

    override connect(): Promise<void>;
    override connect(callback: (err: Error) => void): void;
    override connect(callback?: (err: Error) => void): Promise<void> | void {
      const connected = this.reserveAndConnect();
      if (!callback) return connected;
      connected.then(() => callback(undefined as unknown as Error), callback);
    }

    override end(): Promise<void>;
    override end(callback: (err: Error) => void): void;
    override end(callback?: (err: Error) => void): Promise<void> | void {
      this.markClosing();
      const lastWords = this.lastWords;
      this.lastWords = undefined;
      if (!lastWords) return callback ? super.end(callback) : super.end();
      const ended = lastWords(this)
        .catch(() => undefined)
        .then(() => super.end());
      if (!callback) return ended;
      ended.then(() => callback(undefined as unknown as Error), callback);
    }

    private async reserveAndConnect(): Promise<void> {
      // pg-pool's connection deadline destroys the (not yet connected) socket: stop waiting for a slot then.
      const stream = (this as unknown as { connection: { stream: Socket } }).connection.stream;
      const abandoned = new AbortController();
      const abandon = () => abandoned.abort();
      stream.once('close', abandon);
      try {
        this.slot = await budget.reserve(performance.now() + waitMs, abandoned.signal);
      } finally {
        stream.off('close', abandon);
      }
      const slot = this.slot;
      if (this.closing) slot.closing();
      // 'end' follows the socket's close, on every path (end(), an error, the server going away).
      this.once('end', () => slot.free());
      try {
        await super.connect();
      } catch (err) {
        slot.free();
        throw err;
      }
    }
  };
}
