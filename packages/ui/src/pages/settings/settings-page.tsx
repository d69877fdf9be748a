// /settings: the tabs "API keys", "Widget keys", "Limits", "Branding" (§U), as a WAI-ARIA tab list (arrow keys
// move between tabs). The tab is in the address (`?tab=`), so each can be linked and reloaded.
import { useRef } from 'preact/hooks';
import { hrefTo, navigate, useLocation } from '../../router.js';
import { ApiKeysTab } from './api-keys/api-keys-tab.js';
import { BrandingTab } from './branding/branding-tab.js';
import { LimitsTab } from './limits/limits-tab.js';
import { WidgetKeysTab } from './widget-keys/widget-keys-tab.js';

const TABS = [
  { id: 'api-keys', label: 'API keys', Panel: ApiKeysTab },
  { id: 'widget-keys', label: 'Widget keys', Panel: WidgetKeysTab },
  { id: 'limits', label: 'Limits', Panel: LimitsTab },
  { id: 'branding', label: 'Branding', Panel: BrandingTab },
] as const;

export function SettingsPage() {
  const { query } = useLocation();
  const current = TABS.find((t) => t.id === query.get('tab')) ?? TABS[0];
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  document.title = `${current.label} · Settings · Kataven Hub`;

  function select(index: number, focus: boolean) {
    const tab = TABS[(index + TABS.length) % TABS.length]!;
    navigate(hrefTo('/settings', { tab: tab.id }), { replace: true });
    if (focus) buttons.current[TABS.indexOf(tab)]?.focus();
  }

  const Panel = current.Panel;
  return (
    <>
      <h1>Settings</h1>
      <div role="tablist" aria-label="Settings" class="tabs">
        {TABS.map((tab, index) => (
          <button
            key={tab.id}
            ref={(el) => {
              buttons.current[index] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${tab.id}`}
            aria-selected={tab === current}
            aria-controls={`panel-${tab.id}`}
            tabIndex={tab === current ? 0 : -1}
            onClick={() => select(index, false)}
            onKeyDown={(event) => {
              const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: TABS.length - 1 };
              const to = moves[event.key];
              if (to === undefined) return;
              event.preventDefault();
              select(to, true);
            }}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <section role="tabpanel" id={`panel-${current.id}`} aria-labelledby={`tab-${current.id}`} class="panel">
        <Panel key={current.id} />
      </section>
    </>
  );
}
