// W1 `/v1/widget-keys`: the pk_live_ keys the embeddable widget uses.
import type { RequestOptions } from '../core.js';
import type { WidgetKey, WidgetKeyCreateParams, WidgetKeyUpdateParams, WidgetKeyWithSecret } from '../types.js';
import { APIResource, segment } from './resource.js';

export class WidgetKeys extends APIResource {
  /**
   * The account's widget keys.
   *
   * @example
   * ```ts
   * const keys = await kataven.widgetKeys.list();
   * ```
   */
  list(options?: RequestOptions): Promise<WidgetKey[]> {
    return this.core.request('GET', '/v1/widget-keys', {}, options);
  }

  /**
   * Creates a widget key; the answer holds the `pk_live_` key (`key`) this once.
   *
   * @example
   * ```ts
   * const { key } = await kataven.widgetKeys.create({ name: 'Website', domain_allowlist: ['https://acme.com'] });
   * ```
   */
  create(params: WidgetKeyCreateParams, options?: RequestOptions): Promise<WidgetKeyWithSecret> {
    return this.core.request('POST', '/v1/widget-keys', { body: params }, options);
  }

  /**
   * Changes a widget key (the allowlist and caps are replaced whole; `disabled: true` revokes it for good).
   *
   * @example
   * ```ts
   * await kataven.widgetKeys.update(keyId, { domain_allowlist: ['https://acme.com', '*.acme.com'] });
   * ```
   */
  async update(widgetKeyId: string, params: WidgetKeyUpdateParams, options?: RequestOptions): Promise<void> {
    await this.core.request('PATCH', `/v1/widget-keys/${segment(widgetKeyId)}`, { body: params }, options);
  }

  /**
   * Deletes a widget key (kept, revoked, if it was ever used); its visitors' sessions end.
   *
   * @example
   * ```ts
   * await kataven.widgetKeys.delete(keyId);
   * ```
   */
  async delete(widgetKeyId: string, options?: RequestOptions): Promise<void> {
    await this.core.request('DELETE', `/v1/widget-keys/${segment(widgetKeyId)}`, {}, options);
  }
}
