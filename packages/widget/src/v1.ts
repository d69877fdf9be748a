// The entry of /widget/v1.js (SPEC §W, issue 9): `window.Kataven.init(…)`, and the self-initialising embed
//   <script src="https://hub/widget/v1.js" data-client-key="pk_live_…" data-agent-id="agent_…"></script>
// whose hub defaults to the script's own origin (data-base-url overrides it). Nothing here may throw into the
// page: every failure is a console warning.
import { startWidget, type InitOptions, type WidgetHandle } from './widget.js';

export interface KatavenWidgetApi {
  init(options: InitOptions): WidgetHandle;
  version: string;
}

declare global {
  interface Window {
    Kataven?: KatavenWidgetApi;
  }
}

// document.currentScript exists only while this script first runs, so it is read now, once.
const script = document.currentScript instanceof HTMLScriptElement ? document.currentScript : null;

function originOf(src: string | undefined): string | undefined {
  try {
    return src ? new URL(src, location.href).origin : undefined;
  } catch {
    return undefined;
  }
}
const scriptOrigin = originOf(script?.src);

function init(options: InitOptions): WidgetHandle {
  const baseUrl = options?.baseUrl ?? scriptOrigin ?? location.origin;
  return startWidget(options, baseUrl);
}

window.Kataven = { init, version: '1' };

const clientKey = script?.dataset.clientKey;
if (clientKey) {
  init({ publicKey: clientKey, agentId: script.dataset.agentId, baseUrl: script.dataset.baseUrl });
}
