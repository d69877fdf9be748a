// One widget on a page: config → authenticate → launcher (issue 9), then connect, poll and end on demand.
//
// - A failure before the launcher exists (config or authentication) shows nothing: one console.warn naming the
//   error code, and the page is left exactly as it was (STYLE 15: the page must never break because of us).
// - Once connected, the session is polled every POLL_MS; any refusal stops the polling and becomes a sentence in
//   the panel (a revoked key: "no longer available", within one poll of the revocation reaching the hub).
// - The visitor token (15 min) is renewed before it expires and, once, on a 401: a guest asks for a new guest
//   token, a signed-in user spends the single-use refresh token (W5) and keeps the new one.
// - pagehide ends a live session with a keepalive request, so closing the tab does not leave it holding one of
//   the account's concurrency slots (L2) until the hub notices.
import { HubRefusal, hubClient, type CallOptions, type HubCall } from './hub-client.js';
import { LauncherView, type Agent, type Branding } from './launcher-view.js';

export interface InitOptions {
  /** The widget key, `pk_live_…`. */
  publicKey: string;
  /** The agent to talk to; a key pinned to an agent ignores it. */
  agentId?: string;
  /** A user token from the customer's backend (POST /v1/widget/auth/user-token): signs the visitor in. */
  userToken?: string;
  /** The hub, e.g. `https://hub.example.com`; defaults to where the script was loaded from. */
  baseUrl?: string;
}

export interface WidgetHandle {
  /** Removes the widget, ends its live session and stops every timer and request. */
  destroy(): void;
}

interface WidgetConfig {
  agent: Agent;
  widget_enabled: boolean;
  branding: Branding;
}
interface VisitorToken {
  token: string;
  expires_in: number;
  refresh_token?: string;
}
interface SessionState {
  session_id: string;
  status: string;
  duration_seconds: number | null;
}

/** How often a live session is polled (issue 9: a revoked key shows within a second). */
export const POLL_MS = 500;
/** How long to wait before polling again after a 429 rate_limited whose Retry-After the page cannot read. */
const RATE_LIMITED_RETRY_S = 5;
/** Renew the visitor token this long before it expires. */
const RENEW_MARGIN_MS = 60_000;
/** The states of a session that is still going (C4's web sessions start `in-progress`). */
const LIVE = ['in-progress', 'queued', 'ringing', 'answered'];
/** Refusals that mean this key will not work on this page again. */
const UNAVAILABLE = ['key_revoked', 'origin_not_allowed', 'origin_required', 'widget_disabled', 'invalid_token'];

export function sentenceFor(error: HubRefusal): string {
  if (UNAVAILABLE.includes(error.code)) return 'This widget is no longer available.';
  if (error.code === 'cost_cap') return 'All our agents are busy right now. Please try again later.';
  return `Something went wrong (${error.code})`;
}

function asRefusal(err: unknown): HubRefusal {
  return err instanceof HubRefusal ? err : new HubRefusal(0, 'widget_error', String(err));
}

function warn(error: HubRefusal, what: string): void {
  console.warn(`[Kataven widget] ${what}: ${error.code}${error.message ? ` (${error.message})` : ''}`);
}

function documentReady(): Promise<void> {
  if (document.body) return Promise.resolve();
  return new Promise((resolve) => document.addEventListener('DOMContentLoaded', () => resolve(), { once: true }));
}

export function startWidget(options: InitOptions, baseUrl: string): WidgetHandle {
  const widget = new Widget(options, baseUrl);
  void widget.start();
  return { destroy: () => widget.destroy() };
}

class Widget {
  private readonly aborter = new AbortController();
  private readonly call: HubCall;
  private agentId: string | undefined;
  private userToken: string | undefined;
  private visitor: { token: string; expiresAt: number; refreshToken?: string | undefined } | undefined;
  private view: LauncherView | undefined;
  private session: string | undefined;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private destroyed = false;
  private renewing: Promise<void> | undefined;
  private readonly onPageHide = () => this.endOnExit();

  constructor(
    private readonly options: InitOptions,
    baseUrl: string,
  ) {
    this.call = hubClient(baseUrl, options.publicKey, this.aborter.signal);
    this.agentId = options.agentId;
    this.userToken = options.userToken;
  }

  async start(): Promise<void> {
    try {
      if (typeof this.options.publicKey !== 'string' || !this.options.publicKey.startsWith('pk_live_')) {
        throw new HubRefusal(0, 'missing_client_key', 'Kataven.init needs publicKey: the widget key, pk_live_…');
      }
      const config = await this.call<WidgetConfig>('GET', '/v1/widget/config', { query: { agent_id: this.agentId } });
      if (!config.widget_enabled) throw new HubRefusal(403, 'widget_disabled', 'the widget is disabled for this agent');
      // A key pinned to an agent answers with its own: that is the one to connect to.
      this.agentId = config.agent.id;
      await this.authenticate();
      await documentReady();
      if (this.destroyed) return;
      this.view = new LauncherView(config.branding, config.agent, { launch: () => void this.launch(), end: () => void this.end() });
      addEventListener('pagehide', this.onPageHide);
    } catch (err) {
      if (!this.destroyed) warn(asRefusal(err), 'not shown');
    }
  }

  destroy(): void {
    if (this.destroyed) return;
    this.endOnExit();
    this.destroyed = true;
    this.stopPolling();
    removeEventListener('pagehide', this.onPageHide);
    this.aborter.abort();
    this.view?.remove();
    this.view = undefined;
  }

  /**
   * One renewal at a time: a poll and an End that both find the token stale share one. Two refreshes would
   * present the same single-use refresh token twice, which W5's reuse detection answers by ending the chain.
   */
  private authenticate(): Promise<void> {
    this.renewing ??= this.renew().finally(() => {
      this.renewing = undefined;
    });
    return this.renewing;
  }

