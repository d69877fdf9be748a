// The API's shapes, as the hub sends and takes them (SPEC §E: snake_case JSON, timestamps as ISO 8601 strings).
//
// Written by hand from the hub's zod schemas and stores (packages/hub/src/http/*.ts, the *-store.ts records) until
// `GET /openapi.json` exists; then this one file is replaced by types generated from it (SPEC §S), so nothing else in
// the SDK may declare an API shape. Keep it flat: one exported interface or alias per schema, named
// `<Resource>`, `<Resource>CreateParams`, `<Resource>UpdateParams`, `<Resource>ListParams`.

/** An ISO 8601 timestamp, e.g. `2026-12-02T12:00:00.000Z`. */
export type Timestamp = string;

/**
 * The hub's error codes (SPEC §E, T4, K, W, C, L, R; the hub's `errors.ts` catalogue). `KatavenError.code` is one of
 * these, or `http_<status>` for an answer that did not come from the hub, `connection_error` or `timeout`; a newer
 * hub may add codes, so code that branches on them keeps a default case.
 */
export type ErrorCode =
  | 'missing_token'
  | 'malformed_token'
  | 'invalid_token'
  | 'key_expired'
  | 'key_revoked'
  | 'missing_account_header'
  | 'invalid_account'
  | 'account_mismatch'
  | 'reserved_account'
  | 'widget_token_not_allowed'
  | 'api_key_required'
  | 'mcp_origin_not_allowed'
  | 'requires_hub_ui_auth'
  | 'name_required'
  | 'invalid_expiry'
  | 'expiry_exceeds_policy'
  | 'key_revoked_permanently'
  | 'admin_role_required'
  | 'admin_header_required'
  | 'operator_role_required'
  | 'exceeds_plan_ceiling'
  | 'invalid_provider_credentials'
  | 'provider_in_use'
  | 'provider_credentials_unreadable'
  | 'invalid_number'
  | 'duplicate_number'
  | 'unknown_provider'
  | 'unknown_agent'
  | 'invalid_allowlist_entry'
  | 'agent_not_active'
  | 'call_processor_unavailable'
  | 'recording_not_ready'
  | 'storage_not_configured'
  | 'invalid_body'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'not_found'
  | 'method_not_allowed'
  | 'service_unavailable'
  | 'audit_unavailable'
  | 'invalid_query'
  | 'request_timeout'
  | 'rate_limited'
  | 'cost_cap'
  | 'idempotency_key_reused'
  | 'idempotency_key_in_use'
  | 'internal_error';

/** One page of a paginated list (SPEC §E). `next_cursor` is null on the last page. */
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

// ── C1 agents ────────────────────────────────────────────────────────────────────────────────────────────────────

export type AgentStatus = 'draft' | 'active' | 'paused' | 'archived';

