// A small history router: the hub serves index.html at each page's path (SPA fallback), and `?account=` is kept
// on every link so an address always names its account (§U).
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

type Listener = () => void;
const listeners = new Set<Listener>();

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  listeners.forEach((l) => l());
}

/** The current location, re-rendered on navigation and on Back/Forward. */
export function useLocation(): { path: string; query: URLSearchParams } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const update = () => setTick((n) => n + 1);
    listeners.add(update);
    addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      removeEventListener('popstate', update);
    };
  }, []);
  return { path: location.pathname.replace(/\/+$/, '') || '/', query: new URLSearchParams(location.search) };
}

/** `path` with the current `?account=` (and any extra parameters). */
export function hrefTo(path: string, params: Record<string, string> = {}): string {
  const query = new URLSearchParams();
  const account = new URLSearchParams(location.search).get('account');
  if (account) query.set('account', account);
  for (const [k, v] of Object.entries(params)) query.set(k, v);
  const qs = query.toString();
  return qs ? `${path}?${qs}` : path;
}

export function Link(props: { href: string; children: ComponentChildren; current?: boolean }) {
  return (
    <a
      href={props.href}
      aria-current={props.current ? 'page' : undefined}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(props.href);
      }}
    >
      {props.children}
    </a>
  );
}
