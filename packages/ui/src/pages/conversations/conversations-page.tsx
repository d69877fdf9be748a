// /conversations (C3, C4): calls newest first (paged), and for a call or a web session its transcript and the
// recording, played from its signed URL (served by this hub, so the CSP's media-src 'self' allows it). Web
// sessions have no list in the API yet: one is opened by its id.
import { useEffect, useRef, useState } from 'preact/hooks';
import { getRecording, getSession, listCalls, type Call, type Page } from '../../api/calls.js';
import { useApp } from '../../components/app-context.js';
import { Empty, ErrorMessage, Loading, Show } from '../../components/status.js';
import { useLoad } from '../../components/use-load.js';
import { formatDate } from '../../format.js';

export function ConversationsPage() {
  const { api } = useApp();
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [pages, setPages] = useState<string[]>([]);
  const [loaded] = useLoad<Page<Call>>(() => listCalls(api, cursor), [api, cursor]);
  const [open, setOpen] = useState<string | null>(null);
  const [sessionId, setSessionId] = useState('');
  document.title = 'Conversations · Kataven Hub';

  return (
    <>
      <h1>Conversations</h1>
      <form
        class="card filters"
        onSubmit={(e) => {
          e.preventDefault();
          setOpen(sessionId.trim());
        }}
      >
        <label>
          Session id
          <input value={sessionId} onInput={(e) => setSessionId(e.currentTarget.value)} placeholder="a call's or a web session's id" />
        </label>
        <button type="submit">Open session</button>
      </form>
      {open ? <SessionDetail id={open} onClose={() => setOpen(null)} /> : null}
      <h2>Calls</h2>
      <Show loaded={loaded} what="calls">
        {(page) => (
          <>
            {page.data.length === 0 ? (
              <Empty>No calls yet. Calls placed with POST /v1/calls/originate appear here.</Empty>
            ) : (
              <div class="table-wrap card">
                <table class="cards">
                  <caption class="sr-only">Calls, newest first</caption>
                  <thead>
                    <tr>
                      <th scope="col">Started</th>
                      <th scope="col">From</th>
                      <th scope="col">To</th>
                      <th scope="col">Status</th>
                      <th scope="col">Duration</th>
                      <th scope="col">Carrier</th>
                      <th scope="col">
                        <span class="sr-only">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.data.map((call) => (
                      <tr key={call.id}>
                        <th scope="row">{formatDate(call.created_at)}</th>
                        <td data-label="From">{call.from_number}</td>
                        <td data-label="To">{call.to_number}</td>
                        <td data-label="Status">{call.status}</td>
                        <td data-label="Duration">{call.duration_seconds === null ? '—' : `${call.duration_seconds} s`}</td>
                        <td data-label="Carrier">{call.simulated ? 'Simulated carrier' : call.carrier}</td>
                        <td>
                          <button type="button" aria-label={`Transcript of the call to ${call.to_number} at ${formatDate(call.created_at)}`} onClick={() => setOpen(call.session_id)}>
                            Transcript
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <div class="actions">
              {pages.length > 0 ? (
                <button
                  type="button"
                  onClick={() => {
                    const previous = pages.slice(0, -1);
                    setPages(previous);
                    setCursor(pages[pages.length - 1] === '' ? undefined : pages[pages.length - 1]);
                  }}
                >
                  Newer calls
                </button>
              ) : null}
              {page.next_cursor ? (
                <button
                  type="button"
                  onClick={() => {
                    setPages([...pages, cursor ?? '']);
                    setCursor(page.next_cursor ?? undefined);
                  }}
                >
                  Older calls
                </button>
              ) : null}
            </div>
          </>
        )}
      </Show>
    </>
  );
}

function SessionDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const { api } = useApp();
  const [loaded] = useLoad(() => getSession(api, id), [api, id]);
  // Opening a session moves the focus to it, so a keyboard or screen reader user lands on what they opened.
  const section = useRef<HTMLElement>(null);
  useEffect(() => section.current?.focus(), [id]);
  const [recording, setRecording] = useState<{ state: 'idle' | 'loading' } | { state: 'ready'; url: string } | { state: 'error'; error: unknown }>({ state: 'idle' });

  async function play() {
    setRecording({ state: 'loading' });
    try {
      const { url } = await getRecording(api, id);
      setRecording({ state: 'ready', url });
    } catch (error) {
      setRecording({ state: 'error', error });
    }
  }

  return (
    <section class="card stack" aria-labelledby="session-title" tabIndex={-1} ref={section}>
      <div class="bar">
        <h2 id="session-title">Session {id}</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <Show loaded={loaded} what="the session">
        {(s) => (
          <>
            <p>
              {s.kind === 'call' ? 'Phone call' : 'Web session'}
              {s.simulated ? ' (simulated carrier)' : ''} · {s.status} · started {formatDate(s.created_at)}
              {s.duration_seconds !== null ? ` · ${s.duration_seconds} s` : ''}
            </p>
            <h3>Transcript</h3>
            {s.transcript.length === 0 ? (
              <Empty>No transcript yet.</Empty>
            ) : (
              <ol class="transcript">
                {s.transcript.map((line, i) => (
                  <li key={i}>
                    <strong>{line.speaker ?? 'unknown'}:</strong> {line.text ?? ''}
                  </li>
                ))}
              </ol>
            )}
            <h3>Recording</h3>
            {recording.state === 'ready' ? (
              <audio controls src={recording.url}>
                <a href={recording.url}>Download the recording</a>
              </audio>
            ) : recording.state === 'loading' ? (
              <Loading what="the recording" />
            ) : (
              <>
                <p class="muted">Recording: {s.recording.state}</p>
                {recording.state === 'error' ? <ErrorMessage error={recording.error} /> : null}
                <div>
                  <button type="button" onClick={() => void play()}>
                    Play recording
                  </button>
                </div>
              </>
            )}
          </>
        )}
      </Show>
    </section>
  );
}
