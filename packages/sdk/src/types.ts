// The API's shapes, as the hub sends and takes them (SPEC §E: snake_case JSON, timestamps as ISO 8601 strings).
//
// Derived from ./generated/openapi.ts, which is generated from the hub's GET /openapi.json (SPEC §S:
// `npm run generate -w @kataven/sdk`; packages/hub/test/sdk-types.test.ts fails when it is stale), so the SDK
// cannot drift from the hub. Nothing else in the SDK may declare an API shape. One exported alias per schema,
// named `<Resource>`, `<Resource>CreateParams`, `<Resource>UpdateParams`, `<Resource>ListParams`.
//
// Where a request type here is narrower than the document, the hub checks that field after its schema, to answer
// with the field's own error code (a missing agent name is 400 name_required, not invalid_body; carrier
// credentials are checked by their kind): each such narrowing says so.
import type { components, ErrorCode as DocumentedErrorCode, operations } from './generated/openapi.js';

type Schemas = components['schemas'];
/** An object type flattened for readable hovers and declarations. */
type Flat<T> = { [K in keyof T]: T[K] } & {};
/** The JSON request body an operation takes. */
type Body<Op extends keyof operations> = NonNullable<operations[Op]['requestBody']> extends { content: { 'application/json': infer B } } ? B : never;
/** The query parameters an operation takes. */
type Query<Op extends keyof operations> = NonNullable<operations[Op]['parameters']['query']>;
/** The JSON body of an operation's successful answer. */
type Answer<Op extends keyof operations, Status extends keyof operations[Op]['responses']> =
  operations[Op]['responses'][Status] extends { content: { 'application/json': infer B } } ? B : never;

/** An ISO 8601 timestamp, e.g. `2026-12-02T12:00:00.000Z`. */
export type Timestamp = string;

/**
 * The hub's error codes (SPEC §E, T4, K, W, C, L, R; the hub's `errors.ts` catalogue): every code its OpenAPI
 * document lists for some operation, and three it answers outside any operation's list: 405 method_not_allowed and
 * 408 request_timeout (the router and the HTTP server), and 503 audit_unavailable (a change that could not be
 * recorded in the audit log, on any mutation; not yet in the document). `KatavenError.code` is one of these, or
 * `http_<status>` for an answer that did not come from the hub, `connection_error` or `timeout`; a newer hub may
 * add codes, so code that branches on them keeps a default case.
 */
export type ErrorCode = DocumentedErrorCode | 'method_not_allowed' | 'request_timeout' | 'audit_unavailable';

/** One page of a paginated list (SPEC §E). `next_cursor` is null on the last page. */
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

// ── C1 agents ────────────────────────────────────────────────────────────────────────────────────────────────────

export type Agent = Schemas['Agent'];
export type AgentStatus = Agent['status'];

/** Narrowed: `name` (1 to 100 characters, not only white space) is required; the hub answers 400 name_required. */
export type AgentCreateParams = Flat<Omit<Body<'createAgent'>, 'name'> & { name: string }>;
/** Narrowed: `name` cannot be cleared (400 name_required). */
export type AgentUpdateParams = Flat<Omit<Body<'updateAgent'>, 'name'> & { name?: string }>;

// ── K API keys (read only in the SDK: K5, a key cannot mint, rename, revoke or delete keys) ─────────────────────

/** R1: a key's own sub-limits; null = none on that window. */
export type KeyRateLimits = Schemas['KeyRateLimits'];
export type ApiKey = Schemas['ApiKey'];

// ── W1 widget keys ───────────────────────────────────────────────────────────────────────────────────────────────

export type WidgetKey = Schemas['WidgetKey'];
/** A widget key's own caps (below the account's); null = none of its own; 0 blocks. */
export type WidgetKeyCaps = WidgetKey['caps'];
/** The answer to a create: the item plus the `pk_live_` key in plaintext, this once. */
export type WidgetKeyWithSecret = Schemas['MintedWidgetKey'];
/** Narrowed: `name` is required (400 name_required). */
export type WidgetKeyCreateParams = Flat<Omit<Body<'createWidgetKey'>, 'name'> & { name: string }>;
export type WidgetKeyUpdateParams = Body<'updateWidgetKey'>;

