// R1–R2 and P0's validate endpoint through the real surface: in-process hubs (the Redis limiter, and the
// in-process one of the embedded default) with an injected clock, and two real hub processes sharing Redis.
// Every Redis key involved is named after an account slug unique to this run (or a random client IP), so
// concurrent runs sharing one Redis never meet.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { startHubCluster, REDIS_URL, type HubCluster } from './support/hub-cluster.js';
import { lastLine } from './support/cli-process.js';
import { answeredAfter, hangUpAll, holdRequest, type HeldRequest } from './support/held-requests.js';
import { POSTGRES_URL, startTestHub, type TestHub } from './support/test-hub.js';

const MINUTE = 60_000;
/** 15 s into the minute after the real one: Retry-After of a per-minute refusal is then exactly 45. */
const alignedClock = () => (Math.floor(Date.now() / MINUTE) + 1) * MINUTE + 15_000;

async function setAccountLimits(controlUrl: string | pg.Pool, slug: string, column: 'rate_concurrent' | 'rate_per_hour', value: number) {
  const client = typeof controlUrl === 'string' ? new pg.Client({ connectionString: controlUrl }) : undefined;
  await client?.connect();
  try {
    // Column names from a fixed union, the values as parameters.
    const result = await (client ?? (controlUrl as pg.Pool)).query(`UPDATE accounts SET ${column} = $2 WHERE slug = $1`, [slug, value]);
    assert.equal(result.rowCount, 1);
  } finally {
    await client?.end();
  }
}

function assertRateLimited(response: { statusCode: number; body: string; headers: Record<string, unknown> }, body: string, retryAfter?: string) {
  assert.equal(response.statusCode, 429, response.body);
  assert.equal(response.body, body);
  if (retryAfter !== undefined) assert.equal(response.headers['retry-after'], retryAfter);
}

