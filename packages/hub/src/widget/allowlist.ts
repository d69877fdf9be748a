// W2: a widget key's domain allowlist: which entries are valid, how they are written down (normalised), and
// whether a request's origin matches one. Pure: no I/O, no HTTP (src/http/widget-origin.ts applies it, W3).
//
// Entries (W2):
//   https://acme.com, http://localhost:3000   an origin: scheme + host + optional port; exactly that origin
//   acme.com                                   a bare host (two labels at least): https on the default port only
//   *.acme.com                                 any subdomain of acme.com, at any depth (a.b.acme.com too), https on
//                                              the default port; never the apex acme.com itself (list it too)
//   localhost:*                                localhost over http or https, on any port (development)
// No path, query, fragment or userinfo anywhere; a single trailing `/` on an origin is tolerated (people paste
// it) and dropped. Hosts are normalised as browsers send them in `Origin` (RFC 6454 §6.1 serialises the ASCII
// host): lowercase, IDN → punycode (node:url domainToASCII, UTS #46), and one trailing dot stripped (`acme.com.`
// names the same DNS host). An empty allowlist matches nothing: the key is blocked (W2).
import { domainToASCII } from 'node:url';

export type AllowlistEntry =
  | { kind: 'origin'; scheme: Scheme; host: string; port: number }
  | { kind: 'host'; host: string }
  | { kind: 'wildcard'; suffix: string }
  | { kind: 'localhost' };

type Scheme = 'http' | 'https';

/** An origin as W3 compares it: scheme, ASCII host, and the port (the scheme's default when none is written). */
export interface Origin {
  scheme: Scheme;
  host: string;
  port: number;
}

/** More than any real list needs; bounds the work of every widget request. */
export const MAX_ALLOWLIST_ENTRIES = 100;
/** A DNS name is at most 253 characters; with a scheme, a port and a slash this is ample. */
const MAX_ENTRY_LENGTH = 300;

const DEFAULT_PORT: Record<Scheme, number> = { http: 80, https: 443 };
/** RFC 1123 labels (LDH), lowercase: what domainToASCII leaves of a valid host. */
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
/**
 * `scheme://host[:port]`: no `@` (userinfo: `https://acme.com@evil.io` is evil.io), no `\` (WHATWG URL reads it
 * as `/`), no path, query or fragment, no white space.
 */
