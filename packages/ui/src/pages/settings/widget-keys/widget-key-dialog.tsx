// Create or edit a widget key (W1): "Name", the allowlist editor (W2: one entry a line; the API validates and its
// invalid_allowlist_entry is shown as it is), and the agent pin. A new key is shown with its embed snippet.
import { useState } from 'preact/hooks';
import type { Agent } from '../../../api/agents.js';
import { createWidgetKey, updateWidgetKey, type WidgetKey } from '../../../api/widget-keys.js';
import { useApp } from '../../../components/app-context.js';
import { CopyButton } from '../../../components/copy-button.js';
import { Dialog } from '../../../components/dialog.js';
import { ErrorMessage } from '../../../components/status.js';
import { embedSnippet } from './embed-snippet.js';

export function WidgetKeyDialog(props: { editing?: WidgetKey; agents: Agent[]; onClose: (changed: boolean) => void }) {
  const { api } = useApp();
  const { editing } = props;
  const [name, setName] = useState(editing?.name ?? '');
  const [allowlist, setAllowlist] = useState((editing?.domain_allowlist ?? []).join('\n'));
  const [agentId, setAgentId] = useState(editing?.agent_id ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [created, setCreated] = useState<(WidgetKey & { key: string }) | null>(null);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const fields = {
      name,
      domain_allowlist: allowlist
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== ''),
      agent_id: agentId === '' ? null : agentId,
    };
    try {
      if (editing) {
        await updateWidgetKey(api, editing.id, fields);
        props.onClose(true);
      } else {
        setCreated(await createWidgetKey(api, fields));
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (created) {
    const snippet = embedSnippet(created.key, created.agent_id);
    return (
      <Dialog title="Widget key created" onCancel={() => props.onClose(true)}>
        <p class="warning">The full key is shown only now; later only its last 8 characters are. It is public: it goes in your pages.</p>
        <label>
          Widget key “{created.name}”
          <input class="mono" readOnly value={created.key} onFocus={(e) => e.currentTarget.select()} />
        </label>
        <h3 id="snippet-label">Embed snippet</h3>
        <pre class="snippet" aria-labelledby="snippet-label" tabIndex={0}>
          <code>{snippet}</code>
        </pre>
        <div class="actions">
          <CopyButton text={snippet} label="Copy snippet" />
          <button type="button" onClick={() => props.onClose(true)}>
            Done
          </button>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog title={editing ? `Edit widget key “${editing.name}”` : 'Create widget key'} onCancel={() => props.onClose(false)}>
      <form onSubmit={(e) => void submit(e)} class="stack">
        <label>
          Name
          <input required maxLength={100} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label>
          Allowed origins
          <textarea
            class="mono"
            aria-describedby="allowlist-hint"
            value={allowlist}
            onInput={(e) => setAllowlist(e.currentTarget.value)}
            placeholder={'https://www.example.com\n*.example.com\nlocalhost:*'}
          />
          <span class="muted hint" id="allowlist-hint">
            One a line: an origin (https://example.com, http://localhost:3000), a host (example.com, https only), *.example.com
            (subdomains) or localhost:*. An empty list blocks the key.
          </span>
        </label>
        <label>
          Agent
          <select value={agentId} onChange={(e) => setAgentId(e.currentTarget.value)}>
            <option value="">Any agent (the page chooses)</option>
            {props.agents.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} ({a.status})
              </option>
            ))}
          </select>
        </label>
        {editing ? (
          <>
            <h3 id="snippet-label">Embed snippet</h3>
            <pre class="snippet" aria-labelledby="snippet-label" tabIndex={0}>
              <code>{embedSnippet(`pk_live_…${editing.last8}`, agentId === '' ? null : agentId)}</code>
            </pre>
            <p class="muted">Use the full key you saved when the key was created.</p>
          </>
        ) : null}
        <ErrorMessage error={error} />
        <div class="actions">
          <button type="button" onClick={() => props.onClose(false)}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={busy}>
            {editing ? 'Save' : 'Create'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