/** The core assertions, run against the Redis limiter and against the in-process one. */
function coreSuite(name: string, env: Record<string, string>) {
  describe(name, { timeout: 60_000 }, () => {
    let t: TestHub;
    let clock = 0;
    let jwt: string;
    let baseUrl: string;
    /** Minting and configuring go through the shell path and SQL, so only the requests under test count. */
    const freshAccount = async () => {
      const account = await t.createAccount();
      return { account, key: (await t.mintKey(account)).key };
    };
    const get = (url: string, token: string, json = false) => t.request({ url, token, json });

    before(async () => {
      clock = alignedClock();
      t = await startTestHub(env, { now: () => clock });
      jwt = await t.devToken();
      baseUrl = await t.hub.app.listen({ port: 0, host: '127.0.0.1' });
    });
    after(() => {
      hangUpAll();
      return t?.close();
    });

    test('R2: the 61st request of a minute is refused with the exact body and Retry-After; the next minute resets', async () => {
      const { key } = await freshAccount();
      for (let i = 1; i <= 60; i++) assert.equal((await get('/v1/agents', key)).statusCode, 200, `request ${i}`);
      assertRateLimited(await get('/v1/agents', key), 'rate_limited: per-minute (60) exceeded', '45');
      const asJson = await get('/v1/agents', key, true);
      assert.equal(asJson.statusCode, 429);
      assert.equal(asJson.headers['retry-after'], '45');
      const error = asJson.json<{ error: { code: string; message: string } }>().error;
      assert.deepEqual([error.code, error.message], ['rate_limited', 'per-minute (60) exceeded']);
      clock += 10_000;
      assertRateLimited(await get('/v1/agents', key), 'rate_limited: per-minute (60) exceeded', '35');
      clock += 35_000; // the UTC minute boundary
      assert.equal((await get('/v1/agents', key)).statusCode, 200);
      clock = alignedClock() + 10 * MINUTE;
    });

    test('R1: api and hub surfaces are counted separately', async () => {
      const { key } = await freshAccount();
      for (let i = 0; i < 60; i++) assert.equal((await get('/v1/agents', key)).statusCode, 200);
      assertRateLimited(await get('/v1/agents', key), 'rate_limited: per-minute (60) exceeded');
      // The hub surface has its own 60, under both of its prefixes.
      for (let i = 0; i < 30; i++) assert.equal((await get('/api/v1/agents', key)).statusCode, 200);
      for (let i = 0; i < 30; i++) assert.equal((await get('/hub-api/api/v1/agents', key)).statusCode, 200);
      assertRateLimited(await get('/api/agents', key), 'rate_limited: per-minute (60) exceeded');
      assertRateLimited(await get('/v1/agents', key), 'rate_limited: per-minute (60) exceeded');
    });

    test('R1 (issue 7 item 5): `//v1/…` is served by the api routes and counted on the api surface, not the hub one', async () => {
      const { key } = await freshAccount();
      for (let i = 0; i < 30; i++) assert.equal((await get('/v1/agents', key)).statusCode, 200);
      // Duplicate slashes reach the /v1 routes, and count against the same api budget of 60.
      for (let i = 0; i < 20; i++) assert.equal((await get('//v1/agents', key)).statusCode, 200);
      for (let i = 0; i < 10; i++) assert.equal((await get('/v1//agents', key)).statusCode, 200);
      assertRateLimited(await get('//v1/agents', key), 'rate_limited: per-minute (60) exceeded');
      assertRateLimited(await get('/v1/agents', key), 'rate_limited: per-minute (60) exceeded');
      // The hub surface's budget is untouched, under any spelling of its prefixes.
      for (let i = 0; i < 30; i++) assert.equal((await get('/api/v1/agents', key)).statusCode, 200);
      for (let i = 0; i < 30; i++) assert.equal((await get('//api//v1/agents', key)).statusCode, 200);
      assertRateLimited(await get('/api/v1/agents', key), 'rate_limited: per-minute (60) exceeded');
    });

    test('R1: the hour window, set per account in the catalog, with Retry-After to the UTC hour', async () => {
      const account = await t.createAccount();
      await setAccountLimits(t.hub.control, account, 'rate_per_hour', 3);
      const { key } = await t.mintKey(account);
      for (let i = 0; i < 3; i++) assert.equal((await get('/v1/agents', key)).statusCode, 200);
      const toHour = Math.ceil((Math.ceil(clock / 3_600_000) * 3_600_000 - clock) / 1000);
      assertRateLimited(await get('/v1/agents', key), 'rate_limited: per-hour (3) exceeded', String(toHour));
    });

    test('R1: a key sub-limit fences that key only; refused requests consume nothing; the tighter limit is named', async () => {
      const { account, key: other } = await freshAccount();
      const created = await t.request({
        method: 'POST',
        url: '/api/v1/api-keys',
        token: jwt,
        account,
        body: { name: 'fenced', rate_limits: { per_minute: 5 } },
      });
      assert.equal(created.statusCode, 201, created.body);
      const fenced = created.json<{ id: string; key: string; rate_limits: unknown }>();
      assert.deepEqual(fenced.rate_limits, { per_minute: 5, per_hour: null, per_day: null, concurrent: null });

      for (let i = 0; i < 5; i++) assert.equal((await get('/v1/agents', fenced.key)).statusCode, 200);
      assertRateLimited(await get('/v1/agents', fenced.key), 'rate_limited: per-minute (5) exceeded', '45');
      for (let i = 0; i < 10; i++) assert.equal((await get('/v1/agents', fenced.key)).statusCode, 429);
      assert.equal((await get('/v1/agents', other)).statusCode, 200); // account: 6 of 60

      const patch = (body: unknown) =>
        t.request({ method: 'PATCH', url: `/api/v1/api-keys/${fenced.id}`, token: jwt, account, body });
      assert.equal((await patch({ rate_limits: { per_minute: 7 } })).statusCode, 204);
      for (let i = 0; i < 2; i++) assert.equal((await get('/v1/agents', fenced.key)).statusCode, 200); // 8 of 60
      assertRateLimited(await get('/v1/agents', fenced.key), 'rate_limited: per-minute (7) exceeded');

      // The 10 refusals above consumed nothing: the account still has exactly 52 requests left this minute.
      for (let i = 0; i < 52; i++) assert.equal((await get('/v1/agents', other)).statusCode, 200, `request ${i}`);
      assertRateLimited(await get('/v1/agents', other), 'rate_limited: per-minute (60) exceeded');
      // Both the key's 7 and the account's 60 are exhausted: the tighter one is reported.
      assertRateLimited(await get('/v1/agents', fenced.key), 'rate_limited: per-minute (7) exceeded');

      assert.equal((await patch({ rate_limits: null })).statusCode, 204);
      const listed = (await t.request({ url: '/api/v1/api-keys', token: jwt, account })).json<{ id: string; rate_limits: unknown }[]>();
      assert.equal(listed.find((k) => k.id === fenced.id)!.rate_limits, null);
      assertRateLimited(await get('/v1/agents', fenced.key), 'rate_limited: per-minute (60) exceeded');

      for (const bad of [{ per_minute: -1 }, { per_hour: 1.5 }, { concurrent: 'x' }, 'none']) {
        const response = await patch({ rate_limits: bad });
        assert.equal(response.statusCode, 400, JSON.stringify(bad));
        assert.equal(response.body.split(':')[0], 'invalid_body');
      }
    });

    test('R1/R2: the concurrent limit is exact under parallel requests; an aborted request releases its slot', async () => {
      const account = await t.createAccount();
      await setAccountLimits(t.hub.control, account, 'rate_concurrent', 3);
      const { key } = await t.mintKey(account);
      const held = Array.from({ length: 5 }, () => holdRequest(baseUrl, key));
      const refused = await answeredAfter(held, 2);
      assert.equal(refused.length, 2);
      for (const h of refused) {
        const response = await h.response;
        assert.equal(response.status, 429);
        assert.equal(response.body, 'rate_limited: concurrent (3) exceeded');
        assert.equal(response.headers['retry-after'], '1');
      }
      const [first, second, third] = held.filter((h) => !h.answered()) as [HeldRequest, HeldRequest, HeldRequest];
      assertRateLimited(await get('/v1/agents', key), 'rate_limited: concurrent (3) exceeded', '1');

      first.abort();
      // The client hung up: its slot comes back (asynchronously, a release round trip later).
      let status = 0;
      for (let i = 0; i < 100 && status !== 200; i++) {
        status = (await get('/v1/agents', key)).statusCode;
        if (status !== 200) await sleep(20);
      }
      assert.equal(status, 200, 'the aborted request released its slot');
      // Exactly one slot was freed: one new held request fits, the next does not.
      const fourth = holdRequest(baseUrl, key);
      const fifth = holdRequest(baseUrl, key);
      const answered = await answeredAfter([fourth, fifth], 1);
      assert.deepEqual(answered, [fifth]);
      assert.equal((await fifth.response).body, 'rate_limited: concurrent (3) exceeded');

      // A request that completes normally gives its slot back when its response ends.
      second.finish();
      assert.equal((await second.response).status, 201);
      assert.equal((await get('/v1/agents', key)).statusCode, 200);
      for (const h of [third, fourth]) h.abort();
    });

    test('P0: validate answers 200, 404, 400, then 429 once the per-IP budget of 30 a minute is spent', async () => {
      const account = await t.createAccount();
      // A random client address: the budget is per IP, and other runs may share this Redis.
      const remoteAddress = `10.${randomBytes(3).join('.')}`;
      const validate = (slug: string) => t.hub.app.inject({ url: `/api/accounts/validate/${slug}`, remoteAddress });
      const ok = await validate(account);
      assert.equal(ok.statusCode, 200);
      assert.deepEqual(ok.json(), { account, valid: true });
      const missing = await validate(`${account}-missing`);
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.body.split(':')[0], 'not_found');
      const reserved = await validate('kataven-admin');
      assert.equal(reserved.statusCode, 404);
      for (const bad of ['Upper', '-dash', 'a'.repeat(64), 'semi%3Bcolon']) {
        const response = await validate(bad);
        assert.equal(response.statusCode, 400, bad);
        assert.equal(response.body.split(':')[0], 'invalid_account');
      }
      // Malformed slugs cost nothing: 3 of 30 are spent.
      for (let i = 0; i < 27; i++) assert.equal((await validate(account)).statusCode, 200, `validation ${i}`);
      assertRateLimited(await validate(account), 'rate_limited: per-minute (30) exceeded', '45');
      assertRateLimited(await validate(`${account}-missing`), 'rate_limited: per-minute (30) exceeded');
      // Another client is not affected.
      const elsewhere = await t.hub.app.inject({ url: `/api/accounts/validate/${account}`, remoteAddress: `10.${randomBytes(3).join('.')}` });
      assert.equal(elsewhere.statusCode, 200);
    });
  });
}

