// The launcher and its panel, inside a shadow root (STYLE 15): the page's selectors cannot reach in and ours cannot
// reach out; `:host` resets every inherited property (`all: initial`) and its declarations are !important, which
// in the cascade's shadow rule beats even the page's !important rules on the host element (CSS Cascade 4 §6.1.1).
// Every text from the hub goes in through textContent, every branding value through a check: a compromised or
// misconfigured account cannot inject markup or CSS into the customer's page.
import { WIDGET_CSS } from './widget-styles.js';

export interface Branding {
  primary_color: string;
  accent_color: string;
  logo_url: string | null;
  launcher_position: string;
  launcher_label: string;
  privacy_notice: string | null;
}

export interface Agent {
  id: string;
  name: string;
  greeting_message: string | null;
}

export interface ViewActions {
  /** The launcher was activated (click, Enter or Space: it is a real button). */
  launch(): void;
  end(): void;
}

const FALLBACK = { primary: '#2563eb', accent: '#1e40af', label: 'Talk to us' };
const POSITIONS = ['br', 'bl', 'tr', 'tl'];

function color(value: unknown, fallback: string): string {
  return typeof value === 'string' && CSS.supports('color', value) ? value : fallback;
}

/** Readable text on the launcher: dark on a light #rgb/#rrggbb background (WCAG relative luminance), else white. */
function textColorOn(background: string): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(background)?.[1];
  if (hex === undefined) return '#fff';
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.4 ? '#111827' : '#fff';
}

function httpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export class LauncherView {
  private readonly host: HTMLElement;
  private readonly launcher: HTMLButtonElement;
  private readonly panel: HTMLElement;
  private readonly status: HTMLElement;
  private readonly greeting: HTMLElement;
  private readonly note: HTMLElement;
  private readonly endButton: HTMLButtonElement;
  private readonly closeButton: HTMLButtonElement;
  private readonly root: ShadowRoot;

  constructor(branding: Branding, agent: Agent, actions: ViewActions) {
    // A custom element name: no page rule written for div, section… ever matches the host.
    this.host = document.createElement('kataven-widget');
    const root = (this.root = this.host.attachShadow({ mode: 'open' }));
    const style = document.createElement('style');
    style.textContent = WIDGET_CSS;
    const position = POSITIONS.includes(branding.launcher_position) ? branding.launcher_position : 'br';
    const frame = element('div', `kt ${position}`);
    const primary = color(branding.primary_color, FALLBACK.primary);
    frame.style.setProperty('--kt-primary', primary);
    frame.style.setProperty('--kt-on-primary', textColorOn(primary));
    const accent = color(branding.accent_color, FALLBACK.accent);
    frame.style.setProperty('--kt-accent', accent);
    frame.style.setProperty('--kt-on-accent', textColorOn(accent));

    const label = (typeof branding.launcher_label === 'string' && branding.launcher_label.trim().slice(0, 80)) || FALLBACK.label;
    this.panel = element('section', 'panel');
    this.panel.id = 'kt-panel';
    this.panel.hidden = true;
    this.panel.setAttribute('role', 'region');
    this.panel.setAttribute('aria-label', `${label}: ${agent.name}`);
    const header = element('div', 'head');
    header.append(element('strong', 'agent', agent.name));
    const close = (this.closeButton = element('button', 'close', '×'));
    close.type = 'button';
    close.setAttribute('aria-label', 'Close panel');
    close.addEventListener('click', () => this.closePanel());
    header.append(close);
    this.status = element('p', 'status');
    this.status.setAttribute('role', 'status');
    this.greeting = element('p', 'greeting', agent.greeting_message ?? '');
    // Honest about what this is (issue 9): the session is real, the voice media is another service's job.
    this.note = element('p', 'note', 'Voice audio is handled by a separate media service; this panel shows the session state.');
    this.endButton = element('button', 'end', 'End');
    this.endButton.type = 'button';
    this.endButton.addEventListener('click', () => actions.end());
    this.panel.append(header, this.status, this.greeting, this.note);
    if (typeof branding.privacy_notice === 'string' && branding.privacy_notice !== '') {
      this.panel.append(element('p', 'privacy', branding.privacy_notice));
    }
    this.panel.append(this.endButton);
    this.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.closePanel();
    });

    this.launcher = element('button', 'launcher');
    this.launcher.type = 'button';
    this.launcher.setAttribute('aria-label', label);
    this.launcher.setAttribute('aria-expanded', 'false');
    this.launcher.setAttribute('aria-controls', 'kt-panel');
    const logo = httpUrl(branding.logo_url);
    if (logo !== undefined) {
      const img = element('img', 'logo');
      img.alt = '';
      img.src = logo;
      this.launcher.append(img);
    }
    this.launcher.append(element('span', 'label', label));
    this.launcher.addEventListener('click', () => actions.launch());

    frame.append(this.panel, this.launcher);
    root.append(style, frame);
    document.body.append(this.host);
  }

  get panelOpen(): boolean {
    return !this.panel.hidden;
  }

  openPanel(): void {
    this.panel.hidden = false;
    this.launcher.setAttribute('aria-expanded', 'true');
  }

  closePanel(): void {
    this.panel.hidden = true;
    this.launcher.setAttribute('aria-expanded', 'false');
    this.launcher.focus();
  }

  connecting(): void {
    this.show('Connecting…', { details: false, end: false });
    this.launcher.disabled = true;
  }

  connected(sessionId: string): void {
    this.launcher.disabled = false;
    this.show(`Connected — session ${sessionId}`, { details: true, end: true });
    this.endButton.focus();
  }

  /** A live session's state from the hub's poll. */
  progress(sessionId: string, status: string, seconds: number | null): void {
    const time = seconds === null ? '' : ` · ${seconds} s`;
    this.status.textContent = `Connected — session ${sessionId} (${status}${time})`;
  }

  ended(seconds: number | null): void {
    this.launcher.disabled = false;
    this.show(seconds === null ? 'Session ended.' : `Session ended after ${seconds} s.`, { details: false, end: false });
  }

  /** A refusal, as a sentence. `final`: the launcher cannot help any more (the key is gone). */
  message(text: string, final: boolean): void {
    this.launcher.disabled = final;
    this.show(text, { details: false, end: false });
  }

  remove(): void {
    this.host.remove();
  }

  private show(text: string, o: { details: boolean; end: boolean }): void {
    // A keyboard user on End keeps a focus inside the panel when End goes away.
    if (!o.end && this.root.activeElement === this.endButton) this.closeButton.focus();
    this.status.textContent = text;
    this.greeting.hidden = !o.details || this.greeting.textContent === '';
    this.note.hidden = !o.details;
    this.endButton.hidden = !o.end;
    this.openPanel();
  }
}
