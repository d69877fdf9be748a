// L1 `GET /v1/call-limits`. Read only: changing them is an admin's act in the Hub UI (O2).
import type { RequestOptions } from '../core.js';
import type { CallLimits } from '../types.js';
import { APIResource } from './resource.js';

export class CallLimitsResource extends APIResource {
  /**
   * The account's cost caps (0 blocks that dimension).
   *
   * @example
   * ```ts
   * const { concurrent_max, daily_minutes_max } = await kataven.callLimits.get();
   * ```
   */
  get(options?: RequestOptions): Promise<CallLimits> {
    return this.core.request('GET', '/v1/call-limits', {}, options);
  }
}
