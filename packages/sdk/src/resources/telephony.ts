// C2 `/v1/telephony/providers` and `/v1/telephony/numbers`.
import type { Core, RequestOptions } from '../core.js';
import type {
  PhoneNumber,
  PhoneNumberCreateParams,
  PhoneNumberListParams,
  PhoneNumberUpdateParams,
  TelephonyProvider,
  TelephonyProviderCreateParams,
  TelephonyProviderUpdateParams,
} from '../types.js';
import { APIResource, segment } from './resource.js';

export class TelephonyProviders extends APIResource {
  /**
   * The account's carrier accounts (credentials are never returned, only which fields are set).
   *
   * @example
   * ```ts
   * const providers = await kataven.telephony.providers.list();
   * ```
   */
  list(options?: RequestOptions): Promise<TelephonyProvider[]> {
    return this.core.request('GET', '/v1/telephony/providers', {}, options);
  }

  /**
   * One provider.
   *
   * @example
   * ```ts
   * const provider = await kataven.telephony.providers.get(providerId);
   * ```
   */
  get(providerId: string, options?: RequestOptions): Promise<TelephonyProvider> {
    return this.core.request('GET', `/v1/telephony/providers/${segment(providerId)}`, {}, options);
  }

  /**
   * Registers a carrier account; its credentials are checked for shape and encrypted at rest.
   *
   * @example
   * ```ts
   * const provider = await kataven.telephony.providers.create({
   *   provider: 'twilio',
   *   name: 'Main',
   *   credentials: { account_sid: 'AC…', auth_token: '…' },
   * });
   * ```
   */
  create(params: TelephonyProviderCreateParams, options?: RequestOptions): Promise<TelephonyProvider> {
    return this.core.request('POST', '/v1/telephony/providers', { body: params }, options);
  }

  /**
   * Renames a provider or replaces its credentials (its kind cannot change).
   *
   * @example
   * ```ts
   * await kataven.telephony.providers.update(providerId, { name: 'Backup' });
   * ```
   */
  update(providerId: string, params: TelephonyProviderUpdateParams, options?: RequestOptions): Promise<TelephonyProvider> {
    return this.core.request('PATCH', `/v1/telephony/providers/${segment(providerId)}`, { body: params }, options);
  }

  /**
   * Deletes a provider; `ConflictError` (`provider_in_use`) while numbers use it.
   *
   * @example
   * ```ts
   * await kataven.telephony.providers.delete(providerId);
   * ```
   */
  async delete(providerId: string, options?: RequestOptions): Promise<void> {
    await this.core.request('DELETE', `/v1/telephony/providers/${segment(providerId)}`, {}, options);
  }
}

export class PhoneNumbers extends APIResource {
  /**
   * The account's phone numbers, optionally only those pinned to one agent.
   *
   * @example
   * ```ts
   * const numbers = await kataven.telephony.numbers.list({ agent_id: agentId });
   * ```
   */
  list(params: PhoneNumberListParams = {}, options?: RequestOptions): Promise<PhoneNumber[]> {
    return this.core.request('GET', '/v1/telephony/numbers', { query: { agent_id: params.agent_id } }, options);
  }

  /**
   * One phone number.
   *
   * @example
   * ```ts
   * const number = await kataven.telephony.numbers.get(numberId);
   * ```
   */
  get(numberId: string, options?: RequestOptions): Promise<PhoneNumber> {
    return this.core.request('GET', `/v1/telephony/numbers/${segment(numberId)}`, {}, options);
  }

  /**
   * Adds a number (E.164) sending through one of the account's providers.
   *
   * @example
   * ```ts
   * const number = await kataven.telephony.numbers.create({ number: '+15550000001', provider_id: provider.id });
   * ```
   */
  create(params: PhoneNumberCreateParams, options?: RequestOptions): Promise<PhoneNumber> {
    return this.core.request('POST', '/v1/telephony/numbers', { body: params }, options);
  }

  /**
   * Changes a number; `agent_id: null` unpins it.
   *
   * @example
   * ```ts
   * await kataven.telephony.numbers.update(numberId, { agent_id: agentId, inbound_enabled: false });
   * ```
   */
  update(numberId: string, params: PhoneNumberUpdateParams, options?: RequestOptions): Promise<PhoneNumber> {
    return this.core.request('PATCH', `/v1/telephony/numbers/${segment(numberId)}`, { body: params }, options);
  }

  /**
   * Deletes a number.
   *
   * @example
   * ```ts
   * await kataven.telephony.numbers.delete(numberId);
   * ```
   */
  async delete(numberId: string, options?: RequestOptions): Promise<void> {
    await this.core.request('DELETE', `/v1/telephony/numbers/${segment(numberId)}`, {}, options);
  }
}

/** C2: `kataven.telephony.providers` and `kataven.telephony.numbers`. */
export class Telephony {
  readonly providers: TelephonyProviders;
  readonly numbers: PhoneNumbers;

  constructor(core: Core) {
    this.providers = new TelephonyProviders(core);
    this.numbers = new PhoneNumbers(core);
  }
}
