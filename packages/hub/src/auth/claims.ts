// What verification yields (SPEC T5): who is calling, for which account. Handlers see only this.
import type { ErrorCode } from '../errors.js';

export type Actor = 'api_key' | 'user' | 'visitor';
/** Where a request came in: the api surface (/v1/…), the hub surface, or the operator console (/api/admin/…). */
export type Surface = 'api' | 'hub' | 'operator';

/** R1: a key's optional sub-limits; a missing window has none. */
export interface KeyLimits {
  per_minute?: number;
  per_hour?: number;
  per_day?: number;
  concurrent?: number;
}

export interface Claims {
  account: string;
  actor: Actor;
  key_id?: string;
  key_name?: string;
  sub?: string;
  roles: string[];
  /** ISO 8601; absent for keys that never expire. */
  expires_at?: string;
  key_limits?: KeyLimits;
}

/** Expected failures are values, not exceptions (a revoked key is an outcome of verification). */
export type Verdict = { ok: true; claims: Claims } | { ok: false; code: ErrorCode };

export const deny = (code: ErrorCode): Verdict => ({ ok: false, code });
