// §U: the Hub UI (packages/ui), static files served at `/` on the hub surface, so its API calls are same-origin.
// Like the widget script (widget-script.ts), the files are built by `npm run build` (run by `npm ci` through
// `prepare`) and read once, here, when the routes are registered: a handful of small files held in memory need no
// @fastify/static. A hub started without them serves everything else and answers the UI's paths 503
// service_unavailable, saying how to build it.
//
// index.html is answered at `/` and at every page of the app (SPA fallback: /settings, /agents, /conversations,
// /audit, and /auth/callback where the OIDC issuer sends the browser back), assets at /assets/<file>, and how
// to sign in at /ui/config.json: dev login (T9) when it exists, and the OIDC issuer (T8) when one is configured.
// The UI is a public OIDC client (authorization code + PKCE) whose client id is KATAVEN_OIDC_AUDIENCE, so the
// tokens it obtains are for the hub's audience.
//
// Every answer carries a CSP that allows only the hub itself (no inline script or style, no other origin, no
// framing); the one exception is connect-src, which also allows the OIDC issuer's origin, where the browser
// fetches the discovery document and exchanges its code for a token. nosniff, no referrer; `no-cache` with a
// strong ETag, because the file names are fixed: a deploy is seen at the next load and an unchanged file costs a
// 304.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HubError } from '../errors.js';
import { operation, type Operation } from './operations.js';

/** The app's pages: each answers index.html, and the app's router shows the page. */
export const UI_PAGES = ['/', '/settings', '/agents', '/conversations', '/audit', '/auth/callback'] as const;

export const UI_CONFIG_PATH = '/ui/config.json';

/** How the UI may sign in. */
export interface UiSignIn {
  devLogin: boolean;
  oidc?: { issuer: string; clientId: string };
}

/** The UI's CSP: the hub itself only, and the OIDC issuer's origin for the browser's calls to it. */
export function uiContentSecurityPolicy(oidcIssuer?: string): string {
  const connect = oidcIssuer === undefined ? "'self'" : `'self' ${new URL(oidcIssuer).origin}`;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "media-src 'self'",
    `connect-src ${connect}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

interface UiFile {
  body: Buffer;
  etag: string;
  type: string;
}

type LoadedUi = { ok: true; index: UiFile; assets: Map<string, UiFile> } | { ok: false; reason: string };

/** Where the built UI is: resolved through the workspace package's `exports`, like any dependency. */
export function builtUiDirectory(): string | undefined {
  try {
    return path.dirname(createRequire(import.meta.url).resolve('@kataven/ui/dist/index.html'));
  } catch {
    return undefined; // not built (require.resolve checks the file exists)
  }
}

function fileOf(file: string): UiFile {
  const body = readFileSync(file);
  return {
    body,
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    type: CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
  };
}

function loadUi(directory: string | undefined): LoadedUi {
  if (directory === undefined) return { ok: false, reason: 'the Hub UI is not built' };
  try {
    const assets = new Map<string, UiFile>();
    const assetDirectory = path.join(directory, 'assets');
    for (const name of readdirSync(assetDirectory)) {
      // Only known kinds of file, by their own name: nothing is looked up from the request's path.
      if (CONTENT_TYPES[path.extname(name)] !== undefined) assets.set(name, fileOf(path.join(assetDirectory, name)));
    }
    return { ok: true, index: fileOf(path.join(directory, 'index.html')), assets };
  } catch (err) {
    return { ok: false, reason: `the Hub UI cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
}

/** `If-None-Match` lists (RFC 9110 §13.1.2): `*`, or comma-separated tags, weak ones matching too. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

function sendFile(request: FastifyRequest, reply: FastifyReply, file: UiFile, csp: string): FastifyReply {
  reply
    .header('content-security-policy', csp)
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-cache')
    .header('etag', file.etag);
  if (matchesEtag(request.headers['if-none-match'], file.etag)) return reply.code(304).send();
  return reply.type(file.type).send(file.body);
}

const assetOperation: Operation = {
  id: 'getUiAsset',
  summary: "A static file of the Hub UI (its script and style sheet), by its fixed name",
  tag: 'ui',
  access: 'public',
  params: { file: 'the file name' },
  responses: { 200: { contentType: 'application/octet-stream', description: 'The file (text/javascript, text/css, …)' }, 304: null },
  errors: ['not_found', 'service_unavailable'],
};
const configOperation: Operation = {
  id: 'getUiConfig',
  summary: 'How the Hub UI may sign in: dev login (development) and the OIDC issuer, when configured',
  tag: 'ui',
  access: 'public',
  responses: {
    200: z
      .object({ dev_login: z.boolean(), oidc: z.object({ issuer: z.string(), client_id: z.string() }).nullable() })
      .meta({ id: 'UiConfig' }),
  },
};

export function uiStaticRoutes(
  app: FastifyInstance,
  options: { directory?: string | undefined; signIn?: UiSignIn } = {},
): void {
  const directory = 'directory' in options ? options.directory : builtUiDirectory();
  const signIn = options.signIn ?? { devLogin: false };
  const csp = uiContentSecurityPolicy(signIn.oidc?.issuer);
  const config = JSON.stringify({
    dev_login: signIn.devLogin,
    oidc: signIn.oidc ? { issuer: signIn.oidc.issuer, client_id: signIn.oidc.clientId } : null,
  });
  const ui = loadUi(directory);
  if (!ui.ok) app.log.warn(`${ui.reason}; the UI's pages answer 503 until \`npm run build\` is run`);

  const unavailable = () => new HubError('service_unavailable', `${ui.ok ? '' : ui.reason}: run \`npm run build\` and restart the hub`);

  // exposeHeadRoutes (Fastify's default) answers HEAD with these headers and no body.
  for (const page of UI_PAGES) {
    // Not in the OpenAPI document: the app's pages are one HTML file, not API operations (and `/agents` would
    // collide there with the API's own `/agents` under /v1). Their files and config are documented.
    app.get(page, async (request, reply) => {
      if (!ui.ok) throw unavailable();
      return sendFile(request, reply, ui.index, csp);
    });
  }
  app.get<{ Params: { file: string } }>('/assets/:file', operation(assetOperation), async (request, reply) => {
    if (!ui.ok) throw unavailable();
    const file = ui.assets.get(request.params.file);
    if (file === undefined) throw new HubError('not_found');
    return sendFile(request, reply, file, csp);
  });
  app.get(UI_CONFIG_PATH, operation(configOperation), async (_request, reply) =>
    reply.header('cache-control', 'no-store').type('application/json; charset=utf-8').send(config),
  );
}
