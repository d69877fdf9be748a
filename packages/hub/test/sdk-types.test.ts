// SPEC §S / issue 11: the SDK's API types are generated from the hub's GET /openapi.json and committed
// (packages/sdk/src/generated/openapi.ts); this fails when that file is not what the hub serves today, so the SDK
// cannot drift from the hub.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { GENERATED_FILE, REGENERATE_COMMAND, renderTypes } from '../../sdk/scripts/generate-types.js';
import { startTestHub, type TestHub } from './support/test-hub.js';

let t: TestHub;
before(async () => {
  t = await startTestHub();
});
after(async () => {
  await t?.close();
});

test('packages/sdk/src/generated/openapi.ts is what the served /openapi.json generates', async () => {
  const response = await t.request({ url: '/openapi.json' });
  assert.equal(response.statusCode, 200);
  const expected = await renderTypes(response.json<Record<string, unknown>>());
  const committed = await readFile(GENERATED_FILE, 'utf8');
  // Sanity: the generated file describes the SDK's resources (not an empty or truncated document).
  for (const operation of ['createAgent', 'originateCall', 'listCalls', 'listAuditLog', 'getSessionRecording']) {
    assert.match(expected, new RegExp(`^    ${operation}: \\{$`, 'm'), `the document has no ${operation}`);
  }
  if (committed !== expected) {
    const committedLines = committed.split('\n');
    const expectedLines = expected.split('\n');
    const first = expectedLines.findIndex((line, i) => line !== committedLines[i]);
    assert.fail(
      `packages/sdk/src/generated/openapi.ts is stale: regenerate it with \`${REGENERATE_COMMAND}\` and commit it.\n` +
        `First difference at line ${first + 1}:\n  committed: ${committedLines[first] ?? '(end of file)'}\n  generated: ${expectedLines[first] ?? '(end of file)'}`,
    );
  }
});
