// The widget's whole stylesheet, inside its shadow root (launcher-view.ts says why each rule of :host is !important).
// Branding arrives as custom properties set on .kt: --kt-primary, --kt-on-primary, --kt-accent, --kt-on-accent.
export const WIDGET_CSS = `
:host{all:initial!important;display:block!important;position:static!important;visibility:visible!important;opacity:1!important}
[hidden]{display:none!important}
.kt{position:fixed;z-index:2147483000;display:flex;flex-direction:column;align-items:flex-end;gap:12px;
font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#111827;text-align:left}
.br{right:20px;bottom:20px}.bl{left:20px;bottom:20px;align-items:flex-start}
.tr{right:20px;top:20px;flex-direction:column-reverse}.tl{left:20px;top:20px;flex-direction:column-reverse;align-items:flex-start}
button{font:inherit;margin:0;cursor:pointer}
.launcher{display:inline-flex;align-items:center;gap:8px;border:0;border-radius:999px;padding:12px 20px;
background:var(--kt-primary);color:var(--kt-on-primary);font-weight:600;box-shadow:0 4px 14px rgba(0,0,0,.25)}
.launcher:hover{filter:brightness(1.08)}
.launcher:focus-visible,.panel button:focus-visible{outline:3px solid var(--kt-accent);outline-offset:3px}
.launcher:disabled{opacity:.6;cursor:not-allowed;filter:none}
.logo{width:22px;height:22px;border-radius:50%;object-fit:cover}
.panel{box-sizing:border-box;width:320px;max-width:calc(100vw - 40px);padding:14px 16px 16px;background:#fff;
border-top:4px solid var(--kt-primary);border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.2)}
.head{display:flex;align-items:center;justify-content:space-between;gap:8px}
.agent{font-size:15px}
.close{border:0;background:none;font-size:20px;line-height:1;padding:2px 6px;color:#4b5563;border-radius:6px}
.panel p{margin:8px 0 0;overflow-wrap:anywhere}
.note,.privacy{font-size:12px;color:#4b5563}
.end{margin-top:12px;border:0;border-radius:8px;padding:8px 16px;background:var(--kt-accent);color:var(--kt-on-accent);font-weight:600}
`;
