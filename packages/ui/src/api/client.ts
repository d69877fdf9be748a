// The one place the UI talks HTTP: same-origin calls to the hub surface (`/api/v1/…`), the bearer and the
// account header (T4: a Hub user's JWT needs X-Account-ID), `Accept: application/json` so errors come back as
// `{error:{code,message,request_id}}` (§E), and errors turned into ApiError values that pages show as they are.
// Resource modules (api/*.ts) mirror @kataven/sdk's resources so they can be swapped for it once it lands.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface Client {
  /** The account every request names (X-Account-ID). */
  account: string;
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
}

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | undefined>;
  /** O2/L1: `X-Admin: true`, sent only by the screens whose action needs it (the Limits save). */
  admin?: boolean;
}

/** Turns any failed answer into an ApiError: the §E JSON body, else `code: message` text, else the status. */
async function errorOf(response: Response): Promise<ApiError> {
  const requestId = response.headers.get('x-request-id') ?? undefined;
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string; request_id?: string } };
    if (body.error?.code) return new ApiError(response.status, body.error.code, body.error.message ?? '', body.error.request_id ?? requestId);
  } catch {
    // not JSON: the text/plain form
  }
  const match = /^([a-z_]+): (.*)$/s.exec(text);
  if (match) return new ApiError(response.status, match[1]!, match[2]!, requestId);
  return new ApiError(response.status, `http_${response.status}`, text || response.statusText, requestId);
}

export async function send<T>(url: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network_error', 'The hub could not be reached. Check your connection and try again.', undefined);
  }
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export function createClient(token: string, account: string, onUnauthorized: (error: ApiError) => void): Client {
  return {
    account,
    async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
      const query = new URLSearchParams();
      for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined && v !== '') query.set(k, v);
      const qs = query.toString();
      const headers: Record<string, string> = {
        authorization: `Bearer ${token}`,
        'x-account-id': account,
        accept: 'application/json',
      };
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      if (options.admin) headers['x-admin'] = 'true';
      try {
        return await send<T>(`/api/v1${path}${qs ? `?${qs}` : ''}`, {
          method,
          headers,
          ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        });
      } catch (err) {
        // An expired or otherwise refused session: back to the sign-in page, saying why.
        if (err instanceof ApiError && err.status === 401) onUnauthorized(err);
        throw err;
      }
    },
  };
}
