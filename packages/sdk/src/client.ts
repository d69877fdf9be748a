// `new Kataven({ apiKey })`: the resources of SPEC §S over one core.
import { Core, type KatavenOptions } from './core.js';
import { Agents } from './resources/agents.js';
import { ApiKeys } from './resources/api-keys.js';
import { AuditLog } from './resources/audit-log.js';
import { CallLimitsResource } from './resources/call-limits.js';
import { Calls } from './resources/calls.js';
import { Sessions } from './resources/sessions.js';
import { Telephony } from './resources/telephony.js';
import { WidgetKeys } from './resources/widget-keys.js';
import { WidgetSettings } from './resources/widget-settings.js';

/**
 * The Kataven Hub API client. With an `sk_live_` key (from your server) the account is the key's own; with a Hub
 * user's JWT, give `accountId`. Every method returns a promise of the hub's JSON answer or throws a
 * `KatavenError` subclass.
 *
 * @example
 * ```ts
 * import { Kataven } from '@kataven/sdk';
 *
 * const kataven = new Kataven({ apiKey: process.env.KATAVEN_API_KEY!, retry: true });
 * const agent = await kataven.agents.create({ name: 'Support', status: 'active' });
 *
 * // A Hub user's token acts on the account it names:
 * const asUser = new Kataven({ apiKey: userJwt, accountId: 'acme', baseUrl: 'https://hub.example.com' });
 * ```
 */
export class Kataven {
  /** C1 agents. */
  readonly agents: Agents;
  /** K1 API keys, listing only. */
  readonly apiKeys: ApiKeys;
  /** W1 widget keys. */
  readonly widgetKeys: WidgetKeys;
  /** W7 widget branding and each agent's widget policy. */
  readonly widgetSettings: WidgetSettings;
  /** C2 providers and numbers. */
  readonly telephony: Telephony;
  /** C3 calls. */
  readonly calls: Calls;
  /** C4 sessions and recordings. */
  readonly sessions: Sessions;
  /** L1 cost caps, read only. */
  readonly callLimits: CallLimitsResource;
  /** AU3 audit log. */
  readonly auditLog: AuditLog;
  /** The base URL requests go to, without a trailing slash. */
  readonly baseUrl: string;

  /**
   * @throws TypeError or RangeError for a bad option; Error for an `sk_live_` key in a browser without
   * `dangerouslyAllowBrowser: true`.
   *
   * @example
   * ```ts
   * const kataven = new Kataven({ apiKey: 'sk_live_acme_…', baseUrl: 'http://localhost:8080', timeoutMs: 10_000 });
   * ```
   */
  constructor(options: KatavenOptions) {
    const core = new Core(options);
    this.baseUrl = core.baseUrl;
    this.agents = new Agents(core);
    this.apiKeys = new ApiKeys(core);
    this.widgetKeys = new WidgetKeys(core);
    this.widgetSettings = new WidgetSettings(core);
    this.telephony = new Telephony(core);
    this.calls = new Calls(core);
    this.sessions = new Sessions(core);
    this.callLimits = new CallLimitsResource(core);
    this.auditLog = new AuditLog(core);
  }
}
