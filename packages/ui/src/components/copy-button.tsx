// "Copy": the Clipboard API (a secure context: https, or loopback in development), saying whether it worked.
import { useState } from 'preact/hooks';

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <>
      <button
        type="button"
        onClick={() => {
          // navigator.clipboard is missing outside secure contexts (plain http on a non-loopback host).
          const clipboard = window.isSecureContext ? navigator.clipboard : undefined;
          (clipboard ? clipboard.writeText(text) : Promise.reject(new Error('no clipboard'))).then(
            () => setState('copied'),
            () => setState('failed'),
          );
        }}
      >
        {label}
      </button>
      <span role="status" class="muted">
        {state === 'copied' ? 'Copied.' : state === 'failed' ? 'Copying failed: select the text and copy it yourself.' : ''}
      </span>
    </>
  );
}
