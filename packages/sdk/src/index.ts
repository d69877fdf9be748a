// @kataven/sdk: the TypeScript client of the Kataven Hub API (SPEC §S). No dependency beyond the platform's fetch.
export { Kataven } from './client.js';
export { Kataven as default } from './client.js';
export type { Fetch, KatavenOptions, RequestOptions, RetryOptions } from './core.js';
export {
  APIConnectionError,
  APITimeoutError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  KatavenError,
  type KatavenErrorCode,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServiceUnavailableError,
} from './error.js';
export { PagePromise } from './pagination.js';
export type * from './types.js';
/** The generated OpenAPI types themselves (`paths`, `components`, `operations`), for what the resources do not cover. */
export type { components, operations, paths } from './generated/openapi.js';
export type { Agents } from './resources/agents.js';
export type { ApiKeys } from './resources/api-keys.js';
export type { AuditLog } from './resources/audit-log.js';
export type { CallLimitsResource } from './resources/call-limits.js';
export type { Calls } from './resources/calls.js';
export type { Sessions } from './resources/sessions.js';
export type { PhoneNumbers, Telephony, TelephonyProviders } from './resources/telephony.js';
export type { WidgetKeys } from './resources/widget-keys.js';
export type { WidgetSettings } from './resources/widget-settings.js';
