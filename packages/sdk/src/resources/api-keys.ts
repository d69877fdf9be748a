// K1 `/v1/api-keys`, read only: SPEC K5 and §M, the SDK never mints, renames, revokes or deletes keys (a key cannot,
// and a Hub user does it in the Hub UI, where the plaintext is shown once).
import type { RequestOptions } from '../core.js';
import type { ApiKey } from '../types.js';
import { APIResource } from './resource.js';

export class ApiKeys extends APIResource {
  /**
   * The account's API keys: name, last 8 characters, dates, state. Never a key itself.
   *
   * @example
   * ```ts
   * const keys = await kataven.apiKeys.list();
   * const revoked = keys.filter((k) => k.disabled_at !== null);
   * ```
   */
  list(options?: RequestOptions): Promise<ApiKey[]> {
    return this.core.request('GET', '/v1/api-keys', {}, options);
  }
}
