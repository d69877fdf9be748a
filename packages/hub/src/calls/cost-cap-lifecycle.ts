// L2 meets C3a: when a call ends (whoever receives the processor's `ended` report), its cost-cap slot is freed on
// every instance and its minutes are counted, and the instance that placed it stops renewing its lease.
import type { CallSlot, CostCapLimiter, LiveCallSlots } from '../limits/cost-caps.js';
import { checkSlot } from '../limits/cost-caps.js';
import type { CallLifecycle } from './call-lifecycle.js';

function slotOf(value: unknown): CallSlot | undefined {
  try {
    checkSlot(value as CallSlot);
    return value as CallSlot;
  } catch {
    return undefined; // a call stored without a slot (or an older shape): nothing to free
  }
}

export function costCapLifecycle(
  caps: CostCapLimiter,
  live: LiveCallSlots,
  log: (message: string) => void,
): CallLifecycle {
  return {
    async onCallEnded(account, call) {
      live.forget(call.id);
      const slot = slotOf(call.capSlot);
      if (!slot) return;
      if (slot.account !== account || slot.id !== call.id) {
        log(`call ${call.id}: its stored cost-cap slot names another call; not released`);
        return;
      }
      // Idempotent per call id in the limiter: a repeated end report counts its minutes once.
      await caps.end(slot, call.durationSeconds);
    },
  };
}
