// What every page needs: the API client for the selected account and whether the user is an account admin.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Client } from '../api/client.js';

export interface AppContextValue {
  api: Client;
  isAdmin: boolean;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp outside the signed-in app');
  return value;
}
