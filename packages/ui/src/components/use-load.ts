// Loading, error and ready: the three states every screen shows (§U). An answer counts only for the
// dependencies it was loaded with: the render right after they change already shows "loading", never the
// previous page's rows under the new page's controls.
import { useCallback, useEffect, useState } from 'preact/hooks';

export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'error'; error: unknown }
  | { state: 'ready'; data: T };

const LOADING = { state: 'loading' } as const;

function sameDeps(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((value, i) => Object.is(value, b[i]));
}

export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): [Loaded<T>, () => void] {
  const [generation, setGeneration] = useState(0);
  const all = [...deps, generation];
  const [value, setValue] = useState<{ deps: unknown[]; loaded: Loaded<T> } | null>(null);
  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setValue({ deps: all, loaded: { state: 'ready', data } }),
      (error: unknown) => live && setValue({ deps: all, loaded: { state: 'error', error } }),
    );
    return () => {
      live = false;
    };
    // The caller names the dependencies, as with useEffect.
  }, all);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return [value !== null && sameDeps(value.deps, all) ? value.loaded : LOADING, reload];
}