const ORIGIN_FORM = /^(https?):\/\/([^/?#@\\\s]+)$/i;
const BARE_HOST = /^[^/?#@\\\s:*]+$/;
const WILDCARD = /^\*\.([^/?#@\\\s:*]+)$/;
const LOCALHOST_ANY_PORT = 'localhost:*';

/** The normalised ASCII host, or undefined when `raw` is no valid host name or IP literal. */
function normaliseHost(raw: string): string | undefined {
  let host = raw.toLowerCase();
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (host.length === 0) return undefined;
  // An IPv6 literal as the URL parser serialised it (`[::1]`): already canonical.
  if (host.startsWith('[')) return /^\[[0-9a-f:.]+\]$/.test(host) ? host : undefined;
  const ascii = domainToASCII(host);
  if (ascii === '' || ascii.length > 253) return undefined;
  if (IPV4.test(ascii)) return ascii;
  return ascii.split('.').every((label) => LABEL.test(label)) ? ascii : undefined;
}

/** `scheme://host[:port]` → its parts, or undefined. `value` must already be free of path, userinfo and so on. */
function parseOriginForm(value: string): Origin | undefined {
  const match = ORIGIN_FORM.exec(value);
  if (!match) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const scheme = match[1]!.toLowerCase() as Scheme;
  // The URL parser lowercases, punycodes and checks the port (0–65535, digits only); normaliseHost strips the
  // trailing dot and refuses what is no host name (`*`, `_`, empty labels).
  const host = normaliseHost(url.hostname);
  if (host === undefined || url.username !== '' || url.password !== '') return undefined;
  return { scheme, host, port: url.port === '' ? DEFAULT_PORT[scheme] : Number(url.port) };
}

/** How an entry is stored and listed. */
export function formatEntry(entry: AllowlistEntry): string {
  switch (entry.kind) {
    case 'origin':
      return `${entry.scheme}://${entry.host}${entry.port === DEFAULT_PORT[entry.scheme] ? '' : `:${entry.port}`}`;
    case 'host':
      return entry.host;
    case 'wildcard':
      return `*.${entry.suffix}`;
    case 'localhost':
      return LOCALHOST_ANY_PORT;
  }
}

/** One entry as a user wrote it → the entry, or undefined when it is not valid (W2). */
export function parseEntry(raw: string): AllowlistEntry | undefined {
  const text = raw.trim();
  if (text.length === 0 || text.length > MAX_ENTRY_LENGTH) return undefined;
  if (text.toLowerCase() === LOCALHOST_ANY_PORT) return { kind: 'localhost' };
  if (text.includes('://')) {
    const origin = parseOriginForm(text.endsWith('/') ? text.slice(0, -1) : text);
    return origin && { kind: 'origin', ...origin };
  }
  const wildcard = WILDCARD.exec(text);
  if (wildcard) {
    const suffix = normaliseHost(wildcard[1]!);
    // At least two labels under the `*`: `*.com` would be every .com site. (No public-suffix list here:
    // `*.co.uk` is refused by nobody but the customer's own judgement.)
    if (suffix === undefined || IPV4.test(suffix) || suffix.startsWith('[') || !suffix.includes('.')) return undefined;
    return { kind: 'wildcard', suffix };
  }
  if (!BARE_HOST.test(text)) return undefined;
  const host = normaliseHost(text);
  // A bare host names a public site: at least two labels (`null`, `intranet` or `localhost` alone are refused;
  // local development uses `localhost:*` or an explicit origin).
  if (host === undefined || !host.includes('.')) return undefined;
  return { kind: 'host', host };
}

export type AllowlistParse = { ok: true; entries: string[] } | { ok: false; entry: string };

/**
 * A whole allowlist as a client sent it → its normalised entries (duplicates after normalisation dropped, order
 * kept), or the first entry that is not valid, for `400 invalid_allowlist_entry` naming it.
 */
export function parseAllowlist(raw: readonly string[]): AllowlistParse {
  const entries: string[] = [];
  for (const item of raw) {
    const entry = parseEntry(item);
    if (!entry) return { ok: false, entry: item };
    const formatted = formatEntry(entry);
    if (!entries.includes(formatted)) entries.push(formatted);
  }
  return { ok: true, entries };
}

/**
 * An `Origin` header value → the origin, or undefined when it cannot match anything: `null` (RFC 6454 §7.3:
 * sandboxed frames, file: pages, some redirects), anything with a path, userinfo or other scheme, garbage.
 */
export function parseOrigin(value: string): Origin | undefined {
  if (value.length > MAX_ENTRY_LENGTH) return undefined;
  return parseOriginForm(value);
}

/** The origin of a `Referer` URL (W3's fallback), as `scheme://host[:port]`; undefined when it has none usable. */
export function originOfReferer(value: string): string | undefined {
  if (value.length > 8192) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  // URL.origin drops the path, query, fragment and any userinfo.
  return url.origin;
}

/** Whether `origin` is one the allowlist (its stored, normalised entries) admits. Empty: never (W2). */
export function allowlistAdmits(allowlist: readonly string[], origin: Origin): boolean {
  for (const stored of allowlist) {
    const entry = parseEntry(stored);
    if (entry && entryAdmits(entry, origin)) return true;
  }
  return false;
}

function entryAdmits(entry: AllowlistEntry, origin: Origin): boolean {
  switch (entry.kind) {
    case 'origin':
      return entry.scheme === origin.scheme && entry.host === origin.host && entry.port === origin.port;
    case 'host':
      // W2: a bare host is https only, on its default port.
      return origin.scheme === 'https' && origin.port === 443 && origin.host === entry.host;
    case 'wildcard':
      // A strict subdomain: ends with `.acme.com` (so `evilacme.com` and the apex `acme.com` do not match).
      return origin.scheme === 'https' && origin.port === 443 && origin.host.endsWith(`.${entry.suffix}`);
    case 'localhost':
      return origin.host === 'localhost';
  }
}
