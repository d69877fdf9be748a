// The shared empty, loading and error states. An API error shows its code and message (§E), so what a user
// reads is what support can search for.
import type { ComponentChildren } from 'preact';
import { ApiError } from '../api/client.js';
import type { Loaded } from './use-load.js';

export function ErrorMessage({ error }: { error: unknown }) {
  if (error === undefined || error === null) return null;
  const api = error instanceof ApiError ? error : undefined;
  return (
    <div class="error" role="alert">
      {api ? (
        <>
          <strong>
            <code>{api.code}</code>
          </strong>
          : {api.message}
          {api.requestId ? <span class="muted"> (request {api.requestId})</span> : null}
        </>
      ) : (
        <>Something went wrong: {error instanceof Error ? error.message : 'an unexpected error'}</>
      )}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="muted" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

/** Renders `ready` with the data, or the loading / error state. */
export function Show<T>(props: { loaded: Loaded<T>; what: string; children: (data: T) => ComponentChildren }) {
  const { loaded } = props;
  if (loaded.state === 'loading') return <Loading what={props.what} />;
  if (loaded.state === 'error') return <ErrorMessage error={loaded.error} />;
  return <>{props.children(loaded.data)}</>;
}
