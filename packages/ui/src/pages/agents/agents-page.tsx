// /agents (C1): the list, "Create agent", and each agent's status (draft, active, paused, archived; only active
// agents place calls).
import { useState } from 'preact/hooks';
import { AGENT_STATUSES, createAgent, listAgents, updateAgent, type Agent, type AgentStatus } from '../../api/agents.js';
import { useApp } from '../../components/app-context.js';
import { Empty, ErrorMessage, Show } from '../../components/status.js';
import { useLoad } from '../../components/use-load.js';
import { formatDate } from '../../format.js';

export function AgentsPage() {
  const { api } = useApp();
  const [loaded, reload] = useLoad(() => listAgents(api), [api]);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  document.title = 'Agents · Kataven Hub';

  async function create(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await createAgent(api, { name });
      setName('');
      reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h1>Agents</h1>
      <form onSubmit={(e) => void create(e)} class="card filters">
        <label>
          New agent name
          <input required maxLength={100} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <button type="submit" class="primary" disabled={busy}>
          Create agent
        </button>
      </form>
      <ErrorMessage error={error} />
      <Show loaded={loaded} what="agents">
        {(agents) =>
          agents.length === 0 ? (
            <Empty>No agents yet. Create one above; it starts as a draft.</Empty>
          ) : (
            <div class="table-wrap card">
              <table class="cards">
                <caption class="sr-only">Agents</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Status</th>
                    <th scope="col">Model</th>
                    <th scope="col">Voice</th>
                    <th scope="col">Created</th>
                  </tr>
                </thead>
                <tbody>
                  {agents.map((agent) => (
                    <AgentRow key={agent.id} agent={agent} />
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Show>
    </>
  );
}

function AgentRow({ agent: initial }: { agent: Agent }) {
  const { api } = useApp();
  const [agent, setAgent] = useState(initial);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  async function changeStatus(status: AgentStatus) {
    setBusy(true);
    setError(undefined);
    try {
      setAgent(await updateAgent(api, agent.id, { status }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <tr>
      <th scope="row">
        {agent.name}
        <div class="muted hint">
          <code>{agent.id}</code>
        </div>
      </th>
      <td data-label="Status">
        <label class="inline">
          <span class="sr-only">Status of {agent.name}</span>
          <select value={agent.status} disabled={busy} onChange={(e) => void changeStatus(e.currentTarget.value as AgentStatus)}>
            {AGENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <ErrorMessage error={error} />
      </td>
      <td data-label="Model">{agent.llm_model}</td>
      <td data-label="Voice">{agent.voice_provider}</td>
      <td data-label="Created">{formatDate(agent.created_at)}</td>
    </tr>
  );
}
