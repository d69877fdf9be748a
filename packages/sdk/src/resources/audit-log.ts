// AU3 `GET /v1/audit-log?key_id=&actor=&since=&until=&cursor=&limit=`, newest first, paged by cursor.
import type { RequestOptions } from '../core.js';
import { PagePromise } from '../pagination.js';
import type { AuditLogEntry, AuditLogListParams, Page } from '../types.js';
import { APIResource } from './resource.js';

export class AuditLog extends APIResource {
  /**
   * The account's audit trail, newest first, filtered: `await` it for one page, `for await` it for every entry.
   *
   * @example
   * ```ts
   * for await (const entry of kataven.auditLog.list({ key_id: keyId, since: new Date(Date.now() - 86_400_000) })) {
   *   console.log(entry.at, entry.method, entry.route, entry.status);
   * }
   * ```
   */
  list(params: AuditLogListParams = {}, options?: RequestOptions): PagePromise<AuditLogEntry> {
    const { cursor: first, ...filters } = params;
    return new PagePromise(
      (cursor) => this.core.request<Page<AuditLogEntry>>('GET', '/v1/audit-log', { query: { ...filters, cursor } }, options),
      first,
    );
  }
}