// ── W7 widget settings ──────────────────────────────────────────────────────────────────────────────────────────

export type WidgetBranding = Schemas['WidgetBranding'];
export type LauncherPosition = WidgetBranding['launcher_position'];
/** Unknown fields are refused (400 invalid_body), so a misspelt setting never passes silently. */
export type WidgetBrandingUpdateParams = Body<'updateWidgetSettings'>;
export type AgentWidgetSettings = Schemas['AgentWidgetPolicy'];
export type WidgetAuthMode = AgentWidgetSettings['auth_mode'];
export type AgentWidgetSettingsUpdateParams = Body<'updateAgentWidgetSettings'>;

// ── C2 telephony ─────────────────────────────────────────────────────────────────────────────────────────────────

export type TelephonyProvider = Schemas['TelephonyProvider'];
export type ProviderKind = TelephonyProvider['provider'];

/**
 * Twilio's credentials. The document takes `credentials` as any JSON value: the hub checks them by the provider's
 * kind (400 invalid_provider_credentials names the fields expected), as these two types say.
 */
export interface TwilioCredentials {
  account_sid: string;
  auth_token: string;
}

/** Plivo's, and Vobiz's (which speaks Plivo's API). */
export interface PlivoCredentials {
  auth_id: string;
  auth_token: string;
}

type ProviderCreateBody = Omit<Body<'createTelephonyProvider'>, 'provider' | 'credentials'>;
/** Narrowed: `credentials` are required, of the provider's kind. */
export type TelephonyProviderCreateParams =
  | Flat<ProviderCreateBody & { provider: Extract<ProviderKind, 'twilio'>; credentials: TwilioCredentials }>
  | Flat<ProviderCreateBody & { provider: Extract<ProviderKind, 'plivo' | 'vobiz'>; credentials: PlivoCredentials }>;

/** Narrowed: a provider's kind cannot change (it may be sent back unchanged); credentials are replaced whole. */
export type TelephonyProviderUpdateParams = Flat<
  Omit<Body<'updateTelephonyProvider'>, 'provider' | 'credentials'> & { provider?: ProviderKind; credentials?: TwilioCredentials | PlivoCredentials }
>;

export type PhoneNumber = Schemas['PhoneNumber'];

/** Narrowed: `number` (E.164) and `provider_id` are required (400 invalid_number, unknown_provider). */
export type PhoneNumberCreateParams = Flat<Omit<Body<'createPhoneNumber'>, 'number' | 'provider_id'> & { number: string; provider_id: string }>;
/** Narrowed: `provider_id` cannot be cleared (400 unknown_provider); `number` may be sent back unchanged, not changed. */
export type PhoneNumberUpdateParams = Flat<Omit<Body<'updatePhoneNumber'>, 'provider_id'> & { provider_id?: string }>;
export type PhoneNumberListParams = Query<'listPhoneNumbers'>;

// ── C3 calls ─────────────────────────────────────────────────────────────────────────────────────────────────────

export type Call = Schemas['Call'];
export type CallStatus = Call['status'];
export type CallOriginateParams = Body<'originateCall'>;
export type CallOriginateResult = Schemas['PlacedCall'];
export type CallListParams = Query<'listCalls'>;

// ── C4 sessions ──────────────────────────────────────────────────────────────────────────────────────────────────

export type Session = Schemas['Session'];
export type TranscriptEntry = Session['transcript'][number];
export type RecordingState = Session['recording']['state'];
/** A URL signed for five minutes. */
export type Recording = Answer<'getSessionRecording', 200>;

// ── L1 call limits ───────────────────────────────────────────────────────────────────────────────────────────────

export type CallLimits = Schemas['CallLimits'];

// ── AU3 audit log ────────────────────────────────────────────────────────────────────────────────────────────────

export type AuditLogEntry = Schemas['AuditEntry'];
export type AuditActor = AuditLogEntry['actor'];

/** `since` and `until` may be Dates too (sent as ISO 8601 strings). */
export type AuditLogListParams = Flat<Omit<Query<'listAuditLog'>, 'since' | 'until'> & { since?: Timestamp | Date; until?: Timestamp | Date }>;