coreSuite('rate limits in one hub, Redis limiter', { REDIS_URL });
coreSuite('rate limits in one hub, in-process limiter (no REDIS_URL)', {});

describe('rate limits across two hub instances sharing Redis', { timeout: 60_000 }, () => {
  let cluster: HubCluster;

  const freshAccount = async () => {
    const account = `rl-${randomBytes(4).toString('hex')}`;
    const created = await cluster.cli(['accounts', 'create', account]);
    assert.equal(created.code, 0, created.stderr);
    return account;
  };
  const mint = async (account: string) => {
    const minted = await cluster.cli(['keys', 'mint', account, '--name', 'k']);
    assert.equal(minted.code, 0, minted.stderr);
    return lastLine(minted.stdout);
  };
  const get = async (url: string, key: string) => {
    const response = await fetch(`${url}/v1/agents`, { headers: { authorization: `Bearer ${key}` } });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.text() };
  };

  before(async () => {
    cluster = await startHubCluster({ instances: 2 });
  });
  after(() => {
    hangUpAll();
    return cluster?.close();
  });

  test('61 requests in one minute across both instances: exactly one is refused', async () => {
    const key = await mint(await freshAccount());
    // The 61 requests must fall in one UTC minute: start with at least 5 s of it left.
    const left = MINUTE - (Date.now() % MINUTE);
    if (left < 5_000) await sleep(left + 50);
    const answers: Awaited<ReturnType<typeof get>>[] = [];
    // Batches of 10 in parallel, alternating instances (under the 20 concurrent of the default limits).
    for (let sent = 0; sent < 61; sent += 10) {
      const batch = Array.from({ length: Math.min(10, 61 - sent) }, (_, i) => get(cluster.urls[(sent + i) % 2]!, key));
      answers.push(...(await Promise.all(batch)));
    }
    const refused = answers.filter((a) => a.status !== 200);
    assert.equal(answers.length, 61);
    assert.equal(refused.length, 1, JSON.stringify(refused));
    assert.equal(refused[0]!.status, 429);
    assert.equal(refused[0]!.body, 'rate_limited: per-minute (60) exceeded');
    const retryAfter = Number(refused[0]!.retryAfter);
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After ${refused[0]!.retryAfter}`);
  });

  test('the concurrent limit holds across instances, and a hung-up client frees its slot', async () => {
    const account = await freshAccount();
    // Before the account's first request, so neither instance has its record cached yet.
    await setAccountLimits(`${POSTGRES_URL}/${cluster.prefix}control`, account, 'rate_concurrent', 3);
    const key = await mint(account);
    const held = Array.from({ length: 6 }, (_, i) => holdRequest(cluster.urls[i % 2]!, key));
    const refused = await answeredAfter(held, 3);
    assert.equal(refused.length, 3);
    for (const h of refused) assert.equal((await h.response).body, 'rate_limited: concurrent (3) exceeded');
    const admitted = held.filter((h) => !h.answered());
    assert.equal((await get(cluster.urls[0]!, key)).status, 429);
    assert.equal((await get(cluster.urls[1]!, key)).status, 429);

    admitted[0]!.abort();
    let status = 0;
    for (let i = 0; i < 100 && status !== 200; i++) {
      status = (await get(cluster.urls[1]!, key)).status;
      if (status !== 200) await sleep(20);
    }
    assert.equal(status, 200, 'the aborted request released its slot');
    const again = [holdRequest(cluster.urls[0]!, key), holdRequest(cluster.urls[1]!, key)];
    assert.equal((await answeredAfter(again, 1)).length, 1);
    for (const h of [...admitted, ...again]) h.abort();
  });
});
