// L2: the slots of the calls this instance placed, kept alive while their calls live. Each is renewed every third
// of the lease (by default), so a live call never stops counting against concurrent_max, while the slots of an
// instance that died (nothing renews them any more) expire after leaseTtlMs.
import type { CallSlot, CostCapLimiter } from './cost-caps.js';

/**
 * The longest call kept alive: carriers end calls at 4 hours (Twilio's default time limit), so a call whose end
 * was never reported stops counting at most a lease after that.
 */
export const MAX_CALL_MS = 4 * 3_600_000;

interface Held {
  slot: CallSlot;
  until: number;
  renewing: boolean;
}

/** Renews the slots of the calls this instance placed while they live; stops for a slot when renew() says it is gone, when forget() is called, or after maxCallMs. */
export class LiveCallSlots {
  private readonly held = new Map<string, Held>();
  private readonly renewEveryMs: number;
  private readonly maxCallMs: number;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly limiter: CostCapLimiter,
    options: { renewEveryMs?: number; maxCallMs?: number } = {},
  ) {
    this.renewEveryMs = options.renewEveryMs ?? limiter.leaseTtlMs / 3;
    this.maxCallMs = options.maxCallMs ?? MAX_CALL_MS;
  }

  hold(slot: CallSlot): void {
    if (this.closed) return;
    this.held.set(slot.id, { slot, until: Date.now() + this.maxCallMs, renewing: false });
    this.timer ??= setInterval(() => this.renewAll(), this.renewEveryMs).unref();
  }

  forget(callId: string): void {
    this.held.delete(callId);
    if (this.held.size === 0) this.stop();
  }

  get size(): number {
    return this.held.size;
  }

  /** Stops renewing; the slots then expire on their own unless their calls end first (shutdown). */
  close(): void {
    this.closed = true;
    this.held.clear();
    this.stop();
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private renewAll(): void {
    const now = Date.now();
    for (const held of this.held.values()) {
      if (now >= held.until) {
        this.forget(held.slot.id);
        continue;
      }
      // One renewal at a time per slot: a slow Redis must not pile them up.
      if (held.renewing) continue;
      held.renewing = true;
      this.limiter.renew(held.slot).then(
        (alive) => {
          held.renewing = false;
          // Only the entry renewed: the call id may have been forgotten and held again meanwhile.
          if (!alive && this.held.get(held.slot.id) === held) this.forget(held.slot.id);
        },
        () => {
          // Redis unavailable: retried next tick; the lease outlives two failed renewals.
          held.renewing = false;
        },
      );
    }
  }
}
