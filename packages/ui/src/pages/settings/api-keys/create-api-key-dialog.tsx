// K2 "Create API key": "Name", "Expiry" (Never, 1 year, 90 days, 30 days) and "Create"; then the token once,
// with "Copy" and a warning. Closing while the token is shown asks first: it cannot be shown again (T3).
// The account's expiry policy (A4 max_key_expiry_days) is not readable by tenants, so the API decides: its
// `expiry_exceeds_policy` answer is shown, and the options over the limit it names are then disabled.
import { useState } from 'preact/hooks';
import { createApiKey, type CreatedApiKey } from '../../../api/api-keys.js';
import { ApiError } from '../../../api/client.js';
import { useApp } from '../../../components/app-context.js';
import { Dialog } from '../../../components/dialog.js';
import { ErrorMessage } from '../../../components/status.js';
import { CopyButton } from '../../../components/copy-button.js';

const EXPIRIES = [
  { value: 'never', label: 'Never', days: Infinity },
  { value: '1y', label: '1 year', days: 365 },
  { value: '90d', label: '90 days', days: 90 },
  { value: '30d', label: '30 days', days: 30 },
] as const;

/** "this account allows keys of at most N days" → N. */
function policyDays(error: unknown): number | undefined {
  if (!(error instanceof ApiError) || error.code !== 'expiry_exceeds_policy') return undefined;
  const match = /at most (\d+) days/.exec(error.message);
  return match ? Number(match[1]) : undefined;
}

export function CreateApiKeyDialog(props: { onClose: (created: boolean) => void }) {
  const { api } = useApp();
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState<string>('90d');
  const [maxDays, setMaxDays] = useState<number | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [confirmingClose, setConfirmingClose] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      setCreated(await createApiKey(api, { name, expiry }));
    } catch (err) {
      setError(err);
      const days = policyDays(err);
      if (days !== undefined) setMaxDays(days);
    } finally {
      setBusy(false);
    }
  }

  function requestClose() {
    if (created) setConfirmingClose(true);
    else props.onClose(false);
  }

  if (created) {
    return (
      <Dialog title="API key created" onCancel={requestClose}>
        {confirmingClose ? (
          <>
            <p role="alert" class="warning">
              Close without the key? It will never be shown again: if you have not copied it, revoke it and create another.
            </p>
            <div class="actions">
              <button type="button" onClick={() => setConfirmingClose(false)}>
                Back to the key
              </button>
              <button type="button" class="danger" onClick={() => props.onClose(true)}>
                Close
              </button>
            </div>
          </>
        ) : (
          <>
            <p class="warning" id="key-warning">
              Copy this key now. It is shown only this once; Kataven keeps only a hash of it.
            </p>
            <label>
              API key “{created.name}”
              <input class="mono" readOnly value={created.key} aria-describedby="key-warning" data-testid="new-key" onFocus={(e) => e.currentTarget.select()} />
            </label>
            <div class="actions">
              <CopyButton text={created.key} />
              <button type="button" onClick={requestClose}>
                Done
              </button>
            </div>
          </>
        )}
      </Dialog>
    );
  }

  return (
    <Dialog title="Create API key" onCancel={requestClose}>
      <form onSubmit={(e) => void submit(e)} class="stack">
        <label>
          Name
          <input required maxLength={100} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label>
          Expiry
          <select value={expiry} onChange={(e) => setExpiry(e.currentTarget.value)}>
            {EXPIRIES.map((o) => (
              <option key={o.value} value={o.value} disabled={maxDays !== undefined && o.days > maxDays}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        {maxDays !== undefined ? <p class="muted">This account allows keys of at most {maxDays} days.</p> : null}
        <ErrorMessage error={error} />
        <div class="actions">
          <button type="button" onClick={requestClose}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={busy}>
            Create
          </button>
        </div>
      </form>
    </Dialog>
  );
}
