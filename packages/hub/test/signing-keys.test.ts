// W5: the widget issuer's signing keys in the control plane (src/widget/signing-keys.ts), against the real
// PostgreSQL: persistence across restarts, several instances on one control plane, rotation seen without a
// restart, the publication window (injected clock), the sealed private halves, /.well-known/jwks.json in
// production, and `kataven signing-keys rotate | list` (the compiled executable: `npm run build` first).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import * as jose from 'jose';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { startHub, type Hub, type HubOptions } from '../src/hub.js';
import { migrateDatabase } from '../src/tenancy/migrations.js';
import { SecretBox } from '../src/secrets/secret-box.js';
import {
  PersistentVisitorTokens,
  RETIRED_KEY_PUBLISHED_SECONDS,
  signingKeyPlace,
  SigningKeysUnreadable,
} from '../src/widget/signing-keys.js';
import {
  REFRESH_TOKEN_TTL_SECONDS,
  VISITOR_AUDIENCE,
  VISITOR_ISSUER,
  VISITOR_TOKEN_TTL_SECONDS,
} from '../src/widget/visitor-tokens.js';
import { cliEnv, freePort, runCli, startCli, stopAllCliProcesses } from './support/cli-process.js';
import { logCapture } from './support/log-capture.js';
import { dropDatabasesWithPrefix, POSTGRES_URL, testEnv } from './support/test-hub.js';

/** Every environment made here, for the cleanup. */
const made: { prefix: string; home: string }[] = [];
/** Every hub started here and not yet closed. */
const running = new Set<Hub>();

after(async () => {
  await stopAllCliProcesses();
  for (const hub of running) await hub.close().catch(() => undefined);
  for (const { prefix, home } of made) {
    await dropDatabasesWithPrefix(prefix).catch(() => undefined);
    rmSync(home, { recursive: true, force: true });
  }
});

/** A deployment: one control plane, one home and one KATAVEN_SECRETS_KEY, that several hubs may share. */
function deployment(overrides: Record<string, string> = {}): { env: Record<string, string>; home: string } {
  const made_ = testEnv({ KATAVEN_SECRETS_KEY: randomBytes(32).toString('hex'), ...overrides });
  made.push(made_);
  return made_;
}

async function hubOf(d: { env: Record<string, string>; home: string }, options: HubOptions = {}): Promise<Hub> {
  const hub = await startHub(loadConfig(d.env, d.home), options);
  running.add(hub);
  await hub.app.ready();
  return hub;
}

async function closeHub(hub: Hub): Promise<void> {
  running.delete(hub);
  await hub.close();
}

/** A clock the test moves. */
function clock(start = Date.now()): { now: () => number; advance(ms: number): void } {
  let at = start;
  return { now: () => at, advance: (ms) => (at += ms) };
}

const kidOf = (token: string) => jose.decodeProtectedHeader(token).kid;
const visitorClaims = { sub: 'guest:test', account: 'acme' };

/** The widget keys a hub publishes at /.well-known/jwks.json (the dev issuer's key, published beside them, left out). */
async function jwksKids(hub: Hub): Promise<string[]> {
  const response = await hub.app.inject({ url: '/.well-known/jwks.json' });
  assert.equal(response.statusCode, 200, response.body);
  return response.json<{ keys: jose.JWK[] }>().keys.map((k) => k.kid!).filter((kid) => kid !== hub.devIssuer?.publicJwk.kid);
}

interface RawRow {
  kid: string;
  private_jwk_sealed: Buffer;
  as_json: string;
}

async function rawRows(hub: Hub): Promise<RawRow[]> {
  const { rows } = await hub.control.query<RawRow>(
    'SELECT kid, private_jwk_sealed, row_to_json(k)::text AS as_json FROM widget_signing_keys k ORDER BY created_at',
  );
  return rows;
}

