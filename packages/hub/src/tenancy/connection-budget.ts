// The global connection budget of the account databases (SPEC A5, KATAVEN_MAX_TENANT_CONNECTIONS): one slot per
// connection, taken before the connection is opened and given back only once its socket is closed, so that
// connections being opened and being closed count too and PostgreSQL never sees more than the budget.
// When the budget is full, a caller asks for room (makeRoom: TenantPools closes the least recently used idle
// connection of any account) and then waits, first come first served, for the next slot that frees.
import { HubError } from '../errors.js';

/** One connection's place in the budget; free() is idempotent. */
export interface BudgetSlot {
  free(): void;
  /** Marks the connection as being closed: its slot is about to come back, so nobody else needs to make room. */
  closing(): void;
}

interface Waiter {
  grant(slot: BudgetSlot): void;
  fail(err: Error): void;
}

export class ConnectionBudget {
  private used = 0;
  private closingCount = 0;
  private readonly waiters: Waiter[] = [];

  /**
   * @param makeRoom closes one idle connection (whose slot then frees); false when no connection is idle, and
   * the waiter then has the next connection that becomes idle or closes.
   */
  constructor(
    readonly size: number,
    private readonly makeRoom: () => boolean,
  ) {}

  /** Connections opened, open or being closed. */
  get inUse(): number {
    return this.used;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  /**
   * A slot for one new connection: at once when the budget has room, else once another connection has closed.
   * Fails with service_unavailable at `deadline` (performance.now() time) or when `abort` fires first.
   */
  reserve(deadline: number, abort?: AbortSignal): Promise<BudgetSlot> {
    if (this.used < this.size && this.waiters.length === 0) {
      this.used++;
      return Promise.resolve(this.slot());
    }
    return new Promise<BudgetSlot>((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        abort?.removeEventListener('abort', onAbort);
        const i = this.waiters.indexOf(waiter);
        if (i !== -1) this.waiters.splice(i, 1);
      };
      const waiter: Waiter = {
        grant: (slot) => {
          settle();
          resolve(slot);
        },
        fail: (err) => {
          settle();
          reject(err);
        },
      };
      const onAbort = () => waiter.fail(new HubError('service_unavailable', 'the database connection was abandoned before the budget had room'));
      const timer = setTimeout(
        () => waiter.fail(new HubError('service_unavailable', 'no database connection became free within its deadline; retry shortly')),
        Math.max(0, deadline - performance.now()),
      );
      abort?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      this.rebalance();
    });
  }

  /**
   * Asks for room while more callers wait than connections are already on their way out: called when a caller
   * starts waiting and whenever a connection becomes idle (it may be the one to close).
   */
  rebalance(): void {
    while (this.waiters.length > this.closingCount && this.makeRoom()) {
      // makeRoom() marked a connection closing; loop while waiters still outnumber the slots on their way back.
    }
  }

  private slot(): BudgetSlot {
    let state: 'open' | 'closing' | 'free' = 'open';
    return {
      closing: () => {
        if (state !== 'open') return;
        state = 'closing';
        this.closingCount++;
      },
      free: () => {
        if (state === 'free') return;
        if (state === 'closing') this.closingCount--;
        state = 'free';
        const next = this.waiters[0];
        // The slot passes straight to the first waiter: the count never dips, so nobody can overtake it.
        if (next) next.grant(this.slot());
        else this.used--;
      },
    };
  }
}
