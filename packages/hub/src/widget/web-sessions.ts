// W5/L2: the life of a web session. POST /widget/connect takes a cost-cap slot exactly like a call (the route
// admits it, as originate does) and opens the session here; from then on:
//   - this instance renews the slot's lease while the session lives (LiveCallSlots), so it counts against
//     concurrent_max; if the instance dies, the lease lapses (L2) and the session is swept later
//   - it ends when the visitor ends it, when its widget key is disabled or deleted, or at the latest after
//     KATAVEN_WEB_SESSION_MAX_SECONDS (a timer on the instance that opened it; a sweep for those whose instance died)
//   - ending frees the slot and counts the session's minutes (costCaps.end), once, whichever instance ends it
import { checkSlot, type CallSlot, type CostCapLimiter, type LiveCallSlots } from '../limits/cost-caps.js';
import type { Queryable } from '../tenancy/queryable.js';
import type { Tenancy } from '../tenancy/tenancy.js';
import {
  endWebSessions,
  insertWebSession,
  type EndedWebSession,
  type WebSessionRow,
  type WebSessionSelector,
} from './web-session-store.js';

export interface WebSessionsDeps {
  tenancy: Tenancy;
  costCaps: CostCapLimiter;
  liveCalls: LiveCallSlots;
  /** The hub's clock (ms): session start and end times, durations. */
  now: () => number;
  /** KATAVEN_WEB_SESSION_MAX_SECONDS. */
  maxSeconds: number;
  log: (message: string) => void;
}

export interface WebVisitor {
  agentId: string;
  widgetKeyId: string;
  sub: string;
}

/** The slot stored with a session, if it is one (a row written by this code always has one). */
function slotOf(value: unknown): CallSlot | undefined {
  try {
    checkSlot(value as CallSlot);
    return value as CallSlot;
  } catch {
    return undefined;
  }
}

export class WebSessions {
  /** The sessions this instance opened and still times: their end timer and slot. */
  private readonly live = new Map<string, { account: string; slot: CallSlot; timer: NodeJS.Timeout }>();
  private closed = false;

  constructor(private readonly deps: WebSessionsDeps) {}

  get maxSeconds(): number {
    return this.deps.maxSeconds;
  }

  /**
   * Opens a session on an admitted slot (its id is the session's). If the row cannot be written, the slot is
   * given back (nothing started, nothing counted) and the error rethrown.
   */
  async open(db: Queryable, slot: CallSlot, visitor: WebVisitor): Promise<WebSessionRow> {
    let row: WebSessionRow;
    try {
      row = await insertWebSession(db, {
        id: slot.id,
        agentId: visitor.agentId,
        widgetKeyId: visitor.widgetKeyId,
        visitorSub: visitor.sub,
        capSlot: slot,
        createdAt: new Date(this.deps.now()),
      });
    } catch (err) {
      await this.deps.costCaps.cancel(slot).catch((e: unknown) => this.deps.log(`giving a web session's cost-cap slot back failed: ${String(e)}`));
      throw err;
    }
    this.deps.liveCalls.hold(slot);
    this.schedule(slot);
    return row;
  }

  /**
   * Ends the selected live sessions of `account` (in its database `db`): their rows first, then, for each row
   * this call ended, its slot. Idempotent: a session already ended is left as it is.
   */
  async end(db: Queryable, account: string, which: WebSessionSelector): Promise<EndedWebSession[]> {
    const ended = await endWebSessions(db, which, new Date(this.deps.now()), this.deps.maxSeconds);
    if ('id' in which) this.stopTiming(which.id);
    await Promise.all(
      ended.map((session) =>
        // Redis unavailable: the slot is no longer renewed, so it lapses with its lease (L2) all the same.
        this.release(account, session).catch((err: unknown) =>
          this.deps.log(`freeing the cost-cap slot of web session ${session.id} failed (${String(err)}); it lapses with its lease`),
        ),
      ),
    );
    return ended;
  }

  /** Every live session the widget key started (it was disabled or deleted): ended, slots freed. */
  endForWidgetKey(account: string, widgetKeyId: string): Promise<EndedWebSession[]> {
    return this.deps.tenancy.withDatabase(account, (db) => this.end(db, account, { widgetKeyId }));
  }

  /** Sessions past the longest a session lives, whose instance died before ending them. */
  sweepOverdue(db: Queryable, account: string): Promise<EndedWebSession[]> {
    return this.end(db, account, { overdue: true });
  }

  /** Shutdown: no more timers. The sessions' slots lapse with their leases; a later sweep ends their rows. */
  close(): void {
    this.closed = true;
    for (const { timer } of this.live.values()) clearTimeout(timer);
    this.live.clear();
  }

  private schedule(slot: CallSlot): void {
    if (this.closed) return;
    const timer = setTimeout(() => void this.expire(slot), this.deps.maxSeconds * 1000);
    // A timer never keeps the process alive; a hub that stops ends its sessions through the sweep instead.
    timer.unref();
    this.live.set(slot.id, { account: slot.account, slot, timer });
  }

  private stopTiming(id: string): void {
    const held = this.live.get(id);
    if (held) clearTimeout(held.timer);
    this.live.delete(id);
    this.deps.liveCalls.forget(id);
  }

  /** The timer of a session that reached the longest a session lives. */
  private async expire(slot: CallSlot): Promise<void> {
    try {
      await this.deps.tenancy.withDatabase(slot.account, (db) => this.end(db, slot.account, { id: slot.id }));
    } catch (err) {
      // The row stays in progress until a sweep ends it; the slot is freed now regardless, so an unreachable
      // database never leaves a concurrency slot taken.
      this.deps.log(`ending web session ${slot.id} at its time limit failed (${err instanceof Error ? err.message : String(err)}); its slot is freed`);
      this.stopTiming(slot.id);
      await this.deps.costCaps.end(slot, this.deps.maxSeconds).catch(() => undefined);
    }
  }

  private async release(account: string, session: EndedWebSession): Promise<void> {
    this.stopTiming(session.id);
    const slot = slotOf(session.cap_slot);
    if (!slot) return;
    if (slot.account !== account || slot.id !== session.id) {
      this.deps.log(`web session ${session.id}: its stored cost-cap slot names another session; not released`);
      return;
    }
    // Idempotent per slot id in the limiter: ending twice counts the minutes once.
    await this.deps.costCaps.end(slot, session.duration_seconds);
  }
}
