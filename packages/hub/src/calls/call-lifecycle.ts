// L2: a call's concurrency slot is freed and its minutes counted when the call ends, whoever reports the end.
// The hub learns of the end from the call processor's `ended` report (C3a, http/call-events.ts) and tells this
// hook, once per call, after the end is committed. The cost caps (limits/) plug in here; the default does nothing.

/** What the hub knows of a call that has just ended. */
export interface EndedCall {
  id: string;
  /** The cost-cap slot the originate code stored with the call (NewCall.capSlot); null when it stored none. */
  capSlot: unknown;
  /** How long the call talked (0 when it was never answered). */
  durationSeconds: number;
}

export interface CallLifecycle {
  /** Called once per call, after its end is committed. A failure is logged; the report stays applied. */
  onCallEnded(account: string, call: EndedCall): Promise<void>;
}

/** Nothing to release: the default until the cost caps are wired in. */
export const noCallLifecycle: CallLifecycle = {
  async onCallEnded() {
    return undefined;
  },
};
