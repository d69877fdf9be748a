// T9 dev login: "Username", "Password", "Sign in". The token it returns is kept in memory only (app.tsx).
import { useState } from 'preact/hooks';
import { devLogin } from '../../api/session.js';
import { ErrorMessage } from '../../components/status.js';

export function LoginPage(props: { onSignedIn: (token: string) => Promise<void>; notice?: string | undefined }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

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
      <form onSubmit={(e) => void submit(e)} class="card stack">
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
        <ErrorMessage error={error} />
        <button type="submit" class="primary" disabled={busy}>
          Sign in
        </button>
      </form>
      <p class="muted">Development hubs sign in as dev / dev unless KATAVEN_DEV_USERS says otherwise.</p>
    </main>
  );
}
