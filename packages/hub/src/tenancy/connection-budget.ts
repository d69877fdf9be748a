// The global connection budget of the account databases (SPEC A5, KATAVEN_MAX_TENANT_CONNECTIONS): one slot per
// connection, taken before the connection is opened and given back only once its socket is closed, so that
// connections being opened and being closed count too and PostgreSQL never sees more than the budget.
// When the budget is full, a caller asks for room (makeRoom: TenantPools closes the least recently used idle
// connection of any account) and then waits, first come first served, for the next slot that frees.
//
// Closing takes as long as opening (the account's last audit rows, the backend's exit: 5–8 ms each on a loaded
// 2-core machine), and a caller that waits for a close and then connects pays both (issue 14). So a large budget
// keeps a little headroom (1/16 of it): once fewer slots than that are free, the least recently used idle
// connection is closed ahead of need, and the next cold account connects at once: its request pays one
// connection setup, not a close and a setup.
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

/** Slots kept free ahead of need: 1/16 of the budget (none below 16, where every connection counts). */
export function headroomFor(size: number): number {
  return Math.floor(size / 16);
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
    readonly headroom = headroomFor(size),
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
      const slot = this.slot();
      if (this.tight) this.rebalance();
      return Promise.resolve(slot);
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

  /** Fewer slots free or on their way back than the headroom. */
  private get tight(): boolean {
    return this.used - this.closingCount > this.size - this.headroom;
  }

  /**
   * Asks for room while more callers wait than connections are already on their way out, or while the headroom
   * is short: called when a caller starts waiting, when a slot is taken, and whenever a connection becomes idle
   * (it may be the one to close).
   */
  rebalance(): void {
    while ((this.waiters.length > this.closingCount || this.tight) && this.makeRoom()) {
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