describe('W5: signing keys in the control plane', () => {
  test('a token signed before a restart verifies after it, with the same key', async () => {
    const d = deployment();
    const first = await hubOf(d);
    const signed = await first.visitorTokens.sign('visitor', visitorClaims, VISITOR_TOKEN_TTL_SECONDS);
    const kid = first.visitorTokens.currentKid;
    assert.equal(kidOf(signed.token), kid);
    await closeHub(first);

    const second = await hubOf(d);
    assert.equal(second.visitorTokens.currentKid, kid, 'the restarted hub signs with the stored key, not a new one');
    const verdict = await second.visitorTokens.verify('visitor', signed.token);
    assert.ok(verdict.ok, JSON.stringify(verdict));
    assert.equal(verdict.claims.sub, 'guest:test');
    assert.equal((await rawRows(second)).length, 1, 'no second key was made');
    await closeHub(second);
  });

  test('instances starting together on an empty control plane make exactly one first key', async () => {
    const d = deployment();
    await dropDatabasesWithPrefix(d.env.KATAVEN_DB_PREFIX!);
    const control = `${POSTGRES_URL}/${d.env.KATAVEN_DB_PREFIX}control`;
    const admin = new pg.Client({ connectionString: `${POSTGRES_URL}/postgres` });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${d.env.KATAVEN_DB_PREFIX}control"`);
    await admin.end();
    await migrateDatabase({ connectionString: control }, 'control');
    const secrets = new SecretBox(d.env.KATAVEN_SECRETS_KEY!);
    const pools = Array.from({ length: 6 }, () => new pg.Pool({ connectionString: control, max: 2 }));
    try {
      const instances = await Promise.all(pools.map((pool) => PersistentVisitorTokens.open({ pool, secrets })));
      const kids = new Set(instances.map((i) => i.currentKid));
      assert.equal(kids.size, 1, `one key for all: ${[...kids].join(', ')}`);
      const { rows } = await pools[0]!.query<{ n: number }>('SELECT count(*)::int AS n FROM widget_signing_keys');
      assert.deepEqual(rows, [{ n: 1 }]);
      for (const i of instances) i.close();
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  test('two hubs on one control plane verify each other\'s tokens, of every use', async () => {
    const d = deployment();
    const a = await hubOf(d);
    const b = await hubOf(d);
    assert.equal(a.visitorTokens.currentKid, b.visitorTokens.currentKid);
    for (const [signer, verifier] of [[a, b], [b, a]] as const) {
      for (const use of ['visitor', 'user_token', 'refresh'] as const) {
        const { token } = await signer.visitorTokens.sign(use, visitorClaims, 300);
        const verdict = await verifier.visitorTokens.verify(use, token);
        assert.ok(verdict.ok, `${use}: ${JSON.stringify(verdict)}`);
        // The use is part of the verdict: a refresh token is never a visitor token, and so on.
        const other = use === 'visitor' ? 'refresh' : 'visitor';
        assert.deepEqual(await verifier.visitorTokens.verify(other, token), { ok: false, reason: 'invalid' });
      }
    }
    // A hub of another deployment (its own control plane and keys) trusts none of them.
    const stranger = await hubOf(deployment());
    const { token } = await a.visitorTokens.sign('visitor', visitorClaims, 300);
    assert.deepEqual(await stranger.visitorTokens.verify('visitor', token), { ok: false, reason: 'invalid' });
    await Promise.all([closeHub(a), closeHub(b), closeHub(stranger)]);
  });

  test('after a rotation on A, B verifies the new key\'s tokens without a restart, and the old key\'s still', async () => {
    const d = deployment();
    const a = await hubOf(d);
    const b = await hubOf(d);
    const oldKid = a.visitorTokens.currentKid;
    const old = await b.visitorTokens.sign('refresh', visitorClaims, REFRESH_TOKEN_TTL_SECONDS);

    const { current, previous } = await a.visitorTokens.rotate();
    assert.notEqual(current.kid, oldKid);
    assert.equal(previous?.kid, oldKid);
    assert.equal(a.visitorTokens.currentKid, current.kid, 'A signs with the new key at once');
    const fresh = await a.visitorTokens.sign('visitor', visitorClaims, VISITOR_TOKEN_TTL_SECONDS);
    assert.equal(kidOf(fresh.token), current.kid);

    // B has not reloaded: the unknown kid makes it look, and the token verifies.
    assert.ok(!(await b.visitorTokens.jwks()).keys.some((k) => k.kid === current.kid), 'B did not know the new key yet');
    const verdict = await b.visitorTokens.verify('visitor', fresh.token);
    assert.ok(verdict.ok, JSON.stringify(verdict));
    assert.ok((await b.visitorTokens.verify('refresh', old.token)).ok, 'the old key is still trusted');
    assert.deepEqual(new Set(await jwksKids(b)), new Set([current.kid, oldKid]), 'B publishes both now');
    // The old one is published with the right end, current first.
    assert.deepEqual(await jwksKids(a), [current.kid, oldKid]);
    assert.ok(previous?.publishedUntil !== null && previous?.publishedUntil !== undefined);
    const window = previous.publishedUntil.getTime() - previous.retiredAt!.getTime();
    assert.equal(window, RETIRED_KEY_PUBLISHED_SECONDS * 1000);
    assert.ok(window >= REFRESH_TOKEN_TTL_SECONDS * 1000, 'at least the longest token lifetime');
    // And B signs with the new key once it has reloaded (every minute, or now).
    await b.visitorTokens.reload();
    assert.equal(kidOf((await b.visitorTokens.sign('visitor', visitorClaims, 60)).token), current.kid);
    await Promise.all([closeHub(a), closeHub(b)]);
  });

  test('an instance also learns of a rotation on its own timer (no token needed)', async () => {
    const d = deployment();
    const a = await hubOf(d);
    const b = await PersistentVisitorTokens.open({ pool: a.control, secrets: a.secrets, reloadIntervalMs: 50 });
    try {
      const { current } = await a.visitorTokens.rotate();
      const deadline = Date.now() + 5000;
      while (b.currentKid !== current.kid && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.equal(b.currentKid, current.kid);
    } finally {
      b.close();
      await closeHub(a);
    }
  });

  test('forged kids reload from the control plane at most once a second', async () => {
    const d = deployment();
    const a = await hubOf(d);
    const pool = new pg.Pool({ connectionString: `${POSTGRES_URL}/${d.env.KATAVEN_DB_PREFIX}control`, max: 4 });
    let queries = 0;
    const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
    (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      queries++;
      return query(...args);
    };
    const tokens = await PersistentVisitorTokens.open({ pool, secrets: a.secrets });
    try {
      const { privateKey } = await jose.generateKeyPair('ES256');
      const forged = (kid: string) =>
        new jose.SignJWT({ sub: 'x', typ: 'visitor' })
          .setProtectedHeader({ alg: 'ES256', kid })
          .setIssuer(VISITOR_ISSUER)
          .setAudience(VISITOR_AUDIENCE)
          .setJti(kid)
          .setExpirationTime('5m')
          .sign(privateKey);
      const started = performance.now();
      queries = 0;
      const verdicts = [];
      // In bursts and one after another, each with a kid of its own.
      verdicts.push(...(await Promise.all(Array.from({ length: 50 }, async (_, i) => tokens.verify('visitor', await forged(`burst-${i}`))))));
      for (let i = 0; i < 50; i++) verdicts.push(await tokens.verify('visitor', await forged(`serial-${i}`)));
      const seconds = (performance.now() - started) / 1000;
      assert.ok(verdicts.every((v) => !v.ok && v.reason === 'invalid'));
      assert.ok(queries >= 1, 'an unknown kid does reload');
      assert.ok(queries <= Math.ceil(seconds) + 1, `${queries} reloads in ${seconds.toFixed(2)} s`);
    } finally {
      tokens.close();
      await pool.end();
      await closeHub(a);
    }
  });

  test('after the publication window (injected clock) the old key is gone from JWKS and its tokens fail', async () => {
    const d = deployment();
    const time = clock();
    const a = await hubOf(d, { now: time.now });
    const b = await hubOf(d, { now: time.now });
    const oldKid = a.visitorTokens.currentKid;
    // The last token the old key signs: a refresh token, the longest lifetime.
    const last = await a.visitorTokens.sign('refresh', visitorClaims, REFRESH_TOKEN_TTL_SECONDS);
    const { current } = await a.visitorTokens.rotate();
    // B has not reloaded yet, so it still signs with the old key: what the margin past 24 h is for. The token
    // lives longer than the window (no widget flow signs such a one), so that only the key can end it.
    const longLived = await signWith(b, oldKid, RETIRED_KEY_PUBLISHED_SECONDS * 2);
    await b.visitorTokens.reload();

    time.advance(REFRESH_TOKEN_TTL_SECONDS * 1000 - 1000);
    assert.ok((await b.visitorTokens.verify('refresh', last.token)).ok, 'the last token is valid to its end');
    time.advance(RETIRED_KEY_PUBLISHED_SECONDS * 1000 - REFRESH_TOKEN_TTL_SECONDS * 1000);
    // One second before the end of the window.
    assert.deepEqual(await jwksKids(b), [current.kid, oldKid]);
    assert.ok((await b.visitorTokens.verify('visitor', longLived)).ok);

    time.advance(2000);
    assert.deepEqual(await jwksKids(a), [current.kid], 'A dropped it');
    assert.deepEqual(await jwksKids(b), [current.kid], 'B dropped it, without reloading');
    assert.deepEqual(await b.visitorTokens.verify('visitor', longLived), { ok: false, reason: 'invalid' }, 'not merely expired: untrusted');
    assert.deepEqual(await a.visitorTokens.verify('visitor', longLived), { ok: false, reason: 'invalid' });
    // Through the auth gate too: once a genuine widget token (403), now an invalid one (401).
    const refused = await b.app.inject({ url: '/v1/agents', headers: { authorization: `Bearer ${longLived}` } });
    assert.equal(refused.statusCode, 401);
    assert.match(refused.body, /^invalid_token:/);
    // The next rotation drops its row: its private half does not stay at rest.
    await a.visitorTokens.rotate();
    assert.ok(!(await rawRows(a)).some((r) => r.kid === oldKid));
    await Promise.all([closeHub(a), closeHub(b)]);
  });

  test('the private half is never stored nor logged in plaintext; a sealed value moved to another kid does not open', async () => {
    const d = deployment();
    const { lines, stream } = logCapture();
    const messages: string[] = [];
    const a = await hubOf(d, { logger: { level: 'trace', stream }, log: (m) => messages.push(m) });
    await a.visitorTokens.rotate();
    const signed = await a.visitorTokens.sign('visitor', visitorClaims, 60);
    await a.app.inject({ url: '/.well-known/jwks.json' });
    await a.app.inject({ url: '/v1/agents', headers: { authorization: `Bearer ${signed.token}` } });
    await a.app.inject({ url: '/api/user/org', headers: { authorization: `Bearer ${signed.token}` } });
    const cli = await runCli(['signing-keys', 'list'], { env: cliEnv(d.env), cwd: d.home });
    assert.equal(cli.code, 0, cli.stderr);
    const rotated = await runCli(['signing-keys', 'rotate'], { env: cliEnv(d.env), cwd: d.home });
    assert.equal(rotated.code, 0, rotated.stderr);

    const rows = await rawRows(a);
    assert.equal(rows.length, 3);
    const everything = [
      lines.join(''),
      messages.join('\n'),
      cli.stdout + cli.stderr + rotated.stdout + rotated.stderr,
      (await a.app.inject({ url: '/.well-known/jwks.json' })).body,
    ].join('\n');
    assert.ok(lines.length > 0 && messages.some((m) => m.includes('created the first key')), 'the capture works');
    for (const row of rows) {
      const privateJwk = JSON.parse(a.secrets.open(row.private_jwk_sealed, signingKeyPlace(row.kid))) as jose.JWK;
      const d_ = privateJwk.d!;
      assert.equal(d_.length, 43, 'a P-256 private scalar, base64url');
      const raw = Buffer.from(d_, 'base64url');
      for (const [what, needle] of [['base64url', d_], ['hex', raw.toString('hex')], ['base64', raw.toString('base64')]] as const) {
        assert.ok(!row.as_json.includes(needle), `d (${what}) in the row of ${row.kid}`);
        assert.ok(!everything.includes(needle), `d (${what}) in a log line or an answer`);
      }
      assert.equal(row.private_jwk_sealed.indexOf(raw), -1, 'the raw scalar in the sealed bytes');
      assert.equal(row.private_jwk_sealed.indexOf(Buffer.from(d_)), -1, 'd in the sealed bytes');
      assert.ok(!row.private_jwk_sealed.toString('latin1').includes('"d"'), 'no JWK text in the sealed bytes');
    }
    // JWKS holds public halves only.
    for (const key of (await a.visitorTokens.jwks()).keys) assert.deepEqual(Object.keys(key).sort(), ['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);

    // The kid is bound: another key's sealed half, copied under the current kid, does not open, and a hub refuses
    // to start on it (rather than signing with a key whose kid says otherwise).
    const current = rows.at(-1)!;
    assert.throws(() => a.secrets.open(rows[0]!.private_jwk_sealed, signingKeyPlace(current.kid)));
    await a.control.query('UPDATE widget_signing_keys SET private_jwk_sealed = $1 WHERE kid = $2', [rows[0]!.private_jwk_sealed, current.kid]);
    await assert.rejects(PersistentVisitorTokens.open({ pool: a.control, secrets: a.secrets }), SigningKeysUnreadable);
    await closeHub(a);
  });

  test('a hub given another KATAVEN_SECRETS_KEY refuses to start, with a clear message', async () => {
    const d = deployment();
    await closeHub(await hubOf(d));
    const wrong = { env: { ...d.env, KATAVEN_SECRETS_KEY: randomBytes(32).toString('hex') }, home: d.home };
    await assert.rejects(hubOf(wrong), (err: unknown) => {
      assert.ok(err instanceof SigningKeysUnreadable);
      assert.match(err.message, /does not open with this KATAVEN_SECRETS_KEY/);
      return true;
    });
    // The executable says so in one line and exits 1: no stack trace.
    const port = await freePort();
    const serve = startCli(['serve', '--port', String(port)], { env: cliEnv(wrong.env), cwd: d.home });
    const result = await serve.waitForExit(30_000);
    assert.equal(result.code, 1, result.stdout);
    assert.match(result.stderr, /widget signing key \S+ in the control-plane database does not open with this KATAVEN_SECRETS_KEY/);
    assert.doesNotMatch(result.stderr, /\n\s+at\s|\.(?:ts|js):\d+/);
    assert.doesNotMatch(result.stdout, /listening/);
  });

  test('/.well-known/jwks.json in production: the widget keys, no dev key, cacheable for 5 minutes', async () => {
    const production = await hubOf(deployment({ KATAVEN_ENV: 'production' }));
    assert.equal(production.config.env, 'production');
    assert.equal(production.devIssuer, undefined);
    const response = await production.app.inject({ url: '/.well-known/jwks.json' });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.headers['cache-control'], 'public, max-age=300');
    const { keys } = response.json<{ keys: jose.JWK[] }>();
    assert.deepEqual(keys.map((k) => k.kid), [production.visitorTokens.currentKid]);
    // The published key verifies what the hub signs: what an outside verifier does with it.
    const { token } = await production.visitorTokens.sign('visitor', visitorClaims, 60);
    const { payload } = await jose.jwtVerify(token, jose.createLocalJWKSet({ keys }), { issuer: VISITOR_ISSUER, audience: VISITOR_AUDIENCE });
    assert.equal(payload.sub, 'guest:test');

    // In development the dev issuer's key is published beside them, on the same route.
    const development = await hubOf(deployment());
    const devKeys = (await development.app.inject({ url: '/.well-known/jwks.json' })).json<{ keys: jose.JWK[] }>().keys;
    assert.deepEqual(devKeys.map((k) => k.kid), [development.visitorTokens.currentKid, development.devIssuer!.publicJwk.kid]);
    await Promise.all([closeHub(production), closeHub(development)]);
  });

  test('kataven signing-keys list | rotate, seen by a running hub without a restart', async () => {
    const d = deployment();
    const hub = await hubOf(d);
    const first = hub.visitorTokens.currentKid;
    const cli = (args: string[]) => runCli(['signing-keys', ...args], { env: cliEnv(d.env), cwd: d.home });

    const listed = await cli(['list']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, new RegExp(`^${first}  created \\S+Z  current\\n$`));

    const rotated = await cli(['rotate']);
    assert.equal(rotated.code, 0, rotated.stderr);
    const newKid = /new current key: (\S+)/.exec(rotated.stdout)?.[1];
    assert.ok(newKid !== undefined && newKid !== first, rotated.stdout);
    const until = new RegExp(`previous key ${first} stays published \\(JWKS, verification\\) until (\\S+)`).exec(rotated.stdout)?.[1];
    assert.ok(until !== undefined, rotated.stdout);
    const untilMs = Date.parse(until);
    assert.ok(Math.abs(untilMs - (Date.now() + RETIRED_KEY_PUBLISHED_SECONDS * 1000)) < 60_000, until);

    const after = await cli(['list']);
    assert.equal(after.code, 0, after.stderr);
    const lines = after.stdout.trim().split('\n');
    assert.equal(lines.length, 2, after.stdout);
    assert.match(lines[0]!, new RegExp(`^${newKid}  created \\S+  current$`));
    assert.match(lines[1]!, new RegExp(`^${first}  created \\S+Z  published until ${until.replaceAll('.', '\\.')}$`));

    // The running hub: a token of the new key (signed by a second process on the same control plane) verifies,
    // and the hub then signs with it too.
    const other = await PersistentVisitorTokens.open({ pool: hub.control, secrets: hub.secrets });
    const { token } = await other.sign('visitor', visitorClaims, 60);
    other.close();
    assert.equal(kidOf(token), newKid);
    const verdict = await hub.visitorTokens.verify('visitor', token);
    assert.ok(verdict.ok, JSON.stringify(verdict));
    assert.equal(hub.visitorTokens.currentKid, newKid);

    const usage = await cli(['shred']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /kataven signing-keys rotate \| list/);
    await closeHub(hub);
  });
});

/** A visitor token signed with a given published key of `hub` (test-only: reaches past the public API). */
async function signWith(hub: Hub, kid: string, ttlSeconds: number): Promise<string> {
  assert.equal(hub.visitorTokens.currentKid, kid, 'signWith signs with the current key only');
  return (await hub.visitorTokens.sign('visitor', visitorClaims, ttlSeconds)).token;
}