  /** A guest token, the user token's exchange (once), or a refresh of the signed-in user's token. */
  private async renew(): Promise<void> {
    const body = { client_key: this.options.publicKey, agent_id: this.agentId };
    let answer: VisitorToken;
    if (this.userToken !== undefined) {
      const userToken = this.userToken;
      this.userToken = undefined; // single-use (W5): never presented twice
      answer = await this.call<VisitorToken>('POST', '/v1/widget/auth/exchange', { body: { ...body, user_token: userToken } });
    } else if (this.visitor?.refreshToken !== undefined) {
      answer = await this.call<VisitorToken>('POST', '/v1/widget/auth/refresh', {
        body: { client_key: this.options.publicKey, refresh_token: this.visitor.refreshToken },
      });
    } else {
      answer = await this.call<VisitorToken>('POST', '/v1/widget/auth/guest', { body });
    }
    this.visitor = { token: answer.token, expiresAt: Date.now() + answer.expires_in * 1000, refreshToken: answer.refresh_token };
  }

  /** A request with the visitor token, renewed first when it is about to expire, and once more on a 401. */
  private async authorized<T>(method: 'GET' | 'POST', path: string, options: CallOptions = {}): Promise<T> {
    // A new guest token is a new visitor, who cannot see the live session of the old one (W5): during a guest's
    // session the token is kept until it has actually expired; a signed-in user's refresh keeps its identity.
    const v = this.visitor;
    const keep = v !== undefined && v.refreshToken === undefined && this.session !== undefined && Date.now() < v.expiresAt;
    if (v === undefined || (!keep && Date.now() >= v.expiresAt - RENEW_MARGIN_MS)) await this.authenticate();
    const token = this.visitor!.token;
    try {
      return await this.call<T>(method, path, { ...options, token });
    } catch (err) {
      if (!(err instanceof HubRefusal) || err.status !== 401) throw err;
      // A token the hub no longer takes (expired early, signing key rotated): renew once, try once more.
      if (this.visitor?.token === token) await this.authenticate();
      return this.call<T>(method, path, { ...options, token: this.visitor!.token });
    }
  }

  private async launch(): Promise<void> {
    const view = this.view;
    if (view === undefined) return;
    if (this.session !== undefined) return view.openPanel();
    view.connecting();
    try {
      const answer = await this.authorized<SessionState>('POST', '/v1/widget/connect', { body: {} });
      if (this.destroyed) return;
      this.session = answer.session_id;
      view.connected(answer.session_id);
      this.schedulePoll(answer.session_id);
    } catch (err) {
      this.fail(err);
    }
  }

  private schedulePoll(id: string, delayMs = POLL_MS): void {
    this.pollTimer = setTimeout(() => void this.poll(id), delayMs);
  }

  private stopPolling(): void {
    clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
  }

  private async poll(id: string): Promise<void> {
    try {
      const state = await this.authorized<SessionState>('GET', `/v1/widget/sessions/${encodeURIComponent(id)}`);
      if (this.session !== id) return; // ended or replaced meanwhile
      if (LIVE.includes(state.status)) {
        this.view?.progress(id, state.status, state.duration_seconds);
        this.schedulePoll(id);
      } else {
        // Ended elsewhere (the hub, a cap, the agent): say so; nothing left to end.
        this.session = undefined;
        this.view?.ended(state.duration_seconds);
      }
    } catch (err) {
      if (this.session !== id) return;
      // W6's per-IP budget refused a poll, not the session: look again once it allows (Retry-After, when CORS
      // lets the page read it), rather than telling the visitor their session failed.
      if (err instanceof HubRefusal && err.code === 'rate_limited') {
        return this.schedulePoll(id, Math.min(err.retryAfter ?? RATE_LIMITED_RETRY_S, 60) * 1000);
      }
      this.fail(await this.explain(err));
    }
  }

  /**
   * A poll the page could not read (its CORS preflight refused, e.g. for a key revoked since) says nothing; the
   * config GET is a simple request, with no preflight, whose refusal an allowed page may read: ask it why.
   */
  private async explain(err: unknown): Promise<unknown> {
    if (!(err instanceof HubRefusal) || err.code !== 'network_error') return err;
    try {
      await this.call('GET', '/v1/widget/config', { query: { agent_id: this.agentId } });
      return err;
    } catch (why) {
      return why instanceof HubRefusal && why.code !== 'network_error' ? why : err;
    }
  }

  private async end(): Promise<void> {
    const id = this.session;
    if (id === undefined) return;
    this.session = undefined;
    this.stopPolling();
    try {
      const answer = await this.authorized<SessionState>('POST', `/v1/widget/sessions/${encodeURIComponent(id)}/end`, { body: {} });
      this.view?.ended(answer.duration_seconds);
    } catch (err) {
      this.fail(err);
    }
  }

  /** The page is going away (or destroy()): end the live session with a request that outlives the page. */
  private endOnExit(): void {
    const id = this.session;
    const token = this.visitor?.token;
    if (id === undefined || token === undefined || this.destroyed) return;
    this.session = undefined;
    this.stopPolling();
    this.call('POST', `/v1/widget/sessions/${encodeURIComponent(id)}/end`, { body: {}, token, keepalive: true }).catch(() => undefined);
  }

  private fail(err: unknown): void {
    if (this.destroyed) return;
    const error = asRefusal(err);
    this.session = undefined;
    this.stopPolling();
    warn(error, 'stopped');
    this.view?.message(sentenceFor(error), UNAVAILABLE.includes(error.code));
  }
}
