// One catalogue of the hub's error codes (SPEC §E, T4, K): the machine code is the contract, the status and
// default message live here and nowhere else.

export const errorCatalogue = {
  // T4: credentials
  missing_token: { status: 401, message: 'Authorization: Bearer <token> is required' },
  malformed_token: { status: 400, message: 'the bearer token is not a well-formed Kataven credential' },
  invalid_token: { status: 401, message: 'the bearer token is not valid' },
  key_expired: { status: 401, message: 'this API key has expired' },
  key_revoked: { status: 403, message: 'this key has been revoked' },
  missing_account_header: { status: 400, message: 'X-Account-ID is required with a user token' },
  invalid_account: { status: 400, message: 'the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$' },
  account_mismatch: { status: 403, message: 'this credential does not grant access to that account' },
  reserved_account: { status: 403, message: 'kataven-admin is reserved for the operator console' },
  widget_token_not_allowed: { status: 403, message: 'widget visitor tokens are accepted on widget routes only' },
  // K: API keys
  requires_hub_ui_auth: { status: 403, message: 'this action requires a signed-in Hub user, not an API key' },
  name_required: { status: 400, message: 'name is required (1 to 100 characters)' },
  invalid_expiry: { status: 400, message: 'expiry must be never, 1y, 365d, 90d, 30d or <n>d with n from 1 to 3650' },
  expiry_exceeds_policy: { status: 400, message: "the expiry exceeds this account's maximum key lifetime" },
  key_revoked_permanently: { status: 409, message: 'a revoked key cannot be re-enabled; create a new key' },
  // O1/O2: operator and admin-only actions
  admin_role_required: { status: 403, message: 'this action requires the admin role in this account' },
  admin_header_required: { status: 403, message: 'admin-only action: send X-Admin: true to confirm it' },
  operator_role_required: { status: 403, message: 'the operator console requires the operator role' },
  exceeds_plan_ceiling: { status: 400, message: "a value exceeds the ceiling of the account's plan" },
  // C2: telephony providers and numbers
  invalid_provider_credentials: {
    status: 400,
    message: 'credentials must be {account_sid, auth_token} for twilio and {auth_id, auth_token} for plivo and vobiz',
  },
  provider_in_use: { status: 409, message: 'numbers use this provider: delete them or move them to another provider first' },
  provider_credentials_unreadable: {
    status: 409,
    message: "this provider's stored credentials cannot be opened here; set them again with PATCH",
  },
  invalid_number: { status: 400, message: 'number must be E.164: + followed by 7 to 15 digits, the first 1 to 9' },
  duplicate_number: { status: 400, message: 'this account already has that number' },
  unknown_provider: { status: 400, message: "provider_id must be the id of one of this account's providers" },
  unknown_agent: { status: 400, message: "agent_id must be the id of one of this account's agents" },
  // W1–W4: widget keys and the widget's public endpoints
  invalid_allowlist_entry: {
    status: 400,
    message: 'each allowlist entry must be https://host[:port], http://host[:port], a bare host, *.host or localhost:*',
  },
  missing_client_key: { status: 400, message: 'client_key (a pk_live_ widget key) is required' },
  missing_agent: { status: 400, message: 'agent_id is required: this widget key is not pinned to an agent' },
  origin_required: { status: 403, message: 'widget requests must carry an Origin (or Referer) header' },
  origin_not_allowed: { status: 403, message: "this origin is not in the widget key's domain allowlist" },
  // §M: /mcp serves MCP clients, never another web page's scripts (DNS rebinding, cross-site requests).
  mcp_origin_not_allowed: { status: 403, message: "/mcp takes no requests from another site's pages: the Origin is not the hub's own" },
  api_key_required: { status: 401, message: '/mcp takes an sk_live_ API key as bearer' },
  // W5/W7: visitor authentication, the agent's widget policy and web sessions
  widget_disabled: { status: 403, message: 'the widget is disabled for this agent' },
  guest_not_allowed: { status: 403, message: 'this agent talks to signed-in users only; sign in through your site' },
  user_not_allowed: { status: 403, message: 'this agent talks to guests only; user tokens are not accepted' },
  missing_or_expired_token: {
    status: 400,
    message: 'user_token is missing, expired, already used or not for this account; ask your backend for a new one',
  },
  missing_or_expired_refresh_token: {
    status: 400,
    message: 'refresh_token is missing, expired, already used or revoked; sign the visitor in again',
  },
  // C3: placing a call
  agent_not_active: { status: 409, message: 'only an active agent places calls; set its status to active first' },
  // C3a/C4: calls, the call processor's reports, sessions and recordings
  invalid_report_signature: {
    status: 401,
    message: 'the report is not signed with the call processor secret (X-Kataven-Timestamp, X-Kataven-Signature)',
  },
  stale_report: { status: 401, message: 'the report is dated more than five minutes from now; sign it again' },
  duplicate_event: { status: 409, message: 'this event id was received already; nothing was changed' },
  call_processor_unavailable: { status: 503, message: 'the call processor cannot take calls right now' },
  recording_not_ready: { status: 409, message: 'the recording is not ready yet' },
  storage_not_configured: { status: 503, message: 'recording storage (KATAVEN_HOME/recordings) is not writable' },
  invalid_signature: { status: 403, message: 'the URL signature is not valid or has expired' },
  // T9
  invalid_credentials: { status: 401, message: 'wrong username or password' },
  // §E: input and routing
  invalid_body: { status: 400, message: 'the request body is not valid' },
  payload_too_large: { status: 413, message: 'the request body is too large' },
  unsupported_media_type: { status: 415, message: 'the request body must be application/json' },
  not_found: { status: 404, message: 'not found' },
  method_not_allowed: { status: 405, message: 'method not allowed' },
  account_exists: { status: 409, message: 'an account with that slug already exists' },
  service_unavailable: { status: 503, message: 'a backing service is unavailable; retry shortly' },
  audit_unavailable: {
    status: 503,
    message: 'the change could not be recorded in the audit log, so it was not made: nothing was changed',
  },
  invalid_query: { status: 400, message: 'the query string is not valid' },
  // §E Idempotency-Key (http/idempotency.ts)
  invalid_idempotency_key: { status: 400, message: 'Idempotency-Key must be 1 to 255 visible ASCII characters, sent once' },
  idempotency_key_reused: {
    status: 422,
    message: 'this Idempotency-Key was used with another request (method, path or body); use a new key for a new request',
  },
  idempotency_key_in_use: { status: 409, message: 'a request with this Idempotency-Key is still running; retry once it has answered' },
  // Refused by Node's HTTP parser, before any route (issue 7 item 5; http/client-errors.ts).
  invalid_request: { status: 400, message: 'the request is not valid HTTP' },
  headers_too_large: { status: 431, message: 'the request headers are too large' },
  request_timeout: { status: 408, message: 'the request was not received in time' },
  // R2: the message names the window and the limit that was hit, e.g. `per-minute (60) exceeded`.
  rate_limited: { status: 429, message: 'rate limit exceeded' },
  // L2: the message is one of COST_CAP_MESSAGES (limits/cost-caps.ts), e.g. `Daily call limit reached`.
  cost_cap: { status: 429, message: 'cost cap reached' },
  internal_error: { status: 500, message: 'internal error' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

/** An expected failure that reaches the HTTP edge; the error handler turns it into the documented body. */
export class HubError extends Error {
  override name = 'HubError';
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
  ) {
    super(message ?? errorCatalogue[code].message);
    this.status = errorCatalogue[code].status;
  }
}
