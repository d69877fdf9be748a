// §U "Branding" (W7): the widget's colours, logo, launcher position and label, privacy notice, with a live
// preview of the launcher as visitors will see it. The preview does not load the logo: the UI's CSP allows
// images from the hub only, so the logo is shown as a placeholder where it will be.
import { useState } from 'preact/hooks';
import { getBranding, updateBranding, type Branding, type LauncherPosition } from '../../../api/widget-keys.js';
import { useApp } from '../../../components/app-context.js';
import { ErrorMessage, Show } from '../../../components/status.js';
import { useLoad } from '../../../components/use-load.js';

const POSITIONS: { value: LauncherPosition; label: string }[] = [
  { value: 'br', label: 'Bottom right' },
  { value: 'bl', label: 'Bottom left' },
  { value: 'tr', label: 'Top right' },
  { value: 'tl', label: 'Top left' },
];

export function BrandingTab() {
  const { api } = useApp();
  const [loaded] = useLoad(() => getBranding(api), [api]);
  return (
    <>
      <h2>Branding</h2>
      <p class="muted">How the widget looks on your website, for every widget key of this account.</p>
      <Show loaded={loaded} what="branding">
        {(branding) => <BrandingForm initial={branding} />}
      </Show>
    </>
  );
}

function BrandingForm({ initial }: { initial: Branding }) {
  const { api } = useApp();
  const [b, setB] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [saved, setSaved] = useState(false);
  const set = (patch: Partial<Branding>) => {
    setSaved(false);
    setB({ ...b, ...patch });
  };

  async function save(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      setB(
        await updateBranding(api, {
          primary_color: b.primary_color,
          accent_color: b.accent_color,
          logo_url: b.logo_url === '' ? null : b.logo_url,
          launcher_position: b.launcher_position,
          launcher_label: b.launcher_label,
          privacy_notice: b.privacy_notice ?? '',
        }),
      );
      setSaved(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const positionLabel = POSITIONS.find((p) => p.value === b.launcher_position)?.label ?? b.launcher_position;
  return (
    <div class="grid2">
      <form onSubmit={(e) => void save(e)} class="stack">
        <div class="grid2">
          <label>
            Primary colour
            <input type="color" value={b.primary_color} onInput={(e) => set({ primary_color: e.currentTarget.value })} />
          </label>
          <label>
            Accent colour
            <input type="color" value={b.accent_color} onInput={(e) => set({ accent_color: e.currentTarget.value })} />
          </label>
        </div>
        <label>
          Launcher label
          <input maxLength={40} required value={b.launcher_label} onInput={(e) => set({ launcher_label: e.currentTarget.value })} />
        </label>
        <label>
          Launcher position
          <select value={b.launcher_position} onChange={(e) => set({ launcher_position: e.currentTarget.value as LauncherPosition })}>
            {POSITIONS.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Logo URL
          <input type="url" placeholder="https://…" value={b.logo_url ?? ''} onInput={(e) => set({ logo_url: e.currentTarget.value })} />
        </label>
        <label>
          Privacy notice
          <textarea maxLength={500} value={b.privacy_notice ?? ''} onInput={(e) => set({ privacy_notice: e.currentTarget.value })} />
        </label>
        <ErrorMessage error={error} />
        {saved ? (
          <p class="success" role="status">
            Branding saved.
          </p>
        ) : null}
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            Save branding
          </button>
        </div>
      </form>
      <figure class="stack preview-figure">
        <figcaption>
          <strong>Preview</strong> <span class="muted">(launcher {positionLabel.toLowerCase()})</span>
        </figcaption>
        <div class="preview" data-testid="launcher-preview">
          <div class="page-lines" aria-hidden="true">
            Your page
          </div>
          <span class={`launcher ${b.launcher_position}`} style={{ background: b.primary_color, borderColor: b.accent_color }}>
            {b.logo_url ? <span class="logo-dot" title="Your logo" style={{ background: b.accent_color }} /> : null}
            {b.launcher_label || 'Talk to us'}
          </span>
        </div>
        {b.privacy_notice ? <p class="muted">Privacy notice shown to visitors: {b.privacy_notice}</p> : null}
      </figure>
    </div>
  );
}
