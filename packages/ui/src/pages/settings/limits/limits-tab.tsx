// §U "Limits": the four cost caps of L1 ("Concurrent calls", "Calls per minute", "Daily calls", "Daily
// minutes"; 0 blocks that dimension). Editable only by account admins: members see read-only fields, and only
// this screen's save sends `X-Admin: true` (O2). The plan's ceilings and the rate limits (R1) are the operator's
// and not readable by tenants, so an over-ceiling value is refused by the API (exceeds_plan_ceiling) and shown.
import { useEffect, useState } from 'preact/hooks';
import { getCallLimits, putCallLimits, type CallLimits } from '../../../api/call-limits.js';
import { useApp } from '../../../components/app-context.js';
import { ErrorMessage, Show } from '../../../components/status.js';
import { useLoad } from '../../../components/use-load.js';

const FIELDS: { key: keyof CallLimits; label: string; hint: string }[] = [
  { key: 'concurrent_max', label: 'Concurrent calls', hint: 'Calls and web sessions in progress at once.' },
  { key: 'calls_per_minute', label: 'Calls per minute', hint: 'New calls started in any minute.' },
  { key: 'daily_calls_max', label: 'Daily calls', hint: 'Calls started per UTC day.' },
  { key: 'daily_minutes_max', label: 'Daily minutes', hint: 'Minutes talked per UTC day.' },
];

export function LimitsTab() {
  const { api } = useApp();
  const [loaded] = useLoad(() => getCallLimits(api), [api]);
  return (
    <>
      <h2>Limits</h2>
      <p class="muted">Cost caps for calls and web sessions (0 blocks that kind of call). Over a cap, new calls get 429.</p>
      <Show loaded={loaded} what="limits">
        {(limits) => <LimitsForm initial={limits} />}
      </Show>
      <h3>Rate limits</h3>
      <p class="muted">
        API requests are limited per account (by default 60 a minute, 1,000 an hour, 10,000 a day and 20 at once). Your
        operator sets them; a request over a limit gets 429 with Retry-After.
      </p>
    </>
  );
}

function LimitsForm({ initial }: { initial: CallLimits }) {
  const { api, isAdmin } = useApp();
  const [values, setValues] = useState<Record<keyof CallLimits, string>>(() => stringsOf(initial));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [saved, setSaved] = useState(false);
  useEffect(() => setValues(stringsOf(initial)), [initial]);

  async function save(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setSaved(false);
    try {
      const body = Object.fromEntries(FIELDS.map((f) => [f.key, Number(values[f.key])])) as unknown as CallLimits;
      setValues(stringsOf(await putCallLimits(api, body)));
      setSaved(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void save(e)} class="stack">
      {!isAdmin ? (
        <p class="notice" id="limits-read-only">
          Only account admins can change these limits.
        </p>
      ) : null}
      <div class="grid2">
        {FIELDS.map((f) => (
          <label key={f.key}>
            {f.label}
            <input
              type="number"
              min={0}
              step={1}
              inputMode="numeric"
              required
              readOnly={!isAdmin}
              aria-describedby={isAdmin ? `hint-${f.key}` : `hint-${f.key} limits-read-only`}
              value={values[f.key]}
              onInput={(e) => {
                setSaved(false);
                setValues({ ...values, [f.key]: e.currentTarget.value });
              }}
            />
            <span class="muted hint" id={`hint-${f.key}`}>
              {f.hint}
            </span>
          </label>
        ))}
      </div>
      <ErrorMessage error={error} />
      {saved ? (
        <p class="success" role="status">
          Limits saved.
        </p>
      ) : null}
      {isAdmin ? (
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            Save limits
          </button>
        </div>
      ) : null}
    </form>
  );
}

function stringsOf(limits: CallLimits): Record<keyof CallLimits, string> {
  return Object.fromEntries(FIELDS.map((f) => [f.key, String(limits[f.key])])) as Record<keyof CallLimits, string>;
}
