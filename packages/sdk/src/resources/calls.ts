// C3 `/v1/calls/originate`, `/v1/calls` (paged by cursor) and `/v1/calls/{id}`.
import type { RequestOptions } from '../core.js';
import { PagePromise } from '../pagination.js';
import type { Call, CallListParams, CallOriginateParams, CallOriginateResult, Page } from '../types.js';
import { APIResource, segment } from './resource.js';

export class Calls extends APIResource {
  /**
   * Places a call from an owned number with an active agent, within the account's cost caps (a cap reached is a
   * `RateLimitError` with code `cost_cap`). Sent with an `Idempotency-Key`, so a retry never places a second call.
   *
   * @example
   * ```ts
   * const { call_id, session_id } = await kataven.calls.originate({
   *   agent_id: agent.id,
   *   from_number: '+15550000001',
   *   to_number: '+15557654321',
   * });
   * ```
   */
  originate(params: CallOriginateParams, options?: RequestOptions): Promise<CallOriginateResult> {
    return this.core.request('POST', '/v1/calls/originate', { body: params }, options);
  }

  /**
   * The account's calls, newest first: `await` it for one page, `for await` it for every call.
   *
   * @example
   * ```ts
   * const { data, next_cursor } = await kataven.calls.list({ limit: 20 });
   * for await (const call of kataven.calls.list()) if (call.status === 'failed') console.log(call.id, call.error);
   * ```
   */
  list(params: CallListParams = {}, options?: RequestOptions): PagePromise<Call> {
    return new PagePromise(
      (cursor) => this.core.request<Page<Call>>('GET', '/v1/calls', { query: { limit: params.limit, cursor } }, options),
      params.cursor,
    );
  }

  /**
   * One call.
   *
   * @example
   * ```ts
   * const call = await kataven.calls.get(callId);
   * console.log(call.status, call.duration_seconds);
   * ```
   */
  get(callId: string, options?: RequestOptions): Promise<Call> {
    return this.core.request('GET', `/v1/calls/${segment(callId)}`, {}, options);
  }
}
