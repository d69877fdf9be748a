// Sign in (§U): T9 dev login ("Username", "Password", "Sign in") where the hub offers it, and the OIDC issuer
// (authorization code + PKCE, oidc.ts) where one is configured. The token is kept in memory only (app.tsx).
import { useState } from 'preact/hooks';
import { devLogin, uiConfig } from '../../api/session.js';
import { ErrorMessage, Show } from '../../components/status.js';
import { useLoad } from '../../components/use-load.js';
import { startOidcSignIn } from '../../oidc.js';

export function LoginPage(props: { onSignedIn: (token: string) => Promise<void>; notice?: string | undefined; error?: unknown }) {
  const [config] = useLoad(uiConfig, []);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(props.error);
  document.title = 'Sign in · Kataven Hub';

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const { token } = await devLogin(username, password);
      await props.onSignedIn(token);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <main id="main" class="login">
      <h1>Sign in to Kataven Hub</h1>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <ErrorMessage error={error} />
      <Show loaded={config} what="the sign-in options">
        {(c) => (
          <div class="stack">
            {c.oidc ? (
              <div class="card stack">
                <button
                  type="button"
                  class="primary"
                  disabled={busy}
                  onClick={() => {
                    setBusy(true);
                    setError(undefined);
                    startOidcSignIn(c.oidc!, `${location.pathname}${location.search}`).catch((err: unknown) => {
                      setError(err);
                      setBusy(false);
                    });
                  }}
                >
                  Sign in with single sign-on
                </button>
              </div>
            ) : null}
            {c.dev_login ? (
              <>
                <form onSubmit={(e) => void submit(e)} class="card stack" aria-label="Development sign-in">
                  <label>
                    Username
                    <input name="username" autocomplete="username" required value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
                  </label>
                  <label>
                    Password
                    <input
                      name="password"
                      type="password"
                      autocomplete="current-password"
                      required
                      value={password}
                      onInput={(e) => setPassword(e.currentTarget.value)}
                    />
                  </label>
                  <button type="submit" class="primary" disabled={busy}>
                    Sign in
                  </button>
                </form>
                <p class="muted">Development hubs sign in as dev / dev unless KATAVEN_DEV_USERS says otherwise.</p>
              </>
            ) : null}
            {!c.oidc && !c.dev_login ? (
              <p class="error" role="alert">
                This hub has no sign-in configured: set KATAVEN_OIDC_ISSUER and KATAVEN_OIDC_AUDIENCE.
              </p>
            ) : null}
          </div>
        )}
      </Show>
    </main>
  );
}
