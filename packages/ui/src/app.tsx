// The signed-in shell: session (in memory only, §U: never localStorage), the account switcher (`?account=`), the
// navigation and the page for the path. Reloading the page forgets the session: sign in again.
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, createClient } from './api/client.js';
import { rolesOf, uiConfig, userAccounts } from './api/session.js';
import { CALLBACK_PATH, completeOidcSignIn } from './oidc.js';
import { AppContext } from './components/app-context.js';
import { Empty } from './components/status.js';
import { AgentsPage } from './pages/agents/agents-page.js';
import { AuditPage } from './pages/audit/audit-page.js';
import { ConversationsPage } from './pages/conversations/conversations-page.js';
import { LoginPage } from './pages/login/login-page.js';
import { SettingsPage } from './pages/settings/settings-page.js';
import { hrefTo, Link, navigate, useLocation } from './router.js';

interface Session {
  token: string;
  sub: string;
  accounts: string[];
  roles: string[];
}

const PAGES = [
  { path: '/settings', label: 'Settings' },
  { path: '/agents', label: 'Agents' },
  { path: '/conversations', label: 'Conversations' },
  { path: '/audit', label: 'Audit' },
] as const;

export function App() {
  const [session, setSession] = useState<Session | null>(null);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const { path, query } = useLocation();

  const [callbackError, setCallbackError] = useState<unknown>(undefined);
  const [completing, setCompleting] = useState(path === CALLBACK_PATH);

  async function signedIn(token: string) {
    const { sub, accounts } = await userAccounts(token);
    setNotice(undefined);
    setSession({ token, sub, accounts, roles: rolesOf(token) });
    if (location.pathname === '/') navigate(hrefTo('/settings'), { replace: true });
  }

  // Back from the OIDC issuer: exchange the code, then go where the sign-in started (without the code).
  useEffect(() => {
    if (path !== CALLBACK_PATH) return;
    uiConfig()
      .then(async (config) => {
        if (!config.oidc) throw new Error('this hub has no OIDC issuer');
        const { token, returnTo } = await completeOidcSignIn(config.oidc);
        navigate(returnTo.startsWith('/') && !returnTo.startsWith(CALLBACK_PATH) ? returnTo : '/settings', { replace: true });
        await signedIn(token);
      })
      .catch((err: unknown) => {
        navigate('/', { replace: true });
        setCallbackError(err);
      })
      .finally(() => setCompleting(false));
    // Once, on arrival.
  }, []);

  if (completing) {
    return (
      <main id="main" class="login">
        <h1>Signing in…</h1>
      </main>
    );
  }

  function signOut(reason?: string) {
    setSession(null); // the token is forgotten with the state that held it
    setNotice(reason);
  }

  if (!session) return <LoginPage onSignedIn={signedIn} notice={notice} error={callbackError} />;

  const requested = query.get('account');
  const account = requested ?? session.accounts[0];
  if (requested === null && account !== undefined) {
    const next = new URLSearchParams(location.search);
    next.set('account', account);
    history.replaceState(null, '', `${location.pathname}?${next.toString()}`);
  }

  return (
    <Shell session={session} account={account} path={path} onSignOut={() => signOut('You have signed out.')}>
      {account === undefined ? (
        <Empty>You are not a member of any account yet. Ask an operator to add you to one.</Empty>
      ) : !session.accounts.includes(account) ? (
        <div class="error" role="alert">
          <code>account_mismatch</code>: you are not a member of the account “{account}”. Choose one of yours above.
        </div>
      ) : (
        <SignedIn session={session} account={account} path={path} onExpired={(e) => signOut(`Your session ended (${e.code}). Sign in again.`)} />
      )}
    </Shell>
  );
}

function SignedIn(props: { session: Session; account: string; path: string; onExpired: (error: ApiError) => void }) {
  const { session, account, onExpired } = props;
  const api = useMemo(() => createClient(session.token, account, onExpired), [session.token, account]);
  const value = useMemo(() => ({ api, isAdmin: session.roles.includes('admin') }), [api, session.roles]);
  return (
    <AppContext.Provider value={value}>
      {/* A new account is a new page: nothing of the previous account's state survives. */}
      <Page key={`${account}:${props.path}`} path={props.path} />
    </AppContext.Provider>
  );
}

function Page({ path }: { path: string }) {
  if (path === '/' || path === '/settings' || path.startsWith('/settings/')) return <SettingsPage />;
  if (path === '/agents') return <AgentsPage />;
  if (path === '/conversations') return <ConversationsPage />;
  if (path === '/audit') return <AuditPage />;
  return (
    <>
      <h1>Page not found</h1>
      <p>
        There is no page at <code>{path}</code>. <Link href={hrefTo('/settings')}>Go to the settings</Link>.
      </p>
    </>
  );
}

function Shell(props: {
  session: Session;
  account: string | undefined;
  path: string;
  onSignOut: () => void;
  children: ComponentChildren;
}) {
  const { session, account } = props;
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Kataven Hub</span>
        <nav aria-label="Main">
          <ul>
            {PAGES.map((p) => (
              <li key={p.path}>
                <Link href={hrefTo(p.path)} current={props.path === p.path || (p.path === '/settings' && props.path === '/')}>
                  {p.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          <label>
            Account
            <select
              value={account ?? ''}
              onChange={(e) => {
                const next = new URLSearchParams(location.search);
                next.set('account', e.currentTarget.value);
                navigate(`${location.pathname}?${next.toString()}`);
              }}
            >
              {account !== undefined && !session.accounts.includes(account) ? <option value={account}>{account}</option> : null}
              {session.accounts.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </label>
          <span class="muted" title="Signed in as">
            {session.sub}
          </span>
          <button type="button" onClick={props.onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
    </>
  );
}
