// The widget's only way to the hub: fetch, with the client key in every query (the only thing a CORS preflight
// carries, so the hub admits the key and the page's Origin before anything else; SPEC W3) and errors read as the
// §E catalogue's stable codes. Asks for JSON errors ({"error":{"code","message"}}); reads the text form
// (`code: message`) too, so an answer from a proxy or an older hub still yields a code.

/** A refusal or failure, always with a code the widget can act on and a developer can search for. */
export class HubRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Retry-After in seconds, when the hub sent it and CORS lets the page read it. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

export interface CallOptions {
  query?: Record<string, string | undefined>;
  body?: unknown;
  token?: string;
  /** pagehide: the request outlives the page (Fetch's keepalive). */
  keepalive?: boolean;
}

export type HubCall = <T>(method: 'GET' | 'POST', path: string, options?: CallOptions) => Promise<T>;

/**
 * A browser cannot tell a CORS refusal (the hub answered 403 origin_not_allowed without echoing this origin,
 * W3) from an unreachable hub: both are a TypeError. The code says both, so a developer knows where to look.
 */
const NETWORK_FAILURE =
  "the hub could not be reached, or refused this page's origin (is it in the widget key's domain allowlist?)";

export function hubClient(baseUrl: string, clientKey: string, signal: AbortSignal): HubCall {
  const base = baseUrl.replace(/\/+$/, '');
  return async <T>(method: 'GET' | 'POST', path: string, options: CallOptions = {}): Promise<T> => {
    const url = new URL(base + path);
    url.searchParams.set('client_key', clientKey);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined && value !== '') url.searchParams.set(name, value);
    }
    // Accept is CORS-safelisted: the config GET stays a simple request, with no preflight round trip.
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    let response: Response;
    try {
      response = await fetch(url.toString(), {
        method,
        headers,
        body: options.body === undefined ? null : JSON.stringify(options.body),
        // Visitor identity is the bearer token, never the hub's cookies.
        credentials: 'omit',
        cache: 'no-store',
        keepalive: options.keepalive === true,
        // A keepalive request is for after the page has gone: aborting it on destroy() would defeat it.
        signal: options.keepalive === true ? null : signal,
      });
    } catch (err) {
      if (signal.aborted && options.keepalive !== true) throw new HubRefusal(0, 'aborted', 'the widget was destroyed');
      throw new HubRefusal(0, 'network_error', `${NETWORK_FAILURE}: ${String(err)}`);
    }
    if (response.ok) return (await response.json()) as T;
    throw await refusalOf(response);
  };
}

async function refusalOf(response: Response): Promise<HubRefusal> {
  const text = await response.text().catch(() => '');
  const retryAfter = Number(response.headers.get('retry-after') ?? NaN);
  const wait = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined;
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    const code = parsed.error?.code;
    const message = parsed.error?.message;
    if (typeof code === 'string') return new HubRefusal(response.status, code, typeof message === 'string' ? message : '', wait);
  } catch {
    // Not JSON: the text form below.
  }
  const match = /^([a-z][a-z0-9_]*): ([^]*)$/.exec(text);
  if (match) return new HubRefusal(response.status, match[1]!, match[2]!, wait);
  return new HubRefusal(response.status, `http_${response.status}`, text.slice(0, 200));
}