export interface Agent {
  /** `agent_<ULID>`. */
  id: string;
  name: string;
  status: AgentStatus;
  llm_model: string;
  voice_provider: string;
  auth_mode: string;
  greeting_mode: string;
  greeting_message: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AgentCreateParams {
  /** 1 to 100 characters, not only white space. */
  name: string;
  /** Default `draft`; only an `active` agent places calls. */
  status?: AgentStatus;
  /** Default `gpt-4o`. */
  llm_model?: string;
  /** Default `cartesia`. */
  voice_provider?: string;
  /** Default `authenticated`. */
  auth_mode?: string;
  /** Default `interruptible`. */
  greeting_mode?: string;
  /** At most 2,000 characters; default empty. */
  greeting_message?: string;
}

export type AgentUpdateParams = Partial<AgentCreateParams>;

// ── K API keys (read only in the SDK: K5, a key cannot mint, rename, revoke or delete keys) ─────────────────────

/** R1: a key's own sub-limits; null = none on that window. */
export interface KeyRateLimits {
  per_minute: number | null;
  per_hour: number | null;
  per_day: number | null;
  concurrent: number | null;
}

export interface ApiKey {
  id: string;
  name: string;
  /** The key's last 8 characters; the key itself is never shown again after creation. */
  last8: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  /** Set when the key was revoked (permanent). */
  disabled_at: Timestamp | null;
  created_by: string;
  rate_limits: KeyRateLimits | null;
}

// ── W1 widget keys ───────────────────────────────────────────────────────────────────────────────────────────────

/** A widget key's own caps (below the account's); null = none of its own; 0 blocks. */
export interface WidgetKeyCaps {
  concurrent_sessions: number | null;
  daily_sessions: number | null;
  daily_minutes: number | null;
}

export interface WidgetKey {
  id: string;
  name: string;
  last8: string;
  /** W2 entries: `https://acme.com`, `acme.com`, `*.acme.com`, `localhost:*`. Empty blocks the key. */
  domain_allowlist: string[];
  /** The agent the key is pinned to, if any. */
  agent_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  last_used_at: Timestamp | null;
  disabled_at: Timestamp | null;
  caps: WidgetKeyCaps;
}

/** The answer to a create: the item plus the `pk_live_` key in plaintext, this once. */
export interface WidgetKeyWithSecret extends WidgetKey {
  key: string;
}

export interface WidgetKeyCreateParams {
  name: string;
  domain_allowlist?: string[];
  agent_id?: string | null;
  /** Replaced whole; null or absent = no caps of the key's own. */
  caps?: Partial<WidgetKeyCaps> | null;
}

export interface WidgetKeyUpdateParams {
  name?: string;
  /** Replaced whole. */
  domain_allowlist?: string[];
  /** null unpins. */
  agent_id?: string | null;
  /** `true` revokes the key, permanently. */
  disabled?: boolean;
  /** Replaced whole. */
  caps?: Partial<WidgetKeyCaps> | null;
}

// ── W7 widget settings ──────────────────────────────────────────────────────────────────────────────────────────

export type LauncherPosition = 'br' | 'bl' | 'tr' | 'tl';

export interface WidgetBranding {
  /** `#rrggbb`. */
  primary_color: string;
  /** `#rrggbb`. */
  accent_color: string;
  /** An https URL, or null. */
  logo_url: string | null;
  launcher_position: LauncherPosition;
  launcher_label: string;
  privacy_notice: string | null;
}

/** Unknown fields are refused (400 invalid_body), so a misspelt setting never passes silently. */
export type WidgetBrandingUpdateParams = Partial<WidgetBranding>;

export type WidgetAuthMode = 'guest' | 'user' | 'both';

export interface AgentWidgetSettings {
  widget_enabled: boolean;
  auth_mode: WidgetAuthMode;
}

export type AgentWidgetSettingsUpdateParams = Partial<AgentWidgetSettings>;

// ── C2 telephony ─────────────────────────────────────────────────────────────────────────────────────────────────

export type ProviderKind = 'twilio' | 'plivo' | 'vobiz';

export interface TwilioCredentials {
  account_sid: string;
  auth_token: string;
}

/** Plivo's, and Vobiz's (which speaks Plivo's API). */
export interface PlivoCredentials {
  auth_id: string;
  auth_token: string;
}

export interface TelephonyProvider {
  id: string;
  provider: ProviderKind;
  name: string | null;
  /** Which credential fields are set; their values are never returned. */
  credential_fields: string[];
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type TelephonyProviderCreateParams =
  | { provider: 'twilio'; name?: string | null; credentials: TwilioCredentials }
  | { provider: 'plivo' | 'vobiz'; name?: string | null; credentials: PlivoCredentials };

export interface TelephonyProviderUpdateParams {
  name?: string | null;
  /** Replaced whole, checked against the provider's kind. */
  credentials?: TwilioCredentials | PlivoCredentials;
}

export interface PhoneNumber {
  id: string;
  /** E.164: `+` and 7 to 15 digits. */
  number: string;
  name: string | null;
  provider_id: string;
  agent_id: string | null;
  inbound_enabled: boolean;
  outbound_enabled: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PhoneNumberCreateParams {
  number: string;
  provider_id: string;
  agent_id?: string | null;
  name?: string | null;
  /** Default true. */
  inbound_enabled?: boolean;
  /** Default true. */
  outbound_enabled?: boolean;
}

export interface PhoneNumberUpdateParams {
  name?: string | null;
  /** null unpins. */
  agent_id?: string | null;
  provider_id?: string;
  inbound_enabled?: boolean;
  outbound_enabled?: boolean;
}

export interface PhoneNumberListParams {
  /** Only the numbers pinned to this agent. */
  agent_id?: string;
}

// ── C3 calls ─────────────────────────────────────────────────────────────────────────────────────────────────────

export type CallStatus = 'queued' | 'ringing' | 'in-progress' | 'completed' | 'failed' | 'no-answer' | 'refused';

export interface Call {
  id: string;
  session_id: string;
  agent_id: string;
  from_number: string;
  to_number: string;
  direction: 'outbound';
  status: CallStatus;
  /** True for a call of the built-in simulated carrier (no phone is dialled). */
  simulated: boolean;
  /** `simulated`, or the provider that carries the call. */
  carrier: string;
  created_at: Timestamp;
  answered_at: Timestamp | null;
  ended_at: Timestamp | null;
  duration_seconds: number | null;
  error: string | null;
}

export interface CallOriginateParams {
  /** An active agent of the account. */
  agent_id: string;
  /** An owned, outbound-enabled number (E.164). */
  from_number: string;
  /** E.164. */
  to_number: string;
}

export interface CallOriginateResult {
  call_id: string;
  session_id: string;
  status: CallStatus;
  simulated: boolean;
}

export interface CallListParams {
  /** The previous page's `next_cursor`. */
  cursor?: string;
  /** 1 to 200, default 50. */
  limit?: number;
}

// ── C4 sessions ──────────────────────────────────────────────────────────────────────────────────────────────────

export interface TranscriptEntry {
  speaker: string;
  text: string;
  [field: string]: unknown;
}

export type RecordingState = 'none' | 'pending' | 'ready' | 'deleted';

export interface Session {
  id: string;
  kind: 'call' | 'web';
  call_id: string | null;
  agent_id: string;
  status: string;
  duration_seconds: number | null;
  transcript: TranscriptEntry[];
  recording: { state: RecordingState };
  created_at: Timestamp;
  ended_at: Timestamp | null;
  simulated: boolean;
}

/** A URL signed for five minutes. */
export interface Recording {
  url: string;
  expires_at: Timestamp;
}

// ── L1 call limits ───────────────────────────────────────────────────────────────────────────────────────────────

export interface CallLimits {
  concurrent_max: number;
  calls_per_minute: number;
  daily_calls_max: number;
  daily_minutes_max: number;
}

// ── AU3 audit log ────────────────────────────────────────────────────────────────────────────────────────────────

export type AuditActor = 'api_key' | 'user' | 'visitor';

export interface AuditLogEntry {
  id: string;
  at: Timestamp;
  request_id: string;
  actor: AuditActor;
  key_id: string | null;
  key_name: string | null;
  /** The user's subject, for a user's request. */
  sub: string | null;
  method: string;
  route: string;
  status: number;
  ip: string | null;
  user_agent: string | null;
}

export interface AuditLogListParams {
  key_id?: string;
  actor?: AuditActor;
  /** Inclusive lower bound; a Date or an ISO 8601 string with an offset. */
  since?: Timestamp | Date;
  until?: Timestamp | Date;
  cursor?: string;
  /** 1 to 200, default 50. */
  limit?: number;
}
