// GENERATED from the hub's GET /openapi.json by packages/sdk/scripts/generate-types.ts (openapi-typescript).
// Do not edit: run `npm run generate -w @kataven/sdk` after changing a route's schemas; packages/hub/test/sdk-types.test.ts
// fails while this file differs from what the hub serves. Types only: nothing here exists at run time.

export interface paths {
    "/.well-known/jwks.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The public keys of the hub's token issuers (widget tokens; the dev issuer outside production) */
        get: operations["getJwks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/openid-configuration": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The dev issuer's OpenID discovery document (outside production only) */
        get: operations["getDevIssuerDiscovery"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List accounts (operator console, O1) */
        get: operations["listAccounts"];
        put?: never;
        /** Create an account: its database, migrated, and its catalog entry (A7) */
        post: operations["createAccount"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/accounts/{slug}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read an account (O1) */
        get: operations["getAccount"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Disable or enable an account, set its plan, limits, ceilings or key expiry policy (O1) */
        patch: operations["updateAccount"];
        trace?: never;
    };
    "/agents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List agents, newest first */
        get: operations["listAgents"];
        put?: never;
        /**
         * Create an agent
         * @description Defaults: status draft, llm_model gpt-4o, voice_provider cartesia, auth_mode authenticated, greeting_mode interruptible.
         */
        post: operations["createAgent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/agents/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read an agent */
        get: operations["getAgent"];
        put?: never;
        post?: never;
        /** Delete an agent */
        delete: operations["deleteAgent"];
        options?: never;
        head?: never;
        /** Change an agent (only the fields sent) */
        patch: operations["updateAgent"];
        trace?: never;
    };
    "/agents/{id}/widget-settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An agent's widget policy */
        get: operations["getAgentWidgetSettings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change an agent's widget policy (strict: an unknown field is 400) */
        patch: operations["updateAgentWidgetSettings"];
        trace?: never;
    };
    "/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List API keys */
        get: operations["listApiKeys"];
        put?: never;
        /**
         * Mint an API key (Hub users only)
         * @description expiry: never, 1y, 365d, 90d, 30d or <n>d (1-3650), default 90d, within the account's max_key_expiry_days. Idempotency-Key is not honoured here: the answer carries a secret, which is never stored (T3), so it cannot be replayed.
         */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete an API key (a used key is revoked and kept for the audit trail) */
        delete: operations["deleteApiKey"];
        options?: never;
        head?: never;
        /** Rename, revoke (disabled: true, permanent) or set the sub-limits of an API key */
        patch: operations["updateApiKey"];
        trace?: never;
    };
    "/api/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The accounts that chose to be listed on the login page */
        get: operations["listDiscoverableAccounts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/accounts/validate/{account}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether an account exists and is active (the login page), limited per client IP */
        get: operations["validateAccount"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Dev login (T9; outside production only): a JWT of the dev issuer */
        post: operations["devLogin"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/user/org": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in Hub user's subject and active accounts */
        get: operations["getUserAccounts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/assets/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A static file of the Hub UI (its script and style sheet), by its fixed name */
        get: operations["getUiAsset"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audit-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The account's audit log, newest first, paged by cursor */
        get: operations["listAuditLog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/call-limits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The account's cost caps (L1) */
        get: operations["getCallLimits"];
        /** Set the account's cost caps (admin-only, O2), up to the plan's ceilings */
        put: operations["setCallLimits"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/calls": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List calls, newest first, paged by cursor */
        get: operations["listCalls"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/calls/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a call */
        get: operations["getCall"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/calls/originate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Place an outbound call
         * @description C3: the from_number must be an owned, outbound-enabled number and the agent active; the cost caps (L2) must admit the call. Send an Idempotency-Key: a retry with the same key never places a second call.
         */
        post: operations["originateCall"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The API reference (HTML), rendering /openapi.json */
        get: operations["getApiReference"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs/{asset}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An asset of the API reference page (Swagger UI's script and style sheet, the page's start script) */
        get: operations["getApiReferenceAsset"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process answers */
        get: operations["getLiveness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/integrations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Store an integration definition (admin-only, O2) */
        post: operations["createIntegration"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/internal/call-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The call processor's report of a call's progress (internal; C3a)
         * @description Signed with HMAC-SHA256 (X-Kataven-Timestamp, X-Kataven-Signature) and replay-protected by event_id; a report delivered again changes nothing.
         */
        post: operations["reportCallEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/marketplace/agents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Store a marketplace agent definition (admin-only, O2) */
        post: operations["createMarketplaceAgent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/mcp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * MCP server-sent event stream: not offered (stateless server)
         * @description SPEC §M. The hub keeps no MCP session, so it opens no stream: 405, as the MCP transport allows.
         */
        get: operations["getMcp"];
        put?: never;
        /**
         * MCP Streamable HTTP endpoint (stateless)
         * @description SPEC §M. JSON-RPC messages of the Model Context Protocol (initialize, tools/list, tools/call…), answered as JSON; no session id. Every request carries an sk_live_ key; tool calls reach the API in-process with it, under its rate limits, cost caps and audit trail. `?read_only=true` serves the read tools only. A request whose Origin is not the hub's own is refused.
         */
        post: operations["postMcp"];
        /**
         * End an MCP session: not offered (stateless server)
         * @description SPEC §M. The hub keeps no MCP session, so it opens no stream: 405, as the MCP transport allows.
         */
        delete: operations["deleteMcp"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This OpenAPI 3.1 document */
        get: operations["getOpenApiDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process and its control-plane database answer */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/recordings/{account}/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A recording, at the URL GET /sessions/{id}/recording signed (the signature is the credential) */
        get: operations["getRecordingFile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a session (status, duration, transcript) */
        get: operations["getSession"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sessions/{id}/recording": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A URL of the session's recording, signed for 5 minutes */
        get: operations["getSessionRecording"];
        put?: never;
        post?: never;
        /** Delete the session's recording (admin-only, O2) */
        delete: operations["deleteSessionRecording"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/telephony/numbers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List phone numbers (?agent_id= keeps those pinned to an agent) */
        get: operations["listPhoneNumbers"];
        put?: never;
        /** Add a phone number */
        post: operations["createPhoneNumber"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/telephony/numbers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a phone number */
        get: operations["getPhoneNumber"];
        put?: never;
        post?: never;
        /** Delete a phone number */
        delete: operations["deletePhoneNumber"];
        options?: never;
        head?: never;
        /** Change a phone number (agent_id: null unpins it) */
        patch: operations["updatePhoneNumber"];
        trace?: never;
    };
    "/telephony/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List telephony providers */
        get: operations["listTelephonyProviders"];
        put?: never;
        /**
         * Register a telephony provider (credentials sealed at rest, never returned)
         * @description credentials: {account_sid, auth_token} for twilio; {auth_id, auth_token} for plivo and vobiz.
         */
        post: operations["createTelephonyProvider"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/telephony/providers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a telephony provider */
        get: operations["getTelephonyProvider"];
        put?: never;
        post?: never;
        /** Delete a provider no number uses */
        delete: operations["deleteTelephonyProvider"];
        options?: never;
        head?: never;
        /** Rename a provider or replace its credentials (its kind cannot change) */
        patch: operations["updateTelephonyProvider"];
        trace?: never;
    };
    "/ui/config.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How the Hub UI may sign in: dev login (development) and the OIDC issuer, when configured */
        get: operations["getUiConfig"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/widget-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List widget keys */
        get: operations["listWidgetKeys"];
        put?: never;
        /**
         * Mint a widget key (pk_live_)
         * @description Idempotency-Key is not honoured here: the answer carries a secret, which is never stored (T3), so it cannot be replayed.
         */
        post: operations["createWidgetKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/widget-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a widget key (a used key is revoked and kept) */
        delete: operations["deleteWidgetKey"];
        options?: never;
        head?: never;
        /** Change a widget key (allowlist and caps replaced whole; disabled: true revokes it for good) */
        patch: operations["updateWidgetKey"];
        trace?: never;
    };
    "/widget-settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The account's widget branding */
        get: operations["getWidgetSettings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change the account's widget branding (strict: an unknown field is 400) */
        patch: operations["updateWidgetSettings"];
        trace?: never;
    };
    "/widget/auth/exchange": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Exchange a user token (single use) for a visitor token and a refresh token */
        post: operations["widgetExchangeUserToken"];
        delete?: never;
        /** CORS preflight of POST /widget/auth/exchange */
        options: operations["preflightWidgetExchangeUserToken"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/widget/auth/guest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A guest visitor token (15 min) */
        post: operations["widgetGuestSignIn"];
        delete?: never;
        /** CORS preflight of POST /widget/auth/guest */
        options: operations["preflightWidgetGuestSignIn"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/widget/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A new visitor token and refresh token (reusing a spent refresh token revokes its chain) */
        post: operations["widgetRefresh"];
        delete?: never;
        /** CORS preflight of POST /widget/auth/refresh */
        options: operations["preflightWidgetRefresh"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/widget/auth/user-token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign a user token for the widget (from the customer's backend), exchanged once within 300 s
         * @description Idempotency-Key is not honoured here: the answer carries a secret, which is never stored (T3), so it cannot be replayed.
         */
        post: operations["createWidgetUserToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/widget/config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The widget's configuration: the agent, its widget policy and the account's branding (W4)
         * @description A pinned key forces its agent; otherwise ?agent_id= names it.
         */
        get: operations["getWidgetConfig"];
        put?: never;
        post?: never;
        delete?: never;
        /** CORS preflight of GET /widget/config */
        options: operations["preflightWidgetConfig"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/widget/connect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a web session with the agent, under the cost caps (L2) */
        post: operations["widgetConnect"];
        delete?: never;
        /** CORS preflight of POST /widget/connect */
        options: operations["preflightWidgetConnect"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/widget/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The visitor's own web session */
        get: operations["widgetGetSession"];
        put?: never;
        post?: never;
        delete?: never;
        /** CORS preflight of GET /widget/sessions/{id} */
        options: operations["preflightWidgetGetSession"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/widget/sessions/{id}/end": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End the visitor's web session (ending an ended session changes nothing) */
        post: operations["widgetEndSession"];
        delete?: never;
        /** CORS preflight of POST /widget/sessions/{id}/end */
        options: operations["preflightWidgetEndSession"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/widget/v1.js": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The embeddable widget (a script for the customer's page) */
        get: operations["getWidgetScript"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description SPEC §E: the error body sent to clients that accept application/json. */
        ErrorBody: {
            error: {
                /** @description The stable machine code (the error catalogue). */
                code: string;
                message: string;
                /** @description The X-Request-Id of the answer. */
                request_id: string;
            };
        };
        Account: {
            account: string;
            /**
             * @description provisioning accounts are never listed
             * @enum {string}
             */
            status: "provisioning" | "active" | "disabled";
            plan: string;
            cluster: string;
            /** Format: date-time */
            created_at: string;
            discoverable: boolean;
            max_key_expiry_days: number | null;
            schema_version: number;
            rate_limits: {
                per_minute: number;
                per_hour: number;
                per_day: number;
                concurrent: number;
            };
            cost_cap_ceilings: {
                concurrent_max: number;
                calls_per_minute: number;
                daily_calls_max: number;
                daily_minutes_max: number;
            };
        };
        Agent: {
            /** @description agent_<ULID> */
            id: string;
            name: string;
            /**
             * @description Only an active agent places calls.
             * @enum {string}
             */
            status: "draft" | "active" | "paused" | "archived";
            llm_model: string;
            voice_provider: string;
            auth_mode: string;
            greeting_mode: string;
            greeting_message: string;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        AgentWidgetPolicy: {
            widget_enabled: boolean;
            /** @enum {string} */
            auth_mode: "guest" | "user" | "both";
        };
        ApiKey: {
            /** Format: uuid */
            id: string;
            name: string;
            /** @description The last 8 characters of the key. */
            last8: string;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
            expires_at: string | null;
            last_used_at: string | null;
            /** @description Set when the key was revoked (permanent). */
            disabled_at: string | null;
            created_by: string;
            rate_limits: components["schemas"]["KeyRateLimits"] | null;
        };
        /** @description R1: the key's own sub-limits; null = none on that window. */
        KeyRateLimits: {
            per_minute: number | null;
            per_hour: number | null;
            per_day: number | null;
            concurrent: number | null;
        };
        MintedApiKey: {
            /** Format: uuid */
            id: string;
            name: string;
            /** @description The last 8 characters of the key. */
            last8: string;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
            expires_at: string | null;
            last_used_at: string | null;
            /** @description Set when the key was revoked (permanent). */
            disabled_at: string | null;
            created_by: string;
            rate_limits: components["schemas"]["KeyRateLimits"] | null;
            /** @description The plaintext sk_live_ key: shown this once, never again (T3). */
            key: string;
        };
        DevLoginToken: {
            token: string;
            expires_in: number;
        };
        UserAccounts: {
            sub: string;
            accounts: string[];
        };
        AuditEntry: {
            /** @description A decimal number, increasing. */
            id: string;
            /** Format: date-time */
            at: string;
            request_id: string;
            /** @description api_key, user or visitor */
            actor: string;
            key_id: string | null;
            key_name: string | null;
            sub: string | null;
            method: string;
            route: string;
            status: number;
            ip: string | null;
            user_agent: string | null;
        };
        /** @description L1: the account's cost caps, at most its plan's ceilings. */
        CallLimits: {
            concurrent_max: number;
            calls_per_minute: number;
            daily_calls_max: number;
            daily_minutes_max: number;
        };
        Call: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            session_id: string;
            agent_id: string;
            from_number: string;
            to_number: string;
            /** @constant */
            direction: "outbound";
            /** @enum {string} */
            status: "queued" | "ringing" | "in-progress" | "completed" | "failed" | "no-answer" | "refused";
            /** @description True for a call of the built-in simulated carrier (no phone is dialled). */
            simulated: boolean;
            /** @description `simulated`, or the provider (twilio, plivo, vobiz). */
            carrier: string;
            /** Format: date-time */
            created_at: string;
            answered_at: string | null;
            ended_at: string | null;
            duration_seconds: number | null;
            error: string | null;
        };
        PlacedCall: {
            /** Format: uuid */
            call_id: string;
            /** Format: uuid */
            session_id: string;
            /** @description The call processor's first status (queued or ringing). */
            status: string;
            simulated: boolean;
        };
        Definition: {
            id: string;
            name: string;
            definition: {
                [key: string]: unknown;
            };
            /** Format: date-time */
            created_at: string;
            created_by: string;
        };
        Session: {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind: "call" | "web";
            call_id: string | null;
            agent_id: string;
            status: string;
            duration_seconds: number | null;
            transcript: {
                /** @enum {string} */
                speaker: "agent" | "caller";
                text: string;
                at: string;
            }[];
            recording: {
                /** @enum {string} */
                state: "none" | "pending" | "ready" | "deleted";
            };
            /** Format: date-time */
            created_at: string;
            ended_at: string | null;
            simulated: boolean;
        };
        RecordingUrl: {
            url: string;
            /** Format: date-time */
            expires_at: string;
        };
        PhoneNumber: {
            /** Format: uuid */
            id: string;
            /** @description E.164 */
            number: string;
            name: string | null;
            /** Format: uuid */
            provider_id: string;
            agent_id: string | null;
            inbound_enabled: boolean;
            outbound_enabled: boolean;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        TelephonyProvider: {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            provider: "twilio" | "plivo" | "vobiz";
            name: string | null;
            readonly credential_fields: string[];
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        UiConfig: {
            dev_login: boolean;
            oidc: {
                issuer: string;
                client_id: string;
            } | null;
        };
        WidgetKey: {
            /** Format: uuid */
            id: string;
            name: string;
            last8: string;
            /** @description W2 entries, normalised; empty blocks the key. */
            domain_allowlist: string[];
            agent_id: string | null;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
            last_used_at: string | null;
            disabled_at: string | null;
            /** @description W6: the key's own caps; null = none. */
            caps: {
                concurrent_sessions: number | null;
                daily_sessions: number | null;
                daily_minutes: number | null;
            };
        };
        MintedWidgetKey: {
            /** Format: uuid */
            id: string;
            name: string;
            last8: string;
            /** @description W2 entries, normalised; empty blocks the key. */
            domain_allowlist: string[];
            agent_id: string | null;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
            last_used_at: string | null;
            disabled_at: string | null;
            /** @description W6: the key's own caps; null = none. */
            caps: {
                concurrent_sessions: number | null;
                daily_sessions: number | null;
                daily_minutes: number | null;
            };
            /** @description The plaintext pk_live_ key: shown this once (T3). */
            key: string;
        };
        WidgetBranding: {
            /** @description #rrggbb, lowercase */
            primary_color: string;
            accent_color: string;
            logo_url: string | null;
            /** @enum {string} */
            launcher_position: "br" | "bl" | "tr" | "tl";
            launcher_label: string;
            privacy_notice: string | null;
        };
        VisitorTokens: {
            token: string;
            /** @description Single use; refreshing returns a new one. */
            refresh_token: string;
            expires_in: number;
        };
        VisitorToken: {
            token: string;
            expires_in: number;
        };
        WidgetUserToken: {
            user_token: string;
            /** @constant */
            expires_in: 300;
        };
        WidgetConfig: {
            account: string;
            agent: {
                id: string;
                name: string;
                greeting_message: string;
            };
            /** @enum {string} */
            auth_mode: "guest" | "user" | "both";
            widget_enabled: boolean;
            branding: components["schemas"]["WidgetBranding"];
        };
        WebSessionStarted: {
            /** Format: uuid */
            session_id: string;
            /** @constant */
            status: "in-progress";
            agent: {
                id: string;
                name: string;
                greeting_message: string;
            };
        };
        WebSession: {
            /** Format: uuid */
            session_id: string;
            status: string;
            duration_seconds: number | null;
            /** Format: date-time */
            created_at: string;
            ended_at: string | null;
        };
    };
    responses: never;
    parameters: {
        /** @description SPEC §E: at most 255 visible ASCII characters. The first answer (status and body) is kept 24 h per account and key; a repeat with the same body gets it again with `Idempotent-Replayed: true`, another body is 422 `idempotency_key_reused`, a repeat while the first still runs is 409 `idempotency_key_in_use`. Answers of 5xx, 429, 401 and 403 are not kept: a retry runs. */
        IdempotencyKey: string;
    };
    requestBodies: never;
    headers: {
        /** @description The request id (also in JSON error bodies and the audit log). */
        XRequestId: string;
        /** @description Seconds to wait before retrying (RFC 9110 §10.2.3). */
        RetryAfter: number;
        /** @description RFC 6750 §3: `Bearer error="invalid_token"`. */
        WWWAuthenticate: string;
        /** @description `true` when this is the stored answer of an earlier request with the same Idempotency-Key. */
        IdempotentReplayed: "true";
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getJwks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A JSON Web Key Set (RFC 7517) */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    getDevIssuerDiscovery: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OpenID Connect discovery metadata */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    listAccounts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Account"][];
                };
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `account_mismatch`: this credential does not grant access to that account; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only; `requires_hub_ui_auth`: this action requires a signed-in Hub user, not an API key; `operator_role_required`: the operator console requires the operator role */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "account_mismatch" | "widget_token_not_allowed" | "requires_hub_ui_auth" | "operator_role_required";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    createAccount: {
        parameters: {
            query?: never;
            header?: {
                /** @description SPEC §E: at most 255 visible ASCII characters. The first answer (status and body) is kept 24 h per account and key; a repeat with the same body gets it again with `Idempotent-Replayed: true`, another body is 422 `idempotency_key_reused`, a repeat while the first still runs is 409 `idempotency_key_in_use`. Answers of 5xx, 429, 401 and 403 are not kept: a retry runs. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    slug: string;
                    plan?: string;
                    discoverable?: boolean;
                    max_key_expiry_days?: number | null;
                    rate_limits?: {
                        per_minute?: number;
                        per_hour?: number;
                        per_day?: number;
                        concurrent?: number;
                    };
                    cost_cap_ceilings?: {
                        concurrent_max?: number;
                        calls_per_minute?: number;
                        daily_calls_max?: number;
                        daily_minutes_max?: number;
                    };
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Account"];
                };
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `invalid_body`: the request body is not valid; `invalid_idempotency_key`: Idempotency-Key must be 1 to 255 visible ASCII characters, sent once; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$ */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "invalid_body" | "invalid_idempotency_key" | "invalid_account";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `account_mismatch`: this credential does not grant access to that account; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only; `requires_hub_ui_auth`: this action requires a signed-in Hub user, not an API key; `operator_role_required`: the operator console requires the operator role; `reserved_account`: kataven-admin is reserved for the operator console */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "account_mismatch" | "widget_token_not_allowed" | "requires_hub_ui_auth" | "operator_role_required" | "reserved_account";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `idempotency_key_in_use`: a request with this Idempotency-Key is still running; retry once it has answered; `account_exists`: an account with that slug already exists */
            409: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "idempotency_key_in_use" | "account_exists";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `payload_too_large`: the request body is too large */
            413: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "payload_too_large";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `unsupported_media_type`: the request body must be application/json */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `idempotency_key_reused`: this Idempotency-Key was used with another request (method, path or body); use a new key for a new request */
            422: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "idempotency_key_reused";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    getAccount: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the account slug (A1) */
                slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Account"];
                };
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$ */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "invalid_account";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `account_mismatch`: this credential does not grant access to that account; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only; `requires_hub_ui_auth`: this action requires a signed-in Hub user, not an API key; `operator_role_required`: the operator console requires the operator role */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "account_mismatch" | "widget_token_not_allowed" | "requires_hub_ui_auth" | "operator_role_required";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `not_found`: not found */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    updateAccount: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the account slug (A1) */
                slug: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    status?: "active" | "disabled";
                    plan?: string;
                    discoverable?: boolean;
                    max_key_expiry_days?: number | null;
                    rate_limits?: {
                        per_minute?: number;
                        per_hour?: number;
                        per_day?: number;
                        concurrent?: number;
                    };
                    cost_cap_ceilings?: {
                        concurrent_max?: number;
                        calls_per_minute?: number;
                        daily_calls_max?: number;
                        daily_minutes_max?: number;
                    };
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Account"];
                };
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `invalid_body`: the request body is not valid; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$ */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "invalid_body" | "invalid_account";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `account_mismatch`: this credential does not grant access to that account; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only; `requires_hub_ui_auth`: this action requires a signed-in Hub user, not an API key; `operator_role_required`: the operator console requires the operator role */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "account_mismatch" | "widget_token_not_allowed" | "requires_hub_ui_auth" | "operator_role_required";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `not_found`: not found */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `payload_too_large`: the request body is too large */
            413: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "payload_too_large";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `unsupported_media_type`: the request body must be application/json */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    listAgents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Agent"][];
                };
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$ */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    createAgent: {
        parameters: {
            query?: never;
            header?: {
                /** @description SPEC §E: at most 255 visible ASCII characters. The first answer (status and body) is kept 24 h per account and key; a repeat with the same body gets it again with `Idempotent-Replayed: true`, another body is 422 `idempotency_key_reused`, a repeat while the first still runs is 409 `idempotency_key_in_use`. Answers of 5xx, 429, 401 and 403 are not kept: a retry runs. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    name?: string | null;
                    /** @enum {string} */
                    status?: "draft" | "active" | "paused" | "archived";
                    llm_model?: string;
                    voice_provider?: string;
                    auth_mode?: string;
                    greeting_mode?: string;
                    greeting_message?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Agent"];
                };
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$; `invalid_body`: the request body is not valid; `invalid_idempotency_key`: Idempotency-Key must be 1 to 255 visible ASCII characters, sent once; `name_required`: name is required (1 to 100 characters) */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account" | "invalid_body" | "invalid_idempotency_key" | "name_required";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `idempotency_key_in_use`: a request with this Idempotency-Key is still running; retry once it has answered */
            409: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "idempotency_key_in_use";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `payload_too_large`: the request body is too large */
            413: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "payload_too_large";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `unsupported_media_type`: the request body must be application/json */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `idempotency_key_reused`: this Idempotency-Key was used with another request (method, path or body); use a new key for a new request */
            422: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "idempotency_key_reused";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    getAgent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description agent_<ULID> */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Agent"];
                };
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$ */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `not_found`: not found */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    deleteAgent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description agent_<ULID> */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$ */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `not_found`: not found */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    updateAgent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description agent_<ULID> */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    name?: string | null;
                    /** @enum {string} */
                    status?: "draft" | "active" | "paused" | "archived";
                    llm_model?: string;
                    voice_provider?: string;
                    auth_mode?: string;
                    greeting_mode?: string;
                    greeting_message?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Agent"];
                };
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$; `invalid_body`: the request body is not valid; `name_required`: name is required (1 to 100 characters) */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account" | "invalid_body" | "name_required";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `not_found`: not found */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `payload_too_large`: the request body is too large */
            413: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "payload_too_large";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `unsupported_media_type`: the request body must be application/json */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    getAgentWidgetSettings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description agent_<ULID> */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentWidgetPolicy"];
                };
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$ */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `not_found`: not found */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    updateAgentWidgetSettings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description agent_<ULID> */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    widget_enabled?: boolean;
                    /** @enum {string} */
                    auth_mode?: "guest" | "user" | "both";
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentWidgetPolicy"];
                };
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$; `invalid_body`: the request body is not valid */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account" | "invalid_body";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `not_found`: not found */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `payload_too_large`: the request body is too large */
            413: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "payload_too_large";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `unsupported_media_type`: the request body must be application/json */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    listApiKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKey"][];
                };
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$ */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    name?: string | null;
                    expiry?: string;
                    rate_limits?: {
                        per_minute?: number | null;
                        per_hour?: number | null;
                        per_day?: number | null;
                        concurrent?: number | null;
                    } | null;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MintedApiKey"];
                };
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$; `invalid_body`: the request body is not valid; `name_required`: name is required (1 to 100 characters); `invalid_expiry`: expiry must be never, 1y, 365d, 90d, 30d or <n>d with n from 1 to 3650; `expiry_exceeds_policy`: the expiry exceeds this account's maximum key lifetime */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account" | "invalid_body" | "name_required" | "invalid_expiry" | "expiry_exceeds_policy";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only; `requires_hub_ui_auth`: this action requires a signed-in Hub user, not an API key */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed" | "requires_hub_ui_auth";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `payload_too_large`: the request body is too large */
            413: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "payload_too_large";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `unsupported_media_type`: the request body must be application/json */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    deleteApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the key id (UUID) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$ */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only; `requires_hub_ui_auth`: this action requires a signed-in Hub user, not an API key */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed" | "requires_hub_ui_auth";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `not_found`: not found */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    updateApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the key id (UUID) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    name?: string;
                    disabled?: boolean;
                    rate_limits?: {
                        per_minute?: number | null;
                        per_hour?: number | null;
                        per_day?: number | null;
                        concurrent?: number | null;
                    } | null;
                };
            };
        };
        responses: {
            /** @description No content */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$; `invalid_body`: the request body is not valid; `name_required`: name is required (1 to 100 characters) */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account" | "invalid_body" | "name_required";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only; `requires_hub_ui_auth`: this action requires a signed-in Hub user, not an API key */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed" | "requires_hub_ui_auth";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `not_found`: not found */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked_permanently`: a revoked key cannot be re-enabled; create a new key */
            409: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked_permanently";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `payload_too_large`: the request body is too large */
            413: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "payload_too_large";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `unsupported_media_type`: the request body must be application/json */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    listDiscoverableAccounts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        account: string;
                    }[];
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    validateAccount: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the account slug (A1) */
                account: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        account: string;
                        /** @constant */
                        valid: true;
                    };
                };
            };
            /** @description `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$ */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "invalid_account";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `not_found`: not found */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    devLogin: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    username: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DevLoginToken"];
                };
            };
            /** @description `invalid_body`: the request body is not valid */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "invalid_body";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `invalid_credentials`: wrong username or password */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "invalid_credentials";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `payload_too_large`: the request body is too large */
            413: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "payload_too_large";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `unsupported_media_type`: the request body must be application/json */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    getUserAccounts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserAccounts"];
                };
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `requires_hub_ui_auth`: this action requires a signed-in Hub user, not an API key; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "requires_hub_ui_auth" | "widget_token_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    getUiAsset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the file name */
                file: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file (text/javascript, text/css, …) */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description No content */
            304: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `not_found`: not found */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    listAuditLog: {
        parameters: {
            query?: {
                key_id?: string;
                actor?: "api_key" | "user" | "visitor";
                since?: string;
                until?: string;
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["AuditEntry"][];
                        /** @description Pass as ?cursor= for the next page; null on the last. */
                        next_cursor: string | null;
                    };
                };
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$; `invalid_query`: the query string is not valid */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account" | "invalid_query";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    getCallLimits: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description L1: the account's cost caps, at most its plan's ceilings. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CallLimits"];
                };
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$ */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    setCallLimits: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    concurrent_max: number;
                    calls_per_minute: number;
                    daily_calls_max: number;
                    daily_minutes_max: number;
                };
            };
        };
        responses: {
            /** @description L1: the account's cost caps, at most its plan's ceilings. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CallLimits"];
                };
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$; `invalid_body`: the request body is not valid; `exceeds_plan_ceiling`: a value exceeds the ceiling of the account's plan */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account" | "invalid_body" | "exceeds_plan_ceiling";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only; `requires_hub_ui_auth`: this action requires a signed-in Hub user, not an API key; `admin_role_required`: this action requires the admin role in this account; `admin_header_required`: admin-only action: send X-Admin: true to confirm it */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed" | "requires_hub_ui_auth" | "admin_role_required" | "admin_header_required";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `payload_too_large`: the request body is too large */
            413: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "payload_too_large";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `unsupported_media_type`: the request body must be application/json */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    listCalls: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Call"][];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$; `invalid_query`: the query string is not valid */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account" | "invalid_query";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    getCall: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the call id (UUID) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Call"];
                };
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$ */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `not_found`: not found */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    originateCall: {
        parameters: {
            query?: never;
            header?: {
                /** @description SPEC §E: at most 255 visible ASCII characters. The first answer (status and body) is kept 24 h per account and key; a repeat with the same body gets it again with `Idempotent-Replayed: true`, another body is 422 `idempotency_key_reused`, a repeat while the first still runs is 409 `idempotency_key_in_use`. Answers of 5xx, 429, 401 and 403 are not kept: a retry runs. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    agent_id: string;
                    from_number: string;
                    to_number: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlacedCall"];
                };
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$; `invalid_body`: the request body is not valid; `invalid_idempotency_key`: Idempotency-Key must be 1 to 255 visible ASCII characters, sent once */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account" | "invalid_body" | "invalid_idempotency_key";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `not_found`: not found */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `idempotency_key_in_use`: a request with this Idempotency-Key is still running; retry once it has answered; `agent_not_active`: only an active agent places calls; set its status to active first */
            409: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "idempotency_key_in_use" | "agent_not_active";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `payload_too_large`: the request body is too large */
            413: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "payload_too_large";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `unsupported_media_type`: the request body must be application/json */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `idempotency_key_reused`: this Idempotency-Key was used with another request (method, path or body); use a new key for a new request */
            422: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "idempotency_key_reused";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded; `cost_cap`: cost cap reached */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited" | "cost_cap";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly; `call_processor_unavailable`: the call processor cannot take calls right now */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable" | "call_processor_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    getApiReference: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The reference page */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    getApiReferenceAsset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description one of swagger-ui.css, swagger-ui-bundle.js, favicon-32x32.png, init.js */
                asset: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The asset (text/javascript, text/css or image/png) */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description `not_found`: not found */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    getLiveness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        status: "ok";
                    };
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    createIntegration: {
        parameters: {
            query?: never;
            header?: {
                /** @description SPEC §E: at most 255 visible ASCII characters. The first answer (status and body) is kept 24 h per account and key; a repeat with the same body gets it again with `Idempotent-Replayed: true`, another body is 422 `idempotency_key_reused`, a repeat while the first still runs is 409 `idempotency_key_in_use`. Answers of 5xx, 429, 401 and 403 are not kept: a retry runs. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    name: string;
                    definition: {
                        [key: string]: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Definition"];
                };
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$; `invalid_body`: the request body is not valid; `invalid_idempotency_key`: Idempotency-Key must be 1 to 255 visible ASCII characters, sent once */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account" | "invalid_body" | "invalid_idempotency_key";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only; `requires_hub_ui_auth`: this action requires a signed-in Hub user, not an API key; `admin_role_required`: this action requires the admin role in this account; `admin_header_required`: admin-only action: send X-Admin: true to confirm it */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed" | "requires_hub_ui_auth" | "admin_role_required" | "admin_header_required";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `idempotency_key_in_use`: a request with this Idempotency-Key is still running; retry once it has answered */
            409: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "idempotency_key_in_use";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `payload_too_large`: the request body is too large */
            413: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "payload_too_large";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `unsupported_media_type`: the request body must be application/json */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `idempotency_key_reused`: this Idempotency-Key was used with another request (method, path or body); use a new key for a new request */
            422: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "idempotency_key_reused";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    reportCallEvent: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    event_id: string;
                    account: string;
                    /** Format: uuid */
                    call_id: string;
                    /** Format: uuid */
                    session_id: string;
                    /** @enum {string} */
                    type: "ringing" | "answered" | "ended";
                    /** Format: date-time */
                    at: string;
                    simulated: boolean;
                    /** @enum {string} */
                    status?: "completed" | "failed" | "no-answer";
                    duration_seconds?: number;
                    transcript?: {
                        /** @enum {string} */
                        speaker: "agent" | "caller";
                        text: string;
                        /** Format: date-time */
                        at: string;
                    }[];
                    recording?: {
                        /** @constant */
                        content_type: "audio/wav";
                        /** Format: base64 */
                        data_base64: string;
                    };
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        event_id: string;
                        applied: boolean;
                        simulated: boolean;
                    };
                };
            };
            /** @description `invalid_body`: the request body is not valid */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "invalid_body";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `invalid_report_signature`: the report is not signed with the call processor secret (X-Kataven-Timestamp, X-Kataven-Signature); `stale_report`: the report is dated more than five minutes from now; sign it again */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "invalid_report_signature" | "stale_report";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `not_found`: not found */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `duplicate_event`: this event id was received already; nothing was changed */
            409: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "duplicate_event";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `payload_too_large`: the request body is too large */
            413: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "payload_too_large";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `unsupported_media_type`: the request body must be application/json */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    createMarketplaceAgent: {
        parameters: {
            query?: never;
            header?: {
                /** @description SPEC §E: at most 255 visible ASCII characters. The first answer (status and body) is kept 24 h per account and key; a repeat with the same body gets it again with `Idempotent-Replayed: true`, another body is 422 `idempotency_key_reused`, a repeat while the first still runs is 409 `idempotency_key_in_use`. Answers of 5xx, 429, 401 and 403 are not kept: a retry runs. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    name: string;
                    definition: {
                        [key: string]: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Definition"];
                };
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$; `invalid_body`: the request body is not valid; `invalid_idempotency_key`: Idempotency-Key must be 1 to 255 visible ASCII characters, sent once */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account" | "invalid_body" | "invalid_idempotency_key";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only; `requires_hub_ui_auth`: this action requires a signed-in Hub user, not an API key; `admin_role_required`: this action requires the admin role in this account; `admin_header_required`: admin-only action: send X-Admin: true to confirm it */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed" | "requires_hub_ui_auth" | "admin_role_required" | "admin_header_required";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `idempotency_key_in_use`: a request with this Idempotency-Key is still running; retry once it has answered */
            409: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "idempotency_key_in_use";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `payload_too_large`: the request body is too large */
            413: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "payload_too_large";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `unsupported_media_type`: the request body must be application/json */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `idempotency_key_reused`: this Idempotency-Key was used with another request (method, path or body); use a new key for a new request */
            422: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "idempotency_key_reused";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    getMcp: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$ */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired; `api_key_required`: /mcp takes an sk_live_ API key as bearer */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired" | "api_key_required";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only; `mcp_origin_not_allowed`: /mcp takes no requests from another site's pages: the Origin is not the hub's own */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed" | "mcp_origin_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `method_not_allowed`: method not allowed */
            405: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "method_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    postMcp: {
        parameters: {
            query?: {
                /** @description true: read tools only */
                read_only?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": ({
                    /** @constant */
                    jsonrpc: "2.0";
                    id?: string | number;
                    method?: string;
                    params?: {
                        [key: string]: unknown;
                    };
                } & {
                    [key: string]: unknown;
                }) | ({
                    /** @constant */
                    jsonrpc: "2.0";
                    id?: string | number;
                    method?: string;
                    params?: {
                        [key: string]: unknown;
                    };
                } & {
                    [key: string]: unknown;
                })[];
            };
        };
        responses: {
            /** @description The JSON-RPC response(s) */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description No content */
            202: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$; `invalid_body`: the request body is not valid; `invalid_query`: the query string is not valid */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account" | "invalid_body" | "invalid_query";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired; `api_key_required`: /mcp takes an sk_live_ API key as bearer */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired" | "api_key_required";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only; `mcp_origin_not_allowed`: /mcp takes no requests from another site's pages: the Origin is not the hub's own */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed" | "mcp_origin_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `method_not_allowed`: method not allowed */
            405: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "method_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `payload_too_large`: the request body is too large */
            413: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "payload_too_large";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `unsupported_media_type`: the request body must be application/json */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    deleteMcp: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$ */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired; `api_key_required`: /mcp takes an sk_live_ API key as bearer */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired" | "api_key_required";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only; `mcp_origin_not_allowed`: /mcp takes no requests from another site's pages: the Origin is not the hub's own */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed" | "mcp_origin_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `method_not_allowed`: method not allowed */
            405: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "method_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    getOpenApiDocument: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI 3.1 document of this hub */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        status: "ready";
                    };
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    getRecordingFile: {
        parameters: {
            query: {
                /** @description Unix seconds */
                expires: string;
                signature: string;
            };
            header?: never;
            path: {
                /** @description the account slug */
                account: string;
                /** @description <session id>.wav */
                file: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The recording */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "audio/wav": string;
                };
            };
            /** @description `invalid_query`: the query string is not valid */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "invalid_query";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `invalid_signature`: the URL signature is not valid or has expired */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "invalid_signature";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `not_found`: not found */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    getSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the session id (UUID) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$ */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `not_found`: not found */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    getSessionRecording: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the session id (UUID) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecordingUrl"];
                };
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$ */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `not_found`: not found */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `recording_not_ready`: the recording is not ready yet */
            409: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "recording_not_ready";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly; `storage_not_configured`: recording storage (KATAVEN_HOME/recordings) is not writable */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable" | "storage_not_configured";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    deleteSessionRecording: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the session id (UUID) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$ */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only; `requires_hub_ui_auth`: this action requires a signed-in Hub user, not an API key; `admin_role_required`: this action requires the admin role in this account; `admin_header_required`: admin-only action: send X-Admin: true to confirm it */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed" | "requires_hub_ui_auth" | "admin_role_required" | "admin_header_required";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `not_found`: not found */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `recording_not_ready`: the recording is not ready yet */
            409: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "recording_not_ready";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    listPhoneNumbers: {
        parameters: {
            query?: {
                agent_id?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PhoneNumber"][];
                };
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$; `invalid_query`: the query string is not valid */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account" | "invalid_query";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    createPhoneNumber: {
        parameters: {
            query?: never;
            header?: {
                /** @description SPEC §E: at most 255 visible ASCII characters. The first answer (status and body) is kept 24 h per account and key; a repeat with the same body gets it again with `Idempotent-Replayed: true`, another body is 422 `idempotency_key_reused`, a repeat while the first still runs is 409 `idempotency_key_in_use`. Answers of 5xx, 429, 401 and 403 are not kept: a retry runs. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    number?: string | null;
                    provider_id?: string | null;
                    agent_id?: string | null;
                    name?: string | null;
                    inbound_enabled?: boolean;
                    outbound_enabled?: boolean;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PhoneNumber"];
                };
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$; `invalid_body`: the request body is not valid; `invalid_idempotency_key`: Idempotency-Key must be 1 to 255 visible ASCII characters, sent once; `invalid_number`: number must be E.164: + followed by 7 to 15 digits, the first 1 to 9; `duplicate_number`: this account already has that number; `unknown_provider`: provider_id must be the id of one of this account's providers; `unknown_agent`: agent_id must be the id of one of this account's agents */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account" | "invalid_body" | "invalid_idempotency_key" | "invalid_number" | "duplicate_number" | "unknown_provider" | "unknown_agent";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `idempotency_key_in_use`: a request with this Idempotency-Key is still running; retry once it has answered */
            409: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "idempotency_key_in_use";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `payload_too_large`: the request body is too large */
            413: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "payload_too_large";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `unsupported_media_type`: the request body must be application/json */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `idempotency_key_reused`: this Idempotency-Key was used with another request (method, path or body); use a new key for a new request */
            422: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "idempotency_key_reused";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    getPhoneNumber: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the number id (UUID) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PhoneNumber"];
                };
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$ */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `not_found`: not found */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    deletePhoneNumber: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the number id (UUID) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$ */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `not_found`: not found */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    updatePhoneNumber: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the number id (UUID) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    number?: string;
                    provider_id?: string | null;
                    agent_id?: string | null;
                    name?: string | null;
                    inbound_enabled?: boolean;
                    outbound_enabled?: boolean;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PhoneNumber"];
                };
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$; `invalid_body`: the request body is not valid; `unknown_provider`: provider_id must be the id of one of this account's providers; `unknown_agent`: agent_id must be the id of one of this account's agents */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account" | "invalid_body" | "unknown_provider" | "unknown_agent";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `not_found`: not found */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `payload_too_large`: the request body is too large */
            413: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "payload_too_large";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `unsupported_media_type`: the request body must be application/json */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    listTelephonyProviders: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TelephonyProvider"][];
                };
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$ */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    createTelephonyProvider: {
        parameters: {
            query?: never;
            header?: {
                /** @description SPEC §E: at most 255 visible ASCII characters. The first answer (status and body) is kept 24 h per account and key; a repeat with the same body gets it again with `Idempotent-Replayed: true`, another body is 422 `idempotency_key_reused`, a repeat while the first still runs is 409 `idempotency_key_in_use`. Answers of 5xx, 429, 401 and 403 are not kept: a retry runs. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    provider: "twilio" | "plivo" | "vobiz";
                    name?: string | null;
                    credentials?: unknown;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TelephonyProvider"];
                };
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$; `invalid_body`: the request body is not valid; `invalid_idempotency_key`: Idempotency-Key must be 1 to 255 visible ASCII characters, sent once; `invalid_provider_credentials`: credentials must be {account_sid, auth_token} for twilio and {auth_id, auth_token} for plivo and vobiz */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account" | "invalid_body" | "invalid_idempotency_key" | "invalid_provider_credentials";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `idempotency_key_in_use`: a request with this Idempotency-Key is still running; retry once it has answered */
            409: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "idempotency_key_in_use";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `payload_too_large`: the request body is too large */
            413: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "payload_too_large";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `unsupported_media_type`: the request body must be application/json */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `idempotency_key_reused`: this Idempotency-Key was used with another request (method, path or body); use a new key for a new request */
            422: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "idempotency_key_reused";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    getTelephonyProvider: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the provider id (UUID) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TelephonyProvider"];
                };
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$ */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `not_found`: not found */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    deleteTelephonyProvider: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the provider id (UUID) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$ */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `not_found`: not found */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `provider_in_use`: numbers use this provider: delete them or move them to another provider first */
            409: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "provider_in_use";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    updateTelephonyProvider: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the provider id (UUID) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    provider?: unknown;
                    name?: string | null;
                    credentials?: unknown;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TelephonyProvider"];
                };
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$; `invalid_body`: the request body is not valid; `invalid_provider_credentials`: credentials must be {account_sid, auth_token} for twilio and {auth_id, auth_token} for plivo and vobiz */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account" | "invalid_body" | "invalid_provider_credentials";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `not_found`: not found */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `provider_credentials_unreadable`: this provider's stored credentials cannot be opened here; set them again with PATCH */
            409: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "provider_credentials_unreadable";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `payload_too_large`: the request body is too large */
            413: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "payload_too_large";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `unsupported_media_type`: the request body must be application/json */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    getUiConfig: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UiConfig"];
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    listWidgetKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WidgetKey"][];
                };
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$ */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    createWidgetKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    name?: string | null;
                    domain_allowlist?: string[];
                    agent_id?: string | null;
                    caps?: {
                        concurrent_sessions?: number | null;
                        daily_sessions?: number | null;
                        daily_minutes?: number | null;
                    } | null;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MintedWidgetKey"];
                };
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$; `invalid_body`: the request body is not valid; `name_required`: name is required (1 to 100 characters); `invalid_allowlist_entry`: each allowlist entry must be https://host[:port], http://host[:port], a bare host, *.host or localhost:*; `unknown_agent`: agent_id must be the id of one of this account's agents */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account" | "invalid_body" | "name_required" | "invalid_allowlist_entry" | "unknown_agent";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `payload_too_large`: the request body is too large */
            413: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "payload_too_large";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `unsupported_media_type`: the request body must be application/json */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    deleteWidgetKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the widget key id (UUID) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$ */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `not_found`: not found */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    updateWidgetKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the widget key id (UUID) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    name?: string;
                    domain_allowlist?: string[];
                    agent_id?: string | null;
                    disabled?: boolean;
                    caps?: {
                        concurrent_sessions?: number | null;
                        daily_sessions?: number | null;
                        daily_minutes?: number | null;
                    } | null;
                };
            };
        };
        responses: {
            /** @description No content */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$; `invalid_body`: the request body is not valid; `name_required`: name is required (1 to 100 characters); `invalid_allowlist_entry`: each allowlist entry must be https://host[:port], http://host[:port], a bare host, *.host or localhost:*; `unknown_agent`: agent_id must be the id of one of this account's agents */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account" | "invalid_body" | "name_required" | "invalid_allowlist_entry" | "unknown_agent";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `not_found`: not found */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked_permanently`: a revoked key cannot be re-enabled; create a new key */
            409: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked_permanently";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `payload_too_large`: the request body is too large */
            413: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "payload_too_large";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `unsupported_media_type`: the request body must be application/json */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    getWidgetSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WidgetBranding"];
                };
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$ */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    updateWidgetSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    primary_color?: string;
                    accent_color?: string;
                    logo_url?: string | null;
                    /** @enum {string} */
                    launcher_position?: "br" | "bl" | "tr" | "tl";
                    launcher_label?: string;
                    privacy_notice?: string | null;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WidgetBranding"];
                };
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$; `invalid_body`: the request body is not valid */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account" | "invalid_body";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `payload_too_large`: the request body is too large */
            413: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "payload_too_large";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `unsupported_media_type`: the request body must be application/json */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    widgetExchangeUserToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    user_token?: string;
                    agent_id?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    /** @description no-store */
                    "Cache-Control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VisitorTokens"];
                };
            };
            /** @description `missing_client_key`: client_key (a pk_live_ widget key) is required; `malformed_token`: the bearer token is not a well-formed Kataven credential; `invalid_body`: the request body is not valid; `missing_or_expired_token`: user_token is missing, expired, already used or not for this account; ask your backend for a new one; `missing_agent`: agent_id is required: this widget key is not pinned to an agent */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_client_key" | "malformed_token" | "invalid_body" | "missing_or_expired_token" | "missing_agent";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `invalid_token`: the bearer token is not valid */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "invalid_token";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `origin_required`: widget requests must carry an Origin (or Referer) header; `key_revoked`: this key has been revoked; `origin_not_allowed`: this origin is not in the widget key's domain allowlist; `user_not_allowed`: this agent talks to guests only; user tokens are not accepted */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "origin_required" | "key_revoked" | "origin_not_allowed" | "user_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `not_found`: not found */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `payload_too_large`: the request body is too large */
            413: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "payload_too_large";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `unsupported_media_type`: the request body must be application/json */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    preflightWidgetExchangeUserToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    /** @description The allowed Origin, echoed */
                    "Access-Control-Allow-Origin"?: string;
                    /** @description The methods allowed */
                    "Access-Control-Allow-Methods"?: string;
                    /** @description The request headers allowed */
                    "Access-Control-Allow-Headers"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `missing_client_key`: client_key (a pk_live_ widget key) is required; `malformed_token`: the bearer token is not a well-formed Kataven credential */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_client_key" | "malformed_token";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `invalid_token`: the bearer token is not valid */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "invalid_token";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `origin_required`: widget requests must carry an Origin (or Referer) header; `key_revoked`: this key has been revoked; `origin_not_allowed`: this origin is not in the widget key's domain allowlist */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "origin_required" | "key_revoked" | "origin_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    widgetGuestSignIn: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    agent_id?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    /** @description no-store */
                    "Cache-Control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VisitorToken"];
                };
            };
            /** @description `missing_client_key`: client_key (a pk_live_ widget key) is required; `malformed_token`: the bearer token is not a well-formed Kataven credential; `invalid_body`: the request body is not valid; `missing_agent`: agent_id is required: this widget key is not pinned to an agent */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_client_key" | "malformed_token" | "invalid_body" | "missing_agent";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `invalid_token`: the bearer token is not valid */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "invalid_token";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `origin_required`: widget requests must carry an Origin (or Referer) header; `key_revoked`: this key has been revoked; `origin_not_allowed`: this origin is not in the widget key's domain allowlist; `guest_not_allowed`: this agent talks to signed-in users only; sign in through your site */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "origin_required" | "key_revoked" | "origin_not_allowed" | "guest_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `not_found`: not found */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `payload_too_large`: the request body is too large */
            413: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "payload_too_large";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `unsupported_media_type`: the request body must be application/json */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    preflightWidgetGuestSignIn: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    /** @description The allowed Origin, echoed */
                    "Access-Control-Allow-Origin"?: string;
                    /** @description The methods allowed */
                    "Access-Control-Allow-Methods"?: string;
                    /** @description The request headers allowed */
                    "Access-Control-Allow-Headers"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `missing_client_key`: client_key (a pk_live_ widget key) is required; `malformed_token`: the bearer token is not a well-formed Kataven credential */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_client_key" | "malformed_token";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `invalid_token`: the bearer token is not valid */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "invalid_token";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `origin_required`: widget requests must carry an Origin (or Referer) header; `key_revoked`: this key has been revoked; `origin_not_allowed`: this origin is not in the widget key's domain allowlist */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "origin_required" | "key_revoked" | "origin_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    widgetRefresh: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    refresh_token?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    /** @description no-store */
                    "Cache-Control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VisitorTokens"];
                };
            };
            /** @description `missing_client_key`: client_key (a pk_live_ widget key) is required; `malformed_token`: the bearer token is not a well-formed Kataven credential; `invalid_body`: the request body is not valid; `missing_or_expired_refresh_token`: refresh_token is missing, expired, already used or revoked; sign the visitor in again */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_client_key" | "malformed_token" | "invalid_body" | "missing_or_expired_refresh_token";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `invalid_token`: the bearer token is not valid */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "invalid_token";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `origin_required`: widget requests must carry an Origin (or Referer) header; `key_revoked`: this key has been revoked; `origin_not_allowed`: this origin is not in the widget key's domain allowlist; `user_not_allowed`: this agent talks to guests only; user tokens are not accepted */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "origin_required" | "key_revoked" | "origin_not_allowed" | "user_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `payload_too_large`: the request body is too large */
            413: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "payload_too_large";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `unsupported_media_type`: the request body must be application/json */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    preflightWidgetRefresh: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    /** @description The allowed Origin, echoed */
                    "Access-Control-Allow-Origin"?: string;
                    /** @description The methods allowed */
                    "Access-Control-Allow-Methods"?: string;
                    /** @description The request headers allowed */
                    "Access-Control-Allow-Headers"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `missing_client_key`: client_key (a pk_live_ widget key) is required; `malformed_token`: the bearer token is not a well-formed Kataven credential */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_client_key" | "malformed_token";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `invalid_token`: the bearer token is not valid */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "invalid_token";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `origin_required`: widget requests must carry an Origin (or Referer) header; `key_revoked`: this key has been revoked; `origin_not_allowed`: this origin is not in the widget key's domain allowlist */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "origin_required" | "key_revoked" | "origin_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    createWidgetUserToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    external_user_id: string;
                    display_name?: string;
                    /** Format: email */
                    email?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    /** @description no-store */
                    "Cache-Control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WidgetUserToken"];
                };
            };
            /** @description `malformed_token`: the bearer token is not a well-formed Kataven credential; `missing_account_header`: X-Account-ID is required with a user token; `invalid_account`: the account slug must match ^[a-z0-9][a-z0-9_-]{0,62}$; `invalid_body`: the request body is not valid */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "malformed_token" | "missing_account_header" | "invalid_account" | "invalid_body";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `missing_token`: Authorization: Bearer <token> is required; `invalid_token`: the bearer token is not valid; `key_expired`: this API key has expired */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_token" | "invalid_token" | "key_expired";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `key_revoked`: this key has been revoked; `account_mismatch`: this credential does not grant access to that account; `reserved_account`: kataven-admin is reserved for the operator console; `widget_token_not_allowed`: widget visitor tokens are accepted on widget routes only */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "key_revoked" | "account_mismatch" | "reserved_account" | "widget_token_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `payload_too_large`: the request body is too large */
            413: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "payload_too_large";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `unsupported_media_type`: the request body must be application/json */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "unsupported_media_type";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    getWidgetConfig: {
        parameters: {
            query?: {
                /** @description The agent, when the key is not pinned to one */
                agent_id?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WidgetConfig"];
                };
            };
            /** @description `missing_client_key`: client_key (a pk_live_ widget key) is required; `malformed_token`: the bearer token is not a well-formed Kataven credential; `invalid_query`: the query string is not valid; `missing_agent`: agent_id is required: this widget key is not pinned to an agent */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_client_key" | "malformed_token" | "invalid_query" | "missing_agent";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `invalid_token`: the bearer token is not valid */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "invalid_token";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `origin_required`: widget requests must carry an Origin (or Referer) header; `key_revoked`: this key has been revoked; `origin_not_allowed`: this origin is not in the widget key's domain allowlist; `widget_disabled`: the widget is disabled for this agent */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "origin_required" | "key_revoked" | "origin_not_allowed" | "widget_disabled";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `not_found`: not found */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    preflightWidgetConfig: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    /** @description The allowed Origin, echoed */
                    "Access-Control-Allow-Origin"?: string;
                    /** @description The methods allowed */
                    "Access-Control-Allow-Methods"?: string;
                    /** @description The request headers allowed */
                    "Access-Control-Allow-Headers"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `missing_client_key`: client_key (a pk_live_ widget key) is required; `malformed_token`: the bearer token is not a well-formed Kataven credential */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_client_key" | "malformed_token";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `invalid_token`: the bearer token is not valid */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "invalid_token";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `origin_required`: widget requests must carry an Origin (or Referer) header; `key_revoked`: this key has been revoked; `origin_not_allowed`: this origin is not in the widget key's domain allowlist */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "origin_required" | "key_revoked" | "origin_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    widgetConnect: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebSessionStarted"];
                };
            };
            /** @description `missing_client_key`: client_key (a pk_live_ widget key) is required; `malformed_token`: the bearer token is not a well-formed Kataven credential */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_client_key" | "malformed_token";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `invalid_token`: the bearer token is not valid; `missing_token`: Authorization: Bearer <token> is required */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "invalid_token" | "missing_token";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `origin_required`: widget requests must carry an Origin (or Referer) header; `key_revoked`: this key has been revoked; `origin_not_allowed`: this origin is not in the widget key's domain allowlist; `widget_disabled`: the widget is disabled for this agent; `guest_not_allowed`: this agent talks to signed-in users only; sign in through your site; `user_not_allowed`: this agent talks to guests only; user tokens are not accepted */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "origin_required" | "key_revoked" | "origin_not_allowed" | "widget_disabled" | "guest_not_allowed" | "user_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `not_found`: not found */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded; `cost_cap`: cost cap reached */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited" | "cost_cap";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    preflightWidgetConnect: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    /** @description The allowed Origin, echoed */
                    "Access-Control-Allow-Origin"?: string;
                    /** @description The methods allowed */
                    "Access-Control-Allow-Methods"?: string;
                    /** @description The request headers allowed */
                    "Access-Control-Allow-Headers"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `missing_client_key`: client_key (a pk_live_ widget key) is required; `malformed_token`: the bearer token is not a well-formed Kataven credential */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_client_key" | "malformed_token";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `invalid_token`: the bearer token is not valid */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "invalid_token";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `origin_required`: widget requests must carry an Origin (or Referer) header; `key_revoked`: this key has been revoked; `origin_not_allowed`: this origin is not in the widget key's domain allowlist */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "origin_required" | "key_revoked" | "origin_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    widgetGetSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the session id (UUID) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebSession"];
                };
            };
            /** @description `missing_client_key`: client_key (a pk_live_ widget key) is required; `malformed_token`: the bearer token is not a well-formed Kataven credential */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_client_key" | "malformed_token";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `invalid_token`: the bearer token is not valid; `missing_token`: Authorization: Bearer <token> is required */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "invalid_token" | "missing_token";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `origin_required`: widget requests must carry an Origin (or Referer) header; `key_revoked`: this key has been revoked; `origin_not_allowed`: this origin is not in the widget key's domain allowlist */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "origin_required" | "key_revoked" | "origin_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `not_found`: not found */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    preflightWidgetGetSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    /** @description The allowed Origin, echoed */
                    "Access-Control-Allow-Origin"?: string;
                    /** @description The methods allowed */
                    "Access-Control-Allow-Methods"?: string;
                    /** @description The request headers allowed */
                    "Access-Control-Allow-Headers"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `missing_client_key`: client_key (a pk_live_ widget key) is required; `malformed_token`: the bearer token is not a well-formed Kataven credential */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_client_key" | "malformed_token";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `invalid_token`: the bearer token is not valid */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "invalid_token";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `origin_required`: widget requests must carry an Origin (or Referer) header; `key_revoked`: this key has been revoked; `origin_not_allowed`: this origin is not in the widget key's domain allowlist */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "origin_required" | "key_revoked" | "origin_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `not_found`: not found */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    widgetEndSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the session id (UUID) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        session_id: string;
                        status: string;
                        duration_seconds: number | null;
                    };
                };
            };
            /** @description `missing_client_key`: client_key (a pk_live_ widget key) is required; `malformed_token`: the bearer token is not a well-formed Kataven credential */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_client_key" | "malformed_token";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `invalid_token`: the bearer token is not valid; `missing_token`: Authorization: Bearer <token> is required */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "invalid_token" | "missing_token";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `origin_required`: widget requests must carry an Origin (or Referer) header; `key_revoked`: this key has been revoked; `origin_not_allowed`: this origin is not in the widget key's domain allowlist */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "origin_required" | "key_revoked" | "origin_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `not_found`: not found */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    preflightWidgetEndSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    /** @description The allowed Origin, echoed */
                    "Access-Control-Allow-Origin"?: string;
                    /** @description The methods allowed */
                    "Access-Control-Allow-Methods"?: string;
                    /** @description The request headers allowed */
                    "Access-Control-Allow-Headers"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `missing_client_key`: client_key (a pk_live_ widget key) is required; `malformed_token`: the bearer token is not a well-formed Kataven credential */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "missing_client_key" | "malformed_token";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `invalid_token`: the bearer token is not valid */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "invalid_token";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `origin_required`: widget requests must carry an Origin (or Referer) header; `key_revoked`: this key has been revoked; `origin_not_allowed`: this origin is not in the widget key's domain allowlist */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "origin_required" | "key_revoked" | "origin_not_allowed";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `not_found`: not found */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "not_found";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `rate_limited`: rate limit exceeded */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "rate_limited";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
    getWidgetScript: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The widget script */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    /** @description The script version */
                    ETag?: string;
                    /** @description public, max-age=300 */
                    "Cache-Control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/javascript": string;
                };
            };
            /** @description No content */
            304: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    /** @description The script version */
                    ETag?: string;
                    /** @description public, max-age=300 */
                    "Cache-Control"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `internal_error`: internal error */
            500: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "internal_error";
                        };
                    };
                    "text/plain": string;
                };
            };
            /** @description `service_unavailable`: a backing service is unavailable; retry shortly */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        error?: {
                            /** @enum {unknown} */
                            code?: "service_unavailable";
                        };
                    };
                    "text/plain": string;
                };
            };
        };
    };
}

