// /audit (AU3): the account's audit trail, newest first, filtered by key, actor and time, paged by cursor.
import { useState } from 'preact/hooks';
import { listApiKeys } from '../../api/api-keys.js';
import { listAuditLog, type AuditFilter } from '../../api/audit-log.js';
import { useApp } from '../../components/app-context.js';
import { Empty, Show } from '../../components/status.js';
import { useLoad } from '../../components/use-load.js';
import { formatDate } from '../../format.js';
import { listWidgetKeys } from '../../api/widget-keys.js';

/** A datetime-local value (the browser's local time) as an ISO instant, or undefined when empty. */
function isoOf(local: string): string | undefined {
  if (local === '') return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function AuditPage() {
  const { api } = useApp();
  const [keys] = useLoad(async () => {
    const [apiKeys, widgetKeys] = await Promise.all([listApiKeys(api), listWidgetKeys(api)]);
    return [...apiKeys.map((k) => ({ id: k.id, label: `${k.name} (…${k.last8})` })), ...widgetKeys.map((k) => ({ id: k.id, label: `${k.name} (widget, …${k.last8})` }))];
  }, [api]);
  const [form, setForm] = useState({ key_id: '', actor: '', since: '', until: '' });
  const [filter, setFilter] = useState<AuditFilter>({});
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [previous, setPrevious] = useState<(string | undefined)[]>([]);
  const [loaded] = useLoad(() => listAuditLog(api, filter, cursor), [api, filter, cursor]);
  document.title = 'Audit · Kataven Hub';

  return (
    <>
      <h1>Audit</h1>
      <form
        class="card filters"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter({ key_id: form.key_id || undefined, actor: form.actor || undefined, since: isoOf(form.since), until: isoOf(form.until) });
          setCursor(undefined);
          setPrevious([]);
        }}
      >
        <label>
          Key
          <select value={form.key_id} onChange={(e) => setForm({ ...form, key_id: e.currentTarget.value })}>
            <option value="">Any key</option>
            {keys.state === 'ready'
              ? keys.data.map((k) => (
                  <option key={k.id} value={k.id}>
                    {k.label}
                  </option>
                ))
              : null}
          </select>
        </label>
        <label>
          Actor
          <select value={form.actor} onChange={(e) => setForm({ ...form, actor: e.currentTarget.value })}>
            <option value="">Anyone</option>
            <option value="api_key">API key</option>
            <option value="user">Hub user</option>
            <option value="visitor">Widget visitor</option>
          </select>
        </label>
        <label>
          Since
          <input type="datetime-local" value={form.since} onInput={(e) => setForm({ ...form, since: e.currentTarget.value })} />
        </label>
        <label>
          Until
          <input type="datetime-local" value={form.until} onInput={(e) => setForm({ ...form, until: e.currentTarget.value })} />
        </label>
        <button type="submit" class="primary">
          Filter
        </button>
      </form>
      <Show loaded={loaded} what="the audit log">
        {(page) => (
          <>
            {page.data.length === 0 ? (
              <Empty>No audit entries match.</Empty>
            ) : (
              <div class="table-wrap card">
                <table class="cards">
                  <caption class="sr-only">Audit log, newest first</caption>
                  <thead>
                    <tr>
                      <th scope="col">Time</th>
                      <th scope="col">Actor</th>
                      <th scope="col">Who</th>
                      <th scope="col">Request</th>
                      <th scope="col">Status</th>
                      <th scope="col">IP</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.data.map((entry) => (
                      <tr key={entry.id} data-entry-id={entry.id}>
                        <th scope="row">
                          <time dateTime={entry.at}>{formatDate(entry.at)}</time>
                        </th>
                        <td data-label="Actor">{entry.actor}</td>
                        <td data-label="Who">{entry.key_name ?? entry.sub ?? '—'}</td>
                        <td data-label="Request">
                          <code>
                            {entry.method} {entry.route}
                          </code>
                        </td>
                        <td data-label="Status">{entry.status}</td>
                        <td data-label="IP">{entry.ip ?? '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <div class="actions">
              {previous.length > 0 ? (
                <button
                  type="button"
                  onClick={() => {
                    setCursor(previous[previous.length - 1]);
                    setPrevious(previous.slice(0, -1));
                  }}
                >
                  Newer entries
                </button>
              ) : null}
              {page.next_cursor ? (
                <button
                  type="button"
                  onClick={() => {
                    setPrevious([...previous, cursor]);
                    setCursor(page.next_cursor ?? undefined);
                  }}
                >
                  Older entries
                </button>
              ) : null}
            </div>
          </>
        )}
      </Show>
    </>
  );
}
