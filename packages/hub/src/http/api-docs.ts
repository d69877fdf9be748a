// SPEC §S: `GET /docs`, a readable API reference of /openapi.json, rendered in the browser by Swagger UI
// (swagger-ui-dist: the maintained standalone build, no runtime dependency of its own) served by the hub from
// node_modules. Nothing is loaded from another origin (the hub may run offline), and the page's
// Content-Security-Policy says so: scripts, styles, fonts and fetches are same-origin only.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { HubError } from '../errors.js';
import { OPENAPI_PATH } from './openapi.js';
import { operation, type Operation } from './operations.js';

export const DOCS_PATH = '/docs';

/** The assets the page loads, by the name it loads them under: a fixed list, so no path comes from a request. */
const ASSETS = {
  'swagger-ui.css': { file: 'swagger-ui.css', type: 'text/css; charset=utf-8' },
  'swagger-ui-bundle.js': { file: 'swagger-ui-bundle.js', type: 'text/javascript; charset=utf-8' },
  'favicon-32x32.png': { file: 'favicon-32x32.png', type: 'image/png' },
} as const;
type AssetName = keyof typeof ASSETS;

/** Starts Swagger UI on the document; a file of its own (not inline) so that the CSP needs no 'unsafe-inline' script. */
const INIT_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '${OPENAPI_PATH}',
    dom_id: '#swagger-ui',
    deepLinking: true,
    // No badge from validator.swagger.io: nothing leaves this origin.
    validatorUrl: null,
  });
});
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kataven Hub API reference</title>
<link rel="icon" type="image/png" href="${DOCS_PATH}/favicon-32x32.png">
<link rel="stylesheet" href="${DOCS_PATH}/swagger-ui.css">
</head>
<body>
<noscript>This reference needs JavaScript. The OpenAPI document itself is at <a href="${OPENAPI_PATH}">${OPENAPI_PATH}</a>.</noscript>
<div id="swagger-ui"></div>
<script src="${DOCS_PATH}/swagger-ui-bundle.js"></script>
<script src="${DOCS_PATH}/init.js"></script>
</body>
</html>
`;

// Swagger UI sets inline styles on elements and shows inline SVG/data: images; scripts and fetches stay same-origin.
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const docsPage: Operation = {
  id: 'getApiReference',
  summary: 'The API reference (HTML), rendering /openapi.json',
  tag: 'meta',
  access: 'public',
  responses: { 200: { contentType: 'text/html', description: 'The reference page' } },
};
const docsAsset: Operation = {
  id: 'getApiReferenceAsset',
  summary: "An asset of the API reference page (Swagger UI's script and style sheet, the page's start script)",
  tag: 'meta',
  access: 'public',
  params: { asset: `one of ${[...Object.keys(ASSETS), 'init.js'].join(', ')}` },
  responses: { 200: { contentType: 'application/octet-stream', description: 'The asset (text/javascript, text/css or image/png)' } },
};

/** Where swagger-ui-dist is installed (its package.json's folder), found as Node would resolve it. */
function swaggerUiFolder(): string {
  return path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
}

export function apiDocsRoutes(app: FastifyInstance): void {
  const cache = new Map<AssetName, Promise<Buffer>>();
  const load = (name: AssetName): Promise<Buffer> => {
    let loading = cache.get(name);
    if (!loading) {
      loading = readFile(path.join(swaggerUiFolder(), ASSETS[name].file));
      // A failed read is tried again next time rather than remembered.
      loading.catch(() => cache.delete(name));
      cache.set(name, loading);
    }
    return loading;
  };

  app.get(DOCS_PATH, operation(docsPage), async (_request, reply) =>
    reply.type('text/html; charset=utf-8').header('content-security-policy', CSP).header('cache-control', 'no-cache').send(PAGE),
  );

  app.get<{ Params: { asset: string } }>(`${DOCS_PATH}/:asset`, operation(docsAsset), async (request, reply) => {
    const name = request.params.asset;
    reply.header('cache-control', 'public, max-age=3600').header('x-content-type-options', 'nosniff');
    if (name === 'init.js') return reply.type('text/javascript; charset=utf-8').send(INIT_SCRIPT);
    if (!Object.hasOwn(ASSETS, name)) throw new HubError('not_found');
    const asset = name as AssetName;
    const content = await load(asset).catch((err: unknown) => {
      request.log.error({ err }, 'the API reference assets (swagger-ui-dist) cannot be read');
      throw new HubError('service_unavailable', 'the API reference assets are not installed (swagger-ui-dist)');
    });
    return reply.type(ASSETS[asset].type).send(content);
  });
}
