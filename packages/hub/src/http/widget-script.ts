// `GET /widget/v1.js` (and HEAD): the embeddable widget (packages/widget, issue 9), public like every widget
// endpoint. The file is built by `npm run build` (also run by `npm ci` through `prepare`) and read once when the
// routes are registered: a hub started without it still serves everything else and answers this route 503
// service_unavailable, saying how to build it, rather than failing to start.
//
// The answer is cacheable for five minutes (a fixed deploy may take that long to reach pages) with a strong
// ETag, so revalidation after that costs a 304. It carries no CORS headers: a <script src> needs none.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import { HubError } from '../errors.js';
import { operation, type Operation } from './operations.js';

export const WIDGET_SCRIPT_PATH = '/widget/v1.js';

/** Where the built widget is: resolved through the workspace package's `exports`, like any dependency. */
export function builtWidgetFile(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('@kataven/widget/dist/v1.js');
  } catch {
    return undefined; // not built (require.resolve checks the file exists)
  }
}

type LoadedScript = { ok: true; body: Buffer; etag: string } | { ok: false; reason: string };

function loadScript(file: string | undefined): LoadedScript {
  if (file === undefined) return { ok: false, reason: 'the widget script is not built' };
  try {
    const body = readFileSync(file);
    return { ok: true, body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
  } catch (err) {
    return { ok: false, reason: `the widget script cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
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

const widgetScriptOp: Operation = {
  id: 'getWidgetScript',
  summary: 'The embeddable widget (a script for the customer\'s page)',
  tag: 'widget',
  access: 'public',
  responses: {
    200: { contentType: 'application/javascript', description: 'The widget script' },
    304: null,
  },
  headers: { ETag: 'The script version', 'Cache-Control': 'public, max-age=300' },
  errors: ['service_unavailable'],
};

export function widgetScriptRoutes(app: FastifyInstance, options: { file?: string | undefined } = {}): void {
  const file = 'file' in options ? options.file : builtWidgetFile();
  const script = loadScript(file);
  if (!script.ok) app.log.warn(`${script.reason}; ${WIDGET_SCRIPT_PATH} answers 503 until \`npm run build\` is run`);

  // exposeHeadRoutes (Fastify's default) answers HEAD with these headers and no body.
  app.get(WIDGET_SCRIPT_PATH, operation(widgetScriptOp), async (request, reply) => {
    if (!script.ok) throw new HubError('service_unavailable', `${script.reason}: run \`npm run build\` and restart the hub`);
    reply
      .header('cache-control', 'public, max-age=300')
      .header('etag', script.etag)
      .header('x-content-type-options', 'nosniff')
      // Pages that isolate themselves (COEP: require-corp) may still embed it.
      .header('cross-origin-resource-policy', 'cross-origin');
    if (matchesEtag(request.headers['if-none-match'], script.etag)) return reply.code(304).send();
    return reply.type('application/javascript; charset=utf-8').send(script.body);
  });
}
