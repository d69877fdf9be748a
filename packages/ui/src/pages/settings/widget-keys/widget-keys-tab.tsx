// §U "Widget keys" (W1): the table, "Create widget key", edit (allowlist and agent pin), revoke and delete.
import { useState } from 'preact/hooks';
import { listAgents, type Agent } from '../../../api/agents.js';
import { deleteWidgetKey, listWidgetKeys, updateWidgetKey, type WidgetKey } from '../../../api/widget-keys.js';
import { useApp } from '../../../components/app-context.js';
import { ConfirmDialog } from '../../../components/dialog.js';
import { Empty, Show } from '../../../components/status.js';
import { useLoad } from '../../../components/use-load.js';
import { formatDate, keyStatus } from '../../../format.js';
import { WidgetKeyDialog } from './widget-key-dialog.js';

type Pending = { kind: 'revoke' | 'delete'; key: WidgetKey } | null;

export function WidgetKeysTab() {
  const { api } = useApp();
  const [loaded, reload] = useLoad(async () => {
    const [keys, agents] = await Promise.all([listWidgetKeys(api), listAgents(api)]);
    return { keys, agents };
  }, [api]);
  const [dialog, setDialog] = useState<{ editing?: WidgetKey } | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  async function confirm() {
    if (!pending) return;
    setBusy(true);
    setError(undefined);
    try {
      if (pending.kind === 'revoke') await updateWidgetKey(api, pending.key.id, { disabled: true });
      else await deleteWidgetKey(api, pending.key.id);
      setPending(null);
      reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const agentName = (agents: Agent[], id: string | null) => (id ? (agents.find((a) => a.id === id)?.name ?? id) : 'Any agent');

  return (
    <>
      <div class="bar">
        <h2>Widget keys</h2>
        <button type="button" class="primary" onClick={() => setDialog({})} disabled={loaded.state !== 'ready'}>
          Create widget key
        </button>
      </div>
      <p class="muted">Public keys (pk_live_) for the embeddable widget, usable only from the origins you allow.</p>
      <Show loaded={loaded} what="widget keys">
        {({ keys, agents }) => (
          <>
            {keys.length === 0 ? (
              <Empty>No widget keys yet. Create one to put the widget on your website.</Empty>
            ) : (
              <div class="table-wrap">
                <table class="cards">
                  <caption class="sr-only">Widget keys</caption>
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Last 8</th>
                      <th scope="col">Allowed origins</th>
                      <th scope="col">Agent</th>
                      <th scope="col">Created</th>
                      <th scope="col">Last used</th>
                      <th scope="col">Status</th>
                      <th scope="col">
                        <span class="sr-only">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {keys.map((key) => {
                      const status = keyStatus(key);
                      return (
                        <tr key={key.id}>
                          <th scope="row">{key.name}</th>
                          <td data-label="Last 8">
                            <code>…{key.last8}</code>
                          </td>
                          <td data-label="Allowed origins">
                            {key.domain_allowlist.length === 0 ? (
                              <span class="muted">None (blocked)</span>
                            ) : (
                              key.domain_allowlist.map((entry) => (
                                <code key={entry} class="entry">
                                  {entry}
                                </code>
                              ))
                            )}
                          </td>
                          <td data-label="Agent">{agentName(agents, key.agent_id)}</td>
                          <td data-label="Created">{formatDate(key.created_at)}</td>
                          <td data-label="Last used">{formatDate(key.last_used_at, 'Never')}</td>
                          <td data-label="Status">
                            <span class={`badge ${status.toLowerCase()}`}>{status}</span>
                          </td>
                          <td>
<div class="row-actions">
                            {status === 'Active' ? (
                              <>
                                <button type="button" aria-label={`Edit ${key.name}`} onClick={() => setDialog({ editing: key })}>
                                  Edit
                                </button>
                                <button type="button" class="danger" aria-label={`Revoke ${key.name}`} onClick={() => setPending({ kind: 'revoke', key })}>
                                  Revoke
                                </button>
                              </>
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
            )}
            {dialog ? (
              <WidgetKeyDialog
                {...(dialog.editing ? { editing: dialog.editing } : {})}
                agents={agents}
                onClose={(changed) => {
                  setDialog(null);
                  if (changed) reload();
                }}
              />
            ) : null}
          </>
        )}
      </Show>
      {pending ? (
        <ConfirmDialog
          title={pending.kind === 'revoke' ? 'Revoke widget key' : 'Delete widget key'}
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
              ? `Revoke “${pending.key.name}”? Widgets using it stop working at once, and its visitors' sessions end. This cannot be undone.`
              : `Delete “${pending.key.name}”? Widgets using it stop working at once.`}
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
