// Issue 9: GET /widget/v1.js, the embeddable widget's script, served by the hub from the file `npm run build`
// made: its type, caching and ETag revalidation, HEAD, and a hub without the file that still starts and says how
// to build it (503 service_unavailable) instead of crashing.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Fastify from 'fastify';
import { installErrorReplies } from '../src/http/error-replies.js';
import { builtWidgetFile, widgetScriptRoutes } from '../src/http/widget-script.js';
import { startTestHub, type TestHub } from './support/test-hub.js';

let t: TestHub;
before(async () => {
  t = await startTestHub();
});
after(() => t.close());

describe('GET /widget/v1.js', () => {
  test('the built file, as JavaScript, cacheable for five minutes, with an ETag; no Authorization needed', async () => {
    const file = builtWidgetFile();
    assert.ok(file, '@kataven/widget/dist/v1.js resolves: run `npm run build` first');
    const response = await t.request({ url: '/widget/v1.js' });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.headers['content-type'], 'application/javascript; charset=utf-8');
    assert.equal(response.headers['cache-control'], 'public, max-age=300');
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.match(String(response.headers.etag), /^"[A-Za-z0-9_-]{27}"$/);
    assert.equal(response.body, readFileSync(file, 'utf8'));
    // The bundle is what the page runs: one IIFE that defines window.Kataven.
    assert.match(response.body, /Kataven/);
  });

  test('If-None-Match with its ETag (alone, weak or in a list) is 304 with no body; another tag is 200', async () => {
    const etag = String((await t.request({ url: '/widget/v1.js' })).headers.etag);
    for (const header of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const response = await t.request({ url: '/widget/v1.js', headers: { 'if-none-match': header } });
      assert.equal(response.statusCode, 304, header);
      assert.equal(response.body, '', header);
      assert.equal(response.headers.etag, etag, header);
    }
    const changed = await t.request({ url: '/widget/v1.js', headers: { 'if-none-match': '"not-this-one"' } });
    assert.equal(changed.statusCode, 200);
  });

  test('HEAD: the same headers, no body', async () => {
    const response = await t.request({ method: 'HEAD', url: '/widget/v1.js' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'application/javascript; charset=utf-8');
    assert.equal(response.body, '');
  });
});

describe('a hub whose widget is not built', () => {
  const cases = [
    { name: 'not built (nothing resolves)', file: undefined },
    { name: 'resolved but unreadable', file: path.join(os.tmpdir(), `no-such-widget-${process.pid}.js`) },
  ];
  for (const c of cases) {
    test(`${c.name}: the app starts and answers 503 service_unavailable saying to run \`npm run build\``, async () => {
      const app = Fastify();
      installErrorReplies(app);
      widgetScriptRoutes(app, { file: c.file });
      await app.ready();
      try {
        const text = await app.inject({ url: '/widget/v1.js' });
        assert.equal(text.statusCode, 503);
        assert.match(text.body, /^service_unavailable: .*npm run build/);
        const json = await app.inject({ url: '/widget/v1.js', headers: { accept: 'application/json' } });
        assert.equal(json.statusCode, 503);
        const body = json.json<{ error: { code: string; message: string } }>();
        assert.equal(body.error.code, 'service_unavailable');
        assert.match(body.error.message, /npm run build/);
      } finally {
        await app.close();
      }
    });
  }
});