/** Every error code (§E) the document lists for some operation. */
export type ErrorCode =
    | "account_exists"
    | "account_mismatch"
    | "admin_header_required"
    | "admin_role_required"
    | "agent_not_active"
    | "api_key_required"
    | "call_processor_unavailable"
    | "cost_cap"
    | "duplicate_event"
    | "duplicate_number"
    | "exceeds_plan_ceiling"
    | "expiry_exceeds_policy"
    | "guest_not_allowed"
    | "idempotency_key_in_use"
    | "idempotency_key_reused"
    | "internal_error"
    | "invalid_account"
    | "invalid_allowlist_entry"
    | "invalid_body"
    | "invalid_credentials"
    | "invalid_expiry"
    | "invalid_idempotency_key"
    | "invalid_number"
    | "invalid_provider_credentials"
    | "invalid_query"
    | "invalid_report_signature"
    | "invalid_signature"
    | "invalid_token"
    | "key_expired"
    | "key_revoked"
    | "key_revoked_permanently"
    | "malformed_token"
    | "mcp_origin_not_allowed"
    | "method_not_allowed"
    | "missing_account_header"
    | "missing_agent"
    | "missing_client_key"
    | "missing_or_expired_refresh_token"
    | "missing_or_expired_token"
    | "missing_token"
    | "name_required"
    | "not_found"
    | "operator_role_required"
    | "origin_not_allowed"
    | "origin_required"
    | "payload_too_large"
    | "provider_credentials_unreadable"
    | "provider_in_use"
    | "rate_limited"
    | "recording_not_ready"
    | "requires_hub_ui_auth"
    | "reserved_account"
    | "service_unavailable"
    | "stale_report"
    | "storage_not_configured"
    | "unknown_agent"
    | "unknown_provider"
    | "unsupported_media_type"
    | "user_not_allowed"
    | "widget_disabled"
    | "widget_token_not_allowed";
