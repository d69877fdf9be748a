// Issue 11: the README's SDK quick start (README.md, repeated in packages/sdk/README.md, between `<!-- quickstart -->` and
// `<!-- /quickstart -->`) is run as written: extracted, put in a scratch project that has the packed SDK installed
// from its tarball, type-checked (strict, as a Node project) and run with node against a real hub, its key and URL
// given by the environment variables it reads. The account is prepared first (the snippet's from_number is one of
// its numbers), and the snippet is run twice: once placing a call, once refused by a daily cost cap of one call, so
// both of its branches print what they should.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { listen, PROCESSOR_SECRET } from './support/calls.js';
import { cleanEnv, run, scratchProjectWithSdk, SDK_DIR, typeCheck } from './support/sdk-scratch.js';
import { startTestHub, type TestHub } from './support/test-hub.js';

const TWILIO = { account_sid: `AC${'2'.repeat(32)}`, auth_token: 'sdk-quickstart-token' };
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** The ```ts block between the README's quickstart markers. */
function quickstartOf(readme: string): string {
  const match = /<!-- quickstart -->\s*```ts\n([\s\S]*?)```\s*<!-- \/quickstart -->/.exec(readme);
  assert.ok(match, 'the README has no ```ts block between <!-- quickstart --> and <!-- /quickstart -->');
  return match[1]!;
}

describe('the SDK README quick start, run as written', { timeout: 240_000 }, () => {
  let t: TestHub;
  let baseUrl: string;
  let scratch: string;

  before(async () => {
    t = await startTestHub({ KATAVEN_SIMULATED_CALL_SECONDS: '600', KATAVEN_CALL_PROCESSOR_SECRET: PROCESSOR_SECRET });
    baseUrl = await listen(t.hub);
    scratch = await mkdtemp(path.join(os.tmpdir(), 'kataven-sdk-quickstart-'));
  });
  after(async () => {
    await t?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  test('type-checks against the packed SDK and runs against a hub: a call placed, then a cost cap reported', async () => {
    // The root README's (the front door's) quick start is the one run; the SDK's own README repeats it word for word.
    const snippet = quickstartOf(await readFile(path.join(SDK_DIR, '..', '..', 'README.md'), 'utf8'));
    assert.equal(quickstartOf(await readFile(path.join(SDK_DIR, 'README.md'), 'utf8')), snippet, 'packages/sdk/README.md repeats the root quick start');
    assert.ok(snippet.trimEnd().split('\n').length <= 10, `the quick start is ${snippet.trimEnd().split('\n').length} lines (10 at most)`);
    assert.match(snippet, /process\.env\.KATAVEN_API_KEY/);
    assert.match(snippet, /process\.env\.KATAVEN_API_URL/);

    // The snippet as a Node user's main.ts: strict, Node's types, the declarations of the SDK checked too.
    const { tsc } = await scratchProjectWithSdk(scratch);
    await writeFile(path.join(scratch, 'main.ts'), snippet);
    await writeFile(
      path.join(scratch, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: false, lib: ['ES2022'], types: ['node'], outDir: 'out' },
        files: ['main.ts'],
      }),
    );
    await typeCheck(tsc, scratch, scratch, []);

    // An account whose number +15550000001 (the snippet's from_number) places calls through a Twilio provider.
    const account = await t.createAccount();
    const { key } = await t.mintKey(account);
    const provider = await t.request({ method: 'POST', url: '/v1/telephony/providers', token: key, body: { provider: 'twilio', credentials: TWILIO } });
    assert.equal(provider.statusCode, 201, provider.body);
    const number = await t.request({ method: 'POST', url: '/v1/telephony/numbers', token: key, body: { number: '+15550000001', provider_id: provider.json<{ id: string }>().id } });
    assert.equal(number.statusCode, 201, number.body);
    const quickstart = async () => {
      const { stdout, stderr } = await run(process.execPath, [path.join(scratch, 'out', 'main.js')], {
        cwd: scratch,
        env: cleanEnv({ KATAVEN_API_KEY: key, KATAVEN_API_URL: baseUrl }),
      });
      assert.equal(stderr, '');
      return stdout.trimEnd().split('\n');
    };
    const callsOfAccount = async () => {
      const response = await t.request({ url: '/v1/calls?limit=200', token: key });
      assert.equal(response.statusCode, 200, response.body);
      return response.json<{ data: { id: string; status: string }[] }>().data;
    };

    // 1. The call is placed; the list prints it.
    const first = await quickstart();
    const [placed] = await callsOfAccount();
    assert.ok(placed);
    assert.deepEqual(first, [`${placed.id} ${placed.status}`]);
    assert.match(first[0]!, new RegExp(`^${UUID} (queued|ringing|in-progress)$`));

    // 2. A daily cap of one call: the originate is a RateLimitError (429 cost_cap, Retry-After to UTC midnight,
    // over 60 s so not retried), which the snippet prints before listing the one call.
    const jwt = await t.devToken();
    const caps = await t.request({
      method: 'PUT',
      url: '/v1/call-limits',
      token: jwt,
      account,
      headers: { 'x-admin': 'true' },
      body: { concurrent_max: 10, calls_per_minute: 30, daily_calls_max: 1, daily_minutes_max: 600 },
    });
    assert.equal(caps.statusCode, 200, caps.body);
    // In a day's last minute Retry-After is under 60 s and the SDK would wait it out: past midnight the cap resets.
    const toMidnight = (Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 1) - Date.now()) / 1000;
    if (toMidnight < 65) await sleep((toMidnight + 2) * 1000);
    const second = await quickstart();
    assert.equal(second.length, 2, second.join('\n'));
    assert.match(second[0]!, /^Daily call limit reached; retry in \d+ s$/);
    const retryAfter = Number(/retry in (\d+) s/.exec(second[0]!)![1]);
    assert.ok(retryAfter > 60 && retryAfter <= 86_400, `retry in ${retryAfter} s`);
    const calls = await callsOfAccount();
    assert.deepEqual(calls.map((c) => c.id), [placed.id], 'the refused originate placed no call');
    assert.match(second[1]!, new RegExp(`^${placed.id} (queued|ringing|in-progress)$`));
  });
});
