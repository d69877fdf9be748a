// §U "API keys": the table (name, last 8, created, last used, expiry, status), "Create API key", "Revoke"
// confirmed in a dialog, and delete (K4: never-used keys go, used ones are kept revoked for the audit trail).
import { useState } from 'preact/hooks';
import { deleteApiKey, listApiKeys, revokeApiKey, type ApiKey } from '../../../api/api-keys.js';
import { useApp } from '../../../components/app-context.js';
import { ConfirmDialog } from '../../../components/dialog.js';
import { Empty, Show } from '../../../components/status.js';
import { useLoad } from '../../../components/use-load.js';
import { formatDate, keyStatus } from '../../../format.js';
import { CreateApiKeyDialog } from './create-api-key-dialog.js';

type Pending = { kind: 'revoke' | 'delete'; key: ApiKey } | null;

export function ApiKeysTab() {
  const { api } = useApp();
  const [keys, reload] = useLoad(() => listApiKeys(api), [api]);
  const [creating, setCreating] = useState(false);
  const [pending, setPending] = useState<Pending>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  async function confirm() {
    if (!pending) return;
    setBusy(true);
    setError(undefined);
    try {
      if (pending.kind === 'revoke') await revokeApiKey(api, pending.key.id);
      else await deleteApiKey(api, pending.key.id);
      setPending(null);
      reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <div class="bar">
        <h2>API keys</h2>
        <button type="button" class="primary" onClick={() => setCreating(true)}>
          Create API key
        </button>
      </div>
      <p class="muted">Server-side keys (sk_live_) for the API, the SDK and MCP. A key is shown once, when it is created.</p>
      <Show loaded={keys} what="API keys">
        {(list) =>
          list.length === 0 ? (
            <Empty>No API keys yet. Create one to call the API from your servers.</Empty>
          ) : (
            <div class="table-wrap">
              <table class="cards">
                <caption class="sr-only">API keys</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Last 8</th>
                    <th scope="col">Created</th>
                    <th scope="col">Last used</th>
                    <th scope="col">Expiry</th>
                    <th scope="col">Status</th>
                    <th scope="col">
                      <span class="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((key) => {
                    const status = keyStatus(key);
                    return (
                      <tr key={key.id} data-key-id={key.id}>
                        <th scope="row">{key.name}</th>
                        <td data-label="Last 8">
                          <code>…{key.last8}</code>
                        </td>
                        <td data-label="Created">{formatDate(key.created_at)}</td>
                        <td data-label="Last used">{formatDate(key.last_used_at, 'Never')}</td>
                        <td data-label="Expiry">{formatDate(key.expires_at, 'Never')}</td>
                        <td data-label="Status">
                          <span class={`badge ${status.toLowerCase()}`}>{status}</span>
                        </td>
                        <td>
<div class="row-actions">
                          {status === 'Active' ? (
                            <button type="button" class="danger" aria-label={`Revoke ${key.name}`} onClick={() => setPending({ kind: 'revoke', key })}>
                              Revoke
                            </button>
                          ) : null}
                          <button type="button" aria-label={`Delete ${key.name}`} onClick={() => setPending({ kind: 'delete', key })}>
                            Delete
                          </button>
                        </div>
</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )
        }
      </Show>
      {creating ? (
        <CreateApiKeyDialog
          onClose={(created) => {
            setCreating(false);
            if (created) reload();
          }}
        />
      ) : null}
      {pending ? (
        <ConfirmDialog
          title={pending.kind === 'revoke' ? 'Revoke API key' : 'Delete API key'}
          confirmLabel={pending.kind === 'revoke' ? 'Revoke' : 'Delete'}
          busy={busy}
          error={error}
          onConfirm={() => void confirm()}
          onCancel={() => {
            setPending(null);
            setError(undefined);
          }}
        >
          <p>
            {pending.kind === 'revoke'
              ? `Revoke “${pending.key.name}” (…${pending.key.last8})? Every request with it is refused from now on. This cannot be undone.`
              : `Delete “${pending.key.name}” (…${pending.key.last8})? A key that was never used is removed; a used one is kept, revoked, for the audit trail.`}
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
